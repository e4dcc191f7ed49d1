#!/usr/bin/env node
// `npm run mutate [-- TARGET...]`: StrykerJS over src/ against the unit tests, then the per-folder table
// docs/mutation.md publishes. A TARGET is
//   FOLDER            one run over src/FOLDER (e.g. `sync`), reports/stryker/FOLDER.{json,incremental.json};
//   FOLDER/FILE.ts    one run over that file only (e.g. `core/envs.ts`), reports/stryker/FOLDER/FILE.ts.*;
//   --by-file FOLDER  one such run per file of the folder, one after the other;
//   FOLDER/FILE.ts:N-M  that file's mutants on lines N to M only (`:N` one line, `:N,P-Q` several), its other results
//                     carried forward from its incremental report: for a file whose whole run takes hours
//                     (src/bundle's, whose tests build bundles), to rerun the survivors a new test kills;
//                     refused when the file's code changed since its report (see sameSourceAsReport).
// Why per file: Stryker writes its reports only when a run ends, and a folder like src/core (2,300 mutants)
// needs hours on the shared 2-core machine; a run killed before its end (a session's end, Ctrl-C) leaves
// nothing, while per-file runs keep every file finished. Every report has its incremental file (committed:
// a rerun after a small change tests only the mutants whose code or covering tests changed). A folder's
// figure is its folder report with any per-file report replacing that file's part; a whole-folder run that
// ends removes the folder's per-file reports, which it supersedes.
// `--table` only prints the table; `--survivors FOLDER` lists what a test still has to kill; `--marked FOLDER`
// the survivors marked equivalent in test/mutation/equivalent/FOLDER.yaml, with why (scripts/mutation-report.js
// counts them; a mark that names no surviving mutant is stale, and --table then fails).
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const report = require('./mutation-report.js');

const repo = path.resolve(__dirname, '..');
const FOLDERS = ['core', 'sync', 'bundle', 'shell', 'setup', 'service', 'shims', 'export', 'daemon', 'doctor'];
const TARGET = 85;
const dir = path.join(repo, 'reports', 'stryker');
const marksDir = path.join(repo, 'test', 'mutation', 'equivalent');

function fail(message, hint) {
  console.error(`gocondad: error: ${message}; ${hint}`);
  process.exit(2);
}

let keptOut = null;
/** The modules stryker.config.mjs keeps out of "pure" (its `!` globs are file paths). */
function excluded() {
  if (keptOut === null) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', "import c from './stryker.config.mjs'; console.log(JSON.stringify(c.mutate))"], {
      cwd: repo,
      encoding: 'utf8',
    });
    keptOut = JSON.parse(out)
      .filter((g) => g.startsWith('!'))
      .map((g) => g.slice(1));
  }
  return keptOut;
}

/** The files Stryker mutates in src/<folder>, relative to the repo, sorted. */
function filesOf(folder) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(path.join(repo, d), { withFileTypes: true })) {
      const rel = `${d}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.ts')) out.push(rel);
    }
  };
  walk(`src/${folder}`);
  return out.filter((f) => !excluded().includes(f)).sort();
}

/** reports/stryker/FOLDER/<path inside the folder, / as __>: the per-file report's base name. */
function perFileBase(file) {
  return path.join(dir, file.split('/')[1], report.perFileName(file));
}

/** The marks of test/mutation/equivalent, loaded once; a file that fails its checks stops the command. */
let marksByFolder = null;
function marksOf(folder) {
  if (marksByFolder === null) {
    try {
      marksByFolder = report.loadMarks(marksDir, FOLDERS, path.relative(repo, marksDir));
    } catch (e) {
      if (e instanceof report.MarkError) fail(e.what, e.hint);
      throw e;
    }
  }
  return marksByFolder.get(folder);
}

/** A folder's merged reports and which of its survivors are marked; null when the folder has no report. */
function measured(folder) {
  const r = report.readFolder(dir, folder);
  if (!r.whole && r.runs === 0) return null;
  return { ...r, ...report.matchMarks(r.files, marksOf(folder), folder) };
}

/** One folder's mutants, counted the way docs/mutation.md shows them. */
function count(folder) {
  const r = measured(folder);
  if (!r) return null;
  // File by file, a folder is whole once every file Stryker mutates there has its report.
  const all = filesOf(folder);
  const measuredFiles = r.whole ? all.length : all.filter((f) => r.files.has(f)).length;
  return {
    ...report.countFolder(r.files, r.marked),
    partial: r.whole ? null : `${measuredFiles} of ${all.length} files`,
    short: measuredFiles < all.length,
    stale: r.stale,
  };
}

function table(folders) {
  const lines = ['| folder | mutants | killed | survived | equivalent | static, not run | score |', '|---|---:|---:|---:|---:|---:|---:|'];
  let short = 0;
  const stale = [];
  for (const folder of folders) {
    const c = count(folder);
    if (!c) {
      lines.push(`| src/${folder} | not run | | | | | |`);
      short += 1;
      continue;
    }
    // A folder measured only in part has not met its target, whatever the part's score.
    if (c.score < TARGET || c.short) short += 1;
    stale.push(...c.stale);
    const name = c.partial ? `src/${folder} (${c.partial} measured)` : `src/${folder}`;
    lines.push(`| ${name} | ${c.mutants} | ${c.killed} | ${c.survived} | ${c.equivalent} | ${c.statics} | ${c.score.toFixed(1)}% |`);
  }
  return { text: lines.join('\n'), short, stale };
}

/** `--survivors FOLDER` (what a test still has to kill: the survivors no mark names) or `--marked FOLDER`. */
function list(what, folder) {
  if (!FOLDERS.includes(folder ?? '')) fail(`no folder src/${folder ?? ''} to list`, `choose from ${FOLDERS.join(', ')}`);
  const r = measured(folder);
  if (!r) fail(`no report of src/${folder} in reports/stryker`, `run npm run mutate -- ${folder} first`);
  for (const line of what === '--marked' ? report.markedLines(r.files, r.marked) : report.survivorLines(r.files, r.marked)) console.log(line);
  for (const s of r.stale) console.error(report.staleLine(s));
}

/** Runs Stryker over `mutate` (a glob list), keeping its reports at `base`.json and `base`.incremental.json. */
function stryker(mutate, base) {
  fs.mkdirSync(path.dirname(base), { recursive: true });
  const bin = path.join(repo, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
  const r = spawnSync(process.execPath, [bin, 'run', '--mutate', mutate, '--incrementalFile', path.relative(repo, `${base}.incremental.json`)], {
    cwd: repo,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOCONDAD_MUTATE_REPORT: `${base}.json` },
  });
  if (r.signal) process.kill(process.pid, r.signal); // Ctrl-C: stop the queue too
  if (r.status !== 0) console.error(`gocondad: stryker on ${mutate} exited ${r.status}; the table below shows the last reports`);
  return r.status === 0;
}

function runFolder(folder) {
  // The config's list of what is not pure (daemon, doctor) still applies: the glob only narrows it.
  const negs = excluded()
    .filter((f) => f.startsWith(`src/${folder}/`))
    .map((f) => `!${f}`);
  if (stryker([`src/${folder}/**/*.ts`, ...negs].join(','), path.join(dir, folder))) fs.rmSync(path.join(dir, folder), { recursive: true, force: true });
}

/** `FOLDER/FILE.ts[:N[-M][,N[-M]…]]` → the file's name under src/ and its line ranges (null: the whole file). */
function parseTarget(t) {
  const m = /^([^:]+)(?::(\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*))?$/.exec(t);
  if (!m) fail(`${t} is not FOLDER, FOLDER/FILE.ts or FOLDER/FILE.ts:N-M,…`, 'name lines as :N, :N-M or a list of them, e.g. bundle/elf.ts:52,150-160');
  const [, name, list] = m;
  if (list === undefined) return { name, lines: null };
  if (!name.includes('/')) fail(`${t} names lines of a folder`, 'name lines of one file: FOLDER/FILE.ts:N-M');
  const lines = list.split(',').map((r) => {
    const [from, to = from] = r.split('-').map(Number);
    if (from < 1 || to < from) fail(`${t} names no line in ${r}`, 'lines start at 1 and a range N-M needs M >= N, e.g. bundle/elf.ts:52,150-160');
    return [from, to];
  });
  return { name, lines };
}

/**
 * A line range carries the file's other results forward only where its code is the report's: Stryker drops a
 * mutant whose code changed and makes again only those wholly inside the range (a block around a changed line
 * is lost), and keeps an old result under a disable comment written since. So the code must be unchanged.
 */
function sameSourceAsReport(file, base) {
  const inc = `${base}.incremental.json`;
  if (!fs.existsSync(inc)) fail(`${file} has no report to carry its other lines from`, `run npm run mutate -- ${file.slice(4)} first`);
  const old = JSON.parse(fs.readFileSync(inc, 'utf8')).files?.[file]?.source;
  if (old !== fs.readFileSync(path.join(repo, file), 'utf8'))
    fail(`${file} changed since its report, so a line range would lose or misreport mutants`, `run the whole file: npm run mutate -- ${file.slice(4)}`);
}

function runFile(file, lines = null) {
  const folder = file.split('/')[1];
  if (!filesOf(folder).includes(file)) fail(`${file} is not a file Stryker mutates`, `name one of: ${filesOf(folder).join(', ')}`);
  const base = perFileBase(file);
  // A file first run on its own starts from its folder run's results (incremental), not from nothing: only
  // what changed since is run again. Stryker carries the folder's other files forward into both reports, so
  // they are cut to this file when the run ends.
  const seed = path.join(dir, `${folder}.incremental.json`);
  if (!fs.existsSync(`${base}.incremental.json`) && fs.existsSync(seed)) {
    fs.mkdirSync(path.dirname(base), { recursive: true });
    fs.copyFileSync(seed, `${base}.incremental.json`);
  }
  if (lines !== null) sameSourceAsReport(file, base);
  if (!stryker(lines === null ? file : lines.map(([from, to]) => `${file}:${from}-${to}`).join(','), base)) return;
  for (const f of [`${base}.json`, `${base}.incremental.json`])
    fs.writeFileSync(f, JSON.stringify(report.onlyFile(JSON.parse(fs.readFileSync(f, 'utf8')), file)));
}

const args = process.argv.slice(2);
if (args[0] === '--survivors' || args[0] === '--marked') {
  list(args[0], args[1]);
  process.exit(0);
}
const onlyTable = args.includes('--table');
const byFile = args.includes('--by-file');
const targets = args.filter((a) => !a.startsWith('--'));
for (const t of targets) {
  const { name } = parseTarget(t);
  const folder = name.split('/')[0];
  if (!FOLDERS.includes(folder)) fail(`no folder src/${folder} to mutate`, `choose from ${FOLDERS.join(', ')}`);
  if (name.includes('/') && !fs.existsSync(path.join(repo, 'src', name))) fail(`no file src/${name}`, 'name a file as FOLDER/FILE.ts, e.g. core/envs.ts');
}
const folders = targets.length > 0 ? [...new Set(targets.map((t) => t.split('/')[0]))] : FOLDERS;
fs.mkdirSync(dir, { recursive: true });
if (!onlyTable) {
  for (const t of targets.length > 0 ? targets : FOLDERS) {
    const { name, lines } = parseTarget(t);
    if (name.includes('/')) runFile(`src/${name}`, lines);
    else if (byFile) for (const f of filesOf(t)) runFile(f);
    else runFolder(t);
  }
}
const t = table(folders);
console.log(t.text);
// A stale mark names no surviving mutant (the code moved, or a test now kills it): say which, and fail.
for (const s of t.stale) console.error(report.staleLine(s));
process.exit(t.short > 0 || t.stale.length > 0 ? 1 : 0);

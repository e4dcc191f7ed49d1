#!/usr/bin/env node
// `npm run mutate [-- TARGET...]`: StrykerJS over src/ against the unit tests, then the per-folder table
// docs/mutation.md publishes. A TARGET is
//   FOLDER            one run over src/FOLDER (e.g. `sync`), reports/stryker/FOLDER.{json,incremental.json};
//   FOLDER/FILE.ts    one run over that file only (e.g. `core/envs.ts`), reports/stryker/FOLDER/FILE.ts.*;
//   --by-file FOLDER  one such run per file of the folder, one after the other.
// Why per file: Stryker writes its reports only when a run ends, and a folder like src/core (2,300 mutants)
// needs hours on the shared 2-core machine; a run killed before its end (a session's end, Ctrl-C) leaves
// nothing, while per-file runs keep every file finished. Every report has its incremental file (committed:
// a rerun after a small change tests only the mutants whose code or covering tests changed). A folder's
// figure is its folder report with any per-file report replacing that file's part; a whole-folder run that
// ends removes the folder's per-file reports, which it supersedes.
// `--table` only prints the table; `--survivors FOLDER` lists what a test still has to kill.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const FOLDERS = ['core', 'sync', 'bundle', 'shell', 'setup', 'service', 'shims', 'export', 'daemon', 'doctor'];
const TARGET = 85;
const dir = path.join(repo, 'reports', 'stryker');

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
  const [, folder, ...rest] = file.split('/');
  return path.join(dir, folder, rest.join('__'));
}

const readReport = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** Each measured source file's mutants: the folder report, with per-file reports replacing their file's part. */
function mutantsByFile(folder) {
  const files = new Map();
  const whole = path.join(dir, `${folder}.json`);
  if (fs.existsSync(whole)) for (const [f, v] of Object.entries(readReport(whole).files)) files.set(f, v.mutants);
  const perFile = path.join(dir, folder);
  const runs = [];
  if (fs.existsSync(perFile))
    for (const name of fs.readdirSync(perFile))
      if (name.endsWith('.json') && !name.endsWith('.incremental.json')) {
        runs.push(name);
        for (const [f, v] of Object.entries(readReport(path.join(perFile, name)).files)) files.set(f, v.mutants);
      }
  return { files, whole: fs.existsSync(whole), runs: runs.length };
}

/** One folder's mutants, counted the way docs/mutation.md shows them. */
function count(folder) {
  const { files, whole, runs } = mutantsByFile(folder);
  if (!whole && runs === 0) return null;
  const c = { mutants: 0, killed: 0, survived: 0, equivalent: 0, statics: 0, partial: whole ? null : `${runs} of ${filesOf(folder).length} files` };
  for (const mutants of files.values()) {
    for (const m of mutants) {
      // Compile errors are mutants the type checker rejected: not runnable code, not counted.
      if (m.status === 'CompileError') continue;
      c.mutants += 1;
      if (m.status === 'Killed' || m.status === 'Timeout') c.killed += 1;
      // ignoreStatic (stryker.config.mjs): a static mutant was not run. Neither killed nor equivalent:
      // counted apart, and out of the score.
      else if (m.status === 'Ignored' && /^Static mutant/.test(m.statusReason ?? '')) c.statics += 1;
      else if (m.status === 'Ignored')
        c.equivalent += 1; // `// Stryker disable …: reason`
      else c.survived += 1; // Survived, NoCoverage, RuntimeError
    }
  }
  const scored = c.killed + c.survived;
  c.score = scored === 0 ? 100 : (100 * c.killed) / scored;
  return c;
}

function table(folders) {
  const lines = ['| folder | mutants | killed | survived | equivalent | static, not run | score |', '|---|---:|---:|---:|---:|---:|---:|'];
  let short = 0;
  for (const folder of folders) {
    const c = count(folder);
    if (!c) {
      lines.push(`| src/${folder} | not run | | | | | |`);
      short += 1;
      continue;
    }
    // A folder measured only in part has not met its target, whatever the part's score.
    if (c.score < TARGET || c.partial) short += 1;
    const name = c.partial ? `src/${folder} (${c.partial} measured)` : `src/${folder}`;
    lines.push(`| ${name} | ${c.mutants} | ${c.killed} | ${c.survived} | ${c.equivalent} | ${c.statics} | ${c.score.toFixed(1)}% |`);
  }
  return { text: lines.join('\n'), short };
}

function survivors(folder) {
  if (!FOLDERS.includes(folder ?? '')) fail(`no folder src/${folder ?? ''} to list`, `choose from ${FOLDERS.join(', ')}`);
  const { files, whole, runs } = mutantsByFile(folder);
  if (!whole && runs === 0) fail(`no report of src/${folder} in reports/stryker`, `run npm run mutate -- ${folder} first`);
  for (const [name, mutants] of files)
    for (const m of mutants)
      if (m.status === 'Survived' || m.status === 'NoCoverage' || m.status === 'RuntimeError')
        console.log(
          `${name}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName} ${JSON.stringify((m.replacement ?? '').split('\n')[0].slice(0, 100))}`,
        );
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

function runFile(file) {
  const folder = file.split('/')[1];
  if (!filesOf(folder).includes(file)) fail(`${file} is not a file Stryker mutates`, `name one of: ${filesOf(folder).join(', ')}`);
  stryker(file, perFileBase(file));
}

const args = process.argv.slice(2);
if (args[0] === '--survivors') {
  survivors(args[1]);
  process.exit(0);
}
const onlyTable = args.includes('--table');
const byFile = args.includes('--by-file');
const targets = args.filter((a) => !a.startsWith('--'));
for (const t of targets) {
  const folder = t.split('/')[0];
  if (!FOLDERS.includes(folder)) fail(`no folder src/${folder} to mutate`, `choose from ${FOLDERS.join(', ')}`);
  if (t.includes('/') && !fs.existsSync(path.join(repo, 'src', t))) fail(`no file src/${t}`, 'name a file as FOLDER/FILE.ts, e.g. core/envs.ts');
}
const folders = targets.length > 0 ? [...new Set(targets.map((t) => t.split('/')[0]))] : FOLDERS;
fs.mkdirSync(dir, { recursive: true });
if (!onlyTable) {
  for (const t of targets.length > 0 ? targets : FOLDERS) {
    if (t.includes('/')) runFile(`src/${t}`);
    else if (byFile) for (const f of filesOf(t)) runFile(f);
    else runFolder(t);
  }
}
const t = table(folders);
console.log(t.text);
process.exit(t.short > 0 ? 1 : 0);

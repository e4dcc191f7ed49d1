#!/usr/bin/env node
// `npm run mutate [-- FOLDER...]`: StrykerJS over src/<FOLDER> against the unit tests, one folder at a time
// (the machine has 2 cores shared by many; one Stryker over all of src/ would hold them for hours), each
// folder with its own incremental file reports/stryker/<folder>.incremental.json (committed: a rerun
// after a small change tests only the mutants whose code or covering tests changed). Then prints the
// per-folder table docs/mutation.md publishes. `--table` only prints the table from the last reports.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const FOLDERS = ['core', 'sync', 'bundle', 'shell', 'setup', 'service', 'shims', 'export', 'daemon', 'doctor'];
const TARGET = 85;
const dir = path.join(repo, 'reports', 'stryker');

/** The mutants of one folder's last report, counted the way docs/mutation.md shows them. */
function count(folder) {
  const file = path.join(dir, `${folder}.json`);
  if (!fs.existsSync(file)) return null;
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const c = { mutants: 0, killed: 0, survived: 0, equivalent: 0, statics: 0 };
  for (const f of Object.values(report.files)) {
    for (const m of f.mutants) {
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
    if (c.score < TARGET) short += 1;
    lines.push(`| src/${folder} | ${c.mutants} | ${c.killed} | ${c.survived} | ${c.equivalent} | ${c.statics} | ${c.score.toFixed(1)}% |`);
  }
  return { text: lines.join('\n'), short };
}

const args = process.argv.slice(2);
if (args[0] === '--survivors') {
  // `node scripts/mutate.js --survivors FOLDER`: what a test still has to kill, one line per mutant, from the
  // folder's last report: file:line:column, status, mutator, and the replacement's first line.
  const file = path.join(dir, `${args[1]}.json`);
  if (!args[1] || !fs.existsSync(file)) {
    console.error(`gocondad: error: no report ${path.relative(repo, file)}; run npm run mutate -- ${args[1] ?? 'FOLDER'} first`);
    process.exit(2);
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const [name, f] of Object.entries(report.files))
    for (const m of f.mutants)
      if (m.status === 'Survived' || m.status === 'NoCoverage' || m.status === 'RuntimeError')
        console.log(
          `${name}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName} ${JSON.stringify((m.replacement ?? '').split('\n')[0].slice(0, 100))}`,
        );
  process.exit(0);
}
const onlyTable = args.includes('--table');
const chosen = args.filter((a) => !a.startsWith('--'));
for (const f of chosen)
  if (!FOLDERS.includes(f)) {
    console.error(`gocondad: error: no folder src/${f} to mutate; choose from ${FOLDERS.join(', ')}`);
    process.exit(2);
  }
const folders = chosen.length > 0 ? chosen : FOLDERS;
fs.mkdirSync(dir, { recursive: true });
if (!onlyTable) {
  const stryker = path.join(repo, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
  for (const folder of folders) {
    const r = spawnSync(
      process.execPath,
      [
        stryker,
        'run',
        '--mutate',
        // The config's list of what is not pure (daemon, doctor) still applies: these globs only narrow it.
        ...mutateFor(folder),
        '--incrementalFile',
        path.join('reports', 'stryker', `${folder}.incremental.json`),
      ],
      { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, GOCONDAD_MUTATE_REPORT: path.join(dir, `${folder}.json`) } },
    );
    if (r.status !== 0) console.error(`gocondad: stryker on src/${folder} exited ${r.status}; the table below shows its last report`);
  }
}
const t = table(folders);
console.log(t.text);
process.exit(t.short > 0 ? 1 : 0);

/** src/<folder>/**, minus the modules stryker.config.mjs keeps out of "pure". */
function mutateFor(folder) {
  const excluded = require('node:child_process')
    .execFileSync(process.execPath, ['--input-type=module', '-e', "import c from './stryker.config.mjs'; console.log(JSON.stringify(c.mutate))"], {
      cwd: repo,
      encoding: 'utf8',
    })
    .trim();
  const negs = JSON.parse(excluded).filter((g) => g.startsWith('!') && g.startsWith(`!src/${folder}/`));
  return [[`src/${folder}/**/*.ts`, ...negs].join(',')];
}

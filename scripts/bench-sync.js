#!/usr/bin/env node
// `gocondad sync` cost (figures go in BENCHMARKS.md; never a timed test). Usage:
//   npm run bench:sync [-- --runs 20]
// Each row is a median over RUNS fresh processes against `gocondad --version` measured in the same run,
// interleaved: what a CI step or a hand-run check pays. The project couples git2go, gocv and the go line
// and has 40 more requires (module cache lookups); the env has 300 package records (conda-meta reads).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 20;
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) throw new Error('dist/cli.js missing: run npm run build');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-bench-sync-'));
const env = {
  HOME: dir,
  XDG_STATE_HOME: path.join(dir, 'state'),
  XDG_CONFIG_HOME: path.join(dir, 'config'),
  XDG_RUNTIME_DIR: path.join(dir, 'run'),
  PATH: '/usr/bin:/bin',
  LANG: 'C.UTF-8',
};
fs.mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });

const proj = path.join(dir, 'proj');
fs.mkdirSync(proj);
const extra = Array.from({ length: 40 }, (_, i) => `\texample.com/dep${i} v1.${i}.0`).join('\n');
fs.writeFileSync(
  path.join(proj, 'go.mod'),
  `module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/libgit2/git2go/v34 v34.0.0\n\tgocv.io/x/gocv v0.36.1\n${extra}\n)\n`,
);
fs.writeFileSync(path.join(proj, 'environment.yml'), 'name: app\ndependencies:\n  - go 1.22.*\n  - libgit2 1.5.*\n  - opencv 4.9.0\n');
const prefix = path.join(dir, 'env');
fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
const pkgs = { go: '1.22.5', libgit2: '1.5.2', opencv: '4.9.0' };
for (let i = 0; i < 297; i++) pkgs[`pkg${i}`] = '1.0';
for (const [name, version] of Object.entries(pkgs))
  fs.writeFileSync(path.join(prefix, 'conda-meta', `${name}-${version}-h0_0.json`), JSON.stringify({ name, version, build: 'h0_0', depends: [] }));
const other = path.join(dir, 'other-env');
fs.mkdirSync(path.join(other, 'conda-meta'), { recursive: true });

function ms(argv) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, ...argv], { env, encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`gocondad ${argv.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return elapsed;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = [
  ['sync DIR (environment.yml)', ['sync', proj, '--no-state']],
  ['sync DIR -p PREFIX (conda-meta)', ['sync', proj, '-p', prefix, '--no-state']],
  ['sync DIR --json', ['sync', proj, '--json', '--no-state']],
  ['sync-env PREFIX (no project synced)', ['sync-env', other]],
];
ms(['--version']);
const base = [];
const times = rows.map(() => []);
for (let i = 0; i < RUNS; i++) {
  base.push(ms(['--version']));
  rows.forEach(([, argv], k) => times[k].push(ms(argv)));
}
const b = median(base);
const pad = (s, n) => String(s).padStart(n);
process.stdout.write(`${'measure (median ms per process)'.padEnd(40)}${pad('baseline', 10)}${pad('command', 10)}${pad('added', 10)}${pad('ratio', 8)}\n`);
rows.forEach(([name], k) => {
  const m = median(times[k]);
  process.stdout.write(`${name.padEnd(40)}${pad(b.toFixed(1), 10)}${pad(m.toFixed(1), 10)}${pad((m - b).toFixed(1), 10)}${pad((m / b).toFixed(2), 8)}\n`);
});
process.stdout.write(`baseline: gocondad --version; ${RUNS} runs each, interleaved; node ${process.version}\n`);
fs.rmSync(dir, { recursive: true, force: true });

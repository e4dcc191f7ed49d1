#!/usr/bin/env node
// Benchmark: what gocondad's shims add to `conda activate` + `conda deactivate`, measured against a
// baseline taken in the same run (never a timed test). Usage: npm run bench [-- CYCLES]
//
// 1. Full cycles in real bash through the test emulation of conda (python computes the script, bash
//    evals it, as conda does): an env without shims (baseline) and one with them, interleaved so that
//    drift hits both alike. Daemon up, down, and hung (SIGSTOP).
// 2. The shims alone: sourcing the activate and deactivate shims N times in one bash, against
//    sourcing two empty files N times: the exact added cost, without the emulator's noise.
'use strict';
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const cli = path.join(repo, 'dist', 'cli.js');
const cycles = Number(process.argv[2] || 150);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-bench-'));
const root = path.join(dir, 'conda');
const env = {
  HOME: path.join(dir, 'home'),
  XDG_RUNTIME_DIR: path.join(dir, 'run'),
  XDG_STATE_HOME: path.join(dir, 'state'),
  XDG_CONFIG_HOME: path.join(dir, 'config'),
  PATH: `${root}/condabin:/usr/bin:/bin`,
  CONDA_EMU_ROOT: root,
  CONDA_EMU_PY: path.join(repo, 'test', 'conda-emu', 'conda_emu.py'),
  CONDA_EMU_PYTHON: fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3',
};
fs.mkdirSync(path.join(root, 'condabin'), { recursive: true });
fs.mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });
for (const name of ['plain', 'shimmed']) {
  fs.mkdirSync(path.join(root, 'envs', name, 'conda-meta'), { recursive: true });
  fs.writeFileSync(path.join(root, 'envs', name, 'conda-meta', 'history'), '');
}
const run = (args) => execFileSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
run(['shims', 'install', path.join(root, 'envs', 'shimmed')]);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

function cyclesMs() {
  const script = `. "${repo}/test/conda-emu/conda.sh"
for i in $(seq ${cycles}); do
  for e in plain shimmed; do
    t0=$EPOCHREALTIME; conda activate $e; conda deactivate; t1=$EPOCHREALTIME
    echo "$e $t0 $t1"
  done
done`;
  const r = spawnSync('bash', ['-c', script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(r.stderr);
  const by = { plain: [], shimmed: [] };
  for (const line of r.stdout.trim().split('\n')) {
    const [e, t0, t1] = line.split(' ');
    by[e].push((Number(t1) - Number(t0)) * 1000);
  }
  return { base: median(by.plain), shim: median(by.shimmed) };
}

function shimOnlyMs(n = 2000) {
  const d = path.join(root, 'envs', 'shimmed', 'etc', 'conda');
  const empty = path.join(dir, 'empty.sh');
  fs.writeFileSync(empty, '');
  const loop = (a, b) => `export CONDA_SHLVL=1 CONDA_PREFIX="${path.join(root, 'envs', 'shimmed')}"
t0=$EPOCHREALTIME; for i in $(seq ${n}); do . "${a}"; . "${b}"; done; t1=$EPOCHREALTIME; echo "$t0 $t1"`;
  const time = (script) => {
    const [t0, t1] = spawnSync('bash', ['-c', script], { env, encoding: 'utf8' }).stdout.trim().split(' ').map(Number);
    return ((t1 - t0) * 1000) / n;
  };
  const base = median([0, 1, 2].map(() => time(loop(empty, empty))));
  const shim = median([0, 1, 2].map(() => time(loop(path.join(d, 'activate.d', 'zzz-gocondad.sh'), path.join(d, 'deactivate.d', 'zzz-gocondad.sh')))));
  return { base, shim };
}

const rows = [];
const report = (label, { base, shim }) => rows.push([label, base.toFixed(3), shim.toFixed(3), (shim - base).toFixed(3), (shim / base).toFixed(3)]);
try {
  run(['start']);
  report('cycle via conda emulation, daemon up', cyclesMs());
  report('shims alone (source x2), daemon up', shimOnlyMs());
  const pid = Number(fs.readFileSync(path.join(env.XDG_RUNTIME_DIR, 'gocondad', 'gocondad.lock'), 'utf8'));
  process.kill(pid, 'SIGSTOP');
  report('cycle via conda emulation, daemon hung', cyclesMs());
  process.kill(pid, 'SIGCONT');
  run(['stop']);
  report('cycle via conda emulation, daemon down', cyclesMs());
  report('shims alone (source x2), daemon down', shimOnlyMs());
} finally {
  try { run(['stop']); } catch { /* already stopped */ }
  fs.rmSync(dir, { recursive: true, force: true });
}
const head = ['measure (median ms per activate+deactivate)', 'baseline', 'gocondad', 'added ms', 'ratio'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [head, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
console.log(`(${cycles} interleaved cycles per emulation row; node ${process.version}; ${os.cpus().length} cores)`);

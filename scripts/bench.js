#!/usr/bin/env node
// Benchmark: what gocondad's shims add to `conda activate` + `conda deactivate`, measured against a
// baseline taken in the same run (never a timed test). Usage: npm run bench [-- CYCLES]
//
// 1. Full cycles in real bash through the test emulation of conda (python computes the script, bash
//    evals it, as conda does): an env without shims (baseline) and one with them, interleaved so that
//    drift hits both alike. Daemon up, down, and hung (SIGSTOP).
// 2. The shims alone: sourcing the activate and deactivate shims N times in one bash, against
//    sourcing two empty files N times: the exact added cost, without the emulator's noise.
// 3. The same in fish and tcsh, whose shims run the POSIX shim in dash (one process start each).
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

/** The fish or tcsh shims alone (each runs the POSIX shim in dash), against sourcing two empty files. */
function shimForeignMs(shell, n = 300) {
  const d = path.join(root, 'envs', 'shimmed', 'etc', 'conda');
  const ext = shell === 'fish' ? 'fish' : 'csh';
  const empty = path.join(dir, `empty.${ext}`);
  fs.writeFileSync(empty, '');
  const prefix = path.join(root, 'envs', 'shimmed');
  const loop = (a, b) =>
    shell === 'fish'
      ? `set -gx CONDA_SHLVL 1; set -gx CONDA_PREFIX '${prefix}'\nset t0 (date +%s%N); for i in (seq ${n}); source '${a}'; source '${b}'; end; set t1 (date +%s%N); echo $t0 $t1\n`
      : `setenv CONDA_SHLVL 1\nsetenv CONDA_PREFIX '${prefix}'\nset t0 = \`date +%s%N\`\nforeach i (\`seq ${n}\`)\nsource '${a}'\nsource '${b}'\nend\nset t1 = \`date +%s%N\`\necho $t0 $t1\n`;
  const time = (script) => {
    const file = path.join(dir, `loop.${ext}`);
    fs.writeFileSync(file, script);
    const r = spawnSync(shell, shell === 'fish' ? ['--no-config', file] : ['-f', file], { env, encoding: 'utf8' });
    const [t0, t1] = r.stdout.trim().split(' ').map(Number);
    if (!t0 || !t1) throw new Error(`${shell} loop failed: ${r.stderr}`);
    return (t1 - t0) / 1e6 / n;
  };
  const base = median([0, 1, 2].map(() => time(loop(empty, empty))));
  const shim = median([0, 1, 2].map(() => time(loop(path.join(d, 'activate.d', `zzz-gocondad.${ext}`), path.join(d, 'deactivate.d', `zzz-gocondad.${ext}`)))));
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
  report('fish shims alone (source x2)', shimForeignMs('fish'));
  report('tcsh shims alone (source x2)', shimForeignMs('tcsh'));
} finally {
  try {
    run(['stop']);
  } catch {
    /* already stopped */
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
const head = ['measure (median ms per activate+deactivate)', 'baseline', 'gocondad', 'added ms', 'ratio'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [head, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
console.log(`(${cycles} interleaved cycles per emulation row; node ${process.version}; ${os.cpus().length} cores)`);

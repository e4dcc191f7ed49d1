#!/usr/bin/env node
// Benchmark: how long `gocondad` takes to start, against a bare `node -e 0` measured in the same run,
// interleaved so that drift hits every command alike. Usage: npm run bench:cli [-- RUNS]
// Commands: `--version`; `status` against a running daemon; `shims refresh ENV --print posix` (what a
// stale shim runs, once per env change). Prints medians of wall time and of CPU time (user + sys,
// steadier on a busy machine) and each as a ratio to the baseline. One more row is a floor, not
// gocondad: a bare Node script that sends `status`'s one request over the socket and parses the reply,
// i.e. what any Node client of the daemon pays before doing anything of its own.
'use strict';
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const cli = path.join(repo, 'dist', 'cli.js');
const runs = Number(process.argv[2] || 40);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-bench-cli-'));
const env = {
  HOME: path.join(dir, 'home'),
  XDG_RUNTIME_DIR: path.join(dir, 'run'),
  PATH: '/usr/bin:/bin',
};
const prefix = path.join(dir, 'conda', 'envs', 'e');
fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
fs.mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });
fs.mkdirSync(path.join(env.HOME, '.config', 'gocondad'), { recursive: true });
const gos = ['/usr/lib/go-1.19', '/usr/lib/go-1.22'].filter((g) => fs.existsSync(path.join(g, 'bin', 'go')));
fs.writeFileSync(path.join(env.HOME, '.config', 'gocondad', 'config.yml'), `system_toolchains: false\ntoolchains:\n${gos.map((g) => `  - ${g}\n`).join('')}`);
execFileSync(process.execPath, [cli, 'shims', 'install', prefix], { env });

const socket = path.join(env.XDG_RUNTIME_DIR, 'gocondad', 'gocondad.sock');
const floorStatus = `const h = require('node:http'), n = require('node:net');
h.request({ createConnection: () => n.connect(${JSON.stringify(socket)}), path: '/v1/status' }, (r) => {
  let b = ''; r.setEncoding('utf8'); r.on('data', (d) => (b += d)); r.on('end', () => JSON.parse(b));
}).end();`;
const commands = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['floor: bare node, one GET /v1/status', ['-e', floorStatus]],
  ['gocondad --version', [cli, '--version']],
  ['gocondad status', [cli, 'status']],
  ['gocondad shims refresh ENV --print posix', [cli, 'shims', 'refresh', prefix, '--print', 'posix']],
];

/** Wall and CPU (user + sys) milliseconds of one run, as bash's `time` measures the child. */
function once(args) {
  const quoted = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%3R %3U %3S'; time ${quoted} >/dev/null 2>/dev/null`], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  const [real, user, sys] = r.stderr.trim().split(/\s+/).slice(-3).map(Number);
  return { wall: real * 1000, cpu: (user + sys) * 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const daemon = spawn(process.execPath, [cli, 'daemon', '--quiet'], { env, stdio: 'ignore' });
  for (let i = 0; i < 100 && spawnSync(process.execPath, [cli, 'status'], { env }).status !== 0; i++) await new Promise((r) => setTimeout(r, 100));
  const wall = commands.map(() => []);
  const cpu = commands.map(() => []);
  try {
    for (let i = 0; i < runs + 3; i++) {
      commands.forEach(([, args], k) => {
        const t = once(args);
        if (i < 3) return; // warm-up (the YAML cache is written on the first refresh)
        wall[k].push(t.wall);
        cpu[k].push(t.cpu);
      });
    }
  } finally {
    daemon.kill('SIGTERM');
  }
  const base = { wall: median(wall[0]), cpu: median(cpu[0]) };
  console.log(`${runs} interleaved runs each, medians (node ${process.version}, ${os.cpus().length} cores)`);
  console.log('| command | wall ms | × baseline | CPU ms | × baseline |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  commands.forEach(([name], k) => {
    const w = median(wall[k]);
    const c = median(cpu[k]);
    console.log(`| ${name} | ${w.toFixed(1)} | ${(w / base.wall).toFixed(2)} | ${c.toFixed(1)} | ${(c / base.cpu).toFixed(2)} |`);
  });
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

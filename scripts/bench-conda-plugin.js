#!/usr/bin/env node
// Benchmark: what the conda plugin adds to real conda commands, against CONDA_NO_PLUGINS=true measured in
// the same run, interleaved (never a timed test). Usage: npm run bench:conda-plugin [-- ROUNDS [VERSION]]
//
// A private root of ../shared/realconda (VERSION, default main) with the plugin pip-installed; its own
// HOME, XDG dirs and CONDARC. Per round, in alternating order:
//   - `conda create -p NEW --offline --yes -q`: no plugins | plugin + daemon (post-command over the
//     socket) | plugin, no daemon (post-command through the CLI: one node start)
//   - `conda --version` and `conda info`: no plugins | plugin (loading it is all the plugin does there)
//   - each also in a second root of the same conda without our plugin (plugins on): what ours alone costs
// Prints medians, p90s and each plugin variant's median as a ratio of the baseline's.
'use strict';
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const cli = path.join(repo, 'dist', 'cli.js');
const rounds = Number(process.argv[2] || 12);
const version = process.argv[3] || 'main';
const install = [path.resolve(repo, '..', 'shared', 'realconda', 'install.sh'), path.resolve(repo, '..', '..', 'shared', 'realconda', 'install.sh')].find((f) =>
  fs.existsSync(f),
);
if (!install) {
  console.error('bench-conda-plugin: ../shared/realconda/install.sh not found (it builds the conda measured)');
  process.exit(1);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-bench-plugin-'));
const conda = execFileSync('bash', [install, path.join(dir, 'rc'), version], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .pop();
// The same conda without our plugin: CONDA_NO_PLUGINS also skips conda's scan of every installed
// distribution for entry points, a cost any plugin brings; this root shows ours alone.
const plain = execFileSync('bash', [install, path.join(dir, 'rc-plain'), version], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .pop();
const python = path.join(path.dirname(conda), 'python');
fs.cpSync(path.join(repo, 'python-shim'), path.join(dir, 'shim'), { recursive: true, filter: (s) => !/(__pycache__|\.egg-info|[/]build)$/.test(s) });
execFileSync(python, ['-m', 'pip', 'install', '-q', '--no-deps', '--no-build-isolation', '--no-index', path.join(dir, 'shim')], {
  env: { PATH: '/usr/bin:/bin', HOME: dir },
});
const bin = path.join(dir, 'bin');
fs.mkdirSync(bin);
fs.symlinkSync(cli, path.join(bin, 'gocondad'));
const envsDir = path.join(dir, 'envs');
fs.mkdirSync(path.join(dir, 'run'), { mode: 0o700 });
fs.writeFileSync(path.join(dir, 'condarc'), `envs_dirs: [${envsDir}]\npkgs_dirs: [${path.join(dir, 'pkgs')}]\noffline: true\n`);
const env = {
  HOME: path.join(dir, 'home'),
  XDG_RUNTIME_DIR: path.join(dir, 'run'),
  XDG_STATE_HOME: path.join(dir, 'state'),
  XDG_CONFIG_HOME: path.join(dir, 'config'),
  PATH: `${bin}:/usr/bin:/bin`,
  CONDARC: path.join(dir, 'condarc'),
};
fs.mkdirSync(path.join(env.XDG_CONFIG_HOME, 'gocondad'), { recursive: true });
fs.writeFileSync(path.join(env.XDG_CONFIG_HOME, 'gocondad', 'config.yml'), 'system_toolchains: false\ntoolchains: [/usr/lib/go-1.21, /usr/lib/go-1.22]\n');

let n = 0;
function time(args, extra, exe = conda) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(exe, args, { env: { ...env, ...extra }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`conda ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}
const gocondad = (args) => spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
const create = (extra, exe = conda) => time(['create', '-p', path.join(envsDir, `e${(n += 1)}`), '--offline', '--yes', '-q'], extra, exe);
const NOPLUG = { CONDA_NO_PLUGINS: 'true' };
const samples = {};
const add = (k, v) => (samples[k] ??= []).push(v);

// Warm-up: caches, .pyc files, the launcher dir.
create(NOPLUG);
create({});
time(['--version'], {});
for (let i = 0; i < rounds; i += 1) {
  const order = i % 2 === 0 ? ['base', 'plugin'] : ['plugin', 'base'];
  gocondad(['start']);
  for (const o of order) add(`create ${o === 'base' ? 'no plugins' : 'plugin+daemon'}`, create(o === 'base' ? NOPLUG : {}));
  add('create without gocondad plugin', create({}, plain));
  gocondad(['stop']);
  add('create plugin, no daemon (CLI)', create({}));
  for (const o of order) {
    add(`--version ${o === 'base' ? 'no plugins' : 'plugin'}`, time(['--version'], o === 'base' ? NOPLUG : {}));
    add(`info ${o === 'base' ? 'no plugins' : 'plugin'}`, time(['info'], o === 'base' ? NOPLUG : {}));
  }
  add('--version without gocondad plugin', time(['--version'], {}, plain));
  add('info without gocondad plugin', time(['info'], {}, plain));
}
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const line = (k, base) => {
  const m = pct(samples[k], 0.5);
  const ratio = base ? `  ${(m / pct(samples[base], 0.5)).toFixed(3)}x  (+${(m - pct(samples[base], 0.5)).toFixed(0)} ms)` : '';
  return `${k.padEnd(34)} median ${m.toFixed(0).padStart(5)} ms  p90 ${pct(samples[k], 0.9).toFixed(0).padStart(5)} ms${ratio}`;
};
console.log(
  `conda ${execFileSync(conda, ['--version'], { env, encoding: 'utf8' }).trim()} (${version}), ${rounds} rounds, interleaved; ratio = median / median without plugins`,
);
for (const what of ['create', '--version', 'info']) {
  console.log(line(`${what} no plugins`));
  console.log(line(`${what} without gocondad plugin`, `${what} no plugins`));
  for (const k of Object.keys(samples).filter((k) => k.startsWith(`${what} plugin`))) console.log(line(k, `${what} no plugins`));
}
console.log(
  `load average at the end: ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (${os.cpus().length} CPUs)`,
);
gocondad(['stop']);
execFileSync('rm', ['-rf', dir]);

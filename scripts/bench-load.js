#!/usr/bin/env node
// Load benchmark (figures go in BENCHMARKS.md and docs/reliability.md; never a timed test). Usage:
//   npm run bench:load [-- --shells 200 --cycles 100 --conda-shells 20 --conda-cycles 10 --path-bytes 0]
//
// 1. Shims: S real bash processes released together (a FIFO barrier), each sourcing the activate and
//    deactivate shims of env a or b C times, as conda does, and checking in the shell after every cycle
//    that GOROOT was the env's and that every variable gocondad may touch is back byte for byte.
// 2. Real conda: S2 bash processes with the real conda hooked (`eval "$(conda shell.bash hook)"`), each
//    running C2 `conda activate X; conda deactivate` cycles (alternating a and b), same checks.
// 3. Every record reached the daemon: per shell pid, the daemon's log holds exactly the activations and
//    deactivations that shell made, in order. Daemon p99 (inside the daemon, `status --json` metrics)
//    and resident memory (/proc VmRSS) after each phase.
// Exit 1 when any check fails (wrong GOROOT, inexact restore, a record lost or torn); timings are printed,
// never judged. The conda comes from GOCONDAD_TEST_CONDA or ../shared/realconda/install.sh.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const S = opt('shells', 200);
const C = opt('cycles', 100);
const S2 = opt('conda-shells', 20);
const C2 = opt('conda-cycles', 10);
const PATH_BYTES = opt('path-bytes', 0);

const repo = path.resolve(__dirname, '..');
const cli = path.join(repo, 'dist', 'cli.js');
const GO = { a: '/usr/lib/go-1.19', b: '/usr/lib/go-1.22' };
for (const g of Object.values(GO)) if (!fs.existsSync(path.join(g, 'bin', 'go'))) throw new Error(`${g} missing: run bash scripts/ensure-test-deps`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-load-'));
const home = path.join(dir, 'home');
const env = {
  HOME: home,
  XDG_RUNTIME_DIR: path.join(dir, 'run'),
  XDG_STATE_HOME: path.join(dir, 'state'),
  XDG_CONFIG_HOME: path.join(dir, 'config'),
  PATH: '/usr/bin:/bin',
  LANG: 'C.UTF-8',
  GOPROXY: 'off',
  GOTELEMETRY: 'off',
};
const log = (msg) => process.stdout.write(`${msg}\n`);
const q = (s) => `'${s.split("'").join(`'\\''`)}'`;

/** The real conda: the user's (GOCONDAD_TEST_CONDA) or ../shared/realconda beside the repo or its main checkout. */
function findConda() {
  if (process.env.GOCONDAD_TEST_CONDA) return path.resolve(process.env.GOCONDAD_TEST_CONDA);
  const candidates = [path.resolve(repo, '..', 'shared')];
  try {
    const m = /^gitdir:\s*(.+?)\/\.git\/worktrees\/[^/]+\s*$/m.exec(fs.readFileSync(path.join(repo, '.git'), 'utf8'));
    if (m) candidates.push(path.resolve(m[1], '..', 'shared'));
  } catch {
    /* a plain clone */
  }
  const shared = candidates.find((d) => fs.existsSync(path.join(d, 'realconda', 'install.sh')));
  if (!shared) throw new Error('no real conda: set GOCONDAD_TEST_CONDA to a conda executable, or put the project’s shared/ folder beside the clone');
  const out = execFileSync('bash', [path.join(shared, 'realconda', 'install.sh'), path.join(dir, 'realconda')], { encoding: 'utf8' });
  return out.trim().split('\n').pop();
}

/** Snapshot of every variable gocondad may touch (unset vs empty), plus its state names: compared in the shell. */
const SNAP = `snap() {
  for v in GOROOT GOPATH GOBIN GOMODCACHE GOTOOLCHAIN CGO_CPPFLAGS CGO_LDFLAGS CGO_ENABLED PATH; do
    eval "if [ -n \\"\\\${$v+x}\\" ]; then printf '%s=[%s]' \\"\\$v\\" \\"\\$$v\\"; else printf '%s unset' \\"\\$v\\"; fi"
  done
  env | grep '^__GCD_' | cut -d= -f1 || :
}`;

function shimScript(prefixes, i, barrier, ready) {
  const lines = ['set -u', SNAP, 'ok=0', `: > ${q(ready)}/$$`, `read _ < ${q(barrier)}`];
  lines.push(`c=0; while [ $c -lt ${C} ]; do`);
  lines.push(`  if [ $(( (c + ${i}) % 2 )) -eq 0 ]; then p=${q(prefixes.a)}; want=${q(GO.a)}; else p=${q(prefixes.b)}; want=${q(GO.b)}; fi`);
  lines.push(
    '  before=$(snap)',
    '  export CONDA_PREFIX="$p" CONDA_SHLVL=1 PATH="$p/bin:$PATH"',
    '  . "$p/etc/conda/activate.d/zzz-gocondad.sh"',
    '  if [ "${GOROOT-}" = "$want" ]; then ok=$((ok+1)); else echo "cycle $c: GOROOT=${GOROOT-} want $want"; fi',
    // conda exports its PATH (the env's bin gone) before the deactivate scripts run.
    '  PATH=${PATH%%"$p/bin:"*}${PATH#*"$p/bin:"}',
    '  . "$p/etc/conda/deactivate.d/zzz-gocondad.sh"',
    '  unset CONDA_PREFIX CONDA_SHLVL',
    '  if [ "$(snap)" = "$before" ]; then ok=$((ok+1)); else echo "cycle $c: not restored"; fi',
    '  c=$((c+1))',
    'done',
    'echo "ok=$ok pid=$$"',
  );
  return lines.join('\n');
}

function condaScript(conda, i) {
  return [
    'set -u',
    SNAP,
    `eval "$(${q(conda)} shell.bash hook)"`,
    'ok=0',
    `c=0; while [ $c -lt ${C2} ]; do`,
    `  if [ $(( (c + ${i}) % 2 )) -eq 0 ]; then e=a; want=${q(GO.a)}; else e=b; want=${q(GO.b)}; fi`,
    '  before=$(snap)',
    '  conda activate "$e"',
    '  if [ "${GOROOT-}" = "$want" ] && [ "$(go env GOROOT)" = "$want" ]; then ok=$((ok+1)); else echo "cycle $c: GOROOT=${GOROOT-} want $want"; fi',
    '  conda deactivate',
    '  if [ "$(snap)" = "$before" ]; then ok=$((ok+1)); else echo "cycle $c: not restored"; fi',
    '  c=$((c+1))',
    'done',
    'echo "ok=$ok pid=$$"',
  ].join('\n');
}

function runShell(script, extraEnv) {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const m = /ok=(\d+) pid=(\d+)\s*$/.exec(out);
      resolve({
        pid: m ? Number(m[2]) : -1,
        ok: m ? Number(m[1]) : 0,
        problems: `${out.replace(/ok=\d+ pid=\d+\s*$/, '')}${err}${code === 0 ? '' : `exit ${code}`}`,
      });
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const status = () =>
  JSON.parse(execFileSync(process.execPath, [cli, 'status', '--json'], { env, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] }));
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** Per shell pid, the activate/deactivate events the daemon logged. */
function applied() {
  status(); // the daemon reads every journal before answering
  const seen = new Map();
  for (const line of fs.readFileSync(path.join(env.XDG_STATE_HOME, 'gocondad', 'gocondad.log'), 'utf8').split('\n')) {
    if (!line) continue;
    const l = JSON.parse(line);
    if (l.event !== 'activate' && l.event !== 'deactivate') continue;
    seen.set(l.shellPid, (seen.get(l.shellPid) ?? 0) + 1);
  }
  return seen;
}

/** Waits (bounded) until each shell's records are all in the daemon's log; returns the shells short of them. */
async function shortOf(shells, perShell) {
  let short = shells;
  for (let i = 0; i < 100 && short.length > 0; i++) {
    const seen = applied();
    short = shells.filter((s) => (seen.get(s.pid) ?? 0) !== perShell);
    if (short.length > 0) await sleep(200);
  }
  return short;
}

function report(phase, shells, perShellRecords, short, ms, daemonPid) {
  const bad = shells.filter((s) => s.problems !== '' || s.pid < 0);
  const ok = shells.reduce((n, s) => n + s.ok, 0);
  const m = status().metrics;
  log(
    `${phase}: ${shells.length} shells in ${(ms / 1000).toFixed(1)} s; checks ${ok} ok, ${bad.length} shells with a wrong GOROOT or an inexact restore; records lost or torn in ${short.length} shells (${shells.length * perShellRecords} expected)`,
  );
  for (const s of bad.slice(0, 3)) log(`  shell ${s.pid}: ${s.problems.trim().split('\n').slice(0, 3).join(' | ')}`);
  log(
    `  daemon: apply a record p50 ${m.records.p50} ms, p99 ${m.records.p99} ms, max ${m.records.max} ms (${m.records.count} records so far); resident memory ${rssMiB(daemonPid).toFixed(1)} MiB`,
  );
  return bad.length === 0 && short.length === 0;
}

async function main() {
  log(
    `gocondad load: ${S} shells x ${C} cycles through the shims${PATH_BYTES ? ` (PATH ${PATH_BYTES} bytes)` : ''}, ${S2} shells x ${C2} cycles through the real conda`,
  );
  log(`node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()} ${os.release()}`);
  const conda = S2 > 0 ? findConda() : null;
  fs.mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });
  fs.mkdirSync(path.join(env.XDG_CONFIG_HOME, 'gocondad'), { recursive: true });
  fs.mkdirSync(path.join(home, '.config', 'go', 'telemetry'), { recursive: true });
  fs.writeFileSync(path.join(env.XDG_CONFIG_HOME, 'gocondad', 'config.yml'), `system_toolchains: false\ntoolchains: [${GO.a}, ${GO.b}]\ndefault: "1.19"\n`);
  const envsDir = path.join(dir, 'envs');
  const condarc = path.join(dir, 'condarc');
  fs.mkdirSync(envsDir);
  fs.writeFileSync(
    condarc,
    `envs_dirs:\n  - ${envsDir}\npkgs_dirs:\n  - ${path.join(dir, 'pkgs')}\noffline: true\nnotify_outdated_conda: false\nchangeps1: false\n`,
  );
  env.CONDARC = condarc;
  const prefixes = { a: path.join(envsDir, 'a'), b: path.join(envsDir, 'b') };
  for (const [name, prefix] of Object.entries(prefixes)) {
    if (conda) execFileSync(conda, ['create', '-n', name, '--yes', '--quiet', '--offline'], { env, stdio: 'ignore' });
    else {
      fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
      fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
    }
  }
  fs.mkdirSync(path.join(prefixes.b, 'etc'), { recursive: true });
  fs.writeFileSync(path.join(prefixes.b, 'etc', 'gocondad.yml'), 'go: "1.22"\n');
  execFileSync(process.execPath, [cli, 'shims', 'install', prefixes.a, prefixes.b], { env, stdio: 'ignore' });

  const { DAEMON_NODE_FLAGS } = require(path.join(repo, 'dist', 'pkg.js'));
  const daemon = spawn(process.execPath, [...DAEMON_NODE_FLAGS, cli, 'daemon', '--quiet'], { env, stdio: 'ignore' });
  for (;;) {
    await sleep(50);
    try {
      status();
      break;
    } catch {
      if (daemon.exitCode !== null) throw new Error('daemon exited; see its log');
    }
  }
  log(`daemon up: resident memory ${rssMiB(daemon.pid).toFixed(1)} MiB`);
  let pass = true;
  try {
    if (S > 0) {
      const barrier = path.join(dir, 'barrier');
      const ready = path.join(dir, 'ready');
      execFileSync('mkfifo', ['-m', '600', barrier]);
      fs.mkdirSync(ready);
      const fd = fs.openSync(barrier, fs.constants.O_RDWR);
      let startPath = env.PATH;
      for (let i = 0; startPath.length < PATH_BYTES; i++) startPath = `/opt/cluster/software/modules/pkg-${String(i).padStart(4, '0')}/bin:${startPath}`;
      const running = Array.from({ length: S }, (_, i) => runShell(shimScript(prefixes, i, barrier, ready), { PATH: startPath }));
      while (fs.readdirSync(ready).length < S) await sleep(20);
      const t = Date.now();
      fs.writeSync(fd, '\n'.repeat(S));
      const shells = await Promise.all(running);
      const ms = Date.now() - t;
      fs.closeSync(fd);
      pass = report('shims', shells, 2 * C, await shortOf(shells, 2 * C), ms, daemon.pid) && pass;
    }
    if (S2 > 0) {
      const t = Date.now();
      const shells = await Promise.all(Array.from({ length: S2 }, (_, i) => runShell(condaScript(conda, i), {})));
      const ms = Date.now() - t;
      pass = report('real conda', shells, 2 * C2, await shortOf(shells, 2 * C2), ms, daemon.pid) && pass;
    }
  } finally {
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.on('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  log(pass ? 'all correct: every GOROOT right, every restore exact, every record applied' : 'WRONG: see above');
  process.exit(pass ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});

#!/usr/bin/env node
// Scale benchmark (figures go in BENCHMARKS.md; never a timed test). Usage:
//   npm run bench:scale [-- --envs 500 --shells 200 --cycles 10 --files 200 --settle 15 --idle 60]
//
// 1. Generates E fixture env prefixes (conda-meta/history, 40 package records, 200 files in lib/ each,
//    so that watching a whole env tree would show) under a conda root found through CONDA_EXE.
// 2. Starts a real daemon; auto_install puts shims into all of them. Reports the time until it answers.
// 3. S real bash processes at once, each sourcing a random env's activate and deactivate shims C times
//    (the shim path conda takes), checking in the shell that GOROOT is the env's and that every variable
//    is back byte for byte afterwards. Their journal records reach the daemon concurrently.
// 4. S concurrent HTTP clients on the socket, C requests each (POST /v1/events, GET /v1/status).
// 5. Checks every answer: each shell's own checks, and the daemon's count of records and events.
// 6. Reads, inside the daemon (status --json `metrics`): p50/p99/max latency to apply a shim record and to
//    answer a request; resident memory (/proc VmRSS) after each phase; inotify watches; then, after a
//    settling pause, CPU used over the idle period and resident memory after it.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const E = opt('envs', 500);
const S = opt('shells', 200);
const C = opt('cycles', 10);
const IDLE = opt('idle', 60);
const FILES = opt('files', 200);
const SETTLE = opt('settle', 15);

const repo = path.resolve(__dirname, '..');
const cli = path.join(repo, 'dist', 'cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-scale-'));
const root = path.join(dir, 'conda');
const env = {
  HOME: path.join(dir, 'home'),
  XDG_RUNTIME_DIR: path.join(dir, 'run'),
  XDG_STATE_HOME: path.join(dir, 'state'),
  XDG_CONFIG_HOME: path.join(dir, 'config'),
  PATH: '/usr/bin:/bin',
  CONDA_EXE: path.join(root, 'bin', 'conda'),
  ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
  LANG: 'C.UTF-8',
};
const GO = ['/usr/lib/go-1.19', '/usr/lib/go-1.22'];
for (const g of GO) if (!fs.existsSync(path.join(g, 'bin', 'go'))) throw new Error(`${g} missing: run bash scripts/ensure-test-deps`);

function log(msg) {
  process.stdout.write(`${msg}\n`);
}

function makeFixtures() {
  fs.mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });
  fs.mkdirSync(path.join(env.XDG_CONFIG_HOME, 'gocondad'), { recursive: true });
  fs.writeFileSync(path.join(env.XDG_CONFIG_HOME, 'gocondad', 'config.yml'), `system_toolchains: false\ntoolchains: [${GO.join(', ')}]\n`);
  fs.mkdirSync(path.join(root, 'conda-meta'), { recursive: true });
  fs.writeFileSync(path.join(root, 'conda-meta', 'history'), '');
  const prefixes = [];
  for (let i = 0; i < E; i++) {
    const p = path.join(root, 'envs', `env${String(i).padStart(4, '0')}`);
    fs.mkdirSync(path.join(p, 'conda-meta'), { recursive: true });
    fs.mkdirSync(path.join(p, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(p, 'conda-meta', 'history'), '==> fixture <==\n');
    for (let k = 0; k < 40; k++) fs.writeFileSync(path.join(p, 'conda-meta', `pkg${k}-1.0-0.json`), '{}');
    for (let k = 0; k < FILES; k++) fs.writeFileSync(path.join(p, 'lib', `f${k}`), '');
    // Every other env pins 1.19, so that a wrong answer cannot pass by luck.
    if (i % 2 === 1) {
      fs.mkdirSync(path.join(p, 'etc'), { recursive: true });
      fs.writeFileSync(path.join(p, 'etc', 'gocondad.yml'), 'go: "1.19"\n');
    }
    prefixes.push(p);
  }
  return prefixes;
}

function request(method, urlPath, body) {
  const sock = path.join(env.XDG_RUNTIME_DIR, 'gocondad', 'gocondad.sock');
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        socketPath: sock,
        method,
        path: urlPath,
        agent: false,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

const status = async () => (await request('GET', '/v1/status')).body;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function procStat(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return (Number(fields[11]) + Number(fields[12])) / tick; // utime + stime, seconds
}
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** One shell: C cycles on random envs, checking GOROOT and exact restore itself. */
function shellScript(prefixes, seed) {
  const picks = [];
  for (let c = 0; c < C; c++) picks.push(prefixes[(seed * 7919 + c * 104729) % prefixes.length]);
  const lines = [
    'set -u',
    'snap() { for v in GOROOT GOPATH GOBIN GOMODCACHE PATH; do eval "printf \'%s=[%s]\' \\"\\$v\\" \\"\\${$v-<unset>}\\""; done; }',
    'ok=0; bad=0',
  ];
  for (const [c, p] of picks.entries()) {
    const want = prefixes.indexOf(p) % 2 === 1 ? GO[0] : GO[1];
    lines.push(
      `before=$(snap)`,
      `export CONDA_PREFIX='${p}' CONDA_SHLVL=1 PATH="${p}/bin:$PATH"`,
      `. '${p}/etc/conda/activate.d/zzz-gocondad.sh'`,
      `if [ "\${GOROOT-}" = '${want}' ]; then ok=$((ok+1)); else bad=$((bad+1)); echo "cycle ${c}: GOROOT=\${GOROOT-} want ${want}" >&2; fi`,
      `. '${p}/etc/conda/deactivate.d/zzz-gocondad.sh'`,
      `PATH=\${PATH#'${p}/bin:'}; unset CONDA_PREFIX CONDA_SHLVL`,
      `if [ "$(snap)" = "$before" ]; then ok=$((ok+1)); else bad=$((bad+1)); echo "cycle ${c}: not restored" >&2; fi`,
    );
  }
  lines.push('echo "ok=$ok bad=$bad pid=$$"');
  return lines.join('\n');
}

async function main() {
  log(`gocondad scale benchmark: ${E} envs, ${S} concurrent shells x ${C} activate+deactivate, ${S} concurrent HTTP clients x ${C} requests, ${IDLE} s idle`);
  log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0].model}), ${os.platform()} ${os.release()}`);
  let t = Date.now();
  const prefixes = makeFixtures();
  log(`fixtures: ${E} envs with ${E * (FILES + 41)} files in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  t = Date.now();
  // As `gocondad start` runs it, with the same Node flags.
  const { DAEMON_NODE_FLAGS } = require(path.join(repo, 'dist', 'pkg.js'));
  const daemon = spawn(process.execPath, [...DAEMON_NODE_FLAGS, cli, 'daemon', '--quiet'], { env, stdio: 'ignore' });
  let st;
  for (;;) {
    await sleep(50);
    try {
      st = await status();
      break;
    } catch {
      if (daemon.exitCode !== null) throw new Error('daemon exited; see its log');
    }
  }
  const missing = prefixes.filter((p) => !fs.existsSync(path.join(p, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh')));
  log(`daemon up and watching in ${Date.now() - t} ms: ${st.discovered.envs} envs discovered, ${E - missing.length}/${E} got shims`);
  if (missing.length > 0) throw new Error(`${missing.length} envs without shims`);

  const rssAtStart = rssMiB(daemon.pid);
  const before = st.metrics;
  t = Date.now();
  const shells = await Promise.all(
    Array.from(
      { length: S },
      (_, i) =>
        new Promise((resolve) => {
          const child = spawn('bash', ['-c', shellScript(prefixes, i + 1)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          child.stdout.on('data', (d) => (out += d));
          child.stderr.on('data', (d) => (err += d));
          child.on('error', (e) => (err += `spawn failed: ${e.message}`));
          child.on('close', (code, signal) => resolve({ out, err: err || (code !== 0 ? `exit ${code} ${signal ?? ''}` : '') }));
        }),
    ),
  );
  const shellMs = Date.now() - t;
  let ok = 0;
  let bad = 0;
  for (const s of shells) {
    const m = /ok=(\d+) bad=(\d+)/.exec(s.out);
    if (!m || s.err) log(`shell problem: ${s.out} ${s.err}`);
    ok += m ? Number(m[1]) : 0;
    bad += m ? Number(m[2]) : C * 2;
  }
  const expectRecords = S * C * 2;
  for (let i = 0; i < 100; i++) {
    st = await status();
    if (st.metrics.records.count - before.records.count >= expectRecords) break;
    await sleep(50);
  }
  const recs = st.metrics.records.count - before.records.count;
  log(`shells: ${S} x ${C} cycles in ${shellMs} ms; shell-side checks ${ok} ok, ${bad} wrong; daemon applied ${recs}/${expectRecords} records`);

  const rssAfterShells = rssMiB(daemon.pid);

  // The same records over HTTP, as a client that posts instead of appending to the journal would send them.
  t = Date.now();
  let answers = 0;
  let wrong = 0;
  await Promise.all(
    Array.from({ length: S }, async (_, i) => {
      const pid = String(4000000 + i);
      for (let c = 0; c < C; c++) {
        const prefix = prefixes[(i + c) % E];
        for (const ev of ['activate', 'deactivate']) {
          const r = await request('POST', '/v1/events', {
            records: [{ v: '1', ev, pid, lvl: '1', prefix, goroot: ev === 'activate' ? GO[1] : '', sh: 'bash' }],
          });
          if (r.status === 200 && r.body.accepted === 1) answers++;
          else wrong++;
        }
      }
    }),
  );
  log(`http: ${S} concurrent clients x ${C} activate+deactivate posts in ${Date.now() - t} ms; ${answers} correct answers, ${wrong} wrong`);
  const rssAfterPosts = rssMiB(daemon.pid);
  for (let i = 0; i < 50; i++) {
    const r = await request('GET', '/v1/status');
    if (r.status !== 200 || r.body.envs.length !== E + 1) wrong++;
  }

  st = await status();
  const m = st.metrics;
  const events = m.requests['POST /v1/events'];
  const stat = m.requests['GET /v1/status'];
  const rss = rssMiB(daemon.pid);
  log(`inside the daemon: apply a shim record      p50 ${m.records.p50} ms, p99 ${m.records.p99} ms, max ${m.records.max} ms (${m.records.count} records)`);
  log(`inside the daemon: answer POST /v1/events   p50 ${events.p50} ms, p99 ${events.p99} ms, max ${events.max} ms (${events.count} requests)`);
  log(
    `inside the daemon: answer GET /v1/status    p50 ${stat.p50} ms, p99 ${stat.p99} ms, max ${stat.max} ms (${stat.count} requests, ${E + 1} envs in each answer)`,
  );
  log(
    `V8 heap used ${(st.daemon.heapUsedBytes / 1048576).toFixed(1)} MiB; a status answer is ${JSON.stringify(st).length} bytes (${st.conflicts.length} fixes, ${st.sessions.length} shells, ${st.envs.length} envs)`,
  );
  log(
    `resident memory: ${rssAtStart.toFixed(1)} MiB after start, ${rssAfterShells.toFixed(1)} MiB after the shells, ${rssAfterPosts.toFixed(1)} MiB after the HTTP posts, ${rss.toFixed(1)} MiB after 50 status calls`,
  );
  const formula = 5 * E;
  log(
    `inotify watches: ${st.watch.inotifyWatches} (bound: 5 per env = ${formula}, plus the fixed set; chokidar roots ${st.watch.roots}, watched paths ${st.watch.paths})`,
  );

  // Let V8's memory reducer and any pending timers run their course, then measure a quiet minute.
  await sleep(SETTLE * 1000);
  const cpu0 = procStat(daemon.pid);
  await sleep(IDLE * 1000);
  const cpu1 = procStat(daemon.pid);
  const rssSettled = rssMiB(daemon.pid);
  log(
    `idle: ${((cpu1 - cpu0) * 1000).toFixed(0)} ms CPU over ${IDLE} s (${(((cpu1 - cpu0) / IDLE) * 100).toFixed(3)} %); resident memory after it ${rssSettled.toFixed(1)} MiB`,
  );

  daemon.kill('SIGTERM');
  await new Promise((r) => daemon.on('exit', r));
  fs.rmSync(dir, { recursive: true, force: true });
  const pass =
    bad === 0 &&
    wrong === 0 &&
    recs === expectRecords &&
    m.records.p99 <= 2 &&
    events.p99 <= 2 &&
    rssSettled <= 80 &&
    rssAfterShells <= 80 &&
    st.watch.inotifyWatches <= formula + 50;
  log(
    pass
      ? 'targets met: answers correct; record and POST p99 <= 2 ms; RSS <= 80 MiB after the shells and settled; watches within 5 per env'
      : 'TARGETS MISSED: see above',
  );
  process.exit(pass ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});

// Faults around a real daemon: killed (SIGKILL) or hung (SIGSTOP) at each step of an activation
// sequence, its runtime dir removed while it runs, its state file damaged between runs, a full disk under
// its log and state, the socket path taken by another user's file, several daemons starting at once.
// Nothing here measures time: a hung daemon is shown harmless by the shell finishing while the daemon
// stays stopped, and by counting what a shim starts and connects to (strace); timing is in the bench.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { logEvents, request } from '../helpers/daemon-io';
import { GO119, GO122, requireReal, SNAP, traceWorld, World } from '../helpers/world';

beforeAll(() => requireReal());

// One shell, six steps; before step $STEP the shell sends $SIG to the daemon ($DPID).
const SEQUENCE = `set -eu
${SNAP}snap "$OUT.start"
fault() { if [ "$1" = "$STEP" ]; then kill -s "$SIG" "$DPID"; fi; }
show() { printf '%s %s %s\\n' "$1" "\${GOROOT-unset}" "\${CONDA_SHLVL-}"; }
fault 1; conda activate a; show 1
fault 2; conda activate --stack b; show 2
fault 3; conda deactivate; show 3
fault 4; conda activate b; show 4
fault 5; conda deactivate; show 5
fault 6; conda deactivate; show 6
snap "$OUT.end"
echo "pid=$$"`;
const STEPS = [1, 2, 3, 4, 5, 6];

/** `seen` is `expected`, except that a stretch may have been applied again after a restart: a[0..k] + a[j..]. */
function appliedWithReplay(seen: string[], expected: string[]): boolean {
  const same = (x: string[]) => x.length === seen.length && x.every((v, i) => v === seen[i]);
  for (let k = 0; k <= expected.length; k++) for (let j = 0; j <= k; j++) if (same([...expected.slice(0, k), ...expected.slice(j)])) return true;
  return false;
}

describe('the daemon killed or hung at each step of an activation sequence', () => {
  let world: World;
  let reference: string;
  /** The records of the sequence, as a daemon that saw no fault applied them. */
  let expected: string[];
  beforeAll(() => {
    ({ world } = traceWorld());
    world.startDaemon();
    const r = world.sh('bash', SEQUENCE, { env: { OUT: path.join(world.dir, 'ref'), STEP: '0', SIG: 'KILL', DPID: '0' } });
    expect(r.stderr).toBe('');
    reference = r.stdout.replace(/pid=\d+\n$/, '');
    world.status(); // reads every shell's journal to its end before answering
    expected = eventsOf(Number(/pid=(\d+)/.exec(r.stdout)![1]));
    expect(expected.length).toBeGreaterThanOrEqual(STEPS.length);
    world.cli(['stop']);
    expect(reference).toBe(`1 ${GO119} 1\n2 ${GO122} 2\n3 ${GO119} 1\n4 ${GO122} 2\n5 ${GO119} 1\n6 unset 0\n`);
  });
  afterAll(() => world.cleanup());

  /** The shell's records as the daemon logged them (a killed daemon may re-apply what it had not saved). */
  const eventsOf = (pid: number) =>
    fs
      .readFileSync(world.logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes(`"shellPid":${pid},`))
      .map((l) => JSON.parse(l) as { event: string; shlvl: number })
      .filter((e) => e.event === 'activate' || e.event === 'deactivate')
      .map((e) => `${e.event} ${e.shlvl}`);

  for (const sig of ['KILL', 'STOP']) {
    test.each(STEPS)(`SIG${sig} before step %d: exact restore, every step right, no record lost`, async (step) => {
      world.startDaemon();
      const dpid = world.daemonPid()!;
      const out = path.join(world.dir, `${sig}-${step}`);
      try {
        // A stopped daemon stays stopped until the shell is done: the shell cannot have waited on it.
        const r = world.sh('bash', SEQUENCE, { env: { OUT: out, STEP: String(step), SIG: sig, DPID: String(dpid) } });
        expect(r.stderr).toBe('');
        expect(r.stdout.replace(/pid=\d+\n$/, '')).toBe(reference);
        expect(fs.readFileSync(`${out}.end`).equals(fs.readFileSync(`${out}.start`))).toBe(true);
        const shellPid = Number(/pid=(\d+)/.exec(r.stdout)![1]);
        if (sig === 'STOP') process.kill(dpid, 'SIGCONT');
        else world.startDaemon(); // the records written while it was dead are read at start
        // Every record, in order; a killed daemon may re-apply what it applied but had not saved yet.
        await world
          .waitFor(() => appliedWithReplay(eventsOf(shellPid), expected), `the ${expected.length} records of shell ${shellPid}`)
          .catch((err: Error) => {
            throw new Error(`${err.message}: journalled ${expected.join(', ')}; applied ${eventsOf(shellPid).join(', ')}`);
          });
        if (sig === 'STOP') expect(eventsOf(shellPid)).toEqual(expected);
      } finally {
        try {
          process.kill(dpid, 'SIGCONT');
        } catch {
          /* gone */
        }
        world.cli(['stop']);
      }
    });
  }

  test('a shim starts no process and connects to nothing (strace), with the daemon hung', () => {
    world.startDaemon();
    const dpid = world.daemonPid()!;
    process.kill(dpid, 'SIGSTOP');
    try {
      const shim = (k: string) => path.join(world.root, 'envs', 'b', 'etc', 'conda', `${k}.d`, 'zzz-gocondad.sh');
      const trace = path.join(world.dir, 'strace.out');
      // The shims run between two marker files being opened; bash's own start-up (a user lookup) is not theirs.
      const mark = (n: string) => path.join(world.dir, `shim-${n}-here`);
      const script = `export CONDA_SHLVL=1 CONDA_PREFIX="${path.join(world.root, 'envs', 'b')}"\nexec 9>"${mark('starts')}"\n. "${shim('activate')}"\n. "${shim('deactivate')}"\nexec 9>"${mark('ends')}"\necho done`;
      const r = spawnSync(
        'strace',
        ['-f', '-qq', '-e', 'trace=execve,connect,clone,clone3,fork,vfork,openat', '-o', trace, 'bash', '--norc', '--noprofile', '-c', script],
        { env: world.env, encoding: 'utf8' },
      );
      if (r.error) throw new Error(`strace is needed for this test: apt-get install strace (scripts/ensure-test-deps does it): ${r.error.message}`);
      expect(r.stdout).toBe('done\n');
      const lines = fs.readFileSync(trace, 'utf8').split('\n');
      const from = lines.findIndex((l) => l.includes(mark('starts')));
      const to = lines.findIndex((l) => l.includes(mark('ends')));
      expect(from).toBeGreaterThan(0);
      expect(to).toBeGreaterThan(from);
      const during = lines.slice(from, to);
      // The shims' files were read (the trace sees them), and they started no process and opened no socket:
      // nothing to wait on, whatever the daemon does.
      expect(during.some((l) => l.includes('zzz-gocondad.sh'))).toBe(true);
      expect(during.filter((l) => /\b(execve|connect|clone3?|v?fork)\(/.test(l))).toEqual([]);
      // And the record of this activation is in the shell's journal for the daemon to read when it wakes.
      const journals = fs.readdirSync(world.runtimeDir).filter((f) => /^journal\.\d+$/.test(f));
      expect(journals.some((f) => fs.readFileSync(path.join(world.runtimeDir, f), 'latin1').includes(`prefix=${path.join(world.root, 'envs', 'b')}\0`))).toBe(
        true,
      );
    } finally {
      process.kill(dpid, 'SIGCONT');
      world.cli(['stop']);
    }
  });
});

describe('damage around a running daemon', () => {
  let world: World;
  let sock: string;
  const live = (prefix: string, lvl = '1') => record({ v: '1', ev: 'activate', pid: String(process.pid), lvl, prefix, sh: 'bash' });
  const record = (f: Record<string, string>) =>
    `\x01gcd1\0${Object.entries(f)
      .map(([k, v]) => `${k}=${v}\0`)
      .join('')}\x01end\0\n`;
  const sessionAt = async (prefix: string) => {
    const st = await request(sock, 'GET', '/v1/status').catch(() => null);
    return st?.json?.sessions?.some((s: { shellPid: number; prefix: string }) => s.shellPid === process.pid && s.prefix === prefix) === true;
  };
  const waitAsync = async (check: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 400; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  beforeEach(() => {
    world = new World();
    sock = path.join(world.runtimeDir, 'gocondad.sock');
  });
  afterEach(() => world.cleanup());

  test('the runtime dir removed while running: recreated, the socket answers again, nothing lost', async () => {
    world.startDaemon();
    const pid = world.daemonPid();
    fs.appendFileSync(path.join(world.runtimeDir, 'journal'), live('/before-rm'));
    await waitAsync(() => sessionAt('/before-rm'), 'the first session');
    // Gone at once as the daemon sees it (a recursive rm races the daemon putting its files back).
    fs.renameSync(world.runtimeDir, `${world.runtimeDir}.gone`);
    fs.rmSync(`${world.runtimeDir}.gone`, { recursive: true, force: true, maxRetries: 5 });
    await world.waitFor(() => fs.existsSync(sock) && world.daemonPid() === pid, 'socket and lock back');
    expect(fs.statSync(world.runtimeDir).mode & 0o777).toBe(0o700);
    expect(await sessionAt('/before-rm')).toBe(true);
    // The shims' next record (into a new journal) reaches the same daemon.
    fs.appendFileSync(path.join(world.runtimeDir, 'journal'), live('/after-rm', '2'));
    await waitAsync(() => sessionAt('/after-rm'), 'the record written after the removal');
    const lost = logEvents(world.logFile).get('runtime_lost') ?? [];
    expect(lost[0]?.what).toMatch(/was removed/);
    expect(logEvents(world.logFile).get('runtime_recovered')).toHaveLength(1);
  });

  test('SIGKILL after the state was saved: a restart has the sessions (the save after each record)', async () => {
    world.startDaemon();
    const stateFile = path.join(world.env.XDG_STATE_HOME!, 'gocondad', 'state.json');
    // Applied, then saved: wait on the file's content, not on a delay.
    fs.appendFileSync(path.join(world.runtimeDir, 'journal'), live('/saved/one') + live('/saved/two', '2'));
    await world.waitFor(() => fs.existsSync(stateFile) && fs.readFileSync(stateFile, 'utf8').includes('"/saved/two"'), 'the state saved');
    // Gone without a word: no shutdown save. The journal is gone too, so only the saved state can tell.
    process.kill(world.daemonPid()!, 'SIGKILL');
    fs.rmSync(path.join(world.runtimeDir, 'journal'));
    world.startDaemon();
    expect(await sessionAt('/saved/two')).toBe(true);
    const st = await request(sock, 'GET', '/v1/status');
    expect(st.json.sessions.find((s: { shellPid: number }) => s.shellPid === process.pid).shlvl).toBe(2);
  });

  test('the state file corrupted between runs: said once, moved aside, a fresh start that saves again', async () => {
    world.startDaemon();
    world.cli(['stop']);
    const stateFile = path.join(world.env.XDG_STATE_HOME!, 'gocondad', 'state.json');
    fs.writeFileSync(stateFile, '{"sessions": [{"shellPid": 1, "lev');
    world.startDaemon();
    expect((await request(sock, 'GET', '/v1/hello')).status).toBe(200);
    expect(logEvents(world.logFile).get('state_unreadable')?.[0]?.err).toMatch(/moved to .*state\.json\.bad/);
    expect(fs.readFileSync(`${stateFile}.bad`, 'utf8')).toContain('"lev');
    fs.appendFileSync(path.join(world.runtimeDir, 'journal'), live('/fresh'));
    await world.waitFor(() => fs.existsSync(stateFile) && fs.readFileSync(stateFile, 'utf8').includes('"/fresh"'), 'the state saved again');
  });

  test('the socket path taken by a file of another user: refused, with what to do', () => {
    fs.mkdirSync(world.runtimeDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(sock, 'not yours');
    fs.chownSync(sock, 65534, 65534);
    const r = world.cli(['daemon', '--quiet']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/socket path .* is taken by a file of uid 65534, not yours/);
    expect(r.stderr).toMatch(/remove it as root, or set XDG_RUNTIME_DIR/);
    expect(fs.readFileSync(sock, 'utf8')).toBe('not yours');
    expect(fs.existsSync(path.join(world.runtimeDir, 'gocondad.lock'))).toBe(false);
  });

  test('several daemons starting at once: exactly one wins, also over a stale lock', async () => {
    for (const stale of [false, true]) {
      if (stale) {
        fs.mkdirSync(world.runtimeDir, { recursive: true, mode: 0o700 });
        fs.writeFileSync(path.join(world.runtimeDir, 'gocondad.lock'), '4194999\n'); // a pid that cannot exist
      }
      const kids = Array.from({ length: 4 }, () =>
        spawn(process.execPath, [path.join(__dirname, '..', '..', 'dist', 'cli.js'), 'daemon', '--quiet'], {
          env: world.env,
          stdio: ['ignore', 'ignore', 'pipe'],
        }),
      );
      const stderr = kids.map(() => '');
      kids.forEach((k, i) => k.stderr!.on('data', (d) => (stderr[i] += d)));
      const exits = kids.map((k) => new Promise<number | null>((r) => k.on('exit', (c) => r(c))));
      // Three give up; one serves.
      let exited: number[] = [];
      await world.waitFor(
        () => (exited = kids.map((k, i) => (k.exitCode !== null ? i : -1)).filter((i) => i >= 0)).length === 3,
        'three of four to give up',
        30000,
      );
      const winner = kids.find((k) => k.exitCode === null)!;
      expect(world.daemonPid()).toBe(winner.pid);
      for (const i of exited) {
        expect(kids[i]!.exitCode).toBe(1);
        expect(stderr[i]).toMatch(/already running/);
      }
      // The winner holds the lock from its first moment; it listens once its watches are set up.
      await world.waitFor(() => fs.existsSync(sock), 'the winner to listen');
      expect((await request(sock, 'GET', '/v1/hello')).json.pid).toBe(winner.pid);
      winner.kill('SIGTERM');
      await Promise.all(exits);
    }
  });
});

describe('a full disk under the log and the state', () => {
  test('the daemon keeps serving and keeps sessions in memory; once there is room, it saves again', async () => {
    if (process.getuid?.() !== 0) throw new Error('this test must run as root (or with sudo): it mounts a small tmpfs');
    const world = new World();
    const stateHome = world.env.XDG_STATE_HOME!;
    fs.mkdirSync(stateHome, { recursive: true });
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k,mode=0755', 'tmpfs', stateHome], { encoding: 'utf8' });
    if (mount.status !== 0) throw new Error(`cannot mount a tmpfs here (${mount.stderr.trim()}); this test needs root with CAP_SYS_ADMIN`);
    try {
      world.startDaemon();
      const sock = path.join(world.runtimeDir, 'gocondad.sock');
      const stateFile = path.join(stateHome, 'gocondad', 'state.json');
      const filler = path.join(stateHome, 'filler');
      // Fill the disk to the last byte.
      spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { encoding: 'utf8' });
      expect(spawnSync('sh', ['-c', `echo x >> "${path.join(stateHome, 'probe')}"`]).status).not.toBe(0);
      const rec = (prefix: string, pid: number) => `\x01gcd1\0v=1\0ev=activate\0pid=${pid}\0lvl=1\0prefix=${prefix}\0sh=bash\0\x01end\0\n`;
      // Many records, each a log line that cannot be written and a state save that fails.
      let text = '';
      for (let i = 0; i < 200; i++) text += rec(`/full/${i}`, process.pid);
      fs.appendFileSync(path.join(world.runtimeDir, 'journal'), text);
      await world.waitFor(() => {
        const st = world.cli(['status', '--json']);
        return st.status === 0 && JSON.parse(st.stdout).sessions.some((s: { prefix: string }) => s.prefix === '/full/199');
      }, 'the records applied in memory');
      expect((await request(sock, 'GET', '/v1/hello')).status).toBe(200);
      // Room again: the next record is saved, and logged.
      fs.rmSync(filler);
      fs.appendFileSync(path.join(world.runtimeDir, 'journal'), rec('/room-again', process.pid));
      await world.waitFor(() => fs.existsSync(stateFile) && fs.readFileSync(stateFile, 'utf8').includes('/room-again'), 'the state saved once there is room');
      await world.waitFor(() => fs.readFileSync(world.logFile, 'utf8').includes('/room-again'), 'the log written once there is room');
      world.cli(['stop']);
    } finally {
      world.cli(['stop']);
      spawnSync('umount', ['-l', stateHome]);
      world.cleanup();
    }
  });
});

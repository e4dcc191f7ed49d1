// Real Go toolchains, a real daemon on an isolated socket, real shells: what a user sees.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { GO119, GO122, POSIX_SHELLS, requireReal, SNAP, World } from '../helpers/world';

beforeAll(() => requireReal());

describe('inside an env, with the daemon up', () => {
  let world: World;
  let env122: string;
  beforeAll(() => {
    world = new World();
    env122 = world.makeEnv('go122', { pin: 'go: "1.22"\n' });
    // A stale go 1.19 in the env's bin, as an old `conda install go` or a copied binary leaves it.
    fs.symlinkSync(path.join(GO119, 'bin', 'go'), path.join(env122, 'bin', 'go'));
    world.installShims(env122);
    world.startDaemon();
    fs.mkdirSync(path.join(world.dir, 'hello'));
    fs.writeFileSync(path.join(world.dir, 'hello', 'go.mod'), 'module example.com/hello\n\ngo 1.19\n');
    fs.writeFileSync(path.join(world.dir, 'hello', 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from go") }\n');
  });
  afterAll(() => world.cleanup());

  test.each(POSIX_SHELLS)('%s: go version and go env match the choice, a hello world builds and runs', (shell) => {
    const r = world.sh(
      shell,
      `set -eu\nconda activate go122\ngo version\ngo env GOROOT GOPATH GOBIN\ncd hello && go build -o hello . && ./hello\nconda deactivate`,
      { env: { GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' } },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual([
      expect.stringMatching(/^go version go1\.22\.\d+ /),
      GO122,
      path.join(env122, 'share', 'gopath'),
      path.join(env122, 'bin'),
      'hello from go',
      '',
    ]);
  });

  test('the stale go in $PREFIX/bin is shadowed, and the fix is logged and in status --json', async () => {
    const r = world.sh('bash', 'conda activate go122; command -v go; go version; echo "pid=$$"');
    const pid = Number(/pid=(\d+)/.exec(r.stdout)![1]);
    expect(r.stdout).toContain(`${GO122}/bin/go`);
    expect(r.stdout).toMatch(/go1\.22/);
    await world.waitFor(() => fs.readFileSync(world.logFile, 'utf8').includes(`"shellPid":${pid}`), 'the activation in the log');
    const status = world.status();
    const fix = status.conflicts.find((c: any) => c.kind === 'shadowed-go' && c.shellPid === pid);
    expect(fix).toMatchObject({ prefix: env122, before: path.join(env122, 'bin', 'go'), after: `${GO122}/bin/go` });
    const logged = fs
      .readFileSync(world.logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"conflict_fixed"'))
      .map((l) => JSON.parse(l));
    expect(logged).toContainEqual(expect.objectContaining({ event: 'conflict_fixed', kind: 'shadowed-go', shellPid: pid, prefix: env122 }));
  });

  test('an inherited GOROOT pointing into a conda prefix is reported as invalid-goroot', async () => {
    const r = world.sh('bash', `conda activate go122; echo "pid=$$"`, { env: { GOROOT: env122 } });
    const pid = Number(/pid=(\d+)/.exec(r.stdout)![1]);
    await world.waitFor(() => world.status().conflicts.some((c: any) => c.shellPid === pid && c.kind === 'invalid-goroot'), 'invalid-goroot fix');
    const fix = world.status().conflicts.find((c: any) => c.shellPid === pid && c.kind === 'invalid-goroot');
    expect(fix).toMatchObject({ before: env122, after: GO122 });
  });

  test('status lists a live shell with its env and toolchain, and forgets it when the shell exits', async () => {
    const { spawn } = await import('node:child_process');
    const emu = path.join(__dirname, '..', 'conda-emu', 'conda.sh');
    const child = spawn('bash', ['-c', `. "${emu}"; conda activate go122; echo ready; read line`], {
      env: { ...world.env },
      cwd: world.dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    await world.waitFor(() => world.status().sessions.some((s: any) => s.shellPid === child.pid), 'the session');
    const session = world.status().sessions.find((s: any) => s.shellPid === child.pid);
    expect(session).toMatchObject({ shell: 'bash', prefix: env122, envName: 'go122', goroot: GO122, goVersion: expect.stringMatching(/^go1\.22/) });
    child.stdin!.end('\n');
    await new Promise((r) => child.on('exit', r));
    expect(world.status().sessions.some((s: any) => s.shellPid === child.pid)).toBe(false);
  });
});

describe('never break activation', () => {
  let world: World;
  beforeAll(() => {
    world = new World();
    world.installShims(world.makeEnv('a'));
  });
  afterAll(() => world.cleanup());

  const cycle = (shell: string, tag: string) => {
    const out = path.join(world.dir, `cycle-${shell}-${tag}`);
    const r = world.sh(shell, `set -eu\n${SNAP}snap "$OUT.before"\nconda activate a\nprintf '%s\\n' "$GOROOT"\nconda deactivate\nsnap "$OUT.after"`, {
      env: { OUT: out, GOPATH: "x'y" },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${GO122}\n`);
    expect(fs.readFileSync(`${out}.after`).equals(fs.readFileSync(`${out}.before`))).toBe(true);
  };

  test.each(POSIX_SHELLS)('%s: daemon killed between activate and deactivate still restores exactly', async (shell) => {
    world.startDaemon();
    const pid = world.daemonPid()!;
    const out = path.join(world.dir, `killed-${shell}`);
    const r = world.sh(
      shell,
      `set -eu\n${SNAP}snap "$OUT.before"\nconda activate a\nkill -9 ${pid}\nwhile kill -0 ${pid} 2>/dev/null; do sleep 0.05; done\nconda deactivate\nsnap "$OUT.after"`,
      { env: { OUT: out } },
    );
    expect(r.stderr).toBe('');
    expect(fs.readFileSync(`${out}.after`).equals(fs.readFileSync(`${out}.before`))).toBe(true);
  });

  test.each(POSIX_SHELLS)('%s: no daemon at all', (shell) => cycle(shell, 'none'));

  // Not timed: that the shim starts nothing and connects nowhere is counted with strace in
  // daemon-faults.test.ts; its speed with the daemon hung is measured by `npm run bench`.
  test('a hung daemon (SIGSTOP) neither blocks nor changes the result', () => {
    world.startDaemon();
    const pid = world.daemonPid()!;
    process.kill(pid, 'SIGSTOP');
    try {
      for (const shell of POSIX_SHELLS) cycle(shell, 'hung');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });

  test('a process answering garbage on the socket changes nothing', async () => {
    const r0 = world.cli(['stop']);
    expect(r0.status).toBe(0);
    const sock = path.join(world.runtimeDir, 'gocondad.sock');
    fs.rmSync(sock, { force: true });
    const server = net.createServer((c) => c.end('\x00\xffgarbage HTTP/9 ]]]}'));
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      for (const shell of POSIX_SHELLS) cycle(shell, 'garbage');
      const st = world.cli(['status']);
      expect(st.status).toBe(3);
    } finally {
      server.close();
    }
  });
});

describe('an env path with spaces, quotes and shell syntax', () => {
  let world: World;
  beforeAll(() => {
    world = new World(`co nda'q"$(touch PWNED)\`touch PWNED2\``);
    world.installShims(world.makeEnv(`e n'v"$(touch PWNED3)`, { pin: 'go: "1.22"\n' }));
  });
  afterAll(() => world.cleanup());

  test.each(POSIX_SHELLS)('%s: works and injects nothing', (shell) => {
    const prefix = path.join(world.root, 'envs', `e n'v"$(touch PWNED3)`);
    const out = path.join(world.dir, `odd-${shell}`);
    const r = world.sh(
      shell,
      `set -eu\n${SNAP}snap "$OUT.before"\nconda activate "$P"\nprintf '%s\\n' "$GOPATH"\ngo env GOBIN\nconda deactivate\nsnap "$OUT.after"`,
      { env: { OUT: out, P: prefix } },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${prefix}/share/gopath\n${prefix}/bin\n`);
    expect(fs.readFileSync(`${out}.after`).equals(fs.readFileSync(`${out}.before`))).toBe(true);
    for (const f of ['PWNED', 'PWNED2', 'PWNED3']) expect(fs.existsSync(path.join(world.dir, f))).toBe(false);
  });
});

// Two real users on one machine, each with a daemon, sharing an env an admin (root) owns: each user's
// records reach that user's daemon only; neither can read or write the other's socket, journal, state or
// log; a pin another user could have written is ignored with the reason logged (direnv's rule).
// The users are created here (useradd) and removed after (userdel): this test must run as root, as CI does.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, EMU_CSH, EMU_FISH, EMU_PY, EMU_SH, GO119, GO122, pythonPath, REPO, requireReal } from '../helpers/world';

interface User {
  name: string;
  uid: number;
  home: string;
  env: Record<string, string>;
  runtime: string;
  stateDir: string;
}

const tag = `${process.pid % 100000}`;
let base: string;
let shared: string;
let admin: Record<string, string>;
const users: User[] = [];

function run(cmd: string, args: string[], env?: Record<string, string>): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout: 60000 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A command as `user`, with exactly `env` (runuser, as an admin or CI would). */
function as(user: User, cmd: string[], extra: Record<string, string> = {}) {
  const env = Object.entries({ ...user.env, ...extra }).map(([k, v]) => `${k}=${v}`);
  return run('runuser', ['-u', user.name, '--', 'env', '-i', ...env, ...cmd]);
}

function logOf(stateDir: string): { event?: string; shellPid?: number; msg?: string; file?: string }[] {
  try {
    return fs
      .readFileSync(path.join(stateDir, 'gocondad.log'), 'utf8')
      .split('\n')
      .filter((l) => l)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(() => {
  requireReal();
  if (process.getuid?.() !== 0) throw new Error('test/integration/other-users.test.ts must run as root (or with sudo): it creates two users with useradd');
  for (const tool of ['useradd', 'userdel', 'runuser'])
    if (run('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is missing: apt-get install passwd util-linux (scripts/ensure-test-deps does it)`);
  // Under /tmp, world-traversable: the users must reach the shared env, the CLI and the conda emulation.
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-users-'));
  fs.chmodSync(base, 0o755);
  // The admin's world: a conda root with one shared env, a pin, shims installed by root.
  const root = path.join(base, 'conda');
  shared = path.join(root, 'envs', 'shared');
  for (const d of [
    path.join(root, 'condabin'),
    path.join(root, 'conda-meta'),
    path.join(shared, 'conda-meta'),
    path.join(shared, 'bin'),
    path.join(shared, 'etc'),
  ])
    fs.mkdirSync(d, { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(shared, 'conda-meta', 'history'), '');
  fs.writeFileSync(path.join(shared, 'etc', 'gocondad.yml'), 'go: "1.22"\n', { mode: 0o644 });
  const adminHome = path.join(base, 'admin');
  admin = {
    HOME: adminHome,
    XDG_RUNTIME_DIR: path.join(base, 'run-admin'),
    XDG_STATE_HOME: path.join(adminHome, 'state'),
    XDG_CONFIG_HOME: path.join(adminHome, 'config'),
    PATH: '/usr/bin:/bin',
  };
  fs.mkdirSync(path.join(adminHome, 'config', 'gocondad'), { recursive: true });
  fs.mkdirSync(admin.XDG_RUNTIME_DIR!, { mode: 0o700 });
  const config = `system_toolchains: false\ntoolchains: [${GO119}, ${GO122}]\ndefault: "1.19"\nauto_install: false\n`;
  fs.writeFileSync(path.join(adminHome, 'config', 'gocondad', 'config.yml'), config);
  // The shims carry the installer's fallback runtime dir (used when XDG_RUNTIME_DIR is unset): keep it
  // in this test's temp dir, not the machine's /tmp.
  fs.mkdirSync(path.join(base, 'tmp'), { mode: 0o1777 });
  fs.chmodSync(path.join(base, 'tmp'), 0o1777);
  admin.TMPDIR = path.join(base, 'tmp');
  const inst = run(process.execPath, [CLI, 'shims', 'install', shared], admin);
  if (inst.status !== 0) throw new Error(`shims install as root failed: ${inst.stderr}`);

  for (const letter of ['a', 'b']) {
    const name = `gcd${tag}${letter}`;
    const home = path.join(base, `home-${letter}`);
    const add = run('useradd', ['-M', '-d', home, '-s', '/bin/sh', '-U', name]);
    if (add.status !== 0) throw new Error(`useradd ${name} failed: ${add.stderr}`);
    const uid = Number(run('id', ['-u', name]).stdout.trim());
    fs.mkdirSync(path.join(home, '.config', 'gocondad'), { recursive: true });
    fs.writeFileSync(path.join(home, '.config', 'gocondad', 'config.yml'), config);
    const runtime = path.join(base, `run-${letter}`); // as /run/user/<uid> would be
    fs.mkdirSync(runtime, { mode: 0o700 });
    run('chown', ['-R', `${name}:${name}`, home, runtime]);
    fs.chmodSync(home, 0o700);
    const env = {
      HOME: home,
      USER: name,
      XDG_RUNTIME_DIR: runtime,
      XDG_STATE_HOME: path.join(home, '.local', 'state'),
      XDG_CONFIG_HOME: path.join(home, '.config'),
      PATH: `${path.join(root, 'condabin')}:/usr/bin:/bin`,
      LANG: 'C.UTF-8',
      CONDA_EMU_ROOT: root,
      CONDA_EMU_PY: EMU_PY,
      CONDA_EMU_PYTHON: pythonPath(),
      CONDA_EMU_MODE: 'conda',
    };
    users.push({ name, uid, home, env, runtime: path.join(runtime, 'gocondad'), stateDir: path.join(home, '.local', 'state', 'gocondad') });
  }
  for (const u of users) {
    const r = as(u, [process.execPath, CLI, 'start']);
    if (r.status !== 0) throw new Error(`gocondad start as ${u.name} failed: ${r.stderr}${r.stdout}`);
  }
});

afterAll(() => {
  for (const u of users) {
    as(u, [process.execPath, CLI, 'stop']);
    try {
      process.kill(Number(fs.readFileSync(path.join(u.runtime, 'gocondad.lock'), 'utf8')), 'SIGKILL');
    } catch {
      /* stopped */
    }
    run('userdel', [u.name]);
  }
  if (base) fs.rmSync(base, { recursive: true, force: true, maxRetries: 5 });
});

const activate = (u: User) =>
  as(u, [
    'bash',
    '-c',
    `. "${EMU_SH}"\nconda activate "${shared}"\nprintf '%s\\n' "$GOROOT" "pid=$$"\nconda deactivate\nprintf 'after=%s\\n' "\${GOROOT-unset}"`,
  ]);

test("the shared env is the admin's and read-only to both users", () => {
  const shim = path.join(shared, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');
  expect(fs.statSync(shim).uid).toBe(0);
  expect(fs.statSync(shim).mode & 0o022).toBe(0);
  for (const u of users) expect(as(u, ['sh', '-c', `echo x >> "${shim}"`]).status).not.toBe(0);
  // The runner the fish and csh shims start is in the env too, root's and readable by all (a copy in
  // root's private data dir left both users with no activation at all in fish and tcsh).
  const runner = path.join(shared, 'etc', 'conda', 'gocondad-foreign.sh');
  expect([fs.statSync(runner).uid, fs.statSync(runner).mode & 0o777]).toEqual([0, 0o644]);
  for (const ext of ['csh', 'fish']) expect(fs.readFileSync(path.join(shared, 'etc', 'conda', 'activate.d', `zzz-gocondad.${ext}`), 'utf8')).toContain(runner);
});

test("each user's records go to that user's runtime dir and daemon only", async () => {
  const pids: number[] = [];
  for (const u of users) {
    const r = activate(u);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^${GO122}\\npid=\\d+\\nafter=unset\\n$`));
    pids.push(Number(/pid=(\d+)/.exec(r.stdout)![1]));
  }
  for (const [i, u] of users.entries()) {
    const other = pids[1 - i]!;
    await waitFor(() => logOf(u.stateDir).some((l) => l.event === 'deactivate' && l.shellPid === pids[i]), `${u.name}'s daemon to apply ${u.name}'s records`);
    // Whatever journal files are still there (the daemon retires those of exited shells) are this user's
    // and hold nothing of the other's shell; the log says it all.
    for (const f of fs.readdirSync(u.runtime).filter((n) => n.startsWith('journal'))) {
      expect(fs.statSync(path.join(u.runtime, f)).uid).toBe(u.uid);
      expect(fs.readFileSync(path.join(u.runtime, f), 'latin1')).not.toContain(`pid=${other}\0`);
    }
    expect(fs.existsSync(path.join(u.runtime, `journal.${other}`))).toBe(false);
    expect(logOf(u.stateDir).some((l) => l.shellPid === other)).toBe(false);
  }
  // Nothing in the admin's runtime dir, nor in the fallback dir the shim was written with.
  expect(
    fs.existsSync(path.join(admin.XDG_RUNTIME_DIR!, 'gocondad'))
      ? fs.readdirSync(path.join(admin.XDG_RUNTIME_DIR!, 'gocondad')).filter((n) => n.startsWith('journal'))
      : [],
  ).toEqual([]);
});

// A shim in a shared env (installed by root) once carried the installer's fallback runtime dir, so a
// user without XDG_RUNTIME_DIR journalled into $TMPDIR/gocondad-0 (creating it, and keeping root's own
// daemon from starting there). The shim now takes the fallback of the user running it.
test("without XDG_RUNTIME_DIR a user's records go to that user's own fallback dir", () => {
  const u = users[0]!;
  const noXdg = { ...u.env, TMPDIR: path.join(base, 'tmp') };
  delete (noXdg as Record<string, string | undefined>).XDG_RUNTIME_DIR;
  const envList = Object.entries(noXdg).map(([k, v]) => `${k}=${v}`);
  const start = run('runuser', ['-u', u.name, '--', 'env', '-i', ...envList, process.execPath, CLI, 'start']);
  try {
    expect(start.status).toBe(0);
    const r = run('runuser', [
      '-u',
      u.name,
      '--',
      'env',
      '-i',
      ...envList,
      'bash',
      '-c',
      `. "${EMU_SH}"\nconda activate "${shared}"\necho "pid=$$"\nconda deactivate`,
    ]);
    const pid = Number(/pid=(\d+)/.exec(r.stdout)![1]);
    const mine = path.join(base, 'tmp', `gocondad-${u.uid}`, `journal.${pid}`);
    // The shim appends before it returns: the record is there now, or never.
    expect(fs.existsSync(mine) ? fs.readFileSync(mine, 'latin1') : '').toContain(`pid=${pid}\0`);
  } finally {
    run('runuser', ['-u', u.name, '--', 'env', '-i', ...envList, process.execPath, CLI, 'stop']);
    // Whatever the shim made of the installer's dir: not left for root's daemon to trip over.
    fs.rmSync(path.join(base, 'tmp', 'gocondad-0'), { recursive: true, force: true, maxRetries: 5 });
  }
});

// The csh shim picks the dir for the file of changes it sources in csh itself: it carried the installer's
// fallback too, so a tcsh user got nothing applied where root's dir existed (not theirs: refused), and
// wrote into root's dir where it did not (theirs then). Now it is the user's own, from $uid at run time.
// fish takes its dir from the POSIX shim; both need the runner in the env (not in root's data dir).
test.each(['tcsh', 'fish'])("%s without XDG_RUNTIME_DIR: the shared env activates, and the user's files are in that user's dir only", async (shell) => {
  const u = users[1]!;
  const tmp = path.join(base, 'tmp');
  const rootsDir = path.join(tmp, 'gocondad-0'); // root's own fallback dir, as when root's daemon runs
  fs.mkdirSync(rootsDir, { mode: 0o700 });
  const noXdg: Record<string, string> = { ...u.env, TMPDIR: tmp, CONDA_EMU_CSH_RUN: path.join(REPO, 'test', 'conda-emu', 'conda-run.csh') };
  delete noXdg.XDG_RUNTIME_DIR;
  const pidVar = shell === 'fish' ? '$fish_pid' : '$$';
  const lines = `conda activate "${shared}"\necho "pid=${pidVar}"\nprintenv GOROOT\nconda deactivate\nprintenv GOROOT\necho done\n`;
  const script = path.join(base, `fallback.${shell}`);
  fs.writeFileSync(script, `source "${shell === 'fish' ? EMU_FISH : EMU_CSH}"\n${lines}`, { mode: 0o644 });
  const asNoXdg = (...cmd: string[]) => run('runuser', ['-u', u.name, '--', 'env', '-i', ...Object.entries(noXdg).map(([k, v]) => `${k}=${v}`), ...cmd]);
  expect(asNoXdg(process.execPath, CLI, 'start').status).toBe(0);
  try {
    const r = shell === 'fish' ? asNoXdg('fish', '--no-config', script) : asNoXdg('tcsh', '-f', script);
    expect(r.stderr).toBe('');
    const pid = Number(/^pid=(\d+)\n/.exec(r.stdout)?.[1]);
    expect(r.stdout).toBe(`pid=${pid}\n${GO122}\ndone\n`);
    const mine = path.join(tmp, `gocondad-${u.uid}`);
    expect(fs.statSync(mine).uid).toBe(u.uid);
    if (shell === 'tcsh') expect(fs.statSync(path.join(mine, `csh-${pid}.csh`)).uid).toBe(u.uid);
    // Their own daemon (which reads $TMPDIR/gocondad-<uid> too) applied both records.
    await waitFor(
      () => logOf(u.stateDir).filter((l) => l.shellPid === pid && /^(de)?activate$/.test(l.event ?? '')).length === 2,
      `${u.name}'s daemon to apply the ${shell} records`,
    );
    expect(fs.readdirSync(rootsDir)).toEqual([]);
    // Nor in any other dir (the other user's is there from the test above).
    expect(fs.readdirSync(tmp).filter((n) => n !== 'gocondad-0' && n !== `gocondad-${users[0]!.uid}`)).toEqual([`gocondad-${u.uid}`]);
  } finally {
    asNoXdg(process.execPath, CLI, 'stop');
    fs.rmSync(rootsDir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test("neither user can read or write the other's socket, journal, state or log", () => {
  const [a, b] = users as [User, User];
  // A journal of each user's: the shared file older shims write (a shell's own file is retired when it exits).
  for (const u of users) as(u, ['sh', '-c', `printf x >> "${path.join(u.runtime, 'journal')}"`]);
  const theirs = (u: User) => [path.join(u.runtime, 'journal'), path.join(u.stateDir, 'state.json'), path.join(u.stateDir, 'gocondad.log')];
  for (const [me, them] of [
    [a, b],
    [b, a],
  ] as [User, User][]) {
    for (const f of theirs(them)) {
      expect(fs.existsSync(f)).toBe(true);
      expect(as(me, ['sh', '-c', `cat "${f}"`]).status).not.toBe(0);
      expect(as(me, ['sh', '-c', `printf x >> "${f}"`]).status).not.toBe(0);
    }
    const connect = as(me, [
      process.execPath,
      '-e',
      `require('net').connect(${JSON.stringify(path.join(them.runtime, 'gocondad.sock'))}).on('connect', () => process.exit(0)).on('error', (e) => { console.log(e.code); process.exit(3); })`,
    ]);
    expect(connect.status).toBe(3);
    expect(connect.stdout.trim()).toBe('EACCES');
    // Their own daemon still answers them.
    expect(as(me, [process.execPath, CLI, 'status']).status).toBe(0);
  }
});

describe('a pin another user could have written is ignored, with the reason logged', () => {
  const pin = () => path.join(shared, 'etc', 'gocondad.yml');
  const adminLog = () => logOf(path.join(admin.XDG_STATE_HOME!, 'gocondad'));
  const rewrite = () => {
    const r = run(process.execPath, [CLI, 'shims', 'install', shared], admin);
    expect(r.status).toBe(0);
    return r.stdout + r.stderr;
  };
  beforeAll(() => {
    const r = run(process.execPath, [CLI, 'start'], admin);
    if (r.status !== 0) throw new Error(`the admin's daemon did not start: ${r.stderr}`);
  });
  afterAll(() => {
    run(process.execPath, [CLI, 'stop'], admin);
  });

  test.each([
    ['owned by another user', () => fs.chownSync(pin(), users[1]!.uid, users[1]!.uid), /owned by uid \d+, not by the env's owner \(uid 0\) or root/],
    ['writable by its group', () => fs.chmodSync(pin(), 0o664), /writable by its group \(mode 0664\)/],
    ['writable by others', () => fs.chmodSync(pin(), 0o646), /writable by others/],
  ])('%s: the env gets the default Go, not the pinned one', async (_n, spoil, reason) => {
    spoil();
    const said = rewrite();
    expect(said).toMatch(reason);
    // The admin's daemon says it too, once, with the file.
    await waitFor(() => adminLog().some((l) => l.event === 'pin_problem' && reason.test(l.msg ?? '')), 'the logged reason');
    expect(adminLog().find((l) => l.event === 'pin_problem' && reason.test(l.msg ?? ''))?.file).toBe(pin());
    for (const u of users) expect(activate(u).stdout.split('\n')[0]).toBe(GO119);
    // Trusted again: root's, 0644.
    fs.chownSync(pin(), 0, 0);
    fs.chmodSync(pin(), 0o644);
    rewrite();
    for (const u of users) expect(activate(u).stdout.split('\n')[0]).toBe(GO122);
  });
});

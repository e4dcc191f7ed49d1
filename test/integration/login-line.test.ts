// The login-line service for real: no user manager is reachable (a fresh XDG_RUNTIME_DIR), so
// `gocondad service install` writes the guarded line, and real login shells (bash -l, zsh -l, fish -l,
// tcsh -l) start the daemon through it. Removing it gives the login file back byte for byte.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireReal, World } from '../helpers/world';

let world: World;
beforeAll(() => requireReal());
beforeEach(() => (world = new World()));
afterEach(() => world.cleanup());

function login(shell: string, extraEnv: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const env = { ...world.env, SHELL: `/bin/${shell}`, ...extraEnv };
  // tcsh takes -l only as its sole argument: the commands come on stdin.
  const args = shell === 'tcsh' ? ['-l'] : shell === 'fish' ? ['-l', '-c', 'true'] : ['-l', '-c', 'true'];
  const r = spawnSync(shell, args, { env, input: shell === 'tcsh' ? 'exit\n' : '', encoding: 'utf8', timeout: 30000, cwd: world.dir });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Live processes started in this world: those with its XDG_RUNTIME_DIR in their environment (inherited
 * by a forked child before it execs, too). Linux /proc; unreadable entries (gone meanwhile) are skipped.
 */
function worldProcesses(): number[] {
  const mark = Buffer.from(`\0XDG_RUNTIME_DIR=${world.env.XDG_RUNTIME_DIR}\0`);
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (Buffer.concat([Buffer.from([0]), fs.readFileSync(`/proc/${name}/environ`)]).includes(mark) && !isZombie(name)) out.push(Number(name));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return out.sort((a, b) => a - b);
}

const isZombie = (pid: string) => / Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ')'));

async function waitForDaemon(): Promise<number> {
  await world.waitFor(() => world.cli(['status', '--json']).status === 0, 'the daemon started by the login line', 15000);
  return world.status().daemon.pid;
}

const cases: [string, string][] = [
  ['bash', '.profile'],
  ['zsh', '.zprofile'],
  ['fish', '.config/fish/conf.d/gocondad.fish'],
  ['tcsh', '.login'],
];

test.each(cases)(
  '%s: service install picks the login line, a real login shell starts the daemon once, uninstall removes the file it created',
  async (shell, rel) => {
    const r = world.cli(['service', 'install'], { SHELL: `/bin/${shell}` });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/service: login-line \(systemctl --user .*\)/);
    const file = path.join(world.home, rel);
    expect(fs.readFileSync(file, 'utf8')).toContain('# >>> gocondad >>> [file created]');
    // install started it right away; stop it, so that the login shell is what starts it.
    expect(world.cli(['stop']).status).toBe(0);
    const sh = login(shell);
    expect(sh.status).toBe(0);
    // tcsh -l without a terminal says so itself; the line adds nothing.
    expect(sh.stdout.replace(/^Warning: no access to tty.*\nThus no job control in this shell\.\n/, '')).toBe('');
    const pid = await waitForDaemon();
    // A second login finds it running and starts no other: once the `gocondad start` it left in the
    // background is gone, the daemon is the only process of this world (a second daemon would stay).
    expect(login(shell).status).toBe(0);
    await world.waitFor(() => worldProcesses().join() === String(pid), `the second login's start to finish, leaving only daemon ${pid}`, 15000);
    expect(world.status().daemon.pid).toBe(pid);
    const st = world.cli(['service', 'status', '--json']);
    expect(st.status).toBe(0);
    expect(JSON.parse(st.stdout)).toMatchObject({ installed: [{ kind: 'login-line', installed: true, files: [file] }], daemonPid: pid });
    expect(world.cli(['service', 'uninstall']).status).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
    expect(world.cli(['service', 'status']).status).toBe(1);
  },
);

test('an existing login file (no final newline, not UTF-8, a symlink) is restored byte for byte; its own lines still run', async () => {
  const real = path.join(world.dir, 'dotfiles-profile');
  const original = Buffer.concat([Buffer.from('echo "own line ran: $HOME" > "$HOME/own-ran"\n# caf'), Buffer.from([0xe9]), Buffer.from(' latin1\nexport X=1')]);
  fs.writeFileSync(real, original, { mode: 0o640 });
  fs.symlinkSync(real, path.join(world.home, '.profile'));
  expect(world.cli(['service', 'install'], { SHELL: '/bin/bash' }).status).toBe(0);
  expect(fs.lstatSync(path.join(world.home, '.profile')).isSymbolicLink()).toBe(true);
  expect(fs.statSync(real).mode & 0o777).toBe(0o640);
  expect(world.cli(['stop']).status).toBe(0);
  expect(login('bash').status).toBe(0);
  await waitForDaemon();
  expect(fs.existsSync(path.join(world.home, 'own-ran'))).toBe(true);
  fs.rmSync(path.join(world.home, 'own-ran'));
  // Twice: still one block.
  expect(world.cli(['service', 'install'], { SHELL: '/bin/bash' }).status).toBe(0);
  expect(fs.readFileSync(real, 'latin1').split('# >>> gocondad >>>').length).toBe(2);
  expect(world.cli(['service', 'uninstall'], { SHELL: '/bin/bash' }).status).toBe(0);
  expect(fs.readFileSync(real).equals(original)).toBe(true);
  expect(fs.statSync(real).mode & 0o777).toBe(0o640);
});

test('status and doctor report the service: not installed; installed and running; installed but stopped (a problem)', async () => {
  world.env.SHELL = '/bin/bash';
  expect(world.cli(['doctor', '--json']).stdout).toContain('"installed": []');
  expect(world.cli(['doctor']).stdout).toMatch(/^service: not installed \(gocondad setup installs it\); daemon not running/m);
  expect(world.cli(['service', 'install']).status).toBe(0);
  const pid = await waitForDaemon();
  expect(world.cli(['status']).stdout).toMatch(new RegExp(`^service: login-line \\(start line in .*\\.profile\\); daemon running \\(pid ${pid}\\)`, 'm'));
  expect(world.status().service).toMatchObject({ installed: [{ kind: 'login-line' }], daemonPid: pid });
  // The login line has no log of its own: service logs is the daemon's log.
  const logs = world.cli(['service', 'logs', '-n', '50']);
  expect(logs.status).toBe(0);
  expect(logs.stdout).toContain('gocondad daemon started');
  expect(world.cli(['stop']).status).toBe(0);
  const doc = world.cli(['doctor', '--json']);
  expect(doc.status).toBe(1);
  expect(JSON.parse(doc.stdout).findings.filter((f: { kind: string }) => f.kind.startsWith('service'))).toEqual([
    expect.objectContaining({ kind: 'service-not-running', severity: 'problem', fix: expect.stringMatching(/^gocondad start/) }),
  ]);
  const st = world.cli(['status']);
  expect(st.status).toBe(3);
  expect(st.stderr.trim().split('\n')).toHaveLength(1);
  expect(st.stderr).toMatch(
    /^gocondad: no gocondad daemon is running .*; start it with: gocondad start; service: login-line \(start line in .*\.profile\); daemon not running\n$/,
  );
});

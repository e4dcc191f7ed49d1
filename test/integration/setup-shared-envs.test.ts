// An env the user cannot write (a shared env an admin owns): setup run as an unprivileged user (uid
// 65534 through setpriv) installs shims where it may, lists the others with the command an admin runs,
// and that command works; uninstall does the same the other way round.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, requireReal, World } from '../helpers/world';

const NOBODY = 65534;
let world: World;

beforeAll(() => {
  requireReal();
  if (process.getuid?.() !== 0) throw new Error('this test switches to uid 65534 and needs root (CI runs npm test as root)');
  if (spawnSync('setpriv', ['--version']).error) throw new Error('setpriv is missing: apt-get install util-linux');
});
beforeEach(() => (world = new World()));
afterEach(() => world.cleanup());

function asUser(args: string[]) {
  const r = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI, ...args], {
    env: world.env,
    encoding: 'utf8',
    timeout: 60000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const shim = (prefix: string) => path.join(prefix, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');

test('shims where the user may write; the admin-owned env listed with the exact command, which works', () => {
  fs.chmodSync(world.dir, 0o755);
  const shared = world.makeEnv('shared');
  const mine = world.makeEnv('mine');
  for (const p of [world.home, path.join(world.dir, 'run'), mine]) spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, p]);
  Object.assign(world.env, { CONDA_EXE: path.join(world.root, 'bin', 'conda'), SHELL: '/bin/sh' });

  const admin = `sudo ${process.execPath} ${CLI} shims install ${shared}`;
  const dry = asUser(['setup', '--dry-run', '--no-plugin']);
  expect(dry.status).toBe(0);
  expect(dry.stdout).toContain(`  install  ${mine}\n`);
  expect(dry.stdout).toContain(`not writable by you (1); an admin can run:\n  ${admin}\n`);

  const r = asUser(['setup', '--no-plugin']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`shims    not writable ${shared}; an admin can run: ${admin}`);
  expect(fs.existsSync(shim(mine))).toBe(true);
  expect(fs.statSync(shim(mine)).uid).toBe(NOBODY);
  expect(fs.existsSync(shim(shared))).toBe(false);

  // The admin runs it (root here, so without sudo).
  const adminRun = spawnSync(process.execPath, [CLI, 'shims', 'install', shared], {
    env: {
      ...world.env,
      HOME: path.join(world.dir, 'adminhome'),
      XDG_STATE_HOME: path.join(world.dir, 'adminstate'),
      XDG_CONFIG_HOME: path.join(world.dir, 'adminconfig'),
    },
    encoding: 'utf8',
  });
  expect(adminRun.status).toBe(0);
  expect(fs.existsSync(shim(shared))).toBe(true);

  const u = asUser(['uninstall']);
  expect(u.status).toBe(0);
  expect(u.stdout).toContain(`shims    not writable by you: ${shared}; an admin can run: sudo ${process.execPath} ${CLI} shims uninstall ${shared}`);
  expect(fs.existsSync(shim(mine))).toBe(false);
  expect(fs.existsSync(shim(shared))).toBe(true);
});

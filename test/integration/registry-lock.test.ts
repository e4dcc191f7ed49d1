// envs.json and an env's shims are changed by the daemon and the CLI, in separate processes: both take
// the registry lock (shims/registry.ts withRegistryLock). Real processes, the built code.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, REPO, requireReal, World } from '../helpers/world';

requireReal();
const DIST = path.join(REPO, 'dist');

let world: World;
beforeEach(() => (world = new World()));
afterEach(() => fs.rmSync(world.dir, { recursive: true, force: true, maxRetries: 5 }));

function node(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-e', script], { env: { ...env, DIST }, stdio: ['ignore', 'inherit', 'inherit'] });
}
const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

test('gocondad shims uninstall waits while another process (a daemon refresh) holds the lock, then removes', async () => {
  const prefix = world.makeEnv('held');
  world.installShims(prefix);
  const shim = path.join(prefix, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');
  const holding = path.join(world.dir, 'holding');
  const seen = path.join(world.dir, 'seen-at-release');
  const cliDone = path.join(world.dir, 'cli-done');
  // Holds the lock until the CLI has finished or 3 s have passed, and notes whether the shim was still
  // there when it let go: a CLI that did not wait removed it during the hold.
  const holder = node(
    `const fs = require('fs');
     const { resolveLocations } = require(process.env.DIST + '/paths.js');
     const { withRegistryLock } = require(process.env.DIST + '/shims/registry.js');
     const nap = new Int32Array(new SharedArrayBuffer(4));
     withRegistryLock(resolveLocations(process.env), () => {
       fs.writeFileSync(${JSON.stringify(holding)}, '');
       const end = Date.now() + 3000;
       while (Date.now() < end && !fs.existsSync(${JSON.stringify(cliDone)})) Atomics.wait(nap, 0, 0, 20);
       fs.writeFileSync(${JSON.stringify(seen)}, fs.existsSync(${JSON.stringify(shim)}) ? 'present' : 'absent');
     });`,
    world.env,
  );
  await until(() => fs.existsSync(holding), 'the holder');
  const cli = spawn(process.execPath, [CLI, 'shims', 'uninstall', prefix], { env: world.env, stdio: 'ignore' });
  const cliExit = exited(cli).then((code) => {
    fs.writeFileSync(cliDone, '');
    return code;
  });
  expect(await exited(holder)).toBe(0);
  expect(fs.readFileSync(seen, 'utf8')).toBe('present');
  expect(await cliExit).toBe(0);
  expect(fs.existsSync(shim)).toBe(false);
  expect(JSON.parse(fs.readFileSync(path.join(world.env.XDG_STATE_HOME, 'gocondad', 'envs.json'), 'utf8'))).toEqual({
    installed: [],
    excluded: [prefix],
  });
});

test('registrations from several processes at once are all kept (no lost read-modify-write)', async () => {
  const writers = [0, 1, 2, 3].map((w) =>
    node(
      `const { resolveLocations } = require(process.env.DIST + '/paths.js');
       const { registerEnv } = require(process.env.DIST + '/shims/registry.js');
       const loc = resolveLocations(process.env);
       for (let i = 0; i < 25; i++) registerEnv(loc, '/envs/w${w}-' + i, true);`,
      world.env,
    ),
  );
  expect(await Promise.all(writers.map(exited))).toEqual([0, 0, 0, 0]);
  const reg = JSON.parse(fs.readFileSync(path.join(world.env.XDG_STATE_HOME, 'gocondad', 'envs.json'), 'utf8'));
  expect(reg.installed).toHaveLength(100);
  expect(fs.readdirSync(path.join(world.env.XDG_STATE_HOME, 'gocondad')).sort()).toEqual(['envs.json']);
});

test('shims refresh (inside an activation) does not wait on a held lock: the fresh plan at once, nothing on stderr', () => {
  const prefix = world.makeEnv('busy');
  world.installShims(prefix);
  const lock = path.join(world.env.XDG_STATE_HOME, 'gocondad', 'envs.json.lock');
  fs.writeFileSync(lock, `${process.pid}\n`); // a live holder that never lets go (a stopped daemon)
  try {
    const r = world.cli(['shims', 'refresh', '--print', 'posix', prefix]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toContain(`__gcd_p_prefix='${prefix}'`);
    expect(fs.readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
  } finally {
    fs.rmSync(lock, { force: true });
  }
});

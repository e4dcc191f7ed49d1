// POST /v1/env, the daemon route the conda plugin calls after conda changed an env: shims installed or
// rewritten at once, auto_install and opt-outs honoured, a removed env left alone, bad input refused with
// the daemon still serving.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { request } from '../../src/cli/client';
import { requireReal, World } from '../helpers/world';

let world: World;
const socket = () => path.join(world.runtimeDir, 'gocondad.sock');
const shim = (p: string) => path.join(p, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');
beforeAll(() => {
  requireReal();
  world = new World();
  world.startDaemon();
});
afterAll(() => world.cleanup());

test('a new env gets shims with auto; an env without shims and no auto is left alone; a gone env is a no-op', async () => {
  const a = world.makeEnv('routed');
  expect((await request(socket(), 'POST', '/v1/env', { prefix: a, auto: false })).body).toMatchObject({ action: 'none' });
  expect(fs.existsSync(shim(a))).toBe(false);
  expect((await request(socket(), 'POST', '/v1/env', { prefix: a, auto: true })).body).toMatchObject({ action: 'installed', goVersion: 'go1.22.12' });
  expect(fs.existsSync(shim(a))).toBe(true);
  fs.symlinkSync('/usr/lib/go-1.19', path.join(a, 'go'));
  expect((await request(socket(), 'POST', '/v1/env', { prefix: a, auto: false })).body).toMatchObject({ action: 'rewritten', goVersion: 'go1.19.8' });
  expect((await request(socket(), 'POST', '/v1/env', { prefix: path.join(world.root, 'envs', 'gone'), auto: true })).body).toMatchObject({ action: 'none' });
  expect(fs.existsSync(path.join(world.root, 'envs', 'gone'))).toBe(false);
});

test('an env the user opted out of gets no shims from auto', async () => {
  const b = world.makeEnv('optout');
  world.installShims(b);
  expect(world.cli(['shims', 'uninstall', b]).status).toBe(0);
  expect((await request(socket(), 'POST', '/v1/env', { prefix: b, auto: true })).body).toMatchObject({ action: 'none' });
  expect(fs.existsSync(shim(b))).toBe(false);
});

test('bad input: 400 with a hint, and the daemon keeps serving', async () => {
  for (const body of [{}, { prefix: 'relative/path' }, { prefix: 42 }]) {
    const r = await request(socket(), 'POST', '/v1/env', body);
    expect(r.status).toBe(400);
    expect((r.body as { hint: string }).hint).toMatch(/prefix/);
  }
  expect((await request(socket(), 'GET', '/v1/hello')).status).toBe(200);
});

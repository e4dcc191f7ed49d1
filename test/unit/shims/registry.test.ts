// envs.json: installed and opted-out envs, the 0.1 format, and damage it survives.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveLocations, type Locations } from '../../../src/paths';
import { forgetEnv, readRegistry, registerEnv } from '../../../src/shims/registry';

let dir: string;
let loc: Locations;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-reg-'));
  loc = resolveLocations({ HOME: dir, XDG_STATE_HOME: path.join(dir, 'state') });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('an absent or damaged registry is empty', () => {
  expect(readRegistry(loc)).toEqual({ installed: [], excluded: [] });
  fs.mkdirSync(loc.stateDir, { recursive: true });
  fs.writeFileSync(loc.registry, '{not json');
  expect(readRegistry(loc)).toEqual({ installed: [], excluded: [] });
  fs.writeFileSync(loc.registry, JSON.stringify({ installed: ['/a', 3, null], excluded: 'x' }));
  expect(readRegistry(loc)).toEqual({ installed: ['/a'], excluded: [] });
});

test('the 0.1 format (a bare list) is read as installed envs', () => {
  fs.mkdirSync(loc.stateDir, { recursive: true });
  fs.writeFileSync(loc.registry, JSON.stringify(['/b', '/a']));
  expect(readRegistry(loc)).toEqual({ installed: ['/b', '/a'], excluded: [] });
});

test('install, explicit uninstall (opt-out), reinstall (opt back in), forget', () => {
  registerEnv(loc, '/e', true);
  expect(readRegistry(loc)).toEqual({ installed: ['/e'], excluded: [] });
  registerEnv(loc, '/e', false, true);
  expect(readRegistry(loc)).toEqual({ installed: [], excluded: ['/e'] });
  registerEnv(loc, '/e', true);
  expect(readRegistry(loc).excluded).toEqual(['/e']);
  registerEnv(loc, '/e', true, true);
  expect(readRegistry(loc)).toEqual({ installed: ['/e'], excluded: [] });
  forgetEnv(loc, '/e');
  expect(readRegistry(loc)).toEqual({ installed: [], excluded: [] });
});

test('the file is private and sorted', () => {
  registerEnv(loc, '/z', true);
  registerEnv(loc, '/a', true);
  expect(fs.statSync(loc.registry).mode & 0o777).toBe(0o600);
  expect(fs.statSync(loc.stateDir).mode & 0o777).toBe(0o700);
  expect(JSON.parse(fs.readFileSync(loc.registry, 'utf8')).installed).toEqual(['/a', '/z']);
});

test('only an uninstall by name opts out; forget keeps the other envs and writes nothing when it has nothing to forget', () => {
  registerEnv(loc, '/e', false);
  expect(readRegistry(loc)).toEqual({ installed: [], excluded: [] });
  forgetEnv(loc, '/e');
  fs.rmSync(loc.registry);
  forgetEnv(loc, '/e');
  expect(fs.existsSync(loc.registry)).toBe(false);
  for (const p of ['/b', '/a', '/c']) registerEnv(loc, p, true);
  for (const p of ['/y', '/x']) registerEnv(loc, p, false, true);
  forgetEnv(loc, '/b');
  forgetEnv(loc, '/y');
  expect(JSON.parse(fs.readFileSync(loc.registry, 'utf8'))).toEqual({ installed: ['/a', '/c'], excluded: ['/x'] });
  registerEnv(loc, '/w', false, true);
  expect(JSON.parse(fs.readFileSync(loc.registry, 'utf8')).excluded).toEqual(['/w', '/x']);
});

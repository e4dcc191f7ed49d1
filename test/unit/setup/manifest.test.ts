import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveLocations } from '../../../src/paths';
import { manifestPath, mergeManifest, missingDirs, readManifest, writeManifest, type Manifest } from '../../../src/setup/manifest';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-manifest-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('missingDirs: the dir and its missing ancestors, deepest first; nothing when it exists; it stops at /', () => {
  fs.mkdirSync(path.join(dir, 'a'));
  expect(missingDirs(path.join(dir, 'a', 'b', 'c'))).toEqual([path.join(dir, 'a', 'b', 'c'), path.join(dir, 'a', 'b')]);
  expect(missingDirs(path.join(dir, 'a'))).toEqual([]);
  expect(missingDirs('/x/y', () => false)).toEqual(['/x/y', '/x', '/']);
});

test('merging into no earlier record: envs and dirs sorted, each once; a service only when one was installed', () => {
  const next = { gocondad: '0.1.0', updatedAt: 't', service: null, plugins: [], envs: ['/e2', '/e1', '/e2'], createdDirs: ['/h/b', '/h/a', '/h/b'] };
  expect(mergeManifest(null, next)).toEqual({ ...next, version: 1, envs: ['/e1', '/e2'], createdDirs: ['/h/a', '/h/b'] });
  const old = mergeManifest(null, { ...next, service: 'launchd', envs: ['/e3'], createdDirs: ['/h/c'] });
  expect(mergeManifest(old, { ...next, service: 'systemd-user', envs: ['/e0'], createdDirs: ['/h/0'] })).toMatchObject({
    service: 'systemd-user',
    envs: ['/e0', '/e3'],
    createdDirs: ['/h/0', '/h/c'],
  });
});

test('a later setup adds to the record; what an earlier one created stays recorded', () => {
  const first: Manifest = {
    version: 1,
    gocondad: '0.1.0',
    updatedAt: 't1',
    service: 'login-line',
    plugins: [{ root: '/r1', python: '/r1/bin/python' }],
    envs: ['/e1'],
    createdDirs: ['/h/.local'],
  };
  const merged = mergeManifest(first, {
    gocondad: '0.2.0',
    updatedAt: 't2',
    service: null,
    plugins: [{ root: '/r2', python: '/r2/bin/python' }],
    envs: ['/e2', '/e1'],
    createdDirs: [],
  });
  expect(merged).toEqual({
    version: 1,
    gocondad: '0.2.0',
    updatedAt: 't2',
    service: 'login-line',
    plugins: first.plugins.concat([{ root: '/r2', python: '/r2/bin/python' }]),
    envs: ['/e1', '/e2'],
    createdDirs: ['/h/.local'],
  });
});

test('written private, read back; garbage or another version reads as none', () => {
  const loc = resolveLocations({ HOME: dir });
  const m = mergeManifest(null, { gocondad: '0.1.0', updatedAt: 't', service: 'systemd-user', plugins: [], envs: ['/e'], createdDirs: [] });
  writeManifest(loc, m);
  expect(fs.statSync(manifestPath(loc)).mode & 0o777).toBe(0o600);
  expect(readManifest(loc)).toEqual(m);
});

test('readManifest on every kind of damage: none for what is not a record of ours, the rest of a record kept', () => {
  const loc = resolveLocations({ HOME: dir });
  const read = (text: string) => (fs.writeFileSync(manifestPath(loc), text), readManifest(loc));
  expect(readManifest(loc)).toBeNull(); // no record yet
  fs.mkdirSync(loc.stateDir, { recursive: true });
  for (const text of ['', 'not json', '{"version": 1, "envs": ["/a"', 'null', '[]', '"text"', '{"version": 2}', '{"version": "1"}', '{}'])
    expect([text, read(text)]).toEqual([text, null]);
  const empty = { version: 1, gocondad: '', updatedAt: '', service: null, plugins: [], envs: [], createdDirs: [] };
  expect(read('{"version": 1}')).toEqual(empty);
  // Each field of the wrong type: read as empty (a number as its text), never thrown at the caller.
  expect(read('{"version":1,"gocondad":7,"updatedAt":null,"service":"upstart","plugins":{"root":"/r"},"envs":"/e","createdDirs":{"0":"/d"}}')).toEqual({
    ...empty,
    gocondad: '7',
  });
  expect(read('{"version":1,"service":["login-line"],"plugins":"/r","envs":{"length":1,"0":"/e"},"createdDirs":7}')).toEqual(empty);
  // In a list, only the entries of the right shape.
  const plugins =
    '[null, 5, "/r", {"root": "/r"}, {"python": "/p"}, {"root": 1, "python": "/p"}, {"root": "/r", "python": 2}, {"root": "/ok", "python": "/ok/py"}]';
  expect(read(`{"version":1,"service":"launchd","plugins":${plugins},"envs":["/a",3,null,"/b",["/c"]],"createdDirs":[{},"/d"]}`)).toEqual({
    ...empty,
    service: 'launchd',
    plugins: [{ root: '/ok', python: '/ok/py' }],
    envs: ['/a', '/b'],
    createdDirs: ['/d'],
  });
  // A directory where the file should be.
  fs.rmSync(manifestPath(loc));
  fs.mkdirSync(manifestPath(loc));
  expect(readManifest(loc)).toBeNull();
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveLocations } from '../../../src/paths';
import { manifestPath, mergeManifest, missingDirs, readManifest, writeManifest, type Manifest } from '../../../src/setup/manifest';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-manifest-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('missingDirs: the dir and its missing ancestors, deepest first; nothing when it exists', () => {
  fs.mkdirSync(path.join(dir, 'a'));
  expect(missingDirs(path.join(dir, 'a', 'b', 'c'))).toEqual([path.join(dir, 'a', 'b', 'c'), path.join(dir, 'a', 'b')]);
  expect(missingDirs(path.join(dir, 'a'))).toEqual([]);
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
  fs.writeFileSync(manifestPath(loc), '{"version": 2}');
  expect(readManifest(loc)).toBeNull();
  fs.writeFileSync(manifestPath(loc), 'not json');
  expect(readManifest(loc)).toBeNull();
});

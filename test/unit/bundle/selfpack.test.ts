// The running gocondad as an npm tarball for the Dockerfile's second stage: the real npm packs this
// checkout; the tarball holds package.json of this version; nothing of npm's work dir is left behind.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packSelf, selfTarballName } from '../../../src/bundle/selfpack';

const version = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-selfpack-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('the tarball’s name is npm’s for this version', () => expect(selfTarballName()).toBe(`gocondad-${version}.tgz`));

test('packs this gocondad into the dir, replacing an older copy, and leaves nothing else there', () => {
  fs.writeFileSync(path.join(dir, `gocondad-${version}.tgz`), 'an older copy');
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n');
  expect(packSelf(dir)).toBe(`gocondad-${version}.tgz`);
  expect(fs.readdirSync(dir).sort()).toEqual(['go.mod', `gocondad-${version}.tgz`]);
  const listed = spawnSync('tar', ['-xzOf', path.join(dir, `gocondad-${version}.tgz`), 'package/package.json'], { encoding: 'utf8' });
  expect(listed.status).toBe(0);
  expect((JSON.parse(listed.stdout) as { name: string; version: string }).name).toBe('gocondad');
  expect((JSON.parse(listed.stdout) as { name: string; version: string }).version).toBe(version);
}, 180000);

// The running gocondad as an npm tarball for the Dockerfile's second stage: the real npm packs this
// checkout; the tarball holds package.json of this version; nothing of npm's work dir is left behind.
// Every way npm can leave no tarball is an error saying npm's last words; only "npm fails after writing
// the file" has a stand-in npm (the real one cannot be made to do that without a timing race).
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packSelf, selfTarballName } from '../../../src/bundle/selfpack';
import { BundleError } from '../../../src/bundle/errors';

const ROOT = path.join(__dirname, '..', '..', '..');
const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TGZ = `gocondad-${version}.tgz`;
const HINT = 'install npm (it comes with Node), or name where the image gets gocondad: --gocondad-from SPEC (an npm spec or a tarball URL)';
/** An error as the CLI shows it: its class, words and hint (toEqual on errors compares only the words). */
const shown = (e: unknown) => (e instanceof BundleError ? { name: e.name, message: e.message, hint: e.hint } : e);
const packError = (why: string) => ({ name: 'BundleError', message: `cannot write ${TGZ} for the Dockerfile: npm pack ${why}`, hint: HINT });
// The module object itself (an `import *` namespace is a copy whose properties a spy cannot replace).
const realChildProcess = require('node:child_process') as typeof childProcess;
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-selfpack-'))));
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

/** Runs packSelf and returns its error (or null), with the calls it made to spawnSync. */
function packWatched(): { result: string | Error; calls: unknown[][] } {
  const spawn = jest.spyOn(realChildProcess, 'spawnSync');
  let result: string | Error;
  try {
    result = packSelf(dir);
  } catch (e) {
    result = e as Error;
  }
  const calls = spawn.mock.calls.map((c) => [...c]);
  spawn.mockRestore();
  return { result, calls };
}

/** A stand-in npm beside a stand-in node: process.execPath moves into a dir holding only this script. */
function npmBesideNode(script: string): void {
  const bin = path.join(dir, 'nodebin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  jest.replaceProperty(process, 'execPath', path.join(bin, 'node'));
}

test('the tarball’s name is npm’s for this version', () => expect(selfTarballName()).toBe(`gocondad-${version}.tgz`));

test('packs this gocondad into the dir with npm beside node, replacing an older copy, and leaves nothing else there', () => {
  fs.writeFileSync(path.join(dir, TGZ), 'an older copy');
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n');
  const { result, calls } = packWatched();
  expect(result).toBe(TGZ);
  expect(fs.readdirSync(dir).sort()).toEqual(['go.mod', TGZ]);
  // npm's work dir is inside dir (one file system: the tarball is renamed, never copied), scripts off
  // (the checkout's prepack would rebuild dist/), quiet, and no notifier, fund or audit chatter.
  expect(calls).toHaveLength(1);
  const dest = (calls[0][1] as string[])[4];
  expect(path.dirname(dest)).toBe(dir);
  expect(path.basename(dest)).toMatch(/^\.gocondad-pack-[A-Za-z0-9]{6}$/);
  expect(calls[0]).toEqual([
    path.join(path.dirname(process.execPath), 'npm'),
    ['pack', '--ignore-scripts', '--silent', '--pack-destination', dest, fs.realpathSync(ROOT)],
    {
      encoding: 'utf8',
      timeout: 120000,
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    },
  ]);
  const listed = childProcess.spawnSync('tar', ['-xzOf', path.join(dir, TGZ), 'package/package.json'], { encoding: 'utf8' });
  expect(listed.status).toBe(0);
  expect((JSON.parse(listed.stdout) as { name: string; version: string }).name).toBe('gocondad');
  expect((JSON.parse(listed.stdout) as { name: string; version: string }).version).toBe(version);
}, 180000);

test('no npm beside node: the npm on PATH; none there either: it could not run, and nothing is left', () => {
  jest.replaceProperty(process, 'execPath', path.join(dir, 'nodeless', 'node'));
  jest.replaceProperty(process, 'env', { ...process.env, PATH: path.join(dir, 'empty') });
  const { result, calls } = packWatched();
  expect(shown(result)).toEqual(packError('could not run (spawnSync npm ENOENT)'));
  expect(calls.map((c) => c[0])).toEqual(['npm']);
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('npm’s dry-run setting on: npm names the tarball and writes nothing; the error says so', () => {
  jest.replaceProperty(process, 'env', { ...process.env, npm_config_dry_run: 'true' });
  expect(shown(packWatched().result)).toEqual(packError(`exited 0 but wrote no ${TGZ} (is npm's dry-run setting on?)`));
  expect(fs.readdirSync(dir)).toEqual([]);
}, 180000);

test.each<[string, string, string]>([
  // $5 is --pack-destination's value: the tarball is written, then npm fails; it is not taken.
  [
    'fails after writing the tarball',
    `printf partial > "$5/${'gocondad-VERSION.tgz'}"\nprintf 'npm notice one\\n\\nnpm error last words  \\n\\n' >&2\nexit 1`,
    'failed: npm error last words',
  ],
  ['fails saying one line, on stdout only', "printf 'only stdout\\n'\nexit 2", 'failed: only stdout'],
])('npm %s: its last line, and no tarball taken', (_what, script, why) => {
  npmBesideNode(script.replace('VERSION', version));
  expect(shown(packWatched().result)).toEqual(packError(why));
  expect(fs.readdirSync(dir)).toEqual(['nodebin']);
});

// conda platforms to Go's, and the platform / leaked-activation findings of an activation. Pure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectConflicts, type Facts } from '../../../src/core/conflicts';
import { envPlatform, goPlatformOf, hasGoActivation, subdirsFromHistory } from '../../../src/core/platform';

test.each([
  ['linux-64', 'linux', 'amd64'],
  ['linux-aarch64', 'linux', 'arm64'],
  ['linux-ppc64le', 'linux', 'ppc64le'],
  ['osx-64', 'darwin', 'amd64'],
  ['osx-arm64', 'darwin', 'arm64'],
  ['win-64', 'windows', 'amd64'],
])('%s is %s/%s', (subdir, goos, goarch) => expect(goPlatformOf(subdir)).toEqual({ subdir, go: { goos, goarch } }));

test('an unknown subdir is reported, not guessed', () => {
  expect(goPlatformOf('zos-z')).toEqual({ subdir: 'zos-z', go: null, problem: expect.stringMatching(/no known Go GOOS\/GOARCH/) });
});

test('subdirs from conda-meta/history, noarch left out', () => {
  const history =
    '==> 2024-01-01 <==\n# cmd: conda create -n x python\n+conda-forge/linux-64::python-3.11.0-h1\n+conda-forge/noarch::pip-23.0-pyhd8ed1ab_0\n+https://repo.anaconda.com/pkgs/main/linux-64::zlib-1.2.13-h5\n-conda-forge/linux-64::openssl-3.0-h0\n';
  expect([...subdirsFromHistory(history)]).toEqual([['linux-64', 3]]);
});

const facts: Facts = { inspect: () => ({ ok: false, root: '', reason: '' }), goIn: () => null, realpath: (p) => p };
const seen = { prefix: '/e', shellPid: 1, goroot: '/go', gorootBefore: null, pathBefore: '', staleRemoved: [], at: 't' };

test('an inherited GOOS/GOARCH that differs from the env is a warning, not a fix', () => {
  expect(detectConflicts({ ...seen, goos0: 'windows', goarch0: 'amd64', goos: 'linux', goarch: 'amd64' }, facts)).toEqual([
    { prefix: '/e', shellPid: 1, at: 't', kind: 'platform-mismatch', before: 'windows/amd64', after: 'linux/amd64', warning: true },
  ]);
  expect(detectConflicts({ ...seen, goos0: 'linux', goarch0: '', goos: 'linux', goarch: 'amd64' }, facts)).toEqual([]);
  expect(detectConflicts({ ...seen, goos0: 'windows', goarch0: '', goos: '', goarch: '' }, facts)).toEqual([]);
});

test('leaked conda-forge go activation values are a fix', () => {
  expect(detectConflicts({ ...seen, leaked: ['CGO_ENABLED', 'GOOS'] }, facts)).toEqual([
    { prefix: '/e', shellPid: 1, at: 't', kind: 'leaked-go-activation', before: 'CGO_ENABLED GOOS', after: null },
  ]);
});

describe('envPlatform (conda-meta on disk)', () => {
  let prefix: string;
  beforeEach(() => {
    prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-platform-'));
    fs.mkdirSync(path.join(prefix, 'conda-meta'));
  });
  afterEach(() => fs.rmSync(prefix, { recursive: true, force: true, maxRetries: 5 }));
  const meta = (name: string, text: string) => fs.writeFileSync(path.join(prefix, 'conda-meta', name), text);
  /** A package record as conda writes it: "subdir" near the end, after a long "files" list. */
  const record = (subdir: string, filler = 0) =>
    `{\n  "name": "x",\n  "files": [${Array.from({ length: filler }, (_, i) => `"lib/f${i}.so"`).join(', ')}],\n  "subdir": "${subdir}",\n  "version": "1"\n}\n`;

  test('from the history: the one platform', () => {
    meta('history', '==> 2024 <==\n+conda-forge/linux-aarch64::zlib-1.3-h0\n+conda-forge/noarch::pip-24-py_0\n');
    expect(envPlatform(prefix)).toEqual({ subdir: 'linux-aarch64', go: { goos: 'linux', goarch: 'arm64' } });
  });

  test('from the history: a platform Go has no name for', () => {
    meta('history', '+conda-forge/zos-z::zlib-1.3-h0\n');
    expect(envPlatform(prefix)).toEqual({
      subdir: 'zos-z',
      go: null,
      problem: 'conda platform zos-z has no known Go GOOS/GOARCH; set them yourself if you build for it',
    });
  });

  test('several platforms: the most used is named first, the check is off', () => {
    meta('history', '+c/osx-64::a-1-0\n+c/linux-64::b-1-0\n+c/linux-64::c-1-0\n+c/win-64::d-1-0\n');
    expect(envPlatform(prefix)).toEqual({
      subdir: 'linux-64',
      go: null,
      problem: 'packages from several platforms (linux-64, osx-64, win-64); GOOS/GOARCH not checked',
    });
  });

  test('several platforms, the most used one unknown to Go: that one is reported', () => {
    meta('history', '+c/zos-z::a-1-0\n+c/zos-z::b-1-0\n+c/linux-64::c-1-0\n');
    expect(envPlatform(prefix)).toEqual({
      subdir: 'zos-z',
      go: null,
      problem: 'conda platform zos-z has no known Go GOOS/GOARCH; set them yourself if you build for it',
    });
  });

  test('no history: the package records, only their tails read, noarch left out', () => {
    meta('a-1-0.json', record('osx-arm64', 2000)); // "subdir" well past the first 4 KiB
    meta('b-1-0.json', record('noarch'));
    meta('c-1-0.json', record('osx-arm64'));
    meta('notes.txt', '"subdir": "win-64"');
    expect(envPlatform(prefix)).toEqual({ subdir: 'osx-arm64', go: { goos: 'darwin', goarch: 'arm64' } });
  });

  test('a history that names a platform wins: the records are not read then', () => {
    meta('history', '==> 2024 <==\n+conda-forge/linux-64::go-1.22.5-h0_0\n');
    meta('a-1-0.json', record('win-64'));
    expect(envPlatform(prefix)).toEqual({ subdir: 'linux-64', go: { goos: 'linux', goarch: 'amd64' } });
  });

  test('only package lines count: a comment holding "-x/win-64::" is no package', () => {
    meta('history', '==> 2024 <==\n# cmd: conda install -c x-conda-forge/win-64::go\n+conda-forge/linux-64::go-1.22.5-h0_0\n');
    expect(envPlatform(prefix)).toEqual({ subdir: 'linux-64', go: { goos: 'linux', goarch: 'amd64' } });
  });

  test('a record written without a space after the colon (compact JSON) is read too', () => {
    meta('a-1-0.json', '{"name":"a","subdir":"linux-aarch64"}');
    expect(envPlatform(prefix)).toEqual({ subdir: 'linux-aarch64', go: { goos: 'linux', goarch: 'arm64' } });
  });

  test('a history that names no platform package falls back to the records', () => {
    meta('history', '==> 2024 <==\n# cmd: conda create -p x pip\n+conda-forge/noarch::pip-24-py_0\n');
    meta('a-1-0.json', record('linux-ppc64le'));
    expect(envPlatform(prefix)).toEqual({ subdir: 'linux-ppc64le', go: { goos: 'linux', goarch: 'ppc64le' } });
  });

  test('records of two platforms: counted, the most used first', () => {
    meta('a-1-0.json', record('linux-64'));
    meta('b-1-0.json', record('win-64'));
    meta('c-1-0.json', record('win-64'));
    expect(envPlatform(prefix)).toEqual({ subdir: 'win-64', go: null, problem: 'packages from several platforms (win-64, linux-64); GOOS/GOARCH not checked' });
  });

  test('only the first 20 records are read', () => {
    // readdir order is the file system's: 20 of linux-64 and one of osx-64 — unless the osx-64 one is
    // among the first 20 read, the env is linux-64 alone. 21 osx-64 ones and one linux-64: never alone.
    for (let i = 0; i < 25; i++) meta(`p${i}-1-0.json`, record('linux-64'));
    const names = fs.readdirSync(path.join(prefix, 'conda-meta')).filter((f) => f.endsWith('.json'));
    // The 21st and later records as readdir lists them: a different platform there is never seen.
    for (const late of names.slice(20)) meta(late, record('win-64'));
    expect(envPlatform(prefix)).toEqual({ subdir: 'linux-64', go: { goos: 'linux', goarch: 'amd64' } });
  });

  test('a record whose tail names no subdir, or an unreadable one, counts for nothing', () => {
    meta('a-1-0.json', '{"name": "a"}\n');
    // "subdir" only in the head of a record longer than the 4 KiB tail read.
    meta('b-1-0.json', `{"subdir": "win-64", "files": [${'"lib/f.so", '.repeat(500)}""]}\n`);
    fs.mkdirSync(path.join(prefix, 'conda-meta', 'dir-1-0.json'));
    // One that cannot even be opened (a dangling link).
    fs.symlinkSync(path.join(prefix, 'gone'), path.join(prefix, 'conda-meta', 'gone-1-0.json'));
    expect(envPlatform(prefix)).toEqual({ subdir: null, go: null, problem: null });
  });

  test('every record read is closed again, the one that fails to read too (the daemon asks for years)', () => {
    // Linux's own count of this process's open files, read before and after: nothing else runs between.
    const open = () => fs.readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 5; i++) meta(`p${i}-1-0.json`, record('linux-64'));
    // A directory opens, then fails to read (EISDIR): its descriptor is closed on that path too.
    fs.mkdirSync(path.join(prefix, 'conda-meta', 'dir-1-0.json'));
    const before = open();
    expect(envPlatform(prefix)).toEqual({ subdir: 'linux-64', go: { goos: 'linux', goarch: 'amd64' } });
    expect(open()).toBe(before);
  });

  test('no conda-meta at all: not known, and no problem', () => {
    fs.rmSync(path.join(prefix, 'conda-meta'), { recursive: true });
    expect(envPlatform(prefix)).toEqual({ subdir: null, go: null, problem: null });
  });
});

describe('hasGoActivation', () => {
  let prefix: string;
  beforeEach(() => {
    prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-goact-'));
  });
  afterEach(() => fs.rmSync(prefix, { recursive: true, force: true, maxRetries: 5 }));

  test('a conda-forge go activation script in activate.d', () => {
    const dir = path.join(prefix, 'etc', 'conda', 'activate.d');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'gocondad.sh'), '');
    expect(hasGoActivation(prefix)).toBe(false);
    fs.writeFileSync(path.join(dir, 'go-cgo_activate.sh'), '');
    expect(hasGoActivation(prefix)).toBe(true);
  });

  test('no activate.d: none', () => {
    expect(hasGoActivation(prefix)).toBe(false);
  });
});

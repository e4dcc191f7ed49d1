// Finding Go toolchains on disk: what makes a root valid (and the reason when it is not), the usual
// install places, the directories the daemon watches, and discovery's dedup by real path. Toolchain roots
// are built in a temp dir (bin/go, src/runtime, VERSION); the real Debian toolchains under /usr/lib are
// only read.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverToolchains, expandSearchDir, inspectToolchain, systemToolchainCandidates, toolchainWatchDirs } from '../../../src/core/toolchains';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-toolchains-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 }));

/** A Go root as inspectToolchain wants it; each part can be left out or spoilt. */
function makeRoot(root: string, o: { go?: 'exec' | 'plain' | 'dir' | 'none'; runtime?: 'dir' | 'file' | 'none'; version?: string | null } = {}): string {
  const go = o.go ?? 'exec';
  const runtime = o.runtime ?? 'dir';
  const version = o.version === undefined ? 'go1.22.12\ntime 2025-01-31T18:38:03Z\n' : o.version;
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  if (go === 'exec' || go === 'plain') fs.writeFileSync(path.join(root, 'bin', 'go'), '#!/bin/sh\n', { mode: go === 'exec' ? 0o755 : 0o644 });
  if (go === 'dir') fs.mkdirSync(path.join(root, 'bin', 'go'));
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  if (runtime === 'dir') fs.mkdirSync(path.join(root, 'src', 'runtime'));
  if (runtime === 'file') fs.writeFileSync(path.join(root, 'src', 'runtime'), '');
  if (version !== null) fs.writeFileSync(path.join(root, 'VERSION'), version);
  return root;
}

describe('inspectToolchain', () => {
  test('a valid root: the version from VERSION, as Go spells it and as semver', () => {
    const root = makeRoot(path.join(tmp, 'go'));
    expect(inspectToolchain(root)).toEqual({ ok: true, toolchain: { root, version: 'go1.22.12', semver: '1.22.12' } });
    const rc = makeRoot(path.join(tmp, 'rc'), { version: 'go1.23rc1' });
    expect(inspectToolchain(rc)).toEqual({ ok: true, toolchain: { root: rc, version: 'go1.23rc1', semver: '1.23.0-rc.1' } });
  });

  test('the real Debian toolchain', () => {
    expect(inspectToolchain('/usr/lib/go-1.22')).toEqual({
      ok: true,
      toolchain: { root: '/usr/lib/go-1.22', version: 'go1.22.12', semver: '1.22.12' },
    });
  });

  test.each([
    ['no bin/go at all', { go: 'none' }, 'no executable bin/go'],
    ['bin/go not executable', { go: 'plain' }, 'no executable bin/go'],
    ['bin/go a directory', { go: 'dir' }, 'no executable bin/go'],
    ['src/runtime a file', { runtime: 'file' }, 'src/runtime is not a directory'],
    ['no src/runtime', { runtime: 'none' }, 'no src/runtime (not a Go root: a conda prefix or a bare binary dir?)'],
    ['no VERSION', { version: null }, 'no readable VERSION file'],
    ['VERSION of no Go release', { version: 'devel go1.23-abc\ntime x\n' }, 'VERSION does not start with a Go release ("devel go1.23-abc")'],
    ['an empty VERSION', { version: '' }, 'VERSION does not start with a Go release ("")'],
  ] as const)('%s', (_name, spoil, reason) => {
    const root = makeRoot(path.join(tmp, 'go'), spoil);
    expect(inspectToolchain(root)).toEqual({ ok: false, root, reason });
  });

  test('a VERSION that is a directory is not readable', () => {
    const root = makeRoot(path.join(tmp, 'go'), { version: null });
    fs.mkdirSync(path.join(root, 'VERSION'));
    expect(inspectToolchain(root)).toEqual({ ok: false, root, reason: 'no readable VERSION file' });
  });
});

describe('systemToolchainCandidates', () => {
  test('the usual places, most specific first; ~/sdk only go<digit>, ~/go/sdk everything, each sorted', () => {
    const home = path.join(tmp, 'home');
    for (const d of ['go1.22.5', 'go1.21.0', 'gotip', 'go', 'xgo1.20', 'other']) fs.mkdirSync(path.join(home, 'sdk', d), { recursive: true });
    for (const d of ['b', 'a']) fs.mkdirSync(path.join(home, 'go', 'sdk', d), { recursive: true });
    // /usr/lib is the machine's: the Debian toolchains go-1.19 … go-1.23 are there (ensure-test-deps), and
    // its other entries (gold-ld, google-cloud-sdk, golang …) must not be.
    const usrLibGo = ['/usr/lib/go-1.19', '/usr/lib/go-1.21', '/usr/lib/go-1.22', '/usr/lib/go-1.23'];
    const out = systemToolchainCandidates(home);
    expect(out.slice(0, 1)).toEqual(['/usr/local/go']);
    const usrLib = out.slice(1, out.indexOf('/usr/lib/go'));
    expect(usrLib).toEqual(expect.arrayContaining(usrLibGo));
    for (const p of usrLib) expect(path.basename(p)).toMatch(/^go-\d/);
    expect(usrLib).toEqual([...usrLib].sort());
    expect(out.slice(out.indexOf('/usr/lib/go'))).toEqual([
      '/usr/lib/go',
      path.join(home, 'sdk', 'go1.21.0'),
      path.join(home, 'sdk', 'go1.22.5'),
      path.join(home, 'go', 'sdk', 'a'),
      path.join(home, 'go', 'sdk', 'b'),
      '/opt/homebrew/opt/go/libexec',
      '/usr/local/opt/go/libexec',
      '/home/linuxbrew/.linuxbrew/opt/go/libexec',
    ]);
  });

  test("/usr/lib: only names that start go-<digit> (a listing faked, since the real /usr/lib is the machine's)", () => {
    const real = require('node:fs') as typeof fs;
    const readdir = real.readdirSync;
    const lists = jest
      .spyOn(real, 'readdirSync')
      .mockImplementation(((dir: string, ...rest: unknown[]) =>
        dir === '/usr/lib'
          ? ['cargo-1.75', 'xgo-1.20', 'go-1.22', 'go-tools', 'golang-1.21', 'go-2']
          : (readdir as (...a: unknown[]) => unknown)(dir, ...rest)) as typeof fs.readdirSync);
    try {
      const out = systemToolchainCandidates(path.join(tmp, 'nohome'));
      expect(out.slice(0, out.indexOf('/usr/lib/go'))).toEqual(['/usr/local/go', '/usr/lib/go-1.22', '/usr/lib/go-2']);
    } finally {
      lists.mockRestore();
    }
  });

  test('a home with neither sdk dir', () => {
    const out = systemToolchainCandidates(path.join(tmp, 'nohome'));
    expect(out.slice(out.indexOf('/usr/lib/go'))).toEqual([
      '/usr/lib/go',
      '/opt/homebrew/opt/go/libexec',
      '/usr/local/opt/go/libexec',
      '/home/linuxbrew/.linuxbrew/opt/go/libexec',
    ]);
  });
});

describe('toolchainWatchDirs', () => {
  test('configured dirs, then the system places with the names that matter there', () => {
    const dirs = toolchainWatchDirs(['/opt/gos', '/srv/go1.22'], true, '/home/u');
    expect(dirs.map((d) => d.dir)).toEqual([
      '/opt/gos',
      '/srv/go1.22',
      '/usr/local',
      '/usr/lib',
      '/home/u/sdk',
      '/home/u/go/sdk',
      '/opt/homebrew/opt/go',
      '/usr/local/opt/go',
    ]);
    expect(dirs[0]).toEqual({ dir: '/opt/gos' });
    expect(dirs[1]).toEqual({ dir: '/srv/go1.22' });
    expect(dirs[5]).toEqual({ dir: '/home/u/go/sdk' });
    // Each match, on the names that must and must not pass it.
    const match = (i: number) => dirs[i]!.match!;
    const table: [number, string[], string[]][] = [
      [2, ['go'], ['go1', 'gox', 'xgo', 'bin']],
      [3, ['go', 'go-1.22', 'go-1'], ['go-', 'go-x', 'gold-ld', 'golang', 'xgo', 'xgo-1.22']],
      [4, ['go1.22.5', 'go1'], ['go', 'gotip', 'xgo1']],
      [6, ['libexec'], ['libexec2', 'xlibexec', 'bin']],
      [7, ['libexec'], ['libexec2', 'xlibexec', 'bin']],
    ];
    for (const [i, yes, no] of table) {
      for (const name of yes) expect([i, name, match(i).test(name)]).toEqual([i, name, true]);
      for (const name of no) expect([i, name, match(i).test(name)]).toEqual([i, name, false]);
    }
  });

  test('without system toolchains: only the configured dirs', () => {
    expect(toolchainWatchDirs(['/opt/gos'], false, '/home/u')).toEqual([{ dir: '/opt/gos' }]);
    expect(toolchainWatchDirs([], false, '/home/u')).toEqual([]);
  });
});

describe('expandSearchDir', () => {
  test('a root itself (it has bin/go, even not executable): just it', () => {
    const root = makeRoot(path.join(tmp, 'go'), { go: 'plain' });
    expect(expandSearchDir(root)).toEqual([root]);
  });

  test('a dir of roots: its children, sorted, whatever they are', () => {
    makeRoot(path.join(tmp, 'gos', 'go1.23'));
    makeRoot(path.join(tmp, 'gos', 'go1.21'));
    fs.writeFileSync(path.join(tmp, 'gos', 'README'), '');
    const gos = path.join(tmp, 'gos');
    expect(expandSearchDir(gos)).toEqual([path.join(gos, 'README'), path.join(gos, 'go1.21'), path.join(gos, 'go1.23')]);
  });

  test('a dir with a bin/ but no bin/go is no root: its children', () => {
    const dir = path.join(tmp, 'notgo');
    fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
    expect(expandSearchDir(dir)).toEqual([path.join(dir, 'bin')]);
  });

  test('an absent dir: nothing', () => {
    expect(expandSearchDir(path.join(tmp, 'absent'))).toEqual([]);
  });
});

describe('discoverToolchains', () => {
  test('valid ones kept in order, invalid ones rejected with why, absent ones skipped, one real path once', () => {
    const a = makeRoot(path.join(tmp, 'a'), { version: 'go1.21.3\n' });
    const bad = makeRoot(path.join(tmp, 'bad'), { runtime: 'none' });
    const b = makeRoot(path.join(tmp, 'b'), { version: 'go1.23.1\n' });
    fs.symlinkSync(a, path.join(tmp, 'a-link'));
    fs.symlinkSync(bad, path.join(tmp, 'bad-link'));
    const found = discoverToolchains([path.join(tmp, 'a-link'), path.join(tmp, 'absent'), bad, a, b, path.join(tmp, 'bad-link'), b]);
    expect(found).toEqual({
      // The first spelling of a real path wins (the symlink here), and is the root used as GOROOT.
      toolchains: [
        { root: path.join(tmp, 'a-link'), version: 'go1.21.3', semver: '1.21.3' },
        { root: b, version: 'go1.23.1', semver: '1.23.1' },
      ],
      rejected: [{ root: bad, reason: 'no src/runtime (not a Go root: a conda prefix or a bare binary dir?)' }],
    });
  });

  test('no candidates: nothing found, nothing rejected', () => {
    expect(discoverToolchains([])).toEqual({ toolchains: [], rejected: [] });
  });
});

describe('listings in JavaScript order', () => {
  // libuv hands readdir's names over sorted by their UTF-8 bytes; JavaScript's sort orders UTF-16 code
  // units. They disagree on a character above U+FFFF against one in U+E000–U+FFFF: "a😀" < "a｡" here.
  const NAMES = ['b', 'a\uFF61', 'a\u{1F600}', 'a'];
  const ORDER = ['a', 'a\u{1F600}', 'a\uFF61', 'b'];

  test('~/sdk and ~/go/sdk', () => {
    const home = path.join(tmp, 'home');
    for (const n of NAMES) fs.mkdirSync(path.join(home, 'sdk', `go1${n}`), { recursive: true });
    for (const n of NAMES) fs.mkdirSync(path.join(home, 'go', 'sdk', n), { recursive: true });
    const out = systemToolchainCandidates(home);
    expect(out.filter((p) => p.startsWith(`${home}/`))).toEqual([
      ...ORDER.map((n) => path.join(home, 'sdk', `go1${n}`)),
      ...ORDER.map((n) => path.join(home, 'go', 'sdk', n)),
    ]);
  });

  test('a dir of roots', () => {
    const gos = path.join(tmp, 'gos');
    for (const n of NAMES) fs.mkdirSync(path.join(gos, n), { recursive: true });
    expect(expandSearchDir(gos)).toEqual(ORDER.map((n) => path.join(gos, n)));
  });
});

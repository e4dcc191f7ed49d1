// The watcher's decisions, without a file system: what is watched, and what a change there asks for.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FSWatcher } from 'chokidar';
import { buildWatchSpec, classify, countInotifyWatches, EnvWatcher, isWanted, kindOf, watchRoots, type Kind } from '../../../../src/daemon/world/watch';

const spec = buildWatchSpec({
  files: ['/h/.conda/environments.txt', '/h/.condarc', '/h/.config/gocondad/config.yml', '/etc/conda/condarc.d'],
  envsDirs: ['/r/envs'],
  envs: ['/r', '/elsewhere/x'],
  histories: ['/r/envs/known/conda-meta/history'],
  toolchainDirs: [{ dir: '/usr/lib', match: /^go(-\d.*)?$/ }, { dir: '/tc' }],
  toolchainRoots: ['/usr/lib/go-1.22'],
});

describe('what is watched', () => {
  test.each([
    ['/r/envs/a', 'env'],
    ['/r/envs/a/conda-meta', 'condaMeta'],
    ['/r/envs/a/conda-meta/history', 'history'],
    ['/r/envs/a/etc', 'etc'],
    ['/r/envs/a/etc/gocondad.yml', 'pin'],
    ['/r/conda-meta/history', 'history'],
    ['/elsewhere/x/etc/gocondad.yml', 'pin'],
    ['/usr/lib/go-1.23', 'toolchainRoot'],
    ['/usr/lib/go-1.23/VERSION', 'toolchainVersion'],
    ['/tc/anything', 'toolchainRoot'],
    ['/etc/conda/condarc.d/10-site.yml', 'file'],
  ])('%s is a %s', (p, kind) => expect(kindOf(spec, p)).toBe(kind));

  test.each([
    '/r/envs/a/conda-meta/numpy-1.26.0-py311.json', // hundreds per env: never watched
    '/r/envs/a/lib',
    '/r/envs/a/lib/python3.11/site-packages',
    '/r/envs/a/etc/conda',
    '/r/envs/.conda_envs_dir_test',
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/go-1.23/src',
    '/etc/conda/condarc.d/README',
  ])('%s is not', (p) => expect(isWanted(spec, p)).toBe(false));

  test('a known env’s history is watched as a file; its conda-meta dir (hundreds of records) is never listed', () => {
    expect(kindOf(spec, '/r/envs/known/conda-meta/history')).toBe('history');
    expect(isWanted(spec, '/r/envs/known/conda-meta', true)).toBe(false);
    expect(isWanted(spec, '/r/envs/known/conda-meta/pkg-1.0.json', false)).toBe(false);
    expect(isWanted(spec, '/r/envs/known/etc', true)).toBe(true);
    expect(isWanted(spec, '/r/envs/new/conda-meta', true)).toBe(true);
  });
  test('directories on the way to a watched file are watched (to notice them appear), files there are not', () => {
    expect(isWanted(spec, '/h/.conda', true)).toBe(true);
    expect(isWanted(spec, '/h/.conda', false)).toBe(false);
    expect(isWanted(spec, '/h/.conda/pkgs', true)).toBe(false);
  });
  test('an env must be a directory; a pin must not be', () => {
    expect(isWanted(spec, '/r/envs/a', true)).toBe(true);
    expect(isWanted(spec, '/r/envs/a', false)).toBe(false);
    expect(isWanted(spec, '/r/envs/a/etc/gocondad.yml', false)).toBe(true);
    expect(isWanted(spec, '/r/envs/a/etc/gocondad.yml', true)).toBe(false);
  });
  test('chokidar gets the nearest existing directory of each target', () => {
    const existing = new Set([
      '/',
      '/h',
      '/r',
      '/r/envs',
      '/usr',
      '/usr/lib',
      '/usr/lib/go-1.22',
      '/elsewhere',
      '/elsewhere/x',
      '/etc',
      '/tc',
      '/r/envs/known',
      '/r/envs/known/conda-meta',
    ]);
    const typeOf = (p: string) => (existing.has(p) ? 'dir' : p === '/r/envs/known/conda-meta/history' ? 'file' : null);
    expect(watchRoots(spec, typeOf)).toEqual([
      '/elsewhere/x',
      '/etc',
      '/h',
      '/r',
      '/r/envs',
      '/r/envs/known/conda-meta/history',
      '/tc',
      '/usr/lib',
      '/usr/lib/go-1.22',
    ]);
  });
});

describe('what a change asks for', () => {
  const world = new Set(['/h/.config/gocondad/config.yml']);
  const c = (p: string) => {
    const r = classify(spec, p, world);
    return { discovery: r.discovery, world: r.world, envs: [...r.envs] };
  };
  test('a new or removed env: rediscover', () => expect(c('/r/envs/new')).toEqual({ discovery: true, world: false, envs: [] }));
  test('conda install/remove (history): rediscover and replan that env', () =>
    expect(c('/r/envs/a/conda-meta/history')).toEqual({ discovery: true, world: false, envs: ['/r/envs/a'] }));
  test('a pin edit: replan that env', () => expect(c('/elsewhere/x/etc/gocondad.yml').envs).toEqual(['/elsewhere/x']));
  test('a toolchain installed or removed, or the user config: reload everything', () => {
    expect(c('/usr/lib/go-1.24').world).toBe(true);
    expect(c('/usr/lib/go-1.24/VERSION').world).toBe(true);
    expect(c('/h/.config/gocondad/config.yml').world).toBe(true);
  });
  test('.condarc or environments.txt: rediscover', () => {
    expect(c('/h/.condarc')).toEqual({ discovery: true, world: false, envs: [] });
    expect(c('/h/.conda/environments.txt').discovery).toBe(true);
  });
  test('changes accumulate over a burst', () => {
    const acc = classify(spec, '/r/envs/a/conda-meta/history', world);
    classify(spec, '/r/envs/b/etc/gocondad.yml', world, acc);
    expect([...acc.envs].sort()).toEqual(['/r/envs/a', '/r/envs/b']);
  });
});

describe('the spec itself, whole', () => {
  test('each input lands under its kind; a history names its env as known; every ancestor up to / once', () => {
    const m = /^go/;
    const s = buildWatchSpec({
      files: ['/h/c.yml'],
      envsDirs: ['/r/envs'],
      envs: ['/x/e/'],
      histories: ['/r/envs/k/conda-meta/history'],
      toolchainDirs: [{ dir: '/t', match: m }, { dir: '/u' }],
      toolchainRoots: ['/t/go1'],
    });
    expect(s).toEqual({
      explicit: new Map([
        ['/t', 'toolchainDir'],
        ['/u', 'toolchainDir'],
        ['/t/go1', 'toolchainRoot'],
        ['/h/c.yml', 'file'],
        ['/r/envs', 'envsDir'],
        ['/x/e', 'env'],
        ['/r/envs/k/conda-meta/history', 'history'],
      ]),
      knownEnvs: new Set(['/r/envs/k']),
      match: new Map([['/t', m]]),
      ancestors: new Set(['/', '/t', '/h', '/r', '/x', '/r/envs/k/conda-meta', '/r/envs/k', '/r/envs']),
    });
    // The climb stops at the first ancestor already there (each is walked once), so the order shows where.
    expect([...s.ancestors]).toEqual(['/', '/t', '/h', '/r', '/x', '/r/envs/k/conda-meta', '/r/envs/k', '/r/envs']);
  });
  test('nothing to watch: an empty spec, where every path is of no interest but a change still asks to look again', () => {
    const s = buildWatchSpec({ files: [], envsDirs: [], envs: [], histories: [], toolchainDirs: [], toolchainRoots: [] });
    expect(s).toEqual({ explicit: new Map(), knownEnvs: new Set(), match: new Map(), ancestors: new Set() });
    expect(kindOf(s, '/')).toBeNull();
    expect(kindOf(s, '/a/b')).toBeNull();
    expect(isWanted(s, '/a', true)).toBe(false);
    expect(watchRoots(s, () => 'dir')).toEqual([]);
  });
});

describe('every kind, every boundary (kindOf / isWanted / classify as one table)', () => {
  const world = new Set(['/h/.config/gocondad/config.yml']);
  // path, kindOf, isWanted(dir), isWanted(file), isWanted(unknown type), classify → [discovery, world, envs].
  // A path on the way to a watched one (an ancestor) is wanted only as a directory; an explicit path in any type.
  test.each<[string, string | null, boolean, boolean, boolean, [boolean, boolean, string[]]]>([
    ['/r/envs', 'envsDir', true, false, true, [true, false, []]],
    ['/r/envs/a', 'env', true, false, true, [true, false, []]],
    ['/r/envs/.hidden', null, false, false, false, [true, false, []]],
    ['/r/envs/a.b', 'env', true, false, true, [true, false, []]],
    ['/r/envs/a/conda-meta', 'condaMeta', true, false, true, [true, false, ['/r/envs/a']]],
    ['/r/envs/a/etc', 'etc', true, false, true, [true, false, ['/r/envs/a']]],
    ['/r/envs/a/etc/gocondad.yml', 'pin', false, true, true, [true, false, ['/r/envs/a']]],
    ['/r/envs/a/etc/gocondad.yaml', null, false, false, false, [true, false, []]],
    ['/r/envs/a/conda-meta/history', 'history', false, true, true, [true, false, ['/r/envs/a']]],
    ['/r/envs/a/conda-meta/history/x', null, false, false, false, [true, false, []]],
    ['/r/envs/known/conda-meta', null, false, false, false, [true, false, []]],
    ['/r/envs/known/conda-meta/history', 'history', true, true, true, [true, false, ['/r/envs/known']]],
    ['/r', 'env', true, false, true, [true, false, []]],
    ['/r/conda-meta', 'condaMeta', true, false, true, [true, false, ['/r']]],
    ['/h/.condarc', 'file', true, true, true, [true, false, []]],
    ['/h/.config/gocondad/config.yml', 'file', true, true, true, [false, true, []]],
    ['/h/.config/gocondad', null, true, false, true, [true, false, []]],
    ['/h/.condarc/x', null, false, false, false, [true, false, []]],
    ['/h/.condarc/x.yml', null, false, false, false, [true, false, []]], // only condarc.d's YAML files are config files
    ['/etc/conda/condarc.d', 'file', true, true, true, [true, false, []]],
    ['/etc/conda/condarc.d/a.yaml', 'file', false, true, true, [true, false, []]],
    ['/etc/conda/condarc.d/a.yml', 'file', false, true, true, [true, false, []]],
    ['/etc/conda/condarc.d/a.yml.bak', null, false, false, false, [true, false, []]],
    ['/etc/conda/condarc.d/a.yl', null, false, false, false, [true, false, []]],
    ['/etc/conda/condarc.d/x/a.yml', null, false, false, false, [true, false, []]],
    ['/usr/lib', 'toolchainDir', true, false, true, [false, true, []]],
    ['/usr/lib/go', 'toolchainRoot', true, false, true, [false, true, []]],
    ['/usr/lib/go-1.21', 'toolchainRoot', true, false, true, [false, true, []]],
    ['/usr/lib/go-', null, false, false, false, [true, false, []]],
    ['/usr/lib/xgo', null, false, false, false, [true, false, []]],
    ['/usr/lib/go-1.22', 'toolchainRoot', true, true, true, [false, true, []]],
    ['/usr/lib/go-1.22/VERSION', 'toolchainVersion', false, true, true, [false, true, []]],
    ['/usr/lib/go-1.22/version', null, false, false, false, [true, false, []]],
    ['/tc', 'toolchainDir', true, true, true, [false, true, []]],
    ['/tc/.anything', 'toolchainRoot', true, false, true, [false, true, []]],
    ['/', null, true, false, true, [true, false, []]],
    ['/nowhere', null, false, false, false, [true, false, []]],
  ])('%s', (p, kind, dirWanted, fileWanted, anyWanted, [discovery, isWorld, envs]) => {
    expect(kindOf(spec, p)).toBe(kind);
    expect([isWanted(spec, p, true), isWanted(spec, p, false), isWanted(spec, p)]).toEqual([dirWanted, fileWanted, anyWanted]);
    const r = classify(spec, p, world);
    expect({ discovery: r.discovery, world: r.world, envs: [...r.envs] }).toEqual({ discovery, world: isWorld, envs });
  });

  test('classify adds to what a burst already asked for, and never clears it', () => {
    const acc = { discovery: false, world: true, envs: new Set(['/r/envs/z']) };
    expect(classify(spec, '/r/envs/a/etc', world, acc)).toBe(acc);
    expect(acc).toEqual({ discovery: true, world: true, envs: new Set(['/r/envs/z', '/r/envs/a']) });
    classify(spec, '/h/.condarc', world, acc);
    expect(acc).toEqual({ discovery: true, world: true, envs: new Set(['/r/envs/z', '/r/envs/a']) });
  });
});

test('a conda-meta on the way to an explicit path is watched unless its env is known (then only the history file is)', () => {
  const s = buildWatchSpec({
    files: ['/q/conda-meta/gocondad.yml'],
    envsDirs: [],
    envs: [],
    histories: ['/k/conda-meta/history'],
    toolchainDirs: [],
    toolchainRoots: [],
  });
  expect([isWanted(s, '/q/conda-meta', true), isWanted(s, '/k/conda-meta', true), isWanted(s, '/k', true)]).toEqual([true, false, true]);
});

test('a known env’s other folders on the way to an explicit path are watched; only its conda-meta is not', () => {
  // /k is no env by kind (not listed, not in an envs dir): only its being an ancestor makes /k/etc wanted.
  const s = buildWatchSpec({ files: ['/k/etc/x.yml'], envsDirs: [], envs: [], histories: ['/k/conda-meta/history'], toolchainDirs: [], toolchainRoots: [] });
  expect([isWanted(s, '/k/etc', true), isWanted(s, '/k/etc', false), isWanted(s, '/k/conda-meta', true), isWanted(s, '/k', true)]).toEqual([
    true,
    false,
    false,
    true,
  ]);
});

describe('kindOf climbs at most four folders (chokidar asks it of every path it meets)', () => {
  /** The spec's explicit map, recording every path looked up in it. */
  const counting = (looked: string[]) => {
    const s = buildWatchSpec({ files: [], envsDirs: ['/r/envs'], envs: [], histories: [], toolchainDirs: [], toolchainRoots: [] });
    const explicit = s.explicit;
    s.explicit = new (class extends Map<string, Kind> {
      override get(k: string) {
        looked.push(k);
        return explicit.get(k);
      }
    })();
    return s;
  };
  test.each<[string, string | null, string[]]>([
    // the longest chain: envs dir → env → conda-meta → history, found four lookups up
    ['/r/envs/a/conda-meta/history', 'history', ['/r/envs/a/conda-meta/history', '/r/envs/a/conda-meta', '/r/envs/a', '/r/envs']],
    // one deeper: the envs dir is found on the fifth lookup, which is still made; history has no child kind
    [
      '/r/envs/a/conda-meta/history/x',
      null,
      ['/r/envs/a/conda-meta/history/x', '/r/envs/a/conda-meta/history', '/r/envs/a/conda-meta', '/r/envs/a', '/r/envs'],
    ],
    // deep in an env's files: five lookups, never up to /
    [
      '/r/envs/a/lib/python3.11/site-packages/numpy/core',
      null,
      [
        '/r/envs/a/lib/python3.11/site-packages/numpy/core',
        '/r/envs/a/lib/python3.11/site-packages/numpy',
        '/r/envs/a/lib/python3.11/site-packages',
        '/r/envs/a/lib/python3.11',
        '/r/envs/a/lib',
      ],
    ],
    ['/a/b', null, ['/a/b', '/a', '/']],
    ['/', null, ['/']],
  ])('%s', (p, kind, lookups) => {
    const looked: string[] = [];
    expect(kindOf(counting(looked), p)).toBe(kind);
    expect(looked).toEqual(lookups);
  });
});

describe('watchRoots off the path', () => {
  test('nothing exists: every target climbs to /; a history file that is a directory is not taken as the file', () => {
    const s = buildWatchSpec({
      files: ['/a/b/c.yml'],
      envsDirs: [],
      envs: ['/e/f'],
      histories: ['/k/conda-meta/history'],
      toolchainDirs: [],
      toolchainRoots: ['/t/go/'],
    });
    expect(watchRoots(s, () => null)).toEqual(['/']);
    const dirs = new Set(['/', '/a', '/a/b', '/k', '/k/conda-meta', '/k/conda-meta/history', '/t', '/t/go', '/e']);
    expect(watchRoots(s, (p) => (dirs.has(p) ? 'dir' : null))).toEqual(['/a/b', '/e', '/k/conda-meta', '/t/go']);
  });
  test('a toolchain VERSION file or a config file is watched through its directory, never by itself', () => {
    const s = buildWatchSpec({ files: ['/a/c.yml'], envsDirs: [], envs: [], histories: [], toolchainDirs: [], toolchainRoots: [] });
    s.explicit.set('/t/go/VERSION', 'toolchainVersion');
    expect(watchRoots(s, (p) => (p === '/a/c.yml' || p === '/t/go/VERSION' ? 'file' : 'dir'))).toEqual(['/a', '/t/go']);
    // even when something else made them directories
    expect(watchRoots(s, () => 'dir')).toEqual(['/a', '/t/go']);
  });
});

describe('countInotifyWatches', () => {
  test('counts one more kernel watch for each fs.watch, one fewer when it closes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-inotify-'));
    try {
      const before = countInotifyWatches();
      expect(typeof before).toBe('number');
      const a = fs.watch(dir);
      const b = fs.watch(path.join(dir, '..'));
      expect(countInotifyWatches()).toBe(before! + 2);
      a.close();
      expect(countInotifyWatches()).toBe(before! + 1);
      b.close();
      expect(countInotifyWatches()).toBe(before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

describe('EnvWatcher: a burst of events becomes one change (jest’s fake timers: ticks counted, never waited for)', () => {
  let dir: string;
  let w: EnvWatcher;
  let changes: { discovery: boolean; world: boolean; envs: string[] }[];
  let errors: Error[];
  /** chokidar's and the history watch's events enter here (the seam the watcher's own tests use). */
  const event = (p: string) => (w as unknown as { note(p: string): void }).note(p);
  beforeEach(() => {
    jest.useFakeTimers();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-envwatcher-'));
    changes = [];
    errors = [];
    w = new EnvWatcher({
      debounceMs: 100,
      maxWaitMs: 500,
      worldFiles: [path.join(dir, 'config.yml')],
      onChange: (c) => changes.push({ discovery: c.discovery, world: c.world, envs: [...c.envs] }),
      onError: (e) => errors.push(e),
    });
  });
  afterEach(async () => {
    await w.close();
    jest.useRealTimers();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  test('nothing watched yet: ready at once, no roots, nothing held', async () => {
    expect(w.rootCount()).toBe(0);
    expect(w.watchedPaths()).toBe(0);
    await expect(w.ready()).resolves.toBeUndefined();
  });

  test('events inside the quiet period are held and handed over together, once, one quiet period after the last', () => {
    w.update({ files: [path.join(dir, 'config.yml')], envsDirs: [path.join(dir, 'envs')], envs: [], histories: [], toolchainDirs: [], toolchainRoots: [] });
    expect(w.rootCount()).toBe(1);
    event(path.join(dir, 'envs', 'a', 'etc', 'gocondad.yml'));
    jest.advanceTimersByTime(50);
    event(path.join(dir, 'envs', 'b'));
    jest.advanceTimersByTime(49);
    event(path.join(dir, 'config.yml'));
    jest.advanceTimersByTime(99);
    expect(changes).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(changes).toEqual([{ discovery: true, world: true, envs: [path.join(dir, 'envs', 'a')] }]);
    // Quiet after it: nothing more, the burst's longest-wait timer included (500 ticks from the first event).
    jest.advanceTimersByTime(280);
    event(path.join(dir, 'envs', 'c'));
    jest.advanceTimersByTime(21);
    expect(changes).toHaveLength(1);
    jest.advanceTimersByTime(79);
    expect(changes).toEqual([
      { discovery: true, world: true, envs: [path.join(dir, 'envs', 'a')] },
      { discovery: true, world: false, envs: [] },
    ]);
    jest.advanceTimersByTime(2000);
    expect(changes).toHaveLength(2);
  });

  test('a burst that never goes quiet is handed over at the longest wait, and the next burst starts afresh', () => {
    for (let i = 0; i < 6; i++) {
      event(`/anywhere/${i}`);
      jest.advanceTimersByTime(90);
    }
    // 540 ticks since the first event: handed over at 500, with the events up to then
    expect(changes).toEqual([{ discovery: true, world: false, envs: [] }]);
    event('/anywhere/late');
    jest.advanceTimersByTime(30);
    expect(changes).toHaveLength(1);
    event('/anywhere/later');
    jest.advanceTimersByTime(99);
    expect(changes).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(changes).toHaveLength(2);
  });

  test('the quiet period of the last event before a long-wait hand-over does not hand over the next burst early', () => {
    for (let i = 0; i < 5; i++) {
      event(`/anywhere/${i}`);
      jest.advanceTimersByTime(99);
    }
    event('/anywhere/5'); // at 495: its quiet period would end at 595
    jest.advanceTimersByTime(5);
    expect(changes).toHaveLength(1); // the longest wait, at 500
    jest.advanceTimersByTime(20);
    event('/anywhere/6'); // at 520: quiet until 620
    jest.advanceTimersByTime(99);
    expect(changes).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(changes).toHaveLength(2);
  });

  test('close drops a burst not yet handed over', async () => {
    event('/anywhere/x');
    await w.close();
    jest.advanceTimersByTime(1000);
    expect(changes).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('EnvWatcher: one more look after a burst (chokidar misses the removal of a dir it is still adding)', () => {
  let dir: string;
  let w: EnvWatcher;
  let changes: { discovery: boolean; world: boolean; envs: string[] }[];
  const event = (p: string) => (w as unknown as { note(p: string): void }).note(p);
  const envs = (...names: string[]) => path.join(dir, 'envs', ...names);
  const look = { discovery: true, world: false, envs: [] };
  beforeEach(() => {
    jest.useFakeTimers();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-followup-'));
    changes = [];
    w = new EnvWatcher({
      debounceMs: 100,
      maxWaitMs: 500,
      followUpMs: 1000,
      worldFiles: [path.join(dir, 'config.yml')],
      onChange: (c) => changes.push({ discovery: c.discovery, world: c.world, envs: [...c.envs] }),
      onError: (e) => {
        throw e;
      },
    });
    // What a change at a path asks for depends on what is watched: the user config and one envs dir.
    w.update({ files: [path.join(dir, 'config.yml')], envsDirs: [envs()], envs: [], histories: [], toolchainDirs: [], toolchainRoots: [] });
  });
  afterEach(async () => {
    await w.close();
    jest.useRealTimers();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  test('a change that asked to look again is followed, followUpMs after its hand-over, by one look with no event behind it, and no more', () => {
    event(envs('a', 'etc', 'gocondad.yml'));
    jest.advanceTimersByTime(100);
    expect(changes).toEqual([{ discovery: true, world: false, envs: [envs('a')] }]);
    jest.advanceTimersByTime(999);
    expect(changes).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(changes).toEqual([{ discovery: true, world: false, envs: [envs('a')] }, look]);
    // The look arms none of its own: an idle daemon stays idle.
    jest.advanceTimersByTime(60_000);
    expect(changes).toHaveLength(2);
  });

  test('a change that only reloads the world (the user config, a toolchain) asks for no look', () => {
    event(path.join(dir, 'config.yml'));
    jest.advanceTimersByTime(100);
    expect(changes).toEqual([{ discovery: false, world: true, envs: [] }]);
    jest.advanceTimersByTime(60_000);
    expect(changes).toHaveLength(1);
  });

  test('events while the look is due put it off until followUpMs after the next hand-over: one look per quiet spell', () => {
    event(envs('a'));
    jest.advanceTimersByTime(100); // handed over at 100; the look due at 1100
    jest.advanceTimersByTime(800);
    event(envs('b')); // at 900
    jest.advanceTimersByTime(300); // 1200: the second hand-over was at 1000, the old look (1100) did not come
    expect(changes).toEqual([look, look]);
    jest.advanceTimersByTime(799);
    expect(changes).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(changes).toEqual([look, look, look]);
    jest.advanceTimersByTime(60_000);
    expect(changes).toHaveLength(3);
  });

  test('close drops a look not yet due', async () => {
    event(envs('a'));
    jest.advanceTimersByTime(100);
    await w.close();
    jest.advanceTimersByTime(60_000);
    expect(changes).toEqual([look]);
  });

  test('with no followUpMs (or 0) there is never a look', async () => {
    for (const followUpMs of [undefined, 0]) {
      const seen: unknown[] = [];
      const other = new EnvWatcher({ debounceMs: 100, maxWaitMs: 500, followUpMs, worldFiles: [], onChange: (c) => seen.push(c), onError: () => {} });
      (other as unknown as { note(p: string): void }).note(envs('a'));
      jest.advanceTimersByTime(60_000);
      expect(seen).toHaveLength(1);
      await other.close();
    }
  });
});

describe('EnvWatcher on a real folder (a real chokidar; events awaited, never timed)', () => {
  let dir: string;
  let w: EnvWatcher;
  let errors: Error[];
  /** Resolves with each change handed over, in order (the debounce is 1 ms of real time). */
  let changes: { discovery: boolean; world: boolean; envs: string[] }[];
  let waiting: (() => void) | null;
  const nextChange = () =>
    new Promise<{ discovery: boolean; world: boolean; envs: string[] }>((resolve) => {
      const take = () => resolve(changes.shift()!);
      if (changes.length > 0) take();
      else waiting = take;
    });
  /** The parts the watcher holds: its chokidar instance and the history watch beside it. */
  const inside = () => w as unknown as { fsw: FSWatcher; roots: Set<string>; histories: { fsw: FSWatcher; files: Set<string> } };
  const history = () => path.join(dir, 'envs', 'a', 'conda-meta', 'history');
  const input = () => ({
    files: [path.join(dir, 'config.yml')],
    envsDirs: [path.join(dir, 'envs')],
    envs: [],
    histories: [history()],
    toolchainDirs: [],
    toolchainRoots: [],
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-envwatcher-real-'));
    fs.mkdirSync(path.join(dir, 'envs', 'a', 'conda-meta'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'envs', 'a', 'etc'));
    fs.writeFileSync(history(), '==> 2026-01-01 00:00:00 <==\n');
    fs.writeFileSync(path.join(dir, 'envs', 'a', 'etc', 'gocondad.yml'), 'go: "1.22"\n');
    changes = [];
    errors = [];
    waiting = null;
    w = new EnvWatcher({
      debounceMs: 1,
      maxWaitMs: 1000,
      worldFiles: [path.join(dir, 'config.yml')],
      onChange: (c) => {
        changes.push({ discovery: c.discovery, world: c.world, envs: [...c.envs].sort() });
        const t = waiting;
        waiting = null;
        t?.();
      },
      onError: (e) => errors.push(e),
    });
  });
  afterEach(async () => {
    await w.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  test('a known env’s history goes to the history watch, every other root to chokidar; both counted', async () => {
    w.update(input());
    // Each chokidar instance says `ready` once it has read the roots of its first update.
    const historiesReady = new Promise<void>((r) => inside().histories.fsw.once('ready', () => r()));
    expect([...inside().roots]).toEqual([dir, path.join(dir, 'envs')]);
    expect([...inside().histories.files]).toEqual([history()]);
    expect(w.rootCount()).toBe(3);
    await w.ready();
    await historiesReady;
    // chokidar lists, per folder it holds, the entries it wants there: tmp → [dir]; dir → [envs];
    // envs → [a]; a → [etc] (a known env's conda-meta is not listed); etc → [gocondad.yml]; and the
    // history watch: conda-meta → [history].
    expect(w.watchedPaths()).toBe(6);
  });

  test('ready says so at once once chokidar is ready, however often it is asked', async () => {
    w.update(input());
    await w.ready(2_000_000_000); // chokidar's ready, not the fallback timer (23 days), resolves it
    // Both already settled: the race goes to the first one listed.
    await expect(Promise.race([w.ready(), Promise.resolve('still waiting')])).resolves.toBeUndefined();
  });

  test('what is there at the start is no change; the first change is the first thing that happens after', async () => {
    w.update(input());
    await w.ready();
    fs.writeFileSync(path.join(dir, 'config.yml'), 'auto_install: false\n');
    await expect(nextChange()).resolves.toEqual({ discovery: false, world: true, envs: [] });
  });

  test('an append to a known env’s history (through the history watch) asks to replan that env', async () => {
    w.update(input());
    const historiesReady = new Promise<void>((r) => inside().histories.fsw.once('ready', () => r()));
    await w.ready();
    await historiesReady;
    fs.appendFileSync(history(), '+conda-forge/linux-64::go-1.22.5-0\n');
    await expect(nextChange()).resolves.toEqual({ discovery: true, world: false, envs: [path.join(dir, 'envs', 'a')] });
  });

  test('an env that is a symlink to a folder is followed (a symlink is not known to be a folder before it is followed)', async () => {
    const target = path.join(dir, 'elsewhere');
    fs.mkdirSync(path.join(target, 'etc'), { recursive: true });
    fs.symlinkSync(target, path.join(dir, 'envs', 'linked'));
    w.update(input());
    await w.ready();
    fs.writeFileSync(path.join(target, 'etc', 'gocondad.yml'), 'go: "1.22"\n');
    await expect(nextChange()).resolves.toEqual({ discovery: true, world: false, envs: [path.join(dir, 'envs', 'linked')] });
  });

  test('the watches keep the process running, as a daemon’s should (chokidar’s persistent)', async () => {
    const held = () => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap').length;
    // Watches the earlier tests closed are gone only after libuv's next loop turns (counted, not timed).
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    const before = held();
    w.update(input());
    const historiesReady = new Promise<void>((r) => inside().histories.fsw.once('ready', () => r()));
    await w.ready();
    await historiesReady;
    // one kernel watch per path chokidar holds (dir, envs, a, etc, the pin file) and the history file's own
    expect(held() - before).toBe(6);
  });

  test('errors of either chokidar instance reach onError as they are', () => {
    const a = new Error('EMFILE: too many open files, watch');
    const b = new Error('ENOSPC: System limit for number of file watchers reached');
    inside().fsw.emit('error', a);
    inside().histories.fsw.emit('error', b);
    expect(errors).toEqual([a, b]);
    expect(errors[0]).toBe(a);
    expect(errors[1]).toBe(b);
  });
});

// The watcher's decisions, without a file system: what is watched, and what a change there asks for.
import { buildWatchSpec, classify, isWanted, kindOf, watchRoots, type Kind } from '../../../../src/daemon/world/watch-spec';

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

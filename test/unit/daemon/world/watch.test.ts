// The watcher's decisions, without a file system: what is watched, and what a change there asks for.
import { buildWatchSpec, classify, isWanted, kindOf, watchRoots } from '../../../../src/daemon/world/watch';

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

// The resolver against synthetic objects: the loader's rules one by one (RPATH vs RUNPATH, inheritance
// along the loader chain, $ORIGIN, SONAME reuse, ABI mismatch, breadth-first order, classification).
import { expandSearchPath, isInside, resolveLibraries, type ObjectInfo, type ResolveInput } from '../../../src/bundle/resolve';

const X64 = { elfClass: 64 as const, machine: 62 };
function obj(needed: string[], more: Partial<ObjectInfo> = {}): ObjectInfo {
  return { ...X64, needed, rpath: null, runpath: null, soname: null, ...more };
}

const ENV = '/env';
const BASE = new Set(['libc.so.6', 'libm.so.6']);

function resolve(files: Record<string, ObjectInfo>, root: ObjectInfo, more: Partial<ResolveInput> = {}) {
  const system: Record<string, string> = { 'libc.so.6': '/lib/libc.so.6', 'libm.so.6': '/lib/libm.so.6', 'libssl.so.3': '/usr/lib/libssl.so.3' };
  const all: Record<string, ObjectInfo> = {
    '/lib/libc.so.6': obj([], { soname: 'libc.so.6' }),
    '/lib/libm.so.6': obj([], { soname: 'libm.so.6' }),
    '/usr/lib/libssl.so.3': obj(['libcrypto.so.3']),
    ...files,
  };
  return resolveLibraries({
    root: { file: '/out/bin/app', info: root },
    inspect: (f) => all[f] ?? null,
    systemLookup: (name) => system[name] ?? null,
    envPrefix: ENV,
    baseSonames: BASE,
    ...more,
  });
}

const pick = (r: ReturnType<typeof resolve>) => r.libs.map((l) => [l.name, l.file, l.via, l.kind]);

test('$ORIGIN, ${ORIGIN}, $LIB and $PLATFORM expand; unknown tokens and empty entries are skipped', () => {
  expect(
    expandSearchPath(['$ORIGIN/../lib', '${ORIGIN}', '/x/$LIB', '/p/${PLATFORM}', '/y/$UNKNOWN', ''], '/a/b/app', { LIB: 'lib64', PLATFORM: 'x86_64' }),
  ).toEqual(['/a/lib', '/a/b', '/x/lib64', '/p/x86_64']);
  expect(expandSearchPath(['/q/$LIB'], '/a/app')).toEqual([]);
});

test('RUNPATH of the executable finds its own needs; the system finds glibc (base, not followed)', () => {
  const r = resolve({ '/env/lib/libfoo.so.1': obj(['libc.so.6'], { soname: 'libfoo.so.1' }) }, obj(['libfoo.so.1', 'libc.so.6'], { runpath: ['/env/lib'] }));
  expect(pick(r)).toEqual([
    ['libfoo.so.1', '/env/lib/libfoo.so.1', 'runpath', 'env'],
    ['libc.so.6', '/lib/libc.so.6', 'system', 'base'],
  ]);
  expect(r.missing).toEqual([]);
});

test('RUNPATH is not inherited: a library without one does not see the executable’s RUNPATH', () => {
  const files = { '/env/lib/libtop.so': obj(['libbase.so']), '/env/lib/libbase.so': obj([]) };
  const r = resolve(files, obj(['libtop.so'], { runpath: ['/env/lib'] }));
  expect(pick(r)).toEqual([['libtop.so', '/env/lib/libtop.so', 'runpath', 'env']]);
  expect(r.missing).toEqual([{ name: 'libbase.so', neededBy: '/env/lib/libtop.so', searched: ['ld.so.cache and the system’s default dirs'] }]);
});

test('RPATH is inherited down the loader chain, when the needing object has no RUNPATH', () => {
  const files = { '/env/lib/libtop.so': obj(['libbase.so']), '/env/lib/libbase.so': obj([]) };
  const r = resolve(files, obj(['libtop.so'], { rpath: ['/env/lib'] }));
  expect(pick(r)).toEqual([
    ['libtop.so', '/env/lib/libtop.so', 'rpath', 'env'],
    ['libbase.so', '/env/lib/libbase.so', 'rpath', 'env'],
  ]);
});

test('an object with RUNPATH ignores its own RPATH and the chain’s, and searches its RUNPATH after them', () => {
  const files = {
    '/env/lib/libtop.so': obj(['libbase.so'], { runpath: ['/env/other'], rpath: ['/env/lib'] }),
    '/env/lib/libbase.so': obj([]),
    '/env/other/libbase.so': obj([]),
  };
  const r = resolve(files, obj(['libtop.so'], { rpath: ['/env/lib'] }));
  expect(r.libs[1]).toMatchObject({ name: 'libbase.so', file: '/env/other/libbase.so', via: 'runpath' });
  // An executable with both: RUNPATH wins, so its RPATH is not inherited either.
  const both = resolve(
    { '/env/lib/libtop.so': obj(['libbase.so']), '/env/lib/libbase.so': obj([]) },
    obj(['libtop.so'], { rpath: ['/env/lib'], runpath: ['/env/lib'] }),
  );
  expect(both.missing.map((m) => m.name)).toEqual(['libbase.so']);
});

test('$ORIGIN is the dir of the object whose entry it is (the path it was found by)', () => {
  const files = { '/env/lib/libtop.so': obj(['libbase.so'], { runpath: ['$ORIGIN/sub'] }), '/env/lib/sub/libbase.so': obj([]) };
  const r = resolve(files, obj(['libtop.so'], { runpath: ['$ORIGIN/../../env/lib'] }));
  expect(pick(r)).toEqual([
    ['libtop.so', '/env/lib/libtop.so', 'runpath', 'env'],
    ['libbase.so', '/env/lib/sub/libbase.so', 'runpath', 'env'],
  ]);
});

test('a name already loaded, by its NEEDED name or its SONAME, is reused, not searched again', () => {
  const files = {
    '/env/lib/liba.so': obj(['libz.so.1', 'libzlink.so'], { runpath: ['/env/lib'] }),
    '/env/lib/libz.so.1': obj([], { soname: 'libzlink.so' }),
    '/env/lib/libzlink.so': obj([]),
  };
  const r = resolve(files, obj(['liba.so'], { runpath: ['/env/lib'] }));
  expect(r.libs.map((l) => l.name)).toEqual(['liba.so', 'libz.so.1']);
});

test('breadth first: the executable’s needs come before its libraries’, and the first finder is the neededBy', () => {
  const files = { '/env/lib/liba.so': obj(['libc2.so'], { runpath: ['/env/lib'] }), '/env/lib/libb.so': obj([]), '/env/lib/libc2.so': obj([]) };
  const r = resolve(files, obj(['liba.so', 'libb.so'], { runpath: ['/env/lib'] }));
  expect(r.libs.map((l) => [l.name, l.neededBy])).toEqual([
    ['liba.so', '/out/bin/app'],
    ['libb.so', '/out/bin/app'],
    ['libc2.so', '/env/lib/liba.so'],
  ]);
});

test('a candidate of another class or machine is skipped, the search goes on', () => {
  const files = {
    '/env/lib32/libfoo.so': { ...obj([]), elfClass: 32 as const },
    '/env/arm/libfoo.so': { ...obj([]), machine: 183 },
    '/env/lib/libfoo.so': obj([]),
  };
  const r = resolve(files, obj(['libfoo.so'], { runpath: ['/env/lib32', '/env/arm', '/env/lib'] }));
  expect(r.libs[0]!.file).toBe('/env/lib/libfoo.so');
});

test('the env’s copy of a base library (a conda sysroot) is still the system’s; system libraries are not followed', () => {
  const files = { '/env/lib/libm.so.6': obj([], { soname: 'libm.so.6' }) };
  const r = resolve(files, obj(['libm.so.6', 'libssl.so.3'], { runpath: ['/env/lib'] }));
  expect(pick(r)).toEqual([
    ['libm.so.6', '/env/lib/libm.so.6', 'runpath', 'base'],
    ['libssl.so.3', '/usr/lib/libssl.so.3', 'system', 'system'],
  ]);
  expect(r.missing).toEqual([]); // libssl's libcrypto is the system's business
});

test('a NEEDED with a slash is a path; a missing one is reported with where it was looked for', () => {
  const r = resolve({ '/env/lib/libabs.so': obj([]) }, obj(['/env/lib/libabs.so', 'libnope.so.2'], { runpath: ['/env/lib'] }));
  expect(pick(r)).toEqual([['/env/lib/libabs.so', '/env/lib/libabs.so', 'path', 'env']]);
  expect(r.missing).toEqual([{ name: 'libnope.so.2', neededBy: '/out/bin/app', searched: ['/env/lib', 'ld.so.cache and the system’s default dirs'] }]);
});

test('extras are looked up as a dlopen from the executable after the NEEDED graph, with a fallback dir, and followed', () => {
  const files = { '/env/lib/libplug.so': obj(['libdep.so'], { runpath: ['$ORIGIN'] }), '/env/lib/libdep.so': obj([]), '/env/lib/liba.so': obj([]) };
  const r = resolve(files, obj([]), { extras: ['libnothere.so'], extraDirs: ['/env/lib'] });
  expect(r.missing).toEqual([{ name: 'libnothere.so', neededBy: '/out/bin/app', searched: ['ld.so.cache and the system’s default dirs', '/env/lib'] }]);
  const r2 = resolve(files, obj(['liba.so'], { runpath: ['/env/lib'] }), { extras: ['libplug.so', 'liba.so'], extraDirs: ['/env/lib'] });
  expect(r2.libs.map((l) => [l.name, l.extra])).toEqual([
    ['liba.so', false],
    ['libplug.so', true],
    ['libdep.so', false],
  ]);
});

test('depth: app → libgit2 → libssh2 → libssl → libcrypto → libz, RPATH inherited four loaders up past a RUNPATH', () => {
  // The program has RPATH $ORIGIN/../lib; libgit2 and libssh2 none (they inherit it); libssl carries
  // RUNPATH $ORIGIN, which finds libcrypto and takes libssl out of the RPATH chain; libcrypto (none)
  // still gets libz from the program's RPATH, four loaders up (libssl's own entries skipped on the way).
  const files = {
    '/env/lib/libgit2.so.1.7': obj(['libssh2.so.1', 'libc.so.6'], { soname: 'libgit2.so.1.7' }),
    '/env/lib/libssh2.so.1': obj(['libssl.so.3'], { soname: 'libssh2.so.1' }),
    '/env/lib/libssl.so.3': obj(['libcrypto.so.3'], { soname: 'libssl.so.3', runpath: ['$ORIGIN'] }),
    '/env/lib/libcrypto.so.3': obj(['libz.so.1'], { soname: 'libcrypto.so.3' }),
    '/env/lib/libz.so.1': obj(['libc.so.6'], { soname: 'libz.so.1' }),
  };
  const r = resolve(files, obj(['libgit2.so.1.7', 'libc.so.6'], { rpath: ['/env/bin/../lib'] }));
  expect(r.libs.map((l) => [l.name, l.file, l.via, l.kind, l.neededBy])).toEqual([
    ['libgit2.so.1.7', '/env/lib/libgit2.so.1.7', 'rpath', 'env', '/out/bin/app'],
    ['libc.so.6', '/lib/libc.so.6', 'system', 'base', '/out/bin/app'],
    ['libssh2.so.1', '/env/lib/libssh2.so.1', 'rpath', 'env', '/env/lib/libgit2.so.1.7'],
    ['libssl.so.3', '/env/lib/libssl.so.3', 'rpath', 'env', '/env/lib/libssh2.so.1'],
    ['libcrypto.so.3', '/env/lib/libcrypto.so.3', 'runpath', 'env', '/env/lib/libssl.so.3'],
    ['libz.so.1', '/env/lib/libz.so.1', 'rpath', 'env', '/env/lib/libcrypto.so.3'],
  ]);
  expect(r.missing).toEqual([]);
  // Without the program's RPATH nothing below it is found: the chain really carried it down.
  const bare = resolve(files, obj(['libgit2.so.1.7']));
  expect(bare.libs).toEqual([]);
  expect(bare.missing.map((m) => m.name)).toEqual(['libgit2.so.1.7']);
});

test.each<[string, string, boolean]>([
  ['/env/lib/libx.so', '/env', true],
  ['/env', '/env', true],
  ['/env/', '/env', true],
  ['/env/..libs/libx.so', '/env', true],
  ['/env/lib/../lib/libx.so', '/env', true],
  ['/env2/lib/libx.so', '/env', false],
  ['/', '/env', false],
  ['/other', '/env', false],
  ['/env/../x', '/env', false],
  ['/lib/libc.so.6', '/env/lib', false],
])('isInside(%s, %s) is %s', (file, dir, inside) => expect(isInside(file, dir)).toBe(inside));

test('whole entries: the name asked for, the file, its SONAME, who needed it first, how, what kind, extra or not', () => {
  const files = {
    '/env/lib/libgit2.so.1.7': obj(['libz.so.1'], { soname: 'libgit2.so.1.7', runpath: ['$ORIGIN'] }),
    '/env/lib/libz.so.1': obj([], { soname: 'libz.so.1' }),
    '/env/..hidden/libdot.so': obj([]),
  };
  const r = resolve(files, obj(['libgit2.so.1.7', 'libc.so.6', '/env/..hidden/libdot.so'], { runpath: ['/env/lib'] }), { extras: ['libz.so.1'] });
  expect(r).toEqual({
    libs: [
      {
        name: 'libgit2.so.1.7',
        file: '/env/lib/libgit2.so.1.7',
        soname: 'libgit2.so.1.7',
        neededBy: '/out/bin/app',
        via: 'runpath',
        kind: 'env',
        extra: false,
      },
      { name: 'libc.so.6', file: '/lib/libc.so.6', soname: 'libc.so.6', neededBy: '/out/bin/app', via: 'system', kind: 'base', extra: false },
      { name: '/env/..hidden/libdot.so', file: '/env/..hidden/libdot.so', soname: null, neededBy: '/out/bin/app', via: 'path', kind: 'env', extra: false },
      { name: 'libz.so.1', file: '/env/lib/libz.so.1', soname: 'libz.so.1', neededBy: '/env/lib/libgit2.so.1.7', via: 'runpath', kind: 'env', extra: false },
    ],
    missing: [],
  });
});

test('a path NEEDED of another ABI is missing, looked for only there; a name two objects miss is reported once', () => {
  const files = {
    '/env/lib/lib32.so': { ...obj([]), elfClass: 32 as const },
    '/env/lib/liba.so': obj(['libgone.so.1']),
    '/env/lib/libb.so': obj(['libgone.so.1']),
  };
  const r = resolve(files, obj(['/env/lib/lib32.so', 'liba.so', 'libb.so'], { rpath: ['/env/lib'] }));
  expect(r.libs.map((l) => l.name)).toEqual(['liba.so', 'libb.so']);
  expect(r.missing).toEqual([
    { name: '/env/lib/lib32.so', neededBy: '/out/bin/app', searched: ['/env/lib/lib32.so'] },
    { name: 'libgone.so.1', neededBy: '/env/lib/liba.so', searched: ['/env/lib', 'ld.so.cache and the system’s default dirs'] },
  ]);
});

test('the system’s answer of another ABI is passed over for the fallback dirs; the lookup is asked with the executable’s ABI', () => {
  const asked: [string, ObjectInfo][] = [];
  const root = obj([]);
  const r = resolveLibraries({
    root: { file: '/out/bin/app', info: root },
    inspect: (f) => ({ '/usr/lib32/libz.so.1': { ...obj([]), elfClass: 32 as const }, '/env/lib/libz.so.1': obj([]) })[f] ?? null,
    systemLookup: (name, like) => {
      asked.push([name, like]);
      return '/usr/lib32/libz.so.1';
    },
    envPrefix: ENV,
    baseSonames: BASE,
    extras: ['libz.so.1', 'libw.so'],
    extraDirs: ['/env/lib'],
  });
  expect(r.missing).toEqual([{ name: 'libw.so', neededBy: '/out/bin/app', searched: ['ld.so.cache and the system’s default dirs', '/env/lib'] }]);
  expect(asked).toEqual([
    ['libz.so.1', root],
    ['libw.so', root],
  ]);
  expect(r.libs).toEqual([{ name: 'libz.so.1', file: '/env/lib/libz.so.1', soname: null, neededBy: '/out/bin/app', via: 'path', kind: 'env', extra: true }]);
});

test('base by the name asked for or by the SONAME found', () => {
  const files = { '/env/lib/libc.so': obj([], { soname: 'libc.so.6' }), '/env/lib/libm.so.6': obj([], { soname: 'libm-2.36.so' }) };
  const r = resolve(files, obj(['libc.so', 'libm.so.6'], { runpath: ['/env/lib'] }));
  expect(r.libs.map((l) => [l.name, l.kind])).toEqual([
    ['libc.so', 'base'],
    ['libm.so.6', 'base'],
  ]);
});

test.each<[string, string[]]>([
  ['$ORIGIN', ['/a/b']],
  ['$ORIGIN/', ['/a/b/']],
  ['${ORIGIN}/../lib', ['/a/lib']],
  ['$ORIGIN/./x/../y', ['/a/b/y']],
  ['/x/$ORIGIN', ['/x/a/b']],
  ['$ORIGINX/lib', []],
  ['${ORIGIN', ['${ORIGIN']], // no closing brace: no token, a literal (relative) dir, as the loader reads it
  ['$LIB/$PLATFORM', ['lib64/x86_64']],
  ['/p/${LIB}', ['/p/lib64']],
  ['/plain', ['/plain']],
  ['/dollar$', ['/dollar$']],
])('expandSearchPath(%j) from /a/b/app', (entry, dirs) => {
  expect(expandSearchPath([entry], '/a/b/app', { LIB: 'lib64', PLATFORM: 'x86_64' })).toEqual(dirs);
});

test('the tokens given are the ones the RUNPATH is expanded with ($LIB, $PLATFORM); without them such a dir is skipped', () => {
  const files = { '/env/lib64/libt.so': obj([]), '/env/x86_64/libp.so': obj([]) };
  const root = obj(['libt.so', 'libp.so'], { runpath: ['/env/$LIB', '/env/${PLATFORM}'] });
  const r = resolve(files, root, { tokens: { LIB: 'lib64', PLATFORM: 'x86_64' } });
  expect(pick(r)).toEqual([
    ['libt.so', '/env/lib64/libt.so', 'runpath', 'env'],
    ['libp.so', '/env/x86_64/libp.so', 'runpath', 'env'],
  ]);
  expect(r.missing).toEqual([]);
  const none = resolve(files, root);
  expect(none.libs).toEqual([]);
  expect(none.missing).toEqual([
    { name: 'libt.so', neededBy: '/out/bin/app', searched: ['ld.so.cache and the system’s default dirs'] },
    { name: 'libp.so', neededBy: '/out/bin/app', searched: ['ld.so.cache and the system’s default dirs'] },
  ]);
});

test('the executable’s own SONAME counts as loaded: a library that needs it is not searched for it', () => {
  // A Go program built with -buildmode=pie and -soname, or a shared object run as a program: the loader
  // matches the name against the main map's SONAME and loads nothing more.
  const files = { '/env/lib/libcb.so': obj(['libapp.so.1']), '/env/lib/libapp.so.1': obj([], { soname: 'libapp.so.1' }) };
  const r = resolve(files, obj(['libcb.so'], { runpath: ['/env/lib'], soname: 'libapp.so.1' }));
  expect(pick(r)).toEqual([['libcb.so', '/env/lib/libcb.so', 'runpath', 'env']]);
  expect(r.missing).toEqual([]);
});

test('extras without fallback dirs: looked for only where the loader looks', () => {
  const r = resolve({}, obj([]), { extras: ['libnothere.so'] });
  expect(r).toEqual({ libs: [], missing: [{ name: 'libnothere.so', neededBy: '/out/bin/app', searched: ['ld.so.cache and the system’s default dirs'] }] });
});

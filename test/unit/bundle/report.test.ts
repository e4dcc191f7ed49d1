// The report's text: what was bundled, what is left to the system (glibc apart), warnings, sizes.
import { formatBytes, formatReport, splitByKind, type BundleReport } from '../../../src/bundle/report';

const R: BundleReport = {
  prefix: '/env',
  outDir: '/out',
  importPath: 'example.com/app',
  program: 'bin/app',
  goVersion: '1.22.5',
  static: false,
  cgoPackages: ['example.com/app'],
  bundled: [
    { name: 'libz.so.1', from: '/env/lib/libz.so.1', bytes: 100_000, neededBy: 'bin/app', extra: false },
    { name: 'libplug.so', from: '/env/lib/libplug.so', bytes: 2048, neededBy: 'bin/app', extra: true },
  ],
  system: [
    { name: 'libc.so.6', file: '/lib/libc.so.6', base: true },
    { name: 'libm.so.6', file: '/lib/libm.so.6', base: true },
    { name: 'libssl.so.3', file: '/usr/lib/libssl.so.3', base: false },
  ],
  warnings: ['bin/app calls dlopen'],
  sizes: { program: 2_000_000, libs: 102_048, bundle: 2_102_048, env: 1_500_000_000 },
  files: [],
};

test('sizes in binary units', () => {
  expect([formatBytes(10), formatBytes(2048), formatBytes(2_102_048), formatBytes(1_500_000_000)]).toEqual(['10 B', '2.0 KiB', '2.0 MiB', '1.4 GiB']);
});

test('a cgo bundle: libraries with origin, glibc on one line, other system libraries as a requirement, sizes against the env', () => {
  expect(formatReport(R)).toBe(
    [
      'bundled example.com/app into /out',
      '  program  bin/app  1.9 MiB',
      '',
      'bundled from the env (2), in lib/ with RUNPATH $ORIGIN; the program finds them through $ORIGIN/../lib',
      '  libz.so.1  97.7 KiB  from /env/lib/libz.so.1',
      '  libplug.so  2.0 KiB  from /env/lib/libplug.so  (extra: dlopen)',
      '',
      'left to the system (3)',
      '  glibc: libc.so.6, libm.so.6',
      '  libssl.so.3  /usr/lib/libssl.so.3  (not in the env: the target machine must have it)',
      '',
      'warning: bin/app calls dlopen',
      '',
      'size: bundle 2.0 MiB (0.1% of the env), env 1.4 GiB (its files, symlinks followed)',
      '',
    ].join('\n'),
  );
});

test('a static program: one line, no library sections', () => {
  const text = formatReport({ ...R, static: true, bundled: [], system: [], warnings: [], sizes: { program: 2_000_000, libs: 0, bundle: 2_000_000, env: 0 } });
  expect(text).toBe(
    'bundled example.com/app into /out\n  program  bin/app  1.9 MiB  static: a single file, no libraries needed\n\nsize: bundle 1.9 MiB, env 0 B (its files, symlinks followed)\n',
  );
});

test.each<[number, string]>([
  [0, '0 B'],
  [1023, '1023 B'],
  [1024, '1.0 KiB'],
  [1536, '1.5 KiB'],
  [102297, '99.9 KiB'],
  [102400, '100 KiB'],
  [1048575, '1024 KiB'],
  [1048576, '1.0 MiB'],
  [1073741824, '1.0 GiB'],
  [1099511627776, '1.0 TiB'],
  [1125899906842624, '1024 TiB'],
])('formatBytes(%d) is %s', (n, text) => expect(formatBytes(n)).toBe(text));

test.each<[number, number, string]>([
  [1, 0, 'size: bundle 1 B, env 0 B (its files, symlinks followed)'],
  [1, -5, 'size: bundle 1 B, env -5 B (its files, symlinks followed)'],
  [1, 1001, 'size: bundle 1 B (<0.1% of the env), env 1001 B (its files, symlinks followed)'],
  [1, 1000, 'size: bundle 1 B (0.1% of the env), env 1000 B (its files, symlinks followed)'],
  [3, 9, 'size: bundle 3 B (33.3% of the env), env 9 B (its files, symlinks followed)'],
  [20, 10, 'size: bundle 20 B (200.0% of the env), env 10 B (its files, symlinks followed)'],
])('bundle %d B of an env of %d B', (bundle, env, line) => {
  const text = formatReport({ ...R, static: true, warnings: [], sizes: { program: bundle, libs: 0, bundle, env } });
  expect(text.split('\n').slice(-2)).toEqual([line, '']);
});

test('nothing left to the system but non-glibc libraries, none bundled, two warnings', () => {
  const text = formatReport({
    ...R,
    bundled: [],
    system: [{ name: 'libssl.so.3', file: '/usr/lib/libssl.so.3', base: false }],
    warnings: ['one', 'two'],
    sizes: { program: 10, libs: 0, bundle: 10, env: 100 },
  });
  expect(text).toBe(
    [
      'bundled example.com/app into /out',
      '  program  bin/app  10 B',
      '',
      'bundled from the env (0), in lib/ with RUNPATH $ORIGIN; the program finds them through $ORIGIN/../lib',
      '',
      'left to the system (1)',
      '  libssl.so.3  /usr/lib/libssl.so.3  (not in the env: the target machine must have it)',
      '',
      'warning: one',
      '',
      'warning: two',
      '',
      'size: bundle 10 B (10.0% of the env), env 100 B (its files, symlinks followed)',
      '',
    ].join('\n'),
  );
});

test('splitByKind: each library under its kind, in order; every kind present even when empty', () => {
  const lib = (name: string, kind: 'env' | 'system' | 'base') => ({
    name,
    file: `/x/${name}`,
    soname: null,
    neededBy: '/app',
    via: 'system' as const,
    kind,
    extra: false,
  });
  expect(splitByKind([lib('a', 'env'), lib('b', 'base'), lib('c', 'env'), lib('d', 'system')])).toEqual({
    env: [lib('a', 'env'), lib('c', 'env')],
    system: [lib('d', 'system')],
    base: [lib('b', 'base')],
  });
  expect(splitByKind([])).toEqual({ env: [], system: [], base: [] });
});

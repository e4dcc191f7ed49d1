// The report's text: what was bundled, what is left to the system (glibc apart), warnings, sizes.
import { formatBytes, formatReport, type BundleReport } from '../../../src/bundle/report';

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

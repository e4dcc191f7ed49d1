// The bundle run (index.ts) off its main road, each with the real Go 1.22, gcc, patchelf and loader:
// macOS (a platform this machine cannot be: process.platform alone is set), no patchelf on PATH, a pure
// program whose std packages have cgo files, one library, a library that names another by its path, an
// env with no lib/, and a patchelf that leaves a bundle the final check must refuse (a stand-in on PATH
// that wraps the real one: a broken or mismatched patchelf is exactly what that check is for); a system
// library outside glibc (zlib), a dlopened env library by its unversioned name, and a library the bundle
// carries under two names (one file and a symlink), patched once.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundle } from '../../../src/bundle/index';
import type { BundleReport } from '../../../src/bundle/report';
import { dlopenMain, makeBundleWorld, sh, type BundleWorld } from '../../helpers/bundle-world';
import { caught } from '../../helpers/caught';
import { readelf } from '../../helpers/readelf';

let w: BundleWorld;

beforeAll(() => {
  w = makeBundleWorld();
  w.cLib('gcdanswer', 'int gcd_answer(void) { return 42; }\n');
  w.cLib('gcdplug', 'int gcd_plug(void) { return 7; }\n');
  // No SONAME: a library linked against it by its path gets a DT_NEEDED that is that path.
  fs.writeFileSync(path.join(w.dir, 'bypath.c'), 'int gcd_bypath(void) { return 5; }\n');
  sh('gcc', ['-shared', '-fPIC', '-o', path.join(w.env, 'lib', 'libgcdbypath.so'), path.join(w.dir, 'bypath.c')]);
  w.cLib('gcdviapath', 'int gcd_bypath(void);\nint gcd_via(void) { return gcd_bypath() + 1; }\n', [path.join(w.env, 'lib', 'libgcdbypath.so')]);
  // Only an unversioned name, as plugins often are: no SONAME, no libX.so.N beside it.
  fs.writeFileSync(path.join(w.dir, 'unver.c'), 'int gcd_unver(void) { return 9; }\n');
  sh('gcc', ['-shared', '-fPIC', '-o', path.join(w.env, 'lib', 'libgcdunver.so'), path.join(w.dir, 'unver.c')]);
});
afterAll(() => w.remove());

const out = (name: string) => path.join(w.dir, `out-${name}`);
/** The staging dir staging.ts builds DIR in (beside it, named after it and this process). */
const stage = (name: string) => path.join(w.dir, `.out-${name}.gocondad-partial-${process.pid}`);
const size = (f: string) => fs.statSync(f).size;
const partials = () => fs.readdirSync(w.dir).filter((n) => n.includes('gocondad-partial'));

/** A program needing libgcdanswer.so.1 and libgcdviapath.so.1, which needs libgcdbypath.so by its path. */
const VIA_MAIN =
  'package main\n\n// #cgo LDFLAGS: -lgcdanswer -lgcdviapath\n// int gcd_answer(void);\n// int gcd_via(void);\nimport "C"\n\nfunc main() { println(int(C.gcd_answer()), int(C.gcd_via())) }\n';

function bundleApp(name: string, main: string, opts: { extraLibs?: string[]; progress?: string[]; prefix?: string } = {}): BundleReport {
  return bundle({
    ...w.common,
    prefix: opts.prefix ?? w.env,
    cwd: w.app(name, main),
    pkg: '.',
    outDir: out(name),
    extraLibs: opts.extraLibs ?? [],
    progress: opts.progress && ((l) => opts.progress!.push(l)),
  });
}

function withPlatform<T>(platform: NodeJS.Platform, fn: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { ...saved, value: platform });
  try {
    return fn();
  } finally {
    Object.defineProperty(process, 'platform', saved);
  }
}

/**
 * patchelf looked up on PATH (layout.ts) as given. A child sees the host's environment, not jest's copy
 * of it, so the PATH goes in through the options of the real spawnSync, for patchelf's runs alone.
 */
function withPath<T>(PATH: string, fn: () => T): T {
  const real = require('node:child_process') as typeof import('node:child_process');
  const original = real.spawnSync;
  const spawn = jest
    .spyOn(real, 'spawnSync')
    .mockImplementation(((cmd: string, args: string[], opts: object) =>
      original(cmd, args, cmd === 'patchelf' ? { ...opts, env: { ...process.env, PATH } } : opts)) as typeof original);
  try {
    return fn();
  } finally {
    spawn.mockRestore();
  }
}

const ONE_LIB = 'package main\n\n// #cgo LDFLAGS: -lgcdanswer\n// int gcd_answer(void);\nimport "C"\n\nfunc main() { println(int(C.gcd_answer())) }\n';
const PURE = 'package main\n\nfunc main() { println("pure") }\n';

/** A single static file: the report whole. */
function staticReport(name: string, isStatic: boolean): BundleReport {
  const program = size(path.join(out(name), 'bin', name));
  return {
    prefix: w.env,
    outDir: out(name),
    importPath: `example.com/${name}`,
    program: `bin/${name}`,
    goVersion: w.goVersion,
    static: isStatic,
    cgoPackages: [],
    bundled: [],
    system: [],
    warnings: [],
    sizes: { program, libs: 0, bundle: program, env: w.envBytes() },
    files: [`bin/${name}`],
  };
}

describe('on macOS (process.platform darwin)', () => {
  it('a cgo program is refused in words before any build, nothing made', () => {
    expect(caught(() => withPlatform('darwin', () => bundleApp('maccgo', ONE_LIB)))).toEqual({
      name: 'BundleError',
      message: 'bundling cgo programs on macOS (Mach-O, @rpath) is designed but not implemented yet',
      hint: 'see "Bundles on macOS" in docs/bundle.md for the manual steps',
    });
    expect([fs.existsSync(out('maccgo')), partials()]).toEqual([false, []]);
  });

  it('a pure Go program: one file, not read as ELF (so not called static), no lib/', () => {
    const report = withPlatform('darwin', () => bundleApp('macpure', PURE));
    expect(report).toEqual(staticReport('macpure', false));
    expect(fs.readdirSync(out('macpure')).sort()).toEqual(['bin', 'gocondad-bundle.json']);
  });
});

describe('no patchelf on PATH', () => {
  it('a cgo program is refused in words, with how to install it, before any build', () => {
    const empty = fs.mkdtempSync(path.join(w.dir, 'nopatchelf-'));
    expect(caught(() => withPath(empty, () => bundleApp('nopatch', ONE_LIB)))).toEqual({
      name: 'BundleError',
      message: 'patchelf is needed to make the program find its libraries relative to itself',
      hint: 'install patchelf: apt-get install patchelf (Debian/Ubuntu), or conda install -c conda-forge patchelf',
    });
    expect([fs.existsSync(out('nopatch')), partials()]).toEqual([false, []]);
  });

  it('a pure Go program needs none: bundled as one static file', () => {
    const empty = fs.mkdtempSync(path.join(w.dir, 'nopatchelf-'));
    const report = withPath(empty, () => bundleApp('nopatchpure', PURE));
    expect(report).toEqual(staticReport('nopatchpure', true));
  });
});

it('a pure program importing net (whose std files use cgo when it is on) is built with CGO_ENABLED=0: static', () => {
  const report = bundleApp('netpure', 'package main\n\nimport "net"\n\nfunc main() { println(net.ParseIP("127.0.0.1").String()) }\n');
  expect(report).toEqual(staticReport('netpure', true));
  expect(readelf(path.join(out('netpure'), 'bin', 'netpure'))).toEqual({ needed: [], runpath: [], rpath: [], interp: null });
});

it('one env library: "copying 1 library", bundled and running from the bundle alone', () => {
  const progress: string[] = [];
  const report = bundleApp('one', ONE_LIB, { progress });
  expect(progress).toEqual([
    `building example.com/one with ${w.goVersion} (cgo: a cold build takes a while)`,
    'measuring the env',
    'finding the libraries the program loads',
    'copying 1 library from the env',
  ]);
  expect([report.bundled, report.files]).toEqual([
    [
      {
        name: 'libgcdanswer.so.1',
        from: path.join(w.env, 'lib', 'libgcdanswer.so.1'),
        bytes: size(path.join(out('one'), 'lib', 'libgcdanswer.so.1')),
        neededBy: 'bin/one',
        extra: false,
      },
    ],
    ['bin/one', 'lib/libgcdanswer.so.1'],
  ]);
  const run = spawnSync('env', ['-i', path.join(out('one'), 'bin', 'one')], { encoding: 'utf8' });
  expect([run.stderr, run.status]).toEqual(['42\n', 0]);
});

it('a library that names another env library by its path (not the first library): its copy names the plain name', () => {
  const report = bundleApp('via', VIA_MAIN);
  const lib = (n: string) => path.join(out('via'), 'lib', n);
  expect(report.bundled).toEqual([
    { name: 'libgcdanswer.so.1', from: path.join(w.env, 'lib', 'libgcdanswer.so.1'), bytes: size(lib('libgcdanswer.so.1')), neededBy: 'bin/via', extra: false },
    {
      name: 'libgcdviapath.so.1',
      from: path.join(w.env, 'lib', 'libgcdviapath.so.1'),
      bytes: size(lib('libgcdviapath.so.1')),
      neededBy: 'bin/via',
      extra: false,
    },
    {
      name: 'libgcdbypath.so',
      from: path.join(w.env, 'lib', 'libgcdbypath.so'),
      bytes: size(lib('libgcdbypath.so')),
      neededBy: 'libgcdviapath.so.1',
      extra: false,
    },
  ]);
  expect(readelf(lib('libgcdviapath.so.1'))).toEqual({ needed: ['libgcdbypath.so'], runpath: ['$ORIGIN'], rpath: [], interp: null });
  expect(readelf(lib('libgcdanswer.so.1')).runpath).toEqual(['$ORIGIN']);
  const run = spawnSync('env', ['-i', path.join(out('via'), 'bin', 'via')], { encoding: 'utf8' });
  expect([run.stderr, run.status]).toEqual(['42 6\n', 0]);
});

/**
 * ldconfig lists a library of a glibc-hwcaps dir under its file's name (glibc's ldconfig writes the real
 * file there, where it makes no SONAME links), so an env library the system lookup finds can have a file
 * whose name is not the one it was asked by: the bundle copies it under the name asked.
 */
it('an env library ld.so.cache finds in a glibc-hwcaps dir by its file name, naming another by its path: the copy under the asked name gets the plain name', () => {
  const env = w.makeEnv('hwcaps', ['lib']);
  const byPath = path.join(env, 'lib', 'libgcdbypath.so');
  fs.writeFileSync(path.join(w.dir, 'hwbypath.c'), 'int gcd_bypath(void) { return 5; }\n');
  sh('gcc', ['-shared', '-fPIC', '-o', byPath, path.join(w.dir, 'hwbypath.c')]);
  const hwDir = path.join(env, 'lib', 'glibc-hwcaps', 'x86-64-v3');
  fs.mkdirSync(hwDir, { recursive: true });
  const hwFile = path.join(hwDir, 'libgcdhw.so.1.0');
  fs.writeFileSync(path.join(w.dir, 'hw.c'), 'int gcd_bypath(void);\nint gcd_hw(void) { return gcd_bypath() + 2; }\n');
  sh('gcc', ['-shared', '-fPIC', '-Wl,-soname,libgcdhw.so.1', '-o', hwFile, path.join(w.dir, 'hw.c'), byPath]);
  const main = `package main\n\n// #cgo LDFLAGS: -L${hwDir} -l:libgcdhw.so.1.0\n// int gcd_hw(void);\nimport "C"\n\nfunc main() { println(int(C.gcd_hw())) }\n`;
  const system = require('../../../src/bundle/system') as typeof import('../../../src/bundle/system');
  const realLookup = system.systemLookup;
  const lookup = jest.spyOn(system, 'systemLookup').mockImplementation((inspect) => {
    const real = realLookup(inspect);
    return (name, like) => (name === 'libgcdhw.so.1' ? hwFile : real(name, like));
  });
  let report: BundleReport;
  try {
    report = bundleApp('hw', main, { prefix: env });
  } finally {
    lookup.mockRestore();
  }
  const lib = (n: string) => path.join(out('hw'), 'lib', n);
  expect([report.bundled, report.files]).toEqual([
    [
      { name: 'libgcdhw.so.1', from: hwFile, bytes: size(lib('libgcdhw.so.1')), neededBy: 'bin/hw', extra: false },
      { name: 'libgcdbypath.so', from: byPath, bytes: size(lib('libgcdbypath.so')), neededBy: 'libgcdhw.so.1', extra: false },
    ],
    ['bin/hw', 'lib/libgcdhw.so.1', 'lib/libgcdbypath.so'],
  ]);
  expect(readelf(lib('libgcdhw.so.1'))).toEqual({ needed: ['libgcdbypath.so'], runpath: ['$ORIGIN'], rpath: [], interp: null });
  const run = spawnSync('env', ['-i', path.join(out('hw'), 'bin', 'hw')], { encoding: 'utf8' });
  expect([run.stderr, run.status]).toEqual(['7\n', 0]);
});

it('an env with no lib/ at all: a cgo program on the system’s libraries alone is bundled', () => {
  const bare = w.makeEnv('bare', []);
  const report = bundleApp('bare', 'package main\n\n// static int one(void) { return 1; }\nimport "C"\n\nfunc main() { println(int(C.one())) }\n', {
    prefix: bare,
  });
  const program = size(path.join(out('bare'), 'bin', 'bare'));
  expect(report).toEqual({
    prefix: bare,
    outDir: out('bare'),
    importPath: 'example.com/bare',
    program: 'bin/bare',
    goVersion: w.goVersion,
    static: false,
    cgoPackages: ['example.com/bare'],
    bundled: [],
    system: [{ name: 'libc.so.6', file: w.libc, base: true }],
    warnings: [],
    sizes: { program, libs: 0, bundle: program, env: w.envBytes(bare) },
    files: ['bin/bare'],
  });
});

/**
 * A patchelf on PATH that passes everything to the real one except --set-rpath on the program (a path
 * with /bin/ in it), where it does what `mode` says: the program the final check must then refuse.
 */
function fakePatchelf(mode: 'corrupt' | 'keep' | 'bin' | 'nowhere'): string {
  const real = sh('sh', ['-c', 'command -v patchelf']).trim();
  const d = path.join(w.dir, `patchelf-${mode}`);
  fs.mkdirSync(d);
  const act = {
    corrupt: `"${real}" "$@" || exit; printf 'not an ELF\\n' > "$3"`, // a patchelf that wrecks the file
    keep: 'exit 0', // one that does nothing: the env's RUNPATH stays
    bin: `"${real}" --set-rpath '$ORIGIN' "$3" && cp "$(dirname "$3")"/../lib/* "$(dirname "$3")"/`, // the libs found beside it, not in lib/
    nowhere: `exec "${real}" --set-rpath ${path.join(w.dir, 'nowhere')} "$3"`, // a RUNPATH that finds nothing
  }[mode];
  fs.writeFileSync(
    path.join(d, 'patchelf'),
    `#!/bin/sh\nif [ "$1" = --set-rpath ] && case "$3" in */bin/*) true;; *) false;; esac; then\n  ${act}\n  exit\nfi\nexec "${real}" "$@"\n`,
    { mode: 0o755 },
  );
  return `${d}:${process.env.PATH}`;
}

describe('the finished bundle checked again: refused in words when patching left it wrong, nothing left behind', () => {
  afterEach(() => expect(partials()).toEqual([]));

  it('a program no longer ELF after patching', () => {
    expect(caught(() => withPath(fakePatchelf('corrupt'), () => bundleApp('corrupt', ONE_LIB)))).toEqual({
      name: 'BundleError',
      // named as it would be in DIR: the staging dir is gone when the user reads this
      message: `the bundle was not written to ${out('corrupt')}: ${path.join(out('corrupt'), 'bin', 'corrupt')} is no longer readable ELF after patching`,
      hint: 'report this as a bug with this message and the output of patchelf --version',
    });
    expect(fs.existsSync(out('corrupt'))).toBe(false);
  });

  it.each<['keep' | 'bin', string]>([
    ['keep', 'the program’s RUNPATH still the env’s lib/'],
    ['bin', 'the program’s RUNPATH its own dir, where the library is too: inside the bundle but not in lib/'],
  ])('an extra (dlopened) library found outside DIR/lib (%s: %s)', (mode) => {
    const name = `wrong${mode}`;
    expect(caught(() => withPath(fakePatchelf(mode), () => bundleApp(name, dlopenMain(['libgcdplug.so.1']), { extraLibs: ['libgcdplug.so.1'] })))).toEqual({
      name: 'BundleError',
      message: `the bundle was not written to ${out(name)}: it does not find libgcdplug.so.1 in ${path.join(out(name), 'lib')}`,
      hint: 'report this as a bug with this message and the output of patchelf --version (it set the RUNPATHs the resolver followed)',
    });
    expect(fs.existsSync(out(name))).toBe(false);
  });

  it('two extra libraries found nowhere: both named', () => {
    const extraLibs = ['libgcdplug.so.1', 'libgcdanswer.so.1'];
    expect(caught(() => withPath(fakePatchelf('nowhere'), () => bundleApp('lost', dlopenMain(extraLibs), { extraLibs })))).toEqual({
      name: 'BundleError',
      message: `the bundle was not written to ${out('lost')}: it does not find libgcdplug.so.1, libgcdanswer.so.1 in ${path.join(out('lost'), 'lib')}`,
      hint: 'report this as a bug with this message and the output of patchelf --version (it set the RUNPATHs the resolver followed)',
    });
    expect(fs.existsSync(out('lost'))).toBe(false);
  });
});

/** A patchelf on PATH that fails --set-rpath on the files `where` matches (a sh case pattern, after a '/') as a broken one would, naming the file. */
function failingPatchelf(where: 'bin/*' | 'lib/*' | `lib/${string}`): string {
  const real = sh('sh', ['-c', 'command -v patchelf']).trim();
  const d = fs.mkdtempSync(path.join(w.dir, 'patchelf-fails-'));
  fs.writeFileSync(
    path.join(d, 'patchelf'),
    `#!/bin/sh\nif [ "$1" = --set-rpath ] && case "$3" in */${where}) true;; *) false;; esac; then\n  echo "patchelf: cannot normalize $3" >&2\n  exit 1\nfi\nexec "${real}" "$@"\n`,
    { mode: 0o755 },
  );
  return `${d}:${process.env.PATH}`;
}

describe('patchelf failing: its file named as it would be in DIR (the staging dir is gone), nothing left behind', () => {
  afterEach(() => expect(partials()).toEqual([]));

  // envLibs holds libgcdanswer.so.1 first, then (VIA_MAIN) libgcdviapath.so.1 and libgcdbypath.so (the 'via' test).
  it.each([
    ['on a library: named in DIR/lib, with the env file it copies, which readelf can still read', 'badlib', ONE_LIB, 'lib/*', 'libgcdanswer.so.1'],
    [
      'on a library that is not the first one copied: the env file named is that library’s',
      'badsecond',
      VIA_MAIN,
      'lib/libgcdviapath.so.1',
      'libgcdviapath.so.1',
    ],
  ] as const)('%s', (_title, name, main, where, failing) => {
    const lib = path.join(out(name), 'lib', failing);
    const original = path.join(w.env, 'lib', failing);
    expect(caught(() => withPath(failingPatchelf(where), () => bundleApp(name, main)))).toEqual({
      name: 'BundleError',
      message: `the bundle was not written to ${out(name)}: patchelf --set-rpath failed on ${lib} (a copy of ${original}): patchelf: cannot normalize ${lib}`,
      hint: `the file may not be a dynamic ELF object; report it with the output of: readelf -d ${original}`,
    });
    expect(fs.existsSync(out(name))).toBe(false);
  });

  it('on the program: named in DIR/bin; no readelf hint (the program exists nowhere else)', () => {
    const program = path.join(out('badbin'), 'bin', 'badbin');
    expect(caught(() => withPath(failingPatchelf('bin/*'), () => bundleApp('badbin', ONE_LIB)))).toEqual({
      name: 'BundleError',
      message: `the bundle was not written to ${out('badbin')}: patchelf --set-rpath failed on ${program}: patchelf: cannot normalize ${program}`,
      hint: 'the file may not be a dynamic ELF object; report this as a bug with this message and the output of patchelf --version',
    });
    expect(fs.existsSync(out('badbin'))).toBe(false);
  });
});

it('a system library outside glibc (the machine’s zlib): in report.system with base false, beside libc with base true; not bundled', () => {
  // zlib1g: a dependency of zlib1g-dev, which scripts/ensure-test-deps installs. Linked by its file name
  // and declared by hand, so no header or libz.so link is needed.
  const libz = /\tlibz\.so\.1 \(libc6,x86-64\) => (\S+)/.exec(sh('/sbin/ldconfig', ['-p']))?.[1];
  if (libz === undefined) throw new Error('libz.so.1 is not in ldconfig -p: run bash scripts/ensure-test-deps (installs zlib1g-dev, with zlib1g)');
  const main =
    'package main\n\n// #cgo LDFLAGS: -l:libz.so.1\n// const char *zlibVersion(void);\nimport "C"\n\nfunc main() { println(C.GoString(C.zlibVersion()) != "") }\n';
  const report = bundleApp('zlib', main);
  const program = size(path.join(out('zlib'), 'bin', 'zlib'));
  expect(report).toEqual({
    prefix: w.env,
    outDir: out('zlib'),
    importPath: 'example.com/zlib',
    program: 'bin/zlib',
    goVersion: w.goVersion,
    static: false,
    cgoPackages: ['example.com/zlib'],
    bundled: [],
    system: [
      { name: 'libc.so.6', file: w.libc, base: true },
      { name: 'libz.so.1', file: libz, base: false },
    ],
    warnings: [],
    sizes: { program, libs: 0, bundle: program, env: w.envBytes() },
    files: ['bin/zlib'],
  });
  expect(readelf(path.join(out('zlib'), 'bin', 'zlib')).needed).toEqual(['libz.so.1', 'libc.so.6']);
  const run = spawnSync('env', ['-i', path.join(out('zlib'), 'bin', 'zlib')], { encoding: 'utf8' });
  expect([run.stderr, run.status]).toEqual(['true\n', 0]);
});

it('an env library a program dlopens by its unversioned name (lib/libgcdunver.so, no .so.N): named in the warning', () => {
  const report = bundleApp('unver', dlopenMain(['libgcdunver.so']));
  expect([report.warnings, report.bundled, report.files]).toEqual([
    [
      `bin/unver names libgcdunver.so from the env, which no DT_NEEDED loads: it probably dlopens it. List it under bundle.extra_libs in ${path.join(w.env, 'etc', 'gocondad.yml')} (or --extra-lib NAME) to bundle it`,
    ],
    [],
    ['bin/unver'],
  ]);
});

it('one library under two names (its SONAME, needed; its link name, an extra): a file and a symlink to it, patchelf run once per file, never through the link', () => {
  const real = require('node:child_process') as typeof import('node:child_process');
  const original = real.spawnSync;
  const runs: string[][] = [];
  const spawn = jest.spyOn(real, 'spawnSync').mockImplementation(((cmd: string, args: string[], opts: object) => {
    if (cmd === 'patchelf') runs.push(args.map((a) => a.replace(stage('twonames'), 'STAGE')));
    return original(cmd, args, opts);
  }) as typeof original);
  let report: BundleReport;
  try {
    report = bundleApp('twonames', ONE_LIB, { extraLibs: ['libgcdanswer.so'] });
  } finally {
    spawn.mockRestore();
  }
  const lib = path.join(out('twonames'), 'lib');
  expect([report.bundled, report.files]).toEqual([
    [
      {
        name: 'libgcdanswer.so.1',
        from: path.join(w.env, 'lib', 'libgcdanswer.so.1'),
        bytes: size(path.join(lib, 'libgcdanswer.so.1')),
        neededBy: 'bin/twonames',
        extra: false,
      },
      { name: 'libgcdanswer.so', from: path.join(w.env, 'lib', 'libgcdanswer.so'), bytes: 0, neededBy: 'bin/twonames', extra: true },
    ],
    ['bin/twonames', 'lib/libgcdanswer.so.1', 'lib/libgcdanswer.so'],
  ]);
  expect([fs.readlinkSync(path.join(lib, 'libgcdanswer.so')), readelf(path.join(lib, 'libgcdanswer.so.1')).runpath]).toEqual([
    'libgcdanswer.so.1',
    ['$ORIGIN'],
  ]);
  // A symlink handed to patchelf would be one more process for nothing, and a patchelf that writes by
  // replacing the file (not through it) would turn the link into a second copy.
  expect(runs).toEqual([['--version'], ['--set-rpath', '$ORIGIN/../lib', 'STAGE/bin/twonames'], ['--set-rpath', '$ORIGIN', 'STAGE/lib/libgcdanswer.so.1']]);
});

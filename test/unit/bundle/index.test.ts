// The whole bundle run (index.ts) on a conda-style prefix written here: C libraries the real gcc builds
// into its lib/ (one level, two levels through an absolute RUNPATH, one without SONAME linked by its
// path, one that needs libraries that are gone, one a program dlopens), Go programs the real Go 1.22
// builds, patched by the real patchelf and checked by the real loader. Every report is compared whole,
// its sizes measured from the files (find -L for the env), never taken from the code under test.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundle, prepare, type BundleOptions } from '../../../src/bundle/index';
import type { BundleReport } from '../../../src/bundle/report';
import { readelf } from '../../helpers/readelf';
import { caught } from '../../helpers/caught';
import { tree as fileTree } from '../../helpers/tree';
import { dlopenMain, GOROOT, makeBundleWorld, sh, type BundleWorld } from '../../helpers/bundle-world';

let world: BundleWorld;
let dir: string;
let env: string;
let common: Omit<BundleOptions, 'outDir' | 'cwd' | 'pkg'>;
let goVersion: string;
let libc: string;
const cLib = (name: string, source: string, extra: string[] = []) => world.cLib(name, source, extra);
const app = (name: string, main: string) => world.app(name, main);
const envBytes = () => world.envBytes();

const size = (f: string) => fs.statSync(f).size;

/** Every entry of DIR, sorted, dirs with a trailing slash, symlinks with their target. */
const tree = (root: string) => fileTree(root, (r, st, full) => (st.isSymbolicLink() ? `${r} -> ${fs.readlinkSync(full)}` : r));

beforeAll(() => {
  world = makeBundleWorld();
  ({ dir, env, goVersion, libc } = world);
  fs.writeFileSync(path.join(env, 'include', 'gcd.h'), 'int gcd_answer(void);\nint gcd_top(void);\nint gcd_bypath(void);\nint gcd_needy(void);\n');
  cLib('gcdanswer', 'int gcd_answer(void) { return 42; }\n');
  cLib('gcdbase', 'int gcd_base(void) { return 40; }\n');
  // The second level found only through an absolute RUNPATH into the env: the bundle must rewrite it.
  cLib('gcdtop', 'int gcd_base(void);\nint gcd_top(void) { return gcd_base() + 2; }\n', [
    `-L${path.join(env, 'lib')}`,
    '-lgcdbase',
    `-Wl,-rpath,${path.join(env, 'lib')}`,
  ]);
  cLib('gcdplug', 'int gcd_plug(void) { return 7; }\n');
  // Two libraries that exist only where the env's libgcdneedy was linked, not in the env nor on the system.
  const elsewhere = path.join(dir, 'elsewhere');
  fs.mkdirSync(elsewhere);
  for (const ghost of ['gcdghost', 'gcdshade']) {
    fs.writeFileSync(path.join(dir, `${ghost}.c`), `int ${ghost}(void) { return 1; }\n`);
    sh('gcc', ['-shared', '-fPIC', `-Wl,-soname,lib${ghost}.so.1`, '-o', path.join(elsewhere, `lib${ghost}.so.1`), path.join(dir, `${ghost}.c`)]);
    fs.symlinkSync(`lib${ghost}.so.1`, path.join(elsewhere, `lib${ghost}.so`));
  }
  cLib('gcdneedy', 'int gcd_needy(void) { return 3; }\n', [`-L${elsewhere}`, '-Wl,--no-as-needed', '-lgcdghost', '-lgcdshade']);
  fs.writeFileSync(path.join(dir, 'bypath.c'), 'int gcd_bypath(void) { return 5; }\n');
  sh('gcc', ['-shared', '-fPIC', '-o', path.join(env, 'lib', 'libgcdbypath.so'), path.join(dir, 'bypath.c')]); // no SONAME
  // Go splits this like a shell: linked by its path, the DT_NEEDED names the env's file.
  common = { ...world.common, env: { ...world.common.env, CGO_LDFLAGS: path.join(env, 'lib', 'libgcdbypath.so') } };
});
afterAll(() => world.remove());

const CGO_MAIN = [
  'package main',
  '',
  '// #cgo LDFLAGS: -lgcdanswer -lgcdtop',
  '// #include <gcd.h>',
  '// #include <dlfcn.h>',
  '// static int m(void) { return dlopen("libm.so.6", RTLD_NOW) != 0; }',
  'import "C"',
  'import "fmt"',
  '',
  'func main() { fmt.Println(int(C.gcd_answer()), int(C.gcd_top()), int(C.gcd_bypath()), int(C.m())) }',
  '',
].join('\n');

test('a cgo program: every env library in lib/ (one level, two, by path), RUNPATHs relative, the report whole, the manifest', () => {
  const cwd = app('cgoapp', CGO_MAIN);
  const out = path.join(dir, 'out-cgo');
  const progress: string[] = [];
  const report = bundle({ ...common, cwd, pkg: '.', outDir: out, extraLibs: ['libgcdplug.so.1', 'libgcdplug.so.1'], progress: (l) => progress.push(l) });
  const lib = (n: string) => path.join(out, 'lib', n);
  const expected: BundleReport = {
    prefix: env,
    outDir: out,
    importPath: 'example.com/cgoapp',
    program: 'bin/cgoapp',
    goVersion,
    static: false,
    cgoPackages: ['example.com/cgoapp'],
    bundled: [
      { name: 'libgcdbypath.so', from: path.join(env, 'lib', 'libgcdbypath.so'), bytes: size(lib('libgcdbypath.so')), neededBy: 'bin/cgoapp', extra: false },
      {
        name: 'libgcdanswer.so.1',
        from: path.join(env, 'lib', 'libgcdanswer.so.1'),
        bytes: size(lib('libgcdanswer.so.1')),
        neededBy: 'bin/cgoapp',
        extra: false,
      },
      { name: 'libgcdtop.so.1', from: path.join(env, 'lib', 'libgcdtop.so.1'), bytes: size(lib('libgcdtop.so.1')), neededBy: 'bin/cgoapp', extra: false },
      {
        name: 'libgcdbase.so.1',
        from: path.join(env, 'lib', 'libgcdbase.so.1'),
        bytes: size(lib('libgcdbase.so.1')),
        neededBy: 'libgcdtop.so.1',
        extra: false,
      },
      { name: 'libgcdplug.so.1', from: path.join(env, 'lib', 'libgcdplug.so.1'), bytes: size(lib('libgcdplug.so.1')), neededBy: 'bin/cgoapp', extra: true },
    ],
    system: [{ name: 'libc.so.6', file: libc, base: true }],
    warnings: [],
    sizes: { program: size(path.join(out, 'bin', 'cgoapp')), libs: 0, bundle: 0, env: envBytes() },
    files: ['bin/cgoapp', 'lib/libgcdbypath.so', 'lib/libgcdanswer.so.1', 'lib/libgcdtop.so.1', 'lib/libgcdbase.so.1', 'lib/libgcdplug.so.1'],
  };
  expected.sizes.libs = expected.bundled.reduce((s, b) => s + b.bytes, 0);
  expected.sizes.bundle = expected.sizes.program + expected.sizes.libs;
  expect(report).toEqual(expected);
  expect(progress).toEqual([
    `building example.com/cgoapp with ${goVersion} (cgo: a cold build takes a while)`,
    'measuring the env',
    'finding the libraries the program loads',
    'copying 5 libraries from the env',
  ]);
  expect(tree(out)).toEqual([
    'bin/',
    'bin/cgoapp',
    'gocondad-bundle.json',
    'lib/',
    'lib/libgcdanswer.so.1',
    'lib/libgcdbase.so.1',
    'lib/libgcdbypath.so',
    'lib/libgcdplug.so.1',
    'lib/libgcdtop.so.1',
  ]);
  expect(JSON.parse(fs.readFileSync(path.join(out, 'gocondad-bundle.json'), 'utf8'))).toEqual({
    ...expected,
    files: [...expected.files, 'gocondad-bundle.json'],
  });
  expect(fs.readFileSync(path.join(out, 'gocondad-bundle.json'), 'utf8').endsWith('}\n')).toBe(true);
  const program = readelf(path.join(out, 'bin', 'cgoapp'));
  expect([program.needed, program.runpath, program.rpath]).toEqual([
    ['libgcdbypath.so', 'libgcdanswer.so.1', 'libgcdtop.so.1', 'libc.so.6'],
    ['$ORIGIN/../lib'],
    [],
  ]);
  for (const n of ['libgcdanswer.so.1', 'libgcdtop.so.1', 'libgcdbase.so.1', 'libgcdplug.so.1', 'libgcdbypath.so'])
    expect(readelf(lib(n)).runpath).toEqual(['$ORIGIN']);
  expect(fs.readdirSync(dir).filter((n) => n.includes('gocondad-partial'))).toEqual([]);
  // The program runs from the bundle alone.
  const run = spawnSync('env', ['-i', path.join(out, 'bin', 'cgoapp')], { encoding: 'utf8' });
  expect([run.stdout, run.status]).toEqual(['42 42 5 1\n', 0]);
});

/** The report of a bundle of `main` (module example.com/NAME) into DIR/out-NAME, with the given extras. */
function bundleApp(name: string, main: string, extraLibs: string[] = [], progress?: string[]): BundleReport {
  return bundle({
    ...common,
    cwd: app(name, main),
    pkg: '.',
    outDir: path.join(dir, `out-${name}`),
    extraLibs,
    progress: progress && ((l) => progress.push(l)),
  });
}

test('a pure Go program: one static file, no lib/, nothing bundled', () => {
  const progress: string[] = [];
  const report = bundleApp('pure', 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("pure") }\n', [], progress);
  const out = path.join(dir, 'out-pure');
  const program = size(path.join(out, 'bin', 'pure'));
  expect(report).toEqual({
    prefix: env,
    outDir: out,
    importPath: 'example.com/pure',
    program: 'bin/pure',
    goVersion,
    static: true,
    cgoPackages: [],
    bundled: [],
    system: [],
    warnings: [],
    sizes: { program, libs: 0, bundle: program, env: envBytes() },
    files: ['bin/pure'],
  });
  expect(progress).toEqual([`building example.com/pure with ${goVersion}`, 'measuring the env']);
  expect(tree(out)).toEqual(['bin/', 'bin/pure', 'gocondad-bundle.json']);
  expect(readelf(path.join(out, 'bin', 'pure'))).toEqual({ needed: [], runpath: [], rpath: [], interp: null });
});

describe('dlopen', () => {
  const where = () => `bundle.extra_libs in ${path.join(env, 'etc', 'gocondad.yml')} (or --extra-lib NAME)`;

  it('env libraries named in the program and loaded by no DT_NEEDED: named in a warning (two: "them")', () => {
    const report = bundleApp('plugs', dlopenMain(['libgcdplug.so.1', 'libgcdanswer.so.1', 'libnotinenv.so.3']));
    expect([report.warnings, report.bundled, report.files]).toEqual([
      [
        `bin/plugs names libgcdanswer.so.1, libgcdplug.so.1 from the env, which no DT_NEEDED loads: it probably dlopens them. List them under ${where()} to bundle them`,
      ],
      [],
      ['bin/plugs'],
    ]);
  });

  it('one of them listed as an extra: bundled (extra), the other named (one: "it")', () => {
    const report = bundleApp('plug1', dlopenMain(['libgcdplug.so.1', 'libgcdanswer.so.1']), ['libgcdplug.so.1']);
    const out = path.join(dir, 'out-plug1');
    expect([report.warnings, report.bundled, report.files]).toEqual([
      [`bin/plug1 names libgcdanswer.so.1 from the env, which no DT_NEEDED loads: it probably dlopens it. List it under ${where()} to bundle it`],
      [
        {
          name: 'libgcdplug.so.1',
          from: path.join(env, 'lib', 'libgcdplug.so.1'),
          bytes: size(path.join(out, 'lib', 'libgcdplug.so.1')),
          neededBy: 'bin/plug1',
          extra: true,
        },
      ],
      ['bin/plug1', 'lib/libgcdplug.so.1'],
    ]);
    const run = spawnSync('env', ['-i', path.join(out, 'bin', 'plug1')], { encoding: 'utf8' });
    expect(run.stdout).toBe('libgcdplug.so.1 1\nlibgcdanswer.so.1 0\n');
  });

  it('a program that calls dlopen on no env library, and no extras: a warning to list what it opens', () => {
    const report = bundleApp('dlonly', dlopenMain(['libm.so.6']));
    expect(report.warnings).toEqual([
      `bin/dlonly calls dlopen: libraries it opens at run time are named by no DT_NEEDED and were not bundled; list them under ${where()}`,
    ]);
  });
});

describe('refused, in words, and nothing left behind', () => {
  afterEach(() => expect(fs.readdirSync(dir).filter((n) => n.includes('gocondad-partial'))).toEqual([]));

  it('libraries found neither in the env nor on the system (two, one level down)', () => {
    const err = caught(() =>
      bundleApp('needy', 'package main\n\n// #cgo LDFLAGS: -lgcdneedy\n// #include <gcd.h>\nimport "C"\n\nfunc main() { println(int(C.gcd_needy())) }\n'),
    );
    const needy = path.join(env, 'lib', 'libgcdneedy.so.1');
    expect(err).toEqual({
      name: 'BundleError',
      message: [
        '2 libraries the program loads are neither in the env nor on the system:',
        // libgcdneedy has no RUNPATH and the program's (a RUNPATH) is not inherited: only the system is searched.
        `  libgcdghost.so.1 (needed by ${needy}; looked in: ld.so.cache and the system’s default dirs)`,
        `  libgcdshade.so.1 (needed by ${needy}; looked in: ld.so.cache and the system’s default dirs)`,
      ].join('\n'),
      hint: `install the package that provides them into the env (conda install -p ${env} ...), or remove them from bundle.extra_libs`,
    });
    expect(fs.existsSync(path.join(dir, 'out-needy'))).toBe(false);
  });

  it('an extra library that is nowhere (one, needed by the program)', () => {
    const err = caught(() => bundleApp('cgoapp2', CGO_MAIN, ['libnothere.so']));
    expect(err).toEqual({
      name: 'BundleError',
      // A dlopen from the program: its RUNPATH (the env's lib/ until the bundle rewrites it), the system, then the env's lib/.
      message: `a library the program loads is neither in the env nor on the system:\n  libnothere.so (needed by bin/cgoapp2; looked in: ${path.join(env, 'lib')}, ld.so.cache and the system’s default dirs, ${path.join(env, 'lib')})`,
      hint: `install the package that provides it into the env (conda install -p ${env} ...), or remove it from bundle.extra_libs`,
    });
    expect(fs.existsSync(path.join(dir, 'out-cgoapp2'))).toBe(false);
  });

  it('a cgo program with CGO_ENABLED=0 in the caller’s environment: Go’s own words, and the hint names the cause', () => {
    // With cgo off, go list puts files importing "C" among the ignored ones: a package made only of them is "excluded".
    const cwd = app('nocgo', CGO_MAIN);
    const hint = 'CGO_ENABLED=0 hides the files that import "C": unset CGO_ENABLED (or set it to 1) and bundle again';
    expect(caught(() => bundle({ ...common, env: { ...common.env, CGO_ENABLED: '0' }, cwd, pkg: '.', outDir: path.join(dir, 'out-nocgo') }))).toEqual({
      name: 'BundleError',
      message: `go list . failed in ${cwd}: package example.com/nocgo: build constraints exclude all Go files in ${cwd}`,
      hint,
    });
    // the same cgo-only package as a dependency of a pure main: the second go list (-deps) fails the same way
    const lib = path.join(dir, 'src', 'nocgo', 'clib');
    fs.mkdirSync(lib, { recursive: true });
    fs.writeFileSync(path.join(lib, 'clib.go'), 'package clib\n\n// int one(void) { return 1; }\nimport "C"\n\nfunc One() int { return int(C.one()) }\n');
    const user = path.join(dir, 'src', 'nocgo', 'cmd', 'user');
    fs.mkdirSync(user, { recursive: true });
    fs.writeFileSync(path.join(user, 'main.go'), 'package main\n\nimport "example.com/nocgo/clib"\n\nfunc main() { println(clib.One()) }\n');
    expect(caught(() => bundle({ ...common, env: { ...common.env, CGO_ENABLED: '0' }, cwd, pkg: './cmd/user', outDir: path.join(dir, 'out-nocgo') }))).toEqual({
      name: 'BundleError',
      message: `go list -deps ./cmd/user failed: package example.com/nocgo/cmd/user\n\timports example.com/nocgo/clib: build constraints exclude all Go files in ${lib}`,
      hint,
    });
  });

  it('a build that fails with -o in dirs that are not there yet: neither the staging dir nor the dirs made for DIR are left', () => {
    const cwd = app('broken', 'package main\n\nfunc main() { undefinedHere() }\n');
    const out = path.join(dir, 'made', 'for', 'out');
    expect(caught(() => bundle({ ...common, cwd, pkg: '.', outDir: out }))).toEqual({
      name: 'BundleError',
      message: 'go build . failed:\n# example.com/broken\n./main.go:3:15: undefined: undefinedHere',
      hint: 'the same build inside the activated env shows the error; fix it, then bundle again',
    });
    expect(fs.existsSync(path.join(dir, 'made'))).toBe(false);
  });

  it('a rebundle into a previous bundle whose DIR has a directory where the new program goes: refused in words, DIR as it was', () => {
    const out = path.join(dir, 'out-clash');
    bundle({ ...common, cwd: app('first', 'package main\n\nfunc main() { println(1) }\n'), pkg: '.', outDir: out });
    fs.mkdirSync(path.join(out, 'bin', 'second'));
    fs.writeFileSync(path.join(out, 'bin', 'second', 'notes'), 'user');
    const before = tree(out);
    const manifest = fs.readFileSync(path.join(out, 'gocondad-bundle.json'), 'utf8');
    expect(caught(() => bundle({ ...common, cwd: app('second', 'package main\n\nfunc main() { println(2) }\n'), pkg: '.', outDir: out }))).toEqual({
      name: 'BundleError',
      message: `${path.join(out, 'bin', 'second')} is a directory, where the new bundle puts a file`,
      hint: `move it out of ${out}, or choose another directory with -o`,
    });
    expect(tree(out)).toEqual(before);
    expect(fs.readFileSync(path.join(out, 'gocondad-bundle.json'), 'utf8')).toBe(manifest);
  });

  it('a prefix that is no conda env', () => {
    const nope = path.join(dir, 'not-an-env');
    expect(caught(() => bundle({ ...common, prefix: nope, cwd: dir, pkg: '.', outDir: path.join(dir, 'o') }))).toEqual({
      name: 'GocondadError',
      message: `${nope} is not a conda env (no conda-meta/ in it)`,
      hint: `give an env's name or prefix (\`gocondad envs\` lists them), or make it one first: conda create -p ${nope}`,
    });
  });

  it.each<[string, (env: string) => string]>([
    ['inside the env', (e) => path.join(e, 'out')],
    ['the env itself', (e) => e],
  ])('an output dir %s', (_what, outOf) => {
    const out = outOf(env);
    expect(caught(() => bundle({ ...common, cwd: dir, pkg: '.', outDir: out }))).toEqual({
      name: 'BundleError',
      message: `the output ${out} is inside the env ${env}`,
      hint: 'choose an output directory outside the env',
    });
  });

  it('an output dir beside the env whose name starts like it is not inside it; a relative one is made absolute', () => {
    fs.writeFileSync(`${env}-out`, 'a file');
    expect(caught(() => bundle({ ...common, cwd: dir, pkg: '.', outDir: path.relative(process.cwd(), `${env}-out`) }))).toEqual({
      name: 'BundleError',
      message: `${env}-out is a file, not a directory`,
      hint: 'choose a new or empty directory with -o',
    });
  });

  it('an env whose pin no toolchain satisfies', () => {
    const other = path.join(dir, 'conda', 'envs', 'old');
    fs.mkdirSync(path.join(other, 'conda-meta'), { recursive: true });
    fs.mkdirSync(path.join(other, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(other, 'etc', 'gocondad.yml'), 'go: "1.99"\n');
    expect(caught(() => bundle({ ...common, prefix: other, cwd: dir, pkg: '.', outDir: path.join(dir, 'out-old') }))).toEqual({
      name: 'BundleError',
      message: `the env ${other} gets no Go toolchain: pin file asks for go 1.99 but no toolchain matches (${goVersion} at ${GOROOT}); install one, e.g. \`conda install go=1.99\`, or add its dir to \`toolchains:\` in the config`,
      hint: `see why with: gocondad explain ${other}`,
    });
  });
});

test('prepare: the config’s extra libs and --extra-lib once each, in order; config problems as warnings with the file', () => {
  const other = path.join(dir, 'conda', 'envs', 'cfg');
  fs.mkdirSync(path.join(other, 'conda-meta'), { recursive: true });
  fs.mkdirSync(path.join(other, 'etc'), { recursive: true });
  const pin = path.join(other, 'etc', 'gocondad.yml');
  fs.writeFileSync(pin, 'go: "1.22"\nbundle:\n  extra_libs: [liba.so, libb.so.2, liba.so]\n  extralibs: [x]\n');
  const cwd = app('prep', 'package main\n\nfunc main() {}\n');
  const p = prepare({ ...common, prefix: path.relative(process.cwd(), other), cwd, pkg: '.', extraLibs: ['libc.so.9', 'libb.so.2'] });
  expect({ ...p, buildEnv: { GOROOT: p.buildEnv.GOROOT, CONDA_PREFIX: p.buildEnv.CONDA_PREFIX } }).toEqual({
    prefix: other,
    goBin: path.join(GOROOT, 'bin', 'go'),
    goVersion,
    buildEnv: { GOROOT, CONDA_PREFIX: other },
    main: { importPath: 'example.com/prep', dir: cwd, binName: 'prep', cgoPackages: [] },
    extras: ['liba.so', 'libb.so.2', 'libc.so.9'],
    warnings: [`${pin}: unknown key \`bundle.extralibs\` ignored (known: extra_libs)`],
  });
});

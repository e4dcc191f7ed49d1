// gocondad bundle end to end: C libraries built with the system gcc into a conda-style prefix (lib/,
// include/, a .pc file the env declares PKG_CONFIG_PATH for), Go programs built by the real CLI with a
// real Go 1.22, bundled, the env moved away, and the bundles run under `env -i` by the real loader.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { wiringProblems } from '../helpers/dockerfile-wiring';
import { VERSION } from '../../src/pkg';
import * as path from 'node:path';
import { readelf } from '../helpers/readelf';
import { mounted } from '../helpers/mount';
import { CLI, GO122, requireReal, World } from '../helpers/world';

// Each test runs real go builds (the first compiles runtime/cgo into a fresh GOCACHE): minutes on a loaded 2-core machine.
jest.setTimeout(300_000);

let world: World;
let env: string;
const OFFLINE = { GOPROXY: 'off', GOSUMDB: 'off', GOFLAGS: '-mod=mod' };

function sh(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** A shared library in the env's lib/ with a SONAME and the linker-name symlink, as conda packages ship them. */
function cLib(name: string, source: string, extra: string[] = []): void {
  const lib = path.join(env, 'lib');
  const src = path.join(world.dir, `${name}.c`);
  fs.writeFileSync(src, source);
  sh('gcc', ['-shared', '-fPIC', `-Wl,-soname,lib${name}.so.1`, '-o', path.join(lib, `lib${name}.so.1.0.0`), src, ...extra]);
  fs.symlinkSync(`lib${name}.so.1.0.0`, path.join(lib, `lib${name}.so.1`));
  fs.symlinkSync(`lib${name}.so.1`, path.join(lib, `lib${name}.so`));
}

function app(name: string, files: Record<string, string>): string {
  const dir = path.join(world.dir, 'src', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'go.mod'), `module example.com/${name}\n\ngo 1.21\n`);
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

function bundle(cwd: string, args: string[], extraEnv: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'bundle', ...args], { cwd, env: { ...world.env, ...OFFLINE, ...extraEnv }, encoding: 'utf8', timeout: 240000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `fn` while the env is somewhere else: nothing of the bundle may still point into it. */
function withEnvMoved<T>(fn: () => T): T {
  const away = `${env}.away`;
  fs.renameSync(env, away);
  try {
    return fn();
  } finally {
    fs.renameSync(away, env);
  }
}

/** The bundled program under `env -i`, with the loader's trace of where each library came from. */
function runBare(program: string): { status: number; stdout: string; trace: string } {
  const r = spawnSync('env', ['-i', 'LD_DEBUG=libs', program], { encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, trace: r.stderr };
}

/**
 * The env's size as the manifest means it (its regular files, symlinks followed, each file once), counted
 * by find(1) rather than by the bundle's own walk: `-L` follows links, `%D:%i` names a file however many
 * paths reach it.
 */
function envBytes(dir: string): number {
  const r = spawnSync('find', ['-L', dir, '-type', 'f', '-printf', '%D:%i %s\\n'], { encoding: 'utf8' });
  const sizes = new Map(
    r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ') as [string, string]),
  );
  const total = [...sizes.values()].reduce((sum, size) => sum + Number(size), 0);
  if (r.status !== 0 || total === 0) throw new Error(`find -L ${dir} failed (${r.status}): ${r.stderr}`);
  return total;
}

beforeAll(() => {
  requireReal();
  for (const tool of ['gcc', 'patchelf', 'pkg-config', 'ldd']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is missing: run bash scripts/ensure-test-deps (apt-get install gcc patchelf pkg-config libc-bin)`);
  }
  world = new World();
  env = world.makeEnv('ship it', { pin: 'go: "1.22"\n' });
  for (const d of ['lib/pkgconfig', 'include', 'etc/conda/env_vars.d']) fs.mkdirSync(path.join(env, d), { recursive: true });
  fs.writeFileSync(path.join(env, 'include', 'gcd.h'), 'int gcd_answer(void);\nint gcd_base(void);\nint gcd_top(void);\n');
  cLib('gcdanswer', 'int gcd_answer(void) { return 42; }\n');
  cLib('gcdbase', 'int gcd_base(void) { return 40; }\n');
  // Two levels, and the second found only through an absolute RUNPATH into the env: the worst case.
  cLib('gcdtop', 'int gcd_base(void);\nint gcd_top(void) { return gcd_base() + 2; }\n', [
    `-L${path.join(env, 'lib')}`,
    '-lgcdbase',
    `-Wl,-rpath,${path.join(env, 'lib')}`,
  ]);
  cLib('gcdplug', 'int gcd_plug(void) { return 7; }\n');
  fs.writeFileSync(
    path.join(env, 'lib', 'pkgconfig', 'gcdtop.pc'),
    `prefix=${env.replace(/ /g, '\\ ')}\nlibdir=\${prefix}/lib\nincludedir=\${prefix}/include\n\nName: gcdtop\nDescription: two-level test library\nVersion: 1.0.0\nLibs: -L\${libdir} -lgcdtop\nCflags: -I\${includedir}\n`,
  );
  // conda's way of setting a variable for an env; bundling must apply it as activation would.
  fs.writeFileSync(path.join(env, 'etc', 'conda', 'env_vars.d', 'pkgconfig.json'), JSON.stringify({ PKG_CONFIG_PATH: path.join(env, 'lib', 'pkgconfig') }));
});
afterAll(() => {
  if (!process.env.KEEP) world?.cleanup();
});

test('one level: the bundle carries the env library and runs without the env, under env -i', () => {
  const dir = app('answer', {
    'main.go':
      'package main\n\n// #cgo LDFLAGS: -lgcdanswer\n// #include <gcd.h>\nimport "C"\nimport "fmt"\n\nfunc main() { fmt.Println("answer", int(C.gcd_answer())) }\n',
  });
  const out = path.join(world.dir, 'out answer');
  const r = bundle(dir, ['-p', env, '-o', out]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`libgcdanswer.so.1  `);
  expect(r.stdout).toMatch(/glibc: .*libc\.so\.6/);
  expect(fs.readdirSync(path.join(out, 'lib'))).toEqual(['libgcdanswer.so.1']);
  const elf = readelf(path.join(out, 'bin', 'answer'));
  expect(elf.runpath).toEqual(['$ORIGIN/../lib']);
  expect(elf.needed).toContain('libgcdanswer.so.1');
  withEnvMoved(() => {
    const run = runBare(path.join(out, 'bin', 'answer'));
    expect(run.stdout).toBe('answer 42\n');
    expect(run.status).toBe(0);
    expect(run.trace).toContain(`trying file=${out}/bin/../lib/libgcdanswer.so.1`);
    expect(sh('ldd', [path.join(out, 'bin', 'answer')])).toContain(`libgcdanswer.so.1 => ${out}/bin/../lib/libgcdanswer.so.1`);
  });
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'gocondad-bundle.json'), 'utf8'));
  expect(manifest.bundled.map((b: { name: string }) => b.name)).toEqual(['libgcdanswer.so.1']);
  const libBytes = fs.statSync(path.join(out, 'lib', 'libgcdanswer.so.1')).size;
  expect(manifest.sizes).toEqual({
    program: fs.statSync(path.join(out, 'bin', 'answer')).size,
    libs: libBytes,
    bundle: manifest.sizes.program + libBytes,
    env: envBytes(env),
  });
  expect(r.stdout).toMatch(/\nsize: bundle [0-9.]+ [KM]iB \([0-9.]+% of the env\), env [0-9.]+ [KMG]iB \(its files, symlinks followed\)\n$/);
});

test('two levels through pkg-config: both libraries bundled, each finding the next through $ORIGIN', () => {
  const dir = app('top', {
    'main.go':
      'package main\n\n// #cgo pkg-config: gcdtop\n// #include <gcd.h>\nimport "C"\nimport "fmt"\n\nfunc main() { fmt.Println("top", int(C.gcd_top())) }\n',
  });
  const out = path.join(world.dir, 'out-top');
  const r = bundle(dir, ['-p', env, '-o', out, '--json']);
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout);
  expect(report.bundled.map((b: { name: string; neededBy: string }) => [b.name, b.neededBy])).toEqual([
    ['libgcdtop.so.1', 'bin/top'],
    ['libgcdbase.so.1', 'libgcdtop.so.1'],
  ]);
  expect(readelf(path.join(out, 'lib', 'libgcdtop.so.1')).runpath).toEqual(['$ORIGIN']);
  withEnvMoved(() => {
    const run = runBare(path.join(out, 'bin', 'top'));
    expect(run.stdout).toBe('top 42\n');
    expect(run.trace).toContain(`trying file=${out}/bin/../lib/libgcdtop.so.1`);
    // libgcdtop's $ORIGIN is the dir it was loaded from: the bundle's lib/, not the env it was linked in.
    expect(run.trace).toContain(`trying file=${out}/bin/../lib/libgcdbase.so.1`);
    expect(run.trace).toContain(`calling init: ${out}/bin/../lib/libgcdbase.so.1`);
    const ldd = sh('ldd', [path.join(out, 'bin', 'top')]);
    expect(ldd).toContain(`libgcdbase.so.1 => ${out}/bin/../lib/libgcdbase.so.1`);
    expect(ldd).not.toContain(env);
  });
});

test('a library without SONAME linked by its path: the DT_NEEDED naming the env is pointed at the copy', () => {
  const src = path.join(world.dir, 'bypath.c');
  fs.writeFileSync(src, 'int gcd_bypath(void) { return 5; }\n');
  const lib = path.join(env, 'lib', 'libgcdbypath.so');
  sh('gcc', ['-shared', '-fPIC', '-o', lib, src]);
  const dir = app('bypath', {
    'main.go': 'package main\n\n// int gcd_bypath(void);\nimport "C"\nimport "fmt"\n\nfunc main() { fmt.Println("bypath", int(C.gcd_bypath())) }\n',
  });
  const out = path.join(world.dir, 'out-bypath');
  const r = bundle(dir, ['-p', env, '-o', out], { CGO_LDFLAGS: `'${lib}'` }); // Go splits this like a shell: the prefix has a space
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain(`libgcdbypath.so  `);
  expect(readelf(path.join(out, 'bin', 'bypath')).needed).toContain('libgcdbypath.so');
  withEnvMoved(() => expect(runBare(path.join(out, 'bin', 'bypath')).stdout).toBe('bypath 5\n'));
});

test('a pure Go program comes out as one static file', () => {
  const dir = app('pure', { 'main.go': 'package main\n\nimport (\n\t"fmt"\n\t"net"\n)\n\nfunc main() { fmt.Println("pure", net.IPv4len) }\n' });
  const out = path.join(world.dir, 'out-pure');
  const r = bundle(dir, ['-p', env, '-o', out]);
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain('static: a single file');
  expect(fs.readdirSync(out).sort()).toEqual(['bin', 'gocondad-bundle.json']);
  const elf = readelf(path.join(out, 'bin', 'pure'));
  expect([elf.interp, elf.needed]).toEqual([null, []]);
  withEnvMoved(() => expect(runBare(path.join(out, 'bin', 'pure')).stdout).toBe('pure 4\n'));
});

test('DIR a mount point (a Docker volume): the bundle moves in, then replaces itself there (both failed with EXDEV)', () => {
  const dir = app('vol', { 'main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("vol", 1) }\n' });
  const out = path.join(world.dir, 'out-vol');
  fs.mkdirSync(out);
  mounted(['-t', 'tmpfs', 'tmpfs', out], () => {
    for (const round of ['empty', 'previous bundle']) {
      const r = bundle(dir, ['-p', env, '-o', out]);
      expect({ round, status: r.status, stderr: r.stderr }).toEqual({ round, status: 0, stderr: '' });
      expect(fs.readdirSync(out).sort()).toEqual(['bin', 'gocondad-bundle.json']);
      withEnvMoved(() => expect(runBare(path.join(out, 'bin', 'vol')).stdout).toBe('vol 1\n'));
    }
  });
  expect(fs.readdirSync(world.dir).filter((n) => n.includes('out-vol'))).toEqual(['out-vol']);
});

test('a dlopen the ELF does not name: a warning naming the library; bundle.extra_libs bundles it', () => {
  const dir = app('plug', {
    'main.go':
      'package main\n\n// #include <dlfcn.h>\n// static int plug(void) { void *h = dlopen("libgcdplug.so.1", RTLD_NOW); if (!h) return -1; int (*f)(void) = (int (*)(void))dlsym(h, "gcd_plug"); return f(); }\nimport "C"\nimport "fmt"\n\nfunc main() { fmt.Println("plug", int(C.plug())) }\n',
  });
  const out = path.join(world.dir, 'out-plug');
  const warned = bundle(dir, ['-p', env, '-o', out]);
  expect(warned.status).toBe(0);
  expect(warned.stdout).toMatch(
    /warning: bin\/plug names libgcdplug\.so\.1 from the env, which no DT_NEEDED loads: it probably dlopens it\. List it under bundle\.extra_libs in .*gocondad\.yml/,
  );
  withEnvMoved(() => expect(runBare(path.join(out, 'bin', 'plug')).stdout).toBe('plug -1\n'));
  fs.writeFileSync(path.join(env, 'etc', 'gocondad.yml'), 'go: "1.22"\nbundle:\n  extra_libs: [libgcdplug.so.1]\n');
  try {
    const r = bundle(dir, ['-p', env, '-o', out]); // a previous bundle is replaced
    expect(r.stdout).not.toContain('warning');
    expect(r.stdout).toContain('libgcdplug.so.1');
    withEnvMoved(() => expect(runBare(path.join(out, 'bin', 'plug')).stdout).toBe('plug 7\n'));
  } finally {
    fs.writeFileSync(path.join(env, 'etc', 'gocondad.yml'), 'go: "1.22"\n');
  }
});

test('bad input: no main package, a library missing from the env, an output dir that is not a bundle', () => {
  const lib = app('libonly', { 'lib.go': 'package libonly\n\nfunc X() int { return 1 }\n' });
  const noMain = bundle(lib, ['-p', env, '-o', path.join(world.dir, 'out-lib')]);
  expect(noMain.status).toBe(1);
  expect(noMain.stderr).toContain('example.com/libonly is package libonly, not a main package');
  expect(noMain.stderr).toContain('gocondad bundle ./cmd/app -o DIR');

  // Only the linker name is in the env (a -dev package without its runtime): links, cannot run.
  const src = path.join(world.dir, 'gone.c');
  fs.writeFileSync(src, 'int gcd_gone(void) { return 1; }\n');
  sh('gcc', ['-shared', '-fPIC', '-Wl,-soname,libgcdgone.so.3', '-o', path.join(env, 'lib', 'libgcdgone.so'), src]);
  const gone = app('gone', {
    'main.go': 'package main\n\n// #cgo LDFLAGS: -lgcdgone\n// int gcd_gone(void);\nimport "C"\n\nfunc main() { println(int(C.gcd_gone())) }\n',
  });
  const missing = bundle(gone, ['-p', env, '-o', path.join(world.dir, 'out-gone')]);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain('a library the program loads is neither in the env nor on the system:\n  libgcdgone.so.3 (needed by bin/gone; looked in: ');
  expect(missing.stderr).toContain(`install the package that provides it into the env (conda install -p ${env} ...)`);

  expect(bundle(lib, ['-o', path.join(world.dir, 'o')]).stderr).toBe(
    'gocondad: no env given, and none is active; name one (`gocondad envs` lists them) or activate it: gocondad bundle -p ENV PACKAGE\n',
  );
  expect(bundle(lib, ['-p', world.dir, '-o', path.join(world.dir, 'o')]).stderr).toContain(`${world.dir} is not a conda env (no conda-meta/ in it)`);
  expect(bundle(lib, ['-p', env, '-o', path.join(env, 'dist')]).stderr).toContain('is inside the env');
  expect(fs.existsSync(path.join(env, 'dist'))).toBe(false);

  const busy = path.join(world.dir, 'busy');
  fs.mkdirSync(busy);
  fs.writeFileSync(path.join(busy, 'precious'), 'x');
  const refused = bundle(path.join(world.dir, 'src', 'gone'), ['-p', env, '-o', busy]);
  expect(refused.stderr).toContain('is not empty and holds no previous bundle');
  expect(fs.readFileSync(path.join(busy, 'precious'), 'utf8')).toBe('x');
});

test('--dockerfile: three stages from the project’s environment.yml, parsed and validated by dockerfile-utils', async () => {
  const dir = app('docked', {
    'main.go': 'package main\n\n// #cgo LDFLAGS: -lgcdanswer\n// #include <gcd.h>\nimport "C"\n\nfunc main() { println(int(C.gcd_answer())) }\n',
    'environment.yml': 'channels: [conda-forge]\ndependencies: [go-cgo, c-compiler]\n',
  });
  const r = bundle(dir, ['-p', env, '--dockerfile']);
  // This gocondad, packed into the build context for the image's second stage (0.1.0 is on no registry).
  const tarball = path.join(dir, `gocondad-${VERSION}.tgz`);
  expect(r.stderr).toBe(`gocondad: wrote ${tarball} (the Dockerfile copies it into the image)\n`);
  const listed = spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
  expect(JSON.parse(listed.stdout)).toMatchObject({ name: 'gocondad', version: VERSION });
  expect(spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.split('\n')).toEqual(
    expect.arrayContaining(['package/dist/cli.js', 'package/shell/gocondad.sh']),
  );
  // Every COPY source is in the context (the project dir), every RUN command where it runs.
  const context = new Set(fs.readdirSync(dir));
  expect(wiringProblems({ text: r.stdout, context, appEnv: ['go', 'gcc'] })).toEqual([]);
  const other = bundle(dir, ['-p', env, '--dockerfile', '--gocondad-from', 'gocondad@0.2.0']);
  expect(other.stdout).toMatch(/npm install -g gocondad@0\.2\.0\n/);
  expect(other.stderr).toBe('');
  const { DockerfileParser } = await import('dockerfile-ast');
  const { validate } = await import('dockerfile-utils');
  expect(validate(r.stdout).filter((d) => d.severity === 1)).toEqual([]);
  const froms = DockerfileParser.parse(r.stdout).getFROMs();
  expect(froms.map((f) => [f.getImageName(), f.getBuildStage()])).toEqual([
    ['mambaorg/micromamba', 'env'],
    ['env', 'bundle'],
    ['debian', null],
  ]);
  expect(r.stdout).toContain('ENTRYPOINT ["/opt/app/bin/docked"]');
  expect(r.stdout).toContain('COPY --chown=$MAMBA_USER:$MAMBA_USER ["environment.yml","/tmp/environment.yml"]');
  // To a file; a lock wins over the environment file; none at all is a clear error.
  fs.writeFileSync(path.join(dir, 'conda-linux-64.lock'), '# platform: linux-64\n@EXPLICIT\n');
  expect(bundle(dir, ['-p', env, '--dockerfile', 'Dockerfile']).status).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('["conda-linux-64.lock","/tmp/conda-linux-64.lock"]');
  const bare = app('bare', { 'main.go': 'package main\n\nfunc main() {}\n' });
  const none = bundle(bare, ['-p', env, '--dockerfile']);
  expect(none.status).toBe(1);
  expect(none.stderr).toContain('no lock or environment file in');
});

test('at a terminal: a line per phase of the build on stderr (none in a pipe); the env measured with its symlinked Go', () => {
  const sized = world.makeEnv('sized');
  fs.symlinkSync(GO122, path.join(sized, 'go')); // the env's Go, a symlink into a toolchain
  const dir = app('sized', { 'main.go': 'package main\n\nfunc main() { println("sized") }\n' });
  const piped = bundle(dir, ['-p', sized, '-o', path.join(world.dir, 'out-sized-pipe')]);
  expect(piped.status).toBe(0);
  expect(piped.stderr).toBe('');
  // A real pseudo-terminal (script from util-linux): stdout and stderr both go to it.
  const cmd = [process.execPath, CLI, 'bundle', '-p', sized, '-o', path.join(world.dir, 'out-sized-tty')].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { cwd: dir, env: { ...world.env, ...OFFLINE }, encoding: 'utf8', timeout: 240000 });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/gocondad: building example\.com\/sized with go1\.22\.\d+…\r?\n/);
  expect(r.stdout).toMatch(/gocondad: measuring the env…/);
  const shown = /size: bundle [0-9.]+ [KM]iB \((<0\.1|[0-9.]+)% of the env\)/.exec(piped.stdout)?.[1];
  const pct = shown === '<0.1' ? 0 : Number(shown);
  // The toolchain alone is a few hundred MiB: a bundle of a few MiB is a few percent of it at most.
  expect(pct).toBeLessThan(5);
});

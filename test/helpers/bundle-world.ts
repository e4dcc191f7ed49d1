// A conda-style prefix for bundle tests (src/bundle/index.ts): a temp dir with a gocondad config that
// offers only the real Go 1.22, an env `ship` pinned to it, and helpers to build C libraries into an
// env's lib/ with the real gcc and Go modules beside it. Go's telemetry is off for the HOME it runs with.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BundleOptions } from '../../src/bundle/index';
import { resolveLocations } from '../../src/paths';
import { GOCACHE } from './gomodcache';
import { noTelemetry } from './world';

export const GOROOT = '/usr/lib/go-1.22';

export function sh(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd });
  if (r.error || r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (bash scripts/ensure-test-deps installs gcc, patchelf, golang-1.22): ${r.stderr ?? r.error}`);
  return r.stdout;
}

export interface BundleWorld {
  dir: string;
  /** The env `ship`, pinned to go 1.22, with lib/ and include/. */
  env: string;
  goVersion: string;
  /** The libc the system loader maps (from ldconfig -p). */
  libc: string;
  /** Everything bundle() needs but the package, its module dir and DIR. */
  common: Omit<BundleOptions, 'outDir' | 'cwd' | 'pkg'>;
  /** An env under the world's conda root, pinned to go 1.22, with only the dirs given. */
  makeEnv(name: string, dirs: string[]): string;
  /** A shared library lib<name>.so.1.0.0 in the env's lib/ with its SONAME and linker-name symlinks. */
  cLib(name: string, source: string, extra?: string[]): void;
  /** A Go module `example.com/NAME` with one main.go; returns its dir. */
  app(name: string, main: string): string;
  /** The env's size as the report means it, counted by find(1): -L follows links, %D:%i names a file once. */
  envBytes(prefix?: string): number;
  remove(): void;
}

export function makeBundleWorld(): BundleWorld {
  if (!fs.existsSync(path.join(GOROOT, 'bin', 'go'))) throw new Error(`${GOROOT} is missing: run bash scripts/ensure-test-deps (installs golang-1.22)`);
  sh('patchelf', ['--version']);
  const goVersion = fs.readFileSync(path.join(GOROOT, 'VERSION'), 'utf8').split('\n')[0]!;
  const libc = /\tlibc\.so\.6 \(libc6,x86-64\) => (\S+)/.exec(sh('/sbin/ldconfig', ['-p']))?.[1] ?? '';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-bundle-'));
  const home = path.join(dir, 'home');
  fs.mkdirSync(path.join(home, '.config', 'gocondad'), { recursive: true });
  noTelemetry(home);
  fs.writeFileSync(path.join(home, '.config', 'gocondad', 'config.yml'), `system_toolchains: false\nlaunchers: false\ntoolchains:\n  - ${GOROOT}\n`);
  const makeEnv = (name: string, dirs: string[]): string => {
    const prefix = path.join(dir, 'conda', 'envs', name);
    for (const d of ['conda-meta', 'etc', ...dirs]) fs.mkdirSync(path.join(prefix, d), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
    fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'go: "1.22"\n');
    return prefix;
  };
  const env = makeEnv('ship', ['bin', 'lib', 'include']);
  return {
    dir,
    env,
    goVersion,
    libc,
    makeEnv,
    common: {
      prefix: env,
      env: { PATH: '/usr/bin:/bin', HOME: home, GOPATH: path.join(dir, 'gopath'), GOCACHE, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTELEMETRY: 'off' },
      loc: resolveLocations({
        HOME: home,
        XDG_RUNTIME_DIR: path.join(dir, 'run'),
        XDG_STATE_HOME: path.join(home, 'state'),
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_DATA_HOME: path.join(home, 'data'),
      }),
      rootPrefixes: [path.join(dir, 'conda')],
      extraLibs: [],
    },
    cLib(name, source, extra = []) {
      const lib = path.join(env, 'lib');
      const src = path.join(dir, `${name}.c`);
      fs.writeFileSync(src, source);
      sh('gcc', ['-shared', '-fPIC', `-Wl,-soname,lib${name}.so.1`, '-o', path.join(lib, `lib${name}.so.1.0.0`), src, ...extra]);
      fs.symlinkSync(`lib${name}.so.1.0.0`, path.join(lib, `lib${name}.so.1`));
      fs.symlinkSync(`lib${name}.so.1`, path.join(lib, `lib${name}.so`));
    },
    app(name, main) {
      const d = path.join(dir, 'src', name);
      fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(path.join(d, 'go.mod'), `module example.com/${name}\n\ngo 1.21\n`);
      fs.writeFileSync(path.join(d, 'main.go'), main);
      return d;
    },
    envBytes(prefix = env) {
      const lines = sh('find', ['-L', prefix, '-type', 'f', '-printf', '%D:%i %s\\n']).split('\n').filter(Boolean);
      return [...new Map(lines.map((l) => l.split(' ') as [string, string])).values()].reduce((sum, s) => sum + Number(s), 0);
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }),
  };
}

/**
 * A program that dlopens the libraries it names (a plugin loader), printing each name and
 * whether it opened: NAMES end up in its read-only data.
 */
export function dlopenMain(names: string[]): string {
  return [
    'package main',
    '',
    '// #include <dlfcn.h>',
    '// #include <stdlib.h>',
    '// static int open1(const char *n) { return dlopen(n, RTLD_NOW) != 0; }',
    'import "C"',
    'import (',
    '\t"fmt"',
    '\t"unsafe"',
    ')',
    '',
    'func main() {',
    `\tfor _, name := range []string{${names.map((n) => JSON.stringify(n)).join(', ')}} {`,
    '\t\tn := C.CString(name)',
    '\t\tfmt.Println(name, int(C.open1(n)))',
    '\t\tC.free(unsafe.Pointer(n))',
    '\t}',
    '}',
    '',
  ].join('\n');
}

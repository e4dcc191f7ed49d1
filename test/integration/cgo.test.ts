// cgo against a C library installed in the env: built with the system gcc into a temp env's lib/,
// linked by a Go program built inside the activated env, run from outside it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { GO122, requireReal, SNAP, World } from '../helpers/world';

let world: World;
let env: string;
let app: string;
beforeAll(() => {
  requireReal();
  if (spawnSync('sh', ['-c', 'command -v gcc']).status !== 0) throw new Error('gcc is missing: run bash scripts/ensure-test-deps (apt-get install gcc)');
  world = new World();
  env = world.makeEnv('clib with space');
  fs.mkdirSync(path.join(env, 'include'));
  fs.mkdirSync(path.join(env, 'lib'));
  fs.writeFileSync(path.join(env, 'include', 'gcdanswer.h'), 'int gcd_answer(void);\n');
  fs.writeFileSync(path.join(world.dir, 'gcdanswer.c'), 'int gcd_answer(void) { return 42; }\n');
  const cc = spawnSync('gcc', ['-shared', '-fPIC', '-o', path.join(env, 'lib', 'libgcdanswer.so'), path.join(world.dir, 'gcdanswer.c')], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`gcc failed: ${cc.stderr}`);
  world.installShims(env);
  app = path.join(world.dir, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'go.mod'), 'module example.com/app\n\ngo 1.21\n');
  fs.writeFileSync(
    path.join(app, 'main.go'),
    'package main\n\n// #cgo LDFLAGS: -lgcdanswer\n// #include <gcdanswer.h>\nimport "C"\nimport "fmt"\n\nfunc main() { fmt.Println("answer", int(C.gcd_answer())) }\n',
  );
});
afterAll(() => world.cleanup());

const OFFLINE = { GOPROXY: 'off', GOSUMDB: 'off', GOTOOLCHAIN: 'local' };
// These shells build with cgo on a cold Go cache (the World's own HOME): ~20 s alone, past world.sh's
// 60 s default on a loaded 2-core box, where the kill left a silent, half-printed stdout. A guard against
// hangs, not a speed check; the exit status is asserted first so a kill reads as one.
const BUILD_TIMEOUT = 300000;

test('go build inside the env links the env’s library; the binary runs from outside the env', () => {
  const bin = path.join(world.dir, 'answer');
  const r = world.sh('bash', `set -eu\nconda activate "clib with space"\ncd "${app}"\ngo env GOROOT\ngo build -o "${bin}" .\nconda deactivate\n"${bin}"`, {
    env: OFFLINE,
    timeoutMs: BUILD_TIMEOUT,
  });
  expect([r.status, r.stderr]).toEqual([0, '']);
  expect(r.stdout).toBe(`${GO122}\nanswer 42\n`);
  // Nothing but the rpath finds it: no LD_LIBRARY_PATH anywhere.
  const outside = spawnSync(bin, [], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  expect(outside.stdout).toBe('answer 42\n');
});

test('flags are appended to the user’s, Go’s default kept when unset, and restored exactly', () => {
  const b = path.join(world.dir, 'cgo-before');
  const a = path.join(world.dir, 'cgo-after');
  const r = world.sh(
    'bash',
    `set -eu\n${SNAP}unset CGO_CPPFLAGS\nsnap "${b}"\nconda activate "clib with space"\nprintf '%s\\n' "$CGO_CPPFLAGS" "$CGO_LDFLAGS"\nconda deactivate\nsnap "${a}"\ncmp "${b}" "${a}" && echo same`,
    { env: { CGO_LDFLAGS: '-L/usr/local/lib' } },
  );
  expect(r.stderr).toBe('');
  const lib = path.join(env, 'lib');
  expect(r.stdout.split('\n')).toEqual([`'-I${path.join(env, 'include')}'`, `-L/usr/local/lib '-L${lib}' '-Wl,-rpath,${lib}'`, 'same', '']);
  const unsetLd = world.sh('bash', 'unset CGO_LDFLAGS; conda activate "clib with space"; printf "%s\\n" "$CGO_LDFLAGS"');
  expect(unsetLd.stdout).toBe(`-O2 -g '-L${lib}' '-Wl,-rpath,${lib}'\n`);
});

test('CGO_ENABLED=0 in the shell: nothing appended (cgo: auto)', () => {
  const r = world.sh(
    'bash',
    'export CGO_ENABLED=0; unset CGO_CPPFLAGS CGO_LDFLAGS; conda activate "clib with space"; echo "${CGO_CPPFLAGS-unset} ${CGO_LDFLAGS-unset}"',
  );
  expect(r.stdout).toBe('unset unset\n');
});

test('a conda compiler’s CC is used, not replaced', () => {
  const wrapper = path.join(world.dir, 'x86_64-conda-linux-gnu-cc');
  const marker = path.join(world.dir, 'cc-used');
  fs.writeFileSync(wrapper, `#!/bin/sh\ntouch "${marker}"\nexec gcc "$@"\n`, { mode: 0o755 });
  const r = world.sh('bash', `set -eu\nexport CC="${wrapper}"\nconda activate "clib with space"\necho "$CC"\ncd "${app}"\ngo build -a -o /dev/null .`, {
    env: OFFLINE,
    timeoutMs: BUILD_TIMEOUT,
  });
  expect([r.status, r.stderr]).toEqual([0, '']);
  expect(r.stdout).toBe(`${wrapper}\n`);
  expect(fs.existsSync(marker)).toBe(true);
});

test('cgo: off in the pin file: no flags', () => {
  const off = world.makeEnv('cgo-off', { pin: 'cgo: off\n' });
  fs.mkdirSync(path.join(off, 'lib'));
  world.installShims(off);
  const r = world.sh('bash', 'unset CGO_LDFLAGS; conda activate cgo-off; echo "${CGO_LDFLAGS-unset}"');
  expect(r.stdout).toBe('unset\n');
});

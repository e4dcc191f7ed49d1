// go.mod-driven toolchain switching, offline, with real Debian toolchains (1.19, 1.21, 1.22, 1.23).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { noTelemetry, requireReal, SNAP, World } from '../helpers/world';

const ROOTS = ['/usr/lib/go-1.19', '/usr/lib/go-1.21', '/usr/lib/go-1.22', '/usr/lib/go-1.23'];
const version = (root: string) => fs.readFileSync(path.join(root, 'VERSION'), 'utf8').split('\n')[0]!.trim();

beforeAll(() => {
  requireReal();
  const missing = ROOTS.filter((r) => !fs.existsSync(path.join(r, 'bin', 'go')));
  if (missing.length > 0)
    throw new Error(
      `missing ${missing.join(', ')}: run bash scripts/ensure-test-deps (apt-get install golang-1.21-go golang-1.22-go golang-1.23-go from bookworm-backports)`,
    );
});

// Offline for real: no proxy, no checksum database; a download attempt fails loudly instead of hiding.
const OFFLINE = { GOPROXY: 'off', GOSUMDB: 'off' };

describe('GOTOOLCHAIN=local+path and the launchers', () => {
  let world: World;
  let mods: string;
  const mod = (name: string, body: string, file = 'go.mod') => {
    const dir = path.join(mods, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, file), body);
    if (file === 'go.mod') fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() { println("ok") }\n');
    return dir;
  };
  beforeAll(() => {
    world = new World();
    world.config(`system_toolchains: false\ntoolchains: [${ROOTS.join(', ')}]\n`);
    const env = world.makeEnv('go121', { pin: 'go: "1.21"\n' });
    world.installShims(env);
    mods = path.join(world.dir, 'mods');
    mod('m121', 'module example.com/m121\n\ngo 1.21\n');
    mod('m1220', 'module example.com/m1220\n\ngo 1.22.0\n');
    mod('m123', 'module example.com/m123\n\ngo 1.23\n');
    mod('mtc', 'module example.com/mtc\n\ngo 1.21\n\ntoolchain go1.23.5\n');
    mod('mnone', 'module example.com/mnone\n\ngo 1.29.0\n');
    mod('work/a', 'module example.com/a\n\ngo 1.21\n');
    mod('work', 'go 1.22.0\n\nuse ./a\n', 'go.work');
  });
  afterAll(() => world.cleanup());

  const inEnv = (script: string, extra: Record<string, string> = {}) => world.sh('bash', `conda activate go121\n${script}`, { env: { ...OFFLINE, ...extra } });

  test('the chosen toolchain outside any module, and GOTOOLCHAIN=local+path', () => {
    const r = inEnv('go version; printf "%s\\n" "$GOTOOLCHAIN"');
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([expect.stringContaining(`${version('/usr/lib/go-1.21')} `), 'local+path']);
  });

  test.each([
    ['m121', 'go 1.21: the env’s own 1.21 satisfies it', '/usr/lib/go-1.21'],
    ['m1220', 'go 1.22.0: go1.22.0, served by the newest local 1.22', '/usr/lib/go-1.22'],
    ['m123', 'go 1.23: go1.23.0, served by 1.23.5', '/usr/lib/go-1.23'],
    ['mtc', 'toolchain go1.23.5: exactly it', '/usr/lib/go-1.23'],
    ['work/a', 'a go.work with go 1.22.0 governs its modules', '/usr/lib/go-1.22'],
  ])('%s (%s): go version and a build, offline', (dir, _why, root) => {
    const r = inEnv(`cd "${path.join(mods, dir)}" && go version && go env GOROOT && go build -o /dev/null . && echo built`);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([expect.stringContaining(`go version ${version(root)} `), root, 'built']);
  });

  test('no local toolchain satisfies the module: Go’s own message, nothing downloaded', () => {
    const r = inEnv(`cd "${path.join(mods, 'mnone')}" && go version`);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/go1\.29\.0/);
    expect(fs.existsSync(path.join(world.home, 'go', 'pkg', 'mod', 'golang.org', 'toolchain'))).toBe(false);
  });

  test('a GOTOOLCHAIN the user set wins, and is restored exactly', () => {
    const b = path.join(world.dir, 'user-before');
    const a = path.join(world.dir, 'user-after');
    const r = world.sh(
      'bash',
      `${SNAP}snap "${b}"\nconda activate go121\ncd "${path.join(mods, 'm1220')}"\ngo build -o /dev/null .; echo "GOTOOLCHAIN=$GOTOOLCHAIN"\nconda deactivate\nsnap "${a}"\ncmp "${b}" "${a}" && [ "$GOTOOLCHAIN" = local ] && echo same`,
      { env: { ...OFFLINE, GOTOOLCHAIN: 'local' } },
    );
    expect(r.stderr).toMatch(/go\.mod requires go >= 1\.22\.0 \(running go 1\.21\.\d+; GOTOOLCHAIN=local\)/);
    expect(r.stdout).toContain('GOTOOLCHAIN=local\n');
    expect(r.stdout).toContain('same');
  });

  test('an env that declares GOTOOLCHAIN itself (conda-forge’s go: env_vars.d) is left to conda', () => {
    const env = world.makeEnv('condaforge');
    fs.mkdirSync(path.join(env, 'etc', 'conda', 'env_vars.d'), { recursive: true });
    fs.writeFileSync(path.join(env, 'etc', 'conda', 'env_vars.d', 'go.json'), '{"GOTOOLCHAIN": "local"}');
    world.installShims(env);
    // The emulation does not apply env_vars.d; conda would export it before our shim: do it here.
    const r = world.sh('bash', 'export GOTOOLCHAIN=local; conda activate condaforge; echo "$GOTOOLCHAIN"; conda deactivate; echo "$GOTOOLCHAIN"');
    expect(r.stdout).toBe('local\nlocal\n');
    expect(fs.readFileSync(path.join(env, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'), 'utf8')).not.toContain('GOTOOLCHAIN');
  });
});

// Pins the Go behaviour the launchers rely on, per toolchain version (see src/core/launchers.ts): a switching
// go asks for an exact version, a plain link to a newer patch is refused, the launcher script is accepted.
describe.each(['/usr/lib/go-1.21', '/usr/lib/go-1.22', '/usr/lib/go-1.23'])('Go at %s, asked for its .0 release', (root) => {
  const minor = /go1\.(\d+)/.exec(version(root))![1];
  const want = `go1.${minor}.0`;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'gocondad-launch-'));
    noTelemetry(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  const run = (exe: string) =>
    spawnSync(exe, ['version'], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', HOME: dir, GOTOOLCHAIN_INTERNAL_SWITCH_VERSION: want, GOTOOLCHAIN: 'local+path' },
    });

  test('a symlink to it is refused (the reason launchers are scripts)', () => {
    fs.symlinkSync(path.join(root, 'bin', 'go'), path.join(dir, 'link'));
    const r = run(path.join(dir, 'link'));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`toolchain ${version(root)} invoked to provide ${want}`);
  });

  test('the launcher runs it', () => {
    const { launcherScript } = require('../../src/shims/launchers');
    const file = path.join(dir, want);
    fs.writeFileSync(file, launcherScript(want, { root, version: version(root), semver: '' }), { mode: 0o755 });
    const r = run(file);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`go version ${version(root)} `);
  });
});

// `conda doctor` with the plugin in a real conda (main): one health check per kind of Go problem, their
// fixers through conda's confirm (--dry-run and "no" change nothing, --yes fixes), --list and --json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeWithPluginConda, pluginConda, type PluginConda } from '../helpers/pluginconda';
import { requireReal, World } from '../helpers/world';

let world: World;
let pc: PluginConda;
let p: string;
const shim = (prefix: string) => path.join(prefix, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');
const leftover = () => path.join(p, 'etc', 'conda', 'activate.d', 'go-cgo_activate.sh');
const strayGo = () => path.join(p, 'bin', 'go');
const stateGoroot = () => JSON.parse(fs.readFileSync(path.join(p, 'conda-meta', 'state'), 'utf8')).env_vars?.GOROOT;

/** Every Go problem the checks know, in one env (the daemon's auto_install is off, so no shims either). */
function breakEnv(): void {
  fs.mkdirSync(path.dirname(leftover()), { recursive: true });
  fs.writeFileSync(leftover(), 'export CGO_ENABLED=1\n');
  fs.mkdirSync(path.dirname(strayGo()), { recursive: true });
  fs.writeFileSync(strayGo(), '#!/bin/sh\necho stray\n', { mode: 0o755 });
  expect(pc.run(['env', 'config', 'vars', 'set', 'GOROOT=/nonexistent/goroot', '-p', p]).status).toBe(0);
}

describeWithPluginConda('conda doctor with the plugin', 'main', () => {
  beforeAll(() => {
    requireReal();
    world = new World();
    world.config('system_toolchains: false\ntoolchains: [/usr/lib/go-1.21, /usr/lib/go-1.22]\nauto_install: false\n');
    pc = pluginConda(world, 'main');
    p = path.join(pc.envsDir, 'sick');
    expect(pc.run(['create', '-p', p, '--yes', '-q']).status).toBe(0);
    breakEnv();
  }, 300000);
  afterAll(() => world.cleanup());

  test('--list names every Go check with its fix', () => {
    const r = pc.run(['doctor', '--list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/gocondad-shims: .*\(fix: Install or rewrite the shims/);
    expect(r.stdout).toMatch(/gocondad-shadowed-go: .*\(fix: Move a stray go/);
    expect(r.stdout).toMatch(/gocondad-goroot: .*\(fix: Unset the GOROOT/);
    expect(r.stdout).toMatch(/gocondad-go-activation: .*\(fix: Move leftover go activation scripts/);
    expect(r.stdout).toMatch(/gocondad-toolchain: /);
    expect(r.stdout).toMatch(/gocondad-module: /);
    // Every check says what it checks: the go.mod sync check too (it had no summary, so a bare name).
    expect(r.stdout).toMatch(/gocondad-sync: go\.mod projects synced against the env still agree with it/);
  });

  test('the report names each problem with its fix; a healthy check says so', () => {
    const r = pc.run(['doctor', '-p', p]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/❌ missing-shims: no gocondad shims/);
    expect(r.stdout).toMatch(/⚠️ +shadowed-go: .*bin\/go/);
    expect(r.stdout).toMatch(/❌ goroot-without-stdlib: the env sets GOROOT=\/nonexistent\/goroot/);
    expect(r.stdout).toMatch(/❌ go-activation-leftovers: .*go-cgo_activate\.sh/);
    expect(r.stdout).toContain("✅ A Go toolchain satisfies the env's pin and setup.");
  });

  test('a pin nothing satisfies, and a go.mod in the current dir asking for a Go nothing local has', () => {
    const q = path.join(pc.envsDir, 'pinned');
    expect(pc.run(['create', '-p', q, '--yes', '-q']).status).toBe(0);
    fs.mkdirSync(path.join(q, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(q, 'etc', 'gocondad.yml'), 'go: "1.99"\n');
    const mod = path.join(world.dir, 'mod');
    fs.mkdirSync(mod, { recursive: true });
    fs.writeFileSync(path.join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.98\n');
    const r = pc.run(['doctor', '-p', q, 'gocondad-toolchain', 'gocondad-module'], { cwd: mod });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/❌ no-toolchain: .*1\.99/);
    fs.writeFileSync(path.join(q, 'etc', 'gocondad.yml'), 'go: "1.21"\n');
    const m = pc.run(['doctor', '-p', q, 'gocondad-module'], { cwd: mod });
    expect(m.stdout).toMatch(/❌ module-needs-unavailable-go: .*go\.mod needs go1\.98/);
  });

  test('--json: each Go check prints one JSON object with its findings', () => {
    const r = pc.run(['doctor', '-p', p, '--json']);
    expect(r.status).toBe(0);
    const objs = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{"check": "gocondad-'))
      .map((l) => JSON.parse(l));
    expect(objs.map((o) => o.check).sort()).toEqual([
      'gocondad-go-activation',
      'gocondad-goroot',
      'gocondad-module',
      'gocondad-shadowed-go',
      'gocondad-shims',
      'gocondad-toolchain',
    ]);
    expect(objs.find((o) => o.check === 'gocondad-shims')).toMatchObject({ ok: false, findings: [{ kind: 'missing-shims', safeFix: 'install-shims' }] });
    expect(objs.find((o) => o.check === 'gocondad-toolchain')).toMatchObject({ ok: true, findings: [] });
  });

  test('--fix --dry-run and --fix answered "no" change nothing', () => {
    const dry = pc.run(['doctor', '-p', p, '--fix', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/gocondad-shims will:\n {2}- missing-shims: gocondad shims install/);
    const no = pc.run(['doctor', '-p', p, '--fix'], { input: 'n\nn\nn\nn\nn\nn\nn\nn\nn\nn\n' });
    expect(no.status).toBe(0);
    expect(no.stdout).toContain('Apply these fixes?');
    expect([fs.existsSync(shim(p)), fs.existsSync(leftover()), fs.existsSync(strayGo()), stateGoroot()]).toEqual([false, true, true, '/nonexistent/goroot']);
  });

  test("--fix --yes: shims installed, stray go and leftover scripts moved aside, the env's GOROOT unset; then all clear", () => {
    const r = pc.run(['doctor', '-p', p, '--fix', '--yes']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`fixed: installed shims in ${p}`);
    expect([fs.existsSync(shim(p)), fs.existsSync(leftover()), fs.existsSync(strayGo()), stateGoroot()]).toEqual([true, false, false, '***unset***']);
    expect(fs.existsSync(path.join(p, '.gocondad-aside', 'bin', 'go'))).toBe(true);
    expect(fs.existsSync(path.join(p, '.gocondad-aside', 'etc', 'conda', 'activate.d', 'go-cgo_activate.sh'))).toBe(true);
    const after = pc.run(['doctor', '-p', p]);
    expect(after.stdout).not.toMatch(/❌|⚠️/);
  });

  test('fixing one check touches only its own problems (`conda doctor --fix NAME`)', () => {
    breakEnv();
    fs.rmSync(shim(p));
    const r = pc.run(['doctor', '-p', p, '--fix', '--yes', 'gocondad-shims']);
    expect(r.status).toBe(0);
    expect([fs.existsSync(shim(p)), fs.existsSync(leftover()), fs.existsSync(strayGo()), stateGoroot()]).toEqual([true, true, true, '/nonexistent/goroot']);
  });

  test('one shim file deleted: conda doctor calls it missing-shims (not stale) and --fix puts it back', () => {
    const fish = path.join(p, 'etc', 'conda', 'deactivate.d', 'zzz-gocondad.fish');
    fs.rmSync(fish);
    const r = pc.run(['doctor', '-p', p, 'gocondad-shims']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/❌ missing-shims: shim file missing: etc\/conda\/deactivate\.d\/zzz-gocondad\.fish/);
    expect(r.stdout).not.toMatch(/stale-shims/);
    expect(pc.run(['doctor', '-p', p, '--fix', '--yes', 'gocondad-shims']).status).toBe(0);
    expect(fs.existsSync(fish)).toBe(true);
  });
});

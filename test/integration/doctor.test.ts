// gocondad doctor and explain, on real envs, real toolchains and the real CLI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GO119, GO122, requireReal, World } from '../helpers/world';

let world: World;
beforeAll(() => {
  requireReal();
  world = new World();
  world.env.CONDA_EXE = path.join(world.root, 'bin', 'conda'); // so that envs are found by name
});
afterAll(() => world.cleanup());

const doctor = (args: string[], extra: Record<string, string> = {}) => {
  const r = world.cli(['doctor', '--json', ...args], extra);
  return { status: r.status, report: JSON.parse(r.stdout), stderr: r.stderr };
};
const kinds = (report: any) => report.findings.map((f: any) => `${f.severity}:${f.kind}`).sort();

test('a clean env: exit 0', () => {
  const env = world.makeEnv('clean');
  world.installShims(env);
  const r = doctor([env, '--module', world.dir]);
  expect(r.report.findings).toEqual([]);
  expect(r.status).toBe(0);
  expect(world.cli(['doctor', env]).stdout).toMatch(/^ok: 1 env\(s\) checked, no problems/m);
});

test('missing shims and a shadowing go: exit 1 with the fixes; --fix applies the safe one', () => {
  const env = world.makeEnv('messy', { pin: 'go: "1.22"\n' });
  fs.symlinkSync(path.join(GO119, 'bin', 'go'), path.join(env, 'bin', 'go'));
  const r = doctor(['messy']);
  expect(r.status).toBe(1);
  expect(kinds(r.report)).toEqual(['problem:missing-shims', 'warning:shadowed-go']);
  const missing = r.report.findings.find((f: any) => f.kind === 'missing-shims');
  expect(missing).toMatchObject({ prefix: env, fix: `gocondad shims install ${env}`, safeFix: 'install-shims' });
  expect(r.report.findings.find((f: any) => f.kind === 'shadowed-go')).toMatchObject({
    fix: `(cd ${env} && mkdir -p .gocondad-aside/bin && mv bin/go .gocondad-aside/bin/)`,
    safeFix: 'move-aside',
  });
  const fixed = doctor(['messy', '--fix']);
  expect(fixed.report.fixed).toEqual([`installed shims in ${env}`]);
  expect(kinds(fixed.report)).toEqual(['warning:shadowed-go']);
  expect(fixed.status).toBe(0);
  expect(fs.existsSync(path.join(env, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'))).toBe(true);
  // Moving the user's file needs the kind named (conda doctor --fix asks the user, then does this).
  const moved = doctor(['messy', '--fix', '--kind', 'shadowed-go']);
  expect(moved.report.fixed).toEqual([`moved ${path.join(env, 'bin', 'go')} to ${path.join(env, '.gocondad-aside', 'bin', 'go')}`]);
  expect(kinds(moved.report)).toEqual([]);
  expect(fs.readlinkSync(path.join(env, '.gocondad-aside', 'bin', 'go'))).toBe(path.join(GO119, 'bin', 'go'));
});

test('stale shims (the pin changed) and stale launchers are found and fixed by --fix', () => {
  const env = world.makeEnv('stale');
  world.installShims(env);
  fs.mkdirSync(path.join(env, 'etc'), { recursive: true });
  fs.writeFileSync(path.join(env, 'etc', 'gocondad.yml'), 'go: "1.19"\n');
  const launcher = path.join(world.home, '.local', 'share', 'gocondad', 'launchers', 'go1.22.0');
  fs.rmSync(launcher);
  const r = doctor([env]);
  expect(kinds(r.report)).toEqual(['problem:stale-launchers', 'problem:stale-shims']);
  expect(r.status).toBe(1);
  const fixed = doctor([env, '--fix']);
  expect(fixed.status).toBe(0);
  expect(fs.existsSync(launcher)).toBe(true);
  expect(fs.readFileSync(path.join(env, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'), 'utf8')).toContain(`__gcd_p_goroot='${GO119}'`);
});

test('a module that needs a Go nothing local provides: which version to install, and how', () => {
  const env = world.makeEnv('modenv');
  world.installShims(env);
  const mod = path.join(world.dir, 'newmod', 'sub');
  fs.mkdirSync(mod, { recursive: true });
  fs.writeFileSync(path.join(world.dir, 'newmod', 'go.mod'), 'module x\n\ngo 1.29.0\n');
  const r = doctor([env, '--module', mod]);
  expect(r.status).toBe(1);
  const f = r.report.findings.find((x: any) => x.kind === 'module-needs-unavailable-go');
  expect(f.message).toContain('needs go1.29.0');
  expect(f.fix).toContain(`conda install -p ${env} -c conda-forge go=1.29.0`);
  expect(f.fix).toContain('apt-get install golang-1.29-go');
  expect(f.fix).toContain('https://go.dev/dl/go1.29.0.linux-amd64.tar.gz');
  // A module the local toolchains satisfy (through a launcher) is fine.
  fs.writeFileSync(path.join(world.dir, 'newmod', 'go.mod'), 'module x\n\ngo 1.22.0\n');
  expect(doctor([env, '--module', mod]).status).toBe(0);
});

test('cgo flags into the env with no C compiler anywhere', () => {
  const env = world.makeEnv('cenv');
  fs.mkdirSync(path.join(env, 'lib'));
  world.installShims(env);
  const r = doctor([env], { PATH: path.join(world.dir, 'empty-bin') });
  expect(kinds(r.report)).toContain('problem:cgo-without-compiler');
  expect(r.report.findings.find((f: any) => f.kind === 'cgo-without-compiler').fix).toContain('c-compiler');
  expect(kinds(doctor([env]).report)).not.toContain('problem:cgo-without-compiler'); // gcc on PATH
});

test('conda-forge go older than the pin, and a platform mismatch', () => {
  const env = world.makeEnv('cf', { pin: 'go: "1.22"\n' });
  fs.symlinkSync(GO119, path.join(env, 'go'));
  fs.writeFileSync(path.join(env, 'conda-meta', 'history'), '+conda-forge/linux-64::go-1.19.8-h0\n');
  world.installShims(env);
  const r = doctor([env], { GOOS: 'darwin' });
  expect(kinds(r.report)).toEqual(['problem:conda-go-older-than-pin', 'warning:platform-mismatch']);
  expect(r.report.findings[0].fix).toBe(`conda install -p ${env} -c conda-forge "go=1.22"`);
});

test('explain: every candidate with its verdict, every variable with its source', () => {
  const env = world.makeEnv('explained', { pin: 'go: "1.22"\n' });
  const r = world.cli(['explain', 'explained', '--json']);
  expect(r.status).toBe(0);
  const e = JSON.parse(r.stdout);
  expect(e.trace).toEqual([
    { step: 'pin range', candidate: expect.stringContaining(GO119), verdict: 'rejected', reason: 'does not satisfy go 1.22' },
    { step: 'pin range', candidate: expect.stringContaining(GO122), verdict: 'chosen', reason: 'satisfies go 1.22' },
    { step: 'newest', candidate: expect.stringContaining(GO119), verdict: 'not reached', reason: expect.any(String) },
    { step: 'newest', candidate: expect.stringContaining(GO122), verdict: 'not reached', reason: 'the newest found' },
  ]);
  expect(e.result).toMatchObject({ ok: true, goroot: GO122, chosenBy: 'pin' });
  const vars = Object.fromEntries(e.variables.map((v: any) => [v.name, v]));
  expect(vars.GOROOT).toMatchObject({ effect: `= ${GO122}`, source: expect.stringMatching(/chosen toolchain \(pin/) });
  expect(vars.GOPATH.effect).toBe(`= ${path.join(env, 'share', 'gopath')}`);
  expect(vars.GOTOOLCHAIN.effect).toBe('= local+path (only if unset or empty)');
  expect(e.path.map((p: any) => p.entry)).toEqual([path.join(GO122, 'bin'), path.join(world.home, '.local', 'share', 'gocondad', 'launchers')]);
  const text = world.cli(['explain', env]).stdout;
  expect(text).toMatch(/pin range\s+go1\.22\.\d+ at \/usr\/lib\/go-1\.22\s+chosen/);
  expect(text).toContain(`=> go1.22`);
  // The toolchains found are a table: the roots start in one column whatever the versions' lengths.
  const lines = text.split('\n');
  const found = lines.slice(lines.findIndex((l) => l.startsWith('toolchains found')) + 1, lines.indexOf('', 3));
  expect(found[0]).toMatch(/^ {2}VERSION +ROOT/);
  const cols = found.slice(1).map((l) => l.indexOf('/usr/lib/go-'));
  expect(cols.length).toBeGreaterThanOrEqual(2);
  expect(new Set([found[0]!.indexOf('ROOT'), ...cols]).size).toBe(1);
});

test('explain and doctor name unknown envs clearly', () => {
  const r = world.cli(['explain', 'nope']);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/no env named nope; `gocondad envs` lists/);
});

test('an invalid toolchain in a configured dir is a problem with its reason', () => {
  const bad = path.join(world.dir, 'bad-go');
  fs.mkdirSync(path.join(bad, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(bad, 'bin', 'go'), '#!/bin/sh\n', { mode: 0o755 });
  world.config(`system_toolchains: false\ntoolchains:\n  - ${GO119}\n  - ${GO122}\n  - ${bad}\n`);
  try {
    const env = world.makeEnv('withbad');
    world.installShims(env);
    const r = doctor([env]);
    expect(r.status).toBe(1);
    expect(r.report.findings).toContainEqual(
      expect.objectContaining({
        kind: 'invalid-toolchain',
        severity: 'problem',
        message: expect.stringMatching(/bad-go is not a valid Go toolchain: no src\/runtime/),
      }),
    );
  } finally {
    world.config(`system_toolchains: false\ntoolchains:\n  - ${GO119}\n  - ${GO122}\n`);
  }
});

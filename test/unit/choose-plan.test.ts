import { chooseToolchain } from '../../src/core/choose';
import { DEFAULT_CONFIG, parsePinFile, parseUserConfig } from '../../src/core/config';
import { cgoFlag, emptyChange, planEnv, type PlanInput } from '../../src/core/plan';
import type { Toolchain } from '../../src/core/toolchains';

const tc = (version: string, root: string, semver: string): Toolchain => ({ version, root, semver });
const t19 = tc('go1.19.8', '/usr/lib/go-1.19', '1.19.8');
const t22 = tc('go1.22.12', '/usr/lib/go-1.22', '1.22.12');
const t23 = tc('go1.23.5', '/usr/lib/go-1.23', '1.23.5');
const envGo = tc('go1.21.3', '/env/go', '1.21.3');
const none = { pin: null, pinnedRoot: null, envGo: null, defaultRange: null, found: [t19, t22, t23] };

test('newest found when nothing else says', () => {
  const c = chooseToolchain(none);
  expect(c).toMatchObject({ ok: true, source: 'newest', toolchain: t23 });
});
test('user default beats newest', () => expect(chooseToolchain({ ...none, defaultRange: '1.22' })).toMatchObject({ source: 'default', toolchain: t22 }));
test('a default matching nothing falls back to newest', () => expect(chooseToolchain({ ...none, defaultRange: '1.30' })).toMatchObject({ source: 'newest', toolchain: t23 }));
test('a Go in the env beats the default', () => expect(chooseToolchain({ ...none, defaultRange: '1.22', envGo: { ok: true, toolchain: envGo } })).toMatchObject({ source: 'in-env', toolchain: envGo }));
test('an invalid Go in the env is passed over', () => expect(chooseToolchain({ ...none, envGo: { ok: false, root: '/env/go', reason: 'no src/runtime' } })).toMatchObject({ source: 'newest' }));
test('a pin range beats everything and takes the newest match', () => {
  expect(chooseToolchain({ ...none, pin: { go: '>=1.19 <1.23' }, envGo: { ok: true, toolchain: envGo } })).toMatchObject({ source: 'pin', toolchain: t22 });
});
test('an unsatisfiable pin touches nothing and says what to install', () => {
  const c = chooseToolchain({ ...none, pin: { go: '1.30' } });
  expect(c.ok).toBe(false);
  expect(c.why).toMatch(/conda install go=1\.30/);
});
test('a goroot pin must be a valid root', () => {
  expect(chooseToolchain({ ...none, pin: { goroot: '/x' }, pinnedRoot: { ok: true, toolchain: t19 } })).toMatchObject({ source: 'pin', toolchain: t19 });
  expect(chooseToolchain({ ...none, pin: { goroot: '/x' }, pinnedRoot: { ok: false, root: '/x', reason: 'no bin/go' } })).toMatchObject({ ok: false });
});
test('no toolchain at all', () => expect(chooseToolchain({ ...none, found: [] })).toMatchObject({ ok: false }));

describe('planEnv', () => {
  const choice = { ok: true as const, toolchain: t22, source: 'pin' as const, why: 'x' };
  const noCgo = { policy: 'auto' as const, hasInclude: false, hasLib: false };
  const input = (o: Partial<PlanInput> = {}): PlanInput => ({ prefix: '/e', envName: 'e', choice, config: DEFAULT_CONFIG, envDeclaredVars: [], launcherDir: null, cgo: noCgo, ...o });
  test('per-env GOPATH, GOBIN in the env, GOROOT/bin first, user module cache kept', () => {
    const p = planEnv(input());
    expect(p.change).toEqual({ ...emptyChange(), set: { GOROOT: '/usr/lib/go-1.22', GOBIN: '/e/bin', GOPATH: '/e/share/gopath' }, path: { prepend: ['/usr/lib/go-1.22/bin'], remove: [] } });
    expect(p.keepUserModcache).toBe(true);
  });
  test('shared GOPATH and isolated module cache', () => {
    const p = planEnv(input({ config: { ...DEFAULT_CONFIG, gopath: { kind: 'shared' }, isolateModcache: true } }));
    expect(p.change.set).toEqual({ GOROOT: '/usr/lib/go-1.22', GOBIN: '/e/bin', GOMODCACHE: '/e/share/gomodcache' });
    expect(p.keepUserModcache).toBe(false);
  });
  test('GOPATH template', () => {
    const p = planEnv(input({ config: { ...DEFAULT_CONFIG, gopath: { kind: 'template', template: '/go/{name}' } } }));
    expect(p.change.set.GOPATH).toBe('/go/e');
  });
  test('variables the env declares through conda are left to conda', () => {
    const p = planEnv(input({ envDeclaredVars: ['GOPATH'] }));
    expect(p.change.set.GOPATH).toBeUndefined();
    expect(p.leftToConda).toEqual(['GOPATH']);
  });
  test('no toolchain: touch nothing', () => {
    const p = planEnv(input({ choice: { ok: false, why: 'none' } }));
    expect(p.ok).toBe(false);
    expect(p.change).toEqual(emptyChange());
  });
  test('Go 1.21+: the launcher dir after GOROOT/bin, GOTOOLCHAIN=local+path unless the shell or the env says otherwise', () => {
    const p = planEnv(input({ launcherDir: '/l' }));
    expect(p.change.path.prepend).toEqual(['/usr/lib/go-1.22/bin', '/l']);
    expect(p.change.defaults).toEqual({ GOTOOLCHAIN: 'local+path' });
    const declared = planEnv(input({ launcherDir: '/l', envDeclaredVars: ['GOTOOLCHAIN'] }));
    expect(declared.change.defaults).toEqual({});
    expect(declared.leftToConda).toContain('GOTOOLCHAIN');
  });
  test('Go 1.19 cannot switch toolchains: no launchers, no GOTOOLCHAIN', () => {
    const p = planEnv(input({ launcherDir: '/l', choice: { ...choice, toolchain: t19 } }));
    expect(p.change.path.prepend).toEqual(['/usr/lib/go-1.19/bin']);
    expect(p.change.defaults).toEqual({});
  });
  test('cgo auto: -I and -L/-rpath into the env, appended to the user’s flags, only when CGO_ENABLED is not 0', () => {
    const p = planEnv(input({ cgo: { policy: 'auto', hasInclude: true, hasLib: true } }));
    expect(p.change.append).toEqual({ CGO_CPPFLAGS: { value: '-I/e/include', base: '' }, CGO_LDFLAGS: { value: '-L/e/lib -Wl,-rpath,/e/lib', base: '-O2 -g' } });
    expect(p.change.appendUnlessCgoOff).toBe(true);
    expect(p.change.set.CGO_ENABLED).toBeUndefined();
  });
  test('cgo on forces CGO_ENABLED=1; off adds nothing; an env without include/ or lib/ gets nothing', () => {
    expect(planEnv(input({ cgo: { policy: 'on', hasInclude: false, hasLib: true } })).change).toMatchObject({ set: { CGO_ENABLED: '1' }, appendUnlessCgoOff: false });
    expect(planEnv(input({ cgo: { policy: 'off', hasInclude: true, hasLib: true } })).change.append).toEqual({});
    expect(planEnv(input()).change.append).toEqual({});
  });
  test('a prefix with spaces stays one flag for Go’s splitter', () => {
    const p = planEnv(input({ prefix: '/my envs/e', cgo: { policy: 'auto', hasInclude: false, hasLib: true } }));
    expect(p.change.append.CGO_LDFLAGS!.value).toBe("'-L/my envs/e/lib' '-Wl,-rpath,/my envs/e/lib'");
    expect(cgoFlag("-I/it's")).toBe('"-I/it\'s"');
  });
});

describe('config: cgo and launchers', () => {
  test('user config keys', () => {
    const { config, problems } = parseUserConfig('cgo: off\nlaunchers: false\n', 'c.yml', '/h');
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ cgo: 'off', launchers: false });
    expect(parseUserConfig('cgo: maybe\n', 'c.yml', '/h').problems[0]!.message).toMatch(/cgo/);
  });
  test('the pin file’s cgo', () => {
    expect(parsePinFile('go: "1.22"\ncgo: on\n', 'p').pin).toEqual({ go: '1.22', cgo: 'on' });
  });
});

describe('config files', () => {
  test('user config keys', () => {
    const { config, problems } = parseUserConfig('toolchains: [~/sdk]\ndefault: "1.22"\ngopath: shared\nmodcache: per-env\nsystem_toolchains: false\nauto_install: false\n', 'c.yml', '/h');
    expect(problems).toEqual([]);
    expect(config).toEqual({ toolchains: ['/h/sdk'], default: '1.22', gopath: { kind: 'shared' }, isolateModcache: true, systemToolchains: false, autoInstall: false, cgo: 'auto', launchers: true });
  });
  test('malformed YAML is reported with file and line, defaults kept', () => {
    const { config, problems } = parseUserConfig('default: "1.22"\ntoolchains: [unclosed\n', 'c.yml', '/h');
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems[0]).toMatchObject({ file: 'c.yml', line: expect.any(Number) });
  });
  test('bad values and unknown keys are reported', () => {
    const { problems } = parseUserConfig('default: "nope"\ncolour: blue\n', 'c.yml', '/h');
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/not a Go version range/), expect.stringMatching(/unknown key/)]);
  });
  test('pin files', () => {
    expect(parsePinFile('go: "1.22"\n', 'p').pin).toEqual({ go: '1.22' });
    expect(parsePinFile('go: 1.22\n', 'p').pin).toEqual({ go: '1.22' });
    expect(parsePinFile('goroot: relative\n', 'p').problems).toHaveLength(1);
  });
});

import { chooseToolchain } from '../../src/choose';
import { DEFAULT_CONFIG, parsePinFile, parseUserConfig } from '../../src/config';
import { planEnv } from '../../src/plan';
import type { Toolchain } from '../../src/toolchains';

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
  test('per-env GOPATH, GOBIN in the env, GOROOT/bin first, user module cache kept', () => {
    const p = planEnv({ prefix: '/e', envName: 'e', choice, config: DEFAULT_CONFIG, envDeclaredVars: [] });
    expect(p.change).toEqual({ set: { GOROOT: '/usr/lib/go-1.22', GOBIN: '/e/bin', GOPATH: '/e/share/gopath' }, path: { prepend: ['/usr/lib/go-1.22/bin'], remove: [] } });
    expect(p.keepUserModcache).toBe(true);
  });
  test('shared GOPATH and isolated module cache', () => {
    const p = planEnv({ prefix: '/e', envName: 'e', choice, config: { ...DEFAULT_CONFIG, gopath: { kind: 'shared' }, isolateModcache: true }, envDeclaredVars: [] });
    expect(p.change.set).toEqual({ GOROOT: '/usr/lib/go-1.22', GOBIN: '/e/bin', GOMODCACHE: '/e/share/gomodcache' });
    expect(p.keepUserModcache).toBe(false);
  });
  test('GOPATH template', () => {
    const p = planEnv({ prefix: '/e', envName: 'e', choice, config: { ...DEFAULT_CONFIG, gopath: { kind: 'template', template: '/go/{name}' } }, envDeclaredVars: [] });
    expect(p.change.set.GOPATH).toBe('/go/e');
  });
  test('variables the env declares through conda are left to conda', () => {
    const p = planEnv({ prefix: '/e', envName: 'e', choice, config: DEFAULT_CONFIG, envDeclaredVars: ['GOPATH'] });
    expect(p.change.set.GOPATH).toBeUndefined();
    expect(p.leftToConda).toEqual(['GOPATH']);
  });
  test('no toolchain: touch nothing', () => {
    const p = planEnv({ prefix: '/e', envName: 'e', choice: { ok: false, why: 'none' }, config: DEFAULT_CONFIG, envDeclaredVars: [] });
    expect(p.ok).toBe(false);
    expect(p.change).toEqual({ set: {}, path: { prepend: [], remove: [] } });
  });
});

describe('config files', () => {
  test('user config keys', () => {
    const { config, problems } = parseUserConfig('toolchains: [~/sdk]\ndefault: "1.22"\ngopath: shared\nmodcache: per-env\nsystem_toolchains: false\nauto_install: false\n', 'c.yml', '/h');
    expect(problems).toEqual([]);
    expect(config).toEqual({ toolchains: ['/h/sdk'], default: '1.22', gopath: { kind: 'shared' }, isolateModcache: true, systemToolchains: false, autoInstall: false });
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

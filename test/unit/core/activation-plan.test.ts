import { DEFAULT_CONFIG } from '../../../src/core/config';
import { cgoFlag, emptyChange, offlineGoproxy, planEnv, type PlanInput } from '../../../src/core/activation-plan';
import type { Toolchain } from '../../../src/core/toolchains';

const tc = (version: string, root: string, semver: string): Toolchain => ({ version, root, semver });
const t19 = tc('go1.19.8', '/usr/lib/go-1.19', '1.19.8');
const t22 = tc('go1.22.12', '/usr/lib/go-1.22', '1.22.12');

describe('planEnv', () => {
  const choice = { ok: true as const, toolchain: t22, source: 'pin' as const, why: 'x' };
  const noCgo = { policy: 'auto' as const, hasInclude: false, hasLib: false };
  const input = (o: Partial<PlanInput> = {}): PlanInput => ({
    prefix: '/e',
    envName: 'e',
    choice,
    config: DEFAULT_CONFIG,
    envDeclaredVars: [],
    launcherDir: null,
    cgo: noCgo,
    ...o,
  });
  test('per-env GOPATH, GOBIN in the env, GOROOT/bin first, user module cache kept', () => {
    const p = planEnv(input());
    expect(p.change).toEqual({
      ...emptyChange(),
      set: { GOROOT: '/usr/lib/go-1.22', GOBIN: '/e/bin', GOPATH: '/e/share/gopath' },
      path: { prepend: ['/usr/lib/go-1.22/bin'], remove: [] },
    });
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
    expect(p.change.append).toEqual({
      CGO_CPPFLAGS: { value: '-I/e/include', base: '' },
      CGO_LDFLAGS: { value: '-L/e/lib -Wl,-rpath,/e/lib', base: '-O2 -g' },
    });
    expect(p.change.appendUnlessCgoOff).toBe(true);
    expect(p.change.set.CGO_ENABLED).toBeUndefined();
  });
  test('cgo on forces CGO_ENABLED=1; off adds nothing; an env without include/ or lib/ gets nothing', () => {
    expect(planEnv(input({ cgo: { policy: 'on', hasInclude: false, hasLib: true } })).change).toMatchObject({
      set: { CGO_ENABLED: '1' },
      appendUnlessCgoOff: false,
    });
    expect(planEnv(input({ cgo: { policy: 'off', hasInclude: true, hasLib: true } })).change.append).toEqual({});
    expect(planEnv(input()).change.append).toEqual({});
  });
  test('a prefix with spaces stays one flag for Go’s splitter', () => {
    const p = planEnv(input({ prefix: '/my envs/e', cgo: { policy: 'auto', hasInclude: false, hasLib: true } }));
    expect(p.change.append.CGO_LDFLAGS!.value).toBe("'-L/my envs/e/lib' '-Wl,-rpath,/my envs/e/lib'");
    expect(cgoFlag("-I/it's")).toBe('"-I/it\'s"');
  });
  test('a toolchain path conda cannot quote goes on PATH as an alias; GOROOT keeps the true path', () => {
    const root = "/opt/go 1.22 'beta'";
    const p = planEnv(
      input({ choice: { ...choice, toolchain: tc('go1.22.12', root, '1.22.12') }, launcherDir: '/l', aliasDir: '/home/u/.local/share/gocondad/aliases' }),
    );
    expect(p.change.set.GOROOT).toBe(root);
    expect(p.aliases).toEqual([
      { alias: expect.stringMatching(/^\/home\/u\/\.local\/share\/gocondad\/aliases\/[0-9a-f]{16}$/), target: `${root}/bin`, chars: ["'"] },
    ]);
    expect(p.change.path.prepend).toEqual([p.aliases[0]!.alias, '/l']);
    expect(p.sources[`PATH ${p.aliases[0]!.alias}`]).toMatch(/alias of .*conda re-exports PATH unescaped/);
    expect(planEnv(input({ aliasDir: '/a' })).aliases).toEqual([]);
  });
});

describe('go_offline', () => {
  const input = (o: Partial<PlanInput> = {}): PlanInput => ({
    prefix: '/e',
    envName: 'e',
    choice: { ok: true, toolchain: t22, source: 'pin', why: 'x' },
    config: DEFAULT_CONFIG,
    envDeclaredVars: [],
    launcherDir: null,
    cgo: { policy: 'auto', hasInclude: false, hasLib: false },
    ...o,
  });
  test('GOPROXY reads the user’s cache, or the env’s own with modcache: per-env; off by default', () => {
    expect(planEnv(input()).change.set.GOPROXY).toBeUndefined();
    expect(planEnv(input({ offline: { on: false, userModcache: '/h/go/pkg/mod' } })).change.set.GOPROXY).toBeUndefined();
    const p = planEnv(input({ offline: { on: true, userModcache: '/h/go/pkg/mod' } }));
    expect(p.change.set.GOPROXY).toBe('file:///h/go/pkg/mod/cache/download,off');
    expect(p.sources.GOPROXY).toMatch(/go_offline/);
    expect(
      planEnv(input({ config: { ...DEFAULT_CONFIG, isolateModcache: true }, offline: { on: true, userModcache: '/h/go/pkg/mod' } })).change.set.GOPROXY,
    ).toBe(offlineGoproxy('/e/share/gomodcache'));
  });
  test('a GOPROXY the env declares itself is left to conda', () => {
    const p = planEnv(input({ envDeclaredVars: ['GOPROXY'], offline: { on: true, userModcache: '/m' } }));
    expect(p.change.set.GOPROXY).toBeUndefined();
    expect(p.leftToConda).toContain('GOPROXY');
  });
});

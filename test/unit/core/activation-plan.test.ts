import * as crypto from 'node:crypto';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { cgoFlag, emptyChange, envNameOf, offlineGoproxy, planEnv, type PlanInput } from '../../../src/core/activation-plan';
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
    expect(p.sources.GOMODCACHE).toBe('config `modcache: per-env`');
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

describe('planEnv, whole plans written out', () => {
  const alias = (target: string) => `/al/${crypto.createHash('sha256').update(target).digest('hex').slice(0, 16)}`;

  test('per-env GOPATH, the user module cache, go_offline, launchers, cgo auto with include/ and lib/', () => {
    const p = planEnv({
      prefix: '/e',
      envName: 'e',
      choice: { ok: true, toolchain: t22, source: 'pin', why: 'x' },
      config: DEFAULT_CONFIG,
      envDeclaredVars: [],
      launcherDir: '/l',
      aliasDir: '/al',
      cgo: { policy: 'auto', hasInclude: true, hasLib: true },
      platform: { subdir: 'linux-64', goos: 'linux', goarch: 'amd64' },
      offline: { on: true, userModcache: '/m' },
    });
    expect(p).toEqual({
      prefix: '/e',
      envName: 'e',
      ok: true,
      why: 'x',
      source: 'pin',
      goroot: '/usr/lib/go-1.22',
      goVersion: 'go1.22.12',
      change: {
        set: { GOROOT: '/usr/lib/go-1.22', GOBIN: '/e/bin', GOPATH: '/e/share/gopath', GOPROXY: 'file:///m/cache/download,off' },
        defaults: { GOTOOLCHAIN: 'local+path' },
        append: { CGO_CPPFLAGS: { value: '-I/e/include', base: '' }, CGO_LDFLAGS: { value: '-L/e/lib -Wl,-rpath,/e/lib', base: '-O2 -g' } },
        appendUnlessCgoOff: true,
        path: { prepend: ['/usr/lib/go-1.22/bin', '/l'], remove: [] },
      },
      keepUserModcache: true,
      leftToConda: [],
      platform: { subdir: 'linux-64', goos: 'linux', goarch: 'amd64' },
      sources: {
        GOROOT: 'the chosen toolchain (pin: x)',
        GOBIN: 'the env’s bin: `go install`ed tools live and die with the env',
        GOPATH: 'config `gopath: per-env` (the default)',
        GOPROXY: '`go_offline: true`: modules come from the module cache only, as conda’s `offline: true` does for packages',
        'PATH /usr/lib/go-1.22/bin': 'the chosen toolchain first, ahead of any other go',
        GOMODCACHE: 'your own module cache, kept (filled in at activation from the GOPATH you had)',
        'PATH /l': 'version-named launchers of the local toolchains, for GOTOOLCHAIN=local+path',
        GOTOOLCHAIN: 'Go ≥ 1.21: go.mod go/toolchain lines run a local toolchain, never a download; only where the shell has none',
        CGO_CPPFLAGS: 'cgo: auto and the env has include/: appended to your flags unless CGO_ENABLED=0',
        CGO_LDFLAGS: 'cgo: auto and the env has lib/: appended to your flags unless CGO_ENABLED=0',
      },
      aliases: [],
    });
  });

  test('a GOPATH template, the env’s own module cache, cgo on, what the env declares, an aliased toolchain', () => {
    const root = "/o'go";
    const p = planEnv({
      prefix: '/p/env1',
      envName: 'n1',
      choice: { ok: true, toolchain: tc('go1.23.0', root, '1.23.0'), source: 'default', why: 'y' },
      config: { ...DEFAULT_CONFIG, gopath: { kind: 'template', template: '/g/{name}/{name}{prefix}' }, isolateModcache: true },
      envDeclaredVars: ['CGO_ENABLED', 'CGO_CPPFLAGS', 'GOMODCACHE', 'GOTOOLCHAIN'],
      launcherDir: '/l',
      aliasDir: '/al',
      cgo: { policy: 'on', hasInclude: true, hasLib: false },
    });
    expect(p).toEqual({
      prefix: '/p/env1',
      envName: 'n1',
      ok: true,
      why: 'y',
      source: 'default',
      goroot: root,
      goVersion: 'go1.23.0',
      change: {
        set: { GOROOT: root, GOBIN: '/p/env1/bin', GOPATH: '/g/n1/n1/p/env1' },
        defaults: {},
        append: {},
        appendUnlessCgoOff: false,
        path: { prepend: [alias(`${root}/bin`), '/l'], remove: [] },
      },
      keepUserModcache: false,
      leftToConda: ['GOMODCACHE', 'GOTOOLCHAIN', 'CGO_CPPFLAGS', 'CGO_ENABLED'],
      platform: { subdir: null, goos: null, goarch: null },
      sources: {
        GOROOT: 'the chosen toolchain (default: y)',
        GOBIN: 'the env’s bin: `go install`ed tools live and die with the env',
        GOPATH: 'config `gopath: /g/{name}/{name}{prefix}`',
        GOMODCACHE: 'declared by the env itself (conda env vars): left to conda',
        [`PATH ${alias(`${root}/bin`)}`]: `alias of ${root}/bin (the chosen toolchain first, ahead of any other go): conda re-exports PATH unescaped, and "'" ends conda's POSIX \`export PATH='…'\``,
        'PATH /l': 'version-named launchers of the local toolchains, for GOTOOLCHAIN=local+path',
        GOTOOLCHAIN: 'declared by the env itself (conda-forge go sets local): left to conda',
      },
      aliases: [{ alias: alias(`${root}/bin`), target: `${root}/bin`, chars: ["'"] }],
    });
  });

  test('cgo on with lib/ only and nothing declared: CGO_ENABLED=1, said so', () => {
    const p = planEnv({
      prefix: '/e',
      envName: 'e',
      choice: { ok: true, toolchain: t19, source: 'newest', why: 'z' },
      config: { ...DEFAULT_CONFIG, gopath: { kind: 'shared' } },
      envDeclaredVars: [],
      launcherDir: '/l',
      cgo: { policy: 'on', hasInclude: false, hasLib: true },
    });
    expect(p.change).toEqual({
      set: { GOROOT: '/usr/lib/go-1.19', GOBIN: '/e/bin', CGO_ENABLED: '1' },
      defaults: {},
      append: { CGO_LDFLAGS: { value: '-L/e/lib -Wl,-rpath,/e/lib', base: '-O2 -g' } },
      appendUnlessCgoOff: false,
      path: { prepend: ['/usr/lib/go-1.19/bin'], remove: [] },
    });
    expect(p.keepUserModcache).toBe(false);
    expect(p.sources).toEqual({
      GOROOT: 'the chosen toolchain (newest: z)',
      GOBIN: 'the env’s bin: `go install`ed tools live and die with the env',
      'PATH /usr/lib/go-1.19/bin': 'the chosen toolchain first, ahead of any other go',
      CGO_LDFLAGS: 'cgo: on and the env has lib/: appended to your flags',
      CGO_ENABLED: 'cgo: on',
    });
  });

  test('a GOPATH the env declares: the user module cache is not filled in; neither when it declares GOMODCACHE', () => {
    const input: PlanInput = {
      prefix: '/e',
      envName: 'e',
      choice: { ok: true, toolchain: t22, source: 'pin', why: 'x' },
      config: DEFAULT_CONFIG,
      envDeclaredVars: ['GOPATH'],
      launcherDir: null,
      cgo: { policy: 'auto', hasInclude: false, hasLib: false },
    };
    expect(planEnv(input).keepUserModcache).toBe(false);
    expect(planEnv({ ...input, envDeclaredVars: ['GOMODCACHE'] }).keepUserModcache).toBe(false);
    expect(planEnv({ ...input, envDeclaredVars: [] }).keepUserModcache).toBe(true);
  });

  test('no toolchain: the plan says why and changes nothing', () => {
    expect(
      planEnv({
        prefix: '/e',
        envName: 'e',
        choice: { ok: false, why: 'none here' },
        config: DEFAULT_CONFIG,
        envDeclaredVars: ['GOPATH'],
        launcherDir: '/l',
        cgo: { policy: 'on', hasInclude: true, hasLib: true },
      }),
    ).toEqual({
      prefix: '/e',
      envName: 'e',
      leftToConda: [],
      platform: { subdir: null, goos: null, goarch: null },
      sources: {},
      aliases: [],
      ok: false,
      why: 'none here',
      source: null,
      goroot: null,
      goVersion: null,
      change: { set: {}, defaults: {}, append: {}, appendUnlessCgoOff: false, path: { prepend: [], remove: [] } },
      keepUserModcache: false,
    });
  });

  test('the launcher dir the same as the toolchain bin: the second alias has no source of its own', () => {
    const root = "/o'go";
    const p = planEnv({
      prefix: '/e',
      envName: 'e',
      choice: { ok: true, toolchain: tc('go1.23.0', root, '1.23.0'), source: 'pin', why: 'x' },
      config: DEFAULT_CONFIG,
      envDeclaredVars: [],
      launcherDir: `${root}/bin`,
      aliasDir: '/al',
      cgo: { policy: 'off', hasInclude: true, hasLib: true },
    });
    expect(p.sources[`PATH ${alias(`${root}/bin`)}`]).toBe(
      `alias of ${root}/bin (gocondad’s entry): conda re-exports PATH unescaped, and "'" ends conda's POSIX \`export PATH='…'\``,
    );
    expect(p.change.append).toEqual({});
  });
});

describe('envNameOf, cgoFlag, offlineGoproxy', () => {
  test('a root prefix is base, any other env its dir name', () => {
    expect(envNameOf('/r', ['/x', '/r'])).toBe('base');
    expect(envNameOf('/r/envs/a b', ['/r'])).toBe('a b');
    expect(envNameOf('/r/envs/a')).toBe('a');
  });
  test.each([
    ['-I/plain/path', '-I/plain/path'],
    ['-I/with space', "'-I/with space'"],
    ['-I/with\ttab', "'-I/with\ttab'"],
    ['-I/dq"x', `'-I/dq"x'`],
    ['-I/back\\slash', "'-I/back\\slash'"],
    ["-I/it's", `"-I/it's"`],
    [`-I/it's "q" \\b`, `"-I/it's \\"q\\" \\\\b"`],
  ])('cgoFlag(%j) = %j', (flag, out) => expect(cgoFlag(flag)).toBe(out));
  test('offlineGoproxy', () => expect(offlineGoproxy('/m/')).toBe('file:///m/cache/download,off'));
});

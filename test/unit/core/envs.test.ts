// The I/O around the planner (src/core/envs.ts): the variables an env declares through conda, the world
// (config + toolchains found), what the daemon watches for toolchains, and one env's plan read from its
// files. Toolchain roots are built in a temp dir (bin/go, src/runtime, VERSION) so the answers do not
// depend on this machine's Go installs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { envDeclaredVars, envVarsFiles, loadWorld, planForPrefix, toolchainWatchInput, type World } from '../../../src/core/envs';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Locations } from '../../../src/paths';

let tmp: string;
const savedEnv = { GOMODCACHE: process.env.GOMODCACHE, GOPATH: process.env.GOPATH };
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-envs-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

function makeRoot(root: string, version: string): string {
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bin', 'go'), '#!/bin/sh\n', { mode: 0o755 });
  fs.mkdirSync(path.join(root, 'src', 'runtime'), { recursive: true });
  fs.writeFileSync(path.join(root, 'VERSION'), `${version}\ntime 2025-01-01T00:00:00Z\n`);
  return root;
}

function makeEnv(prefix: string): string {
  fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
  fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
  return prefix;
}

function locations(home: string): Locations {
  const state = path.join(home, '.local', 'state', 'gocondad');
  const run = path.join(home, 'run');
  return {
    home,
    runtimeDir: run,
    socket: path.join(run, 'sock'),
    lock: path.join(run, 'lock'),
    journal: path.join(run, 'journal'),
    stateDir: state,
    log: path.join(state, 'log'),
    stateFile: path.join(state, 'state.json'),
    registry: path.join(state, 'envs.json'),
    configDir: path.join(home, '.config', 'gocondad'),
    configFile: path.join(home, '.config', 'gocondad', 'config.yml'),
    launcherDir: path.join(home, '.local', 'share', 'gocondad', 'bin'),
    aliasDir: path.join(home, '.local', 'share', 'gocondad', 'alias'),
    runtimeFallback: path.join(tmp, 'fallback'),
  };
}

function writeConfig(loc: Locations, text: string): void {
  fs.mkdirSync(path.dirname(loc.configFile), { recursive: true });
  fs.writeFileSync(loc.configFile, text, { mode: 0o600 });
}

describe('envDeclaredVars', () => {
  test('conda-meta/state env_vars and every file of env_vars.d (not only *.json, as conda reads them), names upper-cased, once each', () => {
    const prefix = makeEnv(path.join(tmp, 'env'));
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'state'), JSON.stringify({ env_vars: { gobin: '/x', GOFLAGS: '-mod=mod' } }));
    const d = path.join(prefix, 'etc', 'conda', 'env_vars.d');
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'a.json'), JSON.stringify({ GOPATH: '/gp', GoBin: '/y' }));
    fs.writeFileSync(path.join(d, 'b.json'), JSON.stringify({ cgo_enabled: '0' }));
    // Not *.json: read all the same (the real conda exports it). Not JSON, not an object: nothing.
    fs.writeFileSync(path.join(d, 'c.txt'), JSON.stringify({ from_txt: '1' }));
    fs.writeFileSync(path.join(d, 'd.json'), '{ not json');
    fs.writeFileSync(path.join(d, 'e.json'), '"a string"');
    fs.writeFileSync(path.join(d, 'f.json'), 'null');
    expect(envDeclaredVars(prefix).sort()).toEqual(['CGO_ENABLED', 'FROM_TXT', 'GOBIN', 'GOFLAGS', 'GOPATH']);
  });

  test('a state without env_vars, a null state, no env_vars.d: nothing', () => {
    const prefix = makeEnv(path.join(tmp, 'env'));
    expect(envDeclaredVars(prefix)).toEqual([]);
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'state'), 'null');
    expect(envDeclaredVars(prefix)).toEqual([]);
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'state'), JSON.stringify({ other: { GOROOT: '/x' } }));
    expect(envDeclaredVars(prefix)).toEqual([]);
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'state'), JSON.stringify({ env_vars: 'GOROOT' }));
    expect(envDeclaredVars(prefix)).toEqual([]);
  });
});

describe('loadWorld', () => {
  test('the configured toolchains (roots and dirs of roots), the launcher and alias dirs, the user module cache', () => {
    const home = path.join(tmp, 'home');
    const loc = locations(home);
    const gos = path.join(tmp, 'gos');
    const a = makeRoot(path.join(gos, 'go1.21.4'), 'go1.21.4');
    const b = makeRoot(path.join(gos, 'go1.23.2'), 'go1.23.2');
    fs.mkdirSync(path.join(gos, 'empty'));
    const single = makeRoot(path.join(tmp, 'single'), 'go1.22.1');
    writeConfig(loc, `toolchains: [${gos}, ${single}]\nsystem_toolchains: false\nbogus: 1\n`);
    process.env.GOMODCACHE = '/cache/of/mine';
    const world = loadWorld(loc);
    expect(world).toEqual({
      config: { ...DEFAULT_CONFIG, toolchains: [gos, single], systemToolchains: false },
      configProblems: [{ file: loc.configFile, message: 'unknown key `bogus` ignored' }],
      discovery: {
        toolchains: [
          { root: a, version: 'go1.21.4', semver: '1.21.4' },
          { root: b, version: 'go1.23.2', semver: '1.23.2' },
          { root: single, version: 'go1.22.1', semver: '1.22.1' },
        ],
        rejected: [{ root: path.join(gos, 'empty'), reason: 'no executable bin/go' }],
      },
      launcherDir: loc.launcherDir,
      aliasDir: loc.aliasDir,
      userModcache: '/cache/of/mine',
    });
  });

  test('launchers off: no launcher dir; no GOMODCACHE: the first GOPATH entry', () => {
    const loc = locations(path.join(tmp, 'home'));
    writeConfig(loc, 'launchers: false\nsystem_toolchains: false\n');
    delete process.env.GOMODCACHE;
    process.env.GOPATH = `/gp/one${path.delimiter}/gp/two`;
    const world = loadWorld(loc);
    expect(world.launcherDir).toBeNull();
    expect(world.userModcache).toBe('/gp/one/pkg/mod');
    expect(world.discovery).toEqual({ toolchains: [], rejected: [] });
  });

  test('system toolchains on (the default): the usual places are searched, the home ones included', () => {
    const home = path.join(tmp, 'home');
    const loc = locations(home);
    const mine = makeRoot(path.join(home, 'sdk', 'go1.22.3'), 'go1.22.3');
    const world = loadWorld(loc); // no config file: the defaults
    expect(world.config).toEqual(DEFAULT_CONFIG);
    expect(world.configProblems).toEqual([]);
    // The real Debian toolchains under /usr/lib, and the one in ~/sdk.
    expect(world.discovery.toolchains).toEqual(
      expect.arrayContaining([
        { root: '/usr/lib/go-1.22', version: 'go1.22.12', semver: '1.22.12' },
        { root: mine, version: 'go1.22.3', semver: '1.22.3' },
      ]),
    );
  });
});

describe('envVarsFiles', () => {
  test('every entry in code point order; none when env_vars.d is absent or is a file', () => {
    const prefix = makeEnv(path.join(tmp, 'env'));
    const d = path.join(prefix, 'etc', 'conda', 'env_vars.d');
    expect(envVarsFiles(prefix)).toEqual([]);
    fs.mkdirSync(path.dirname(d), { recursive: true });
    fs.writeFileSync(d, '{}');
    expect(envVarsFiles(prefix)).toEqual([]);
    fs.rmSync(d);
    fs.mkdirSync(d);
    for (const n of ['b.json', 'a.txt', '\u{1F600}.json', '\uFFFD.json']) fs.writeFileSync(path.join(d, n), '{}');
    expect(envVarsFiles(prefix)).toEqual([path.join(d, 'a.txt'), path.join(d, 'b.json'), path.join(d, '\uFFFD.json'), path.join(d, '\u{1F600}.json')]);
  });
});

describe('toolchainWatchInput', () => {
  const world = (toolchains: string[], systemToolchains: boolean, roots: string[]): World => ({
    config: { ...DEFAULT_CONFIG, toolchains, systemToolchains },
    configProblems: [],
    discovery: { toolchains: roots.map((root) => ({ root, version: 'go1.22.0', semver: '1.22.0' })), rejected: [] },
    launcherDir: null,
    aliasDir: '/a',
    userModcache: '/m',
  });

  test('a configured root is watched as a root, a configured dir of roots as a dir; found roots once', () => {
    const root = makeRoot(path.join(tmp, 'root'), 'go1.22.0');
    const dirOfRoots = path.join(tmp, 'gos');
    const inDir = makeRoot(path.join(dirOfRoots, 'go1.21.0'), 'go1.21.0');
    expect(toolchainWatchInput(world([root, dirOfRoots], false, [root, inDir]), '/home/u')).toEqual({
      toolchainDirs: [{ dir: dirOfRoots }],
      toolchainRoots: [root, inDir],
    });
  });

  test('with system toolchains: their dirs, with what to match; ~/go/sdk (no match) a dir unless it is a root', () => {
    const home = path.join(tmp, 'home');
    const r = toolchainWatchInput(world([], true, []), home);
    expect(r.toolchainRoots).toEqual([]);
    expect(r.toolchainDirs.map((d) => [d.dir, d.match?.source])).toEqual([
      ['/usr/local', '^go$'],
      ['/usr/lib', '^go(-\\d.*)?$'],
      [path.join(home, 'sdk'), '^go\\d'],
      [path.join(home, 'go', 'sdk'), undefined],
      ['/opt/homebrew/opt/go', '^libexec$'],
      ['/usr/local/opt/go', '^libexec$'],
    ]);
    // ~/go/sdk holding a bin/go itself is a root, watched as one.
    makeRoot(path.join(home, 'go', 'sdk'), 'go1.22.0');
    const r2 = toolchainWatchInput(world([], true, []), home);
    expect(r2.toolchainRoots).toEqual([path.join(home, 'go', 'sdk')]);
    expect(r2.toolchainDirs.map((d) => d.dir)).not.toContain(path.join(home, 'go', 'sdk'));
  });

  test('a dir watched for the names it holds stays a dir even with a bin/go of its own (~/sdk is no toolchain)', () => {
    const home = path.join(tmp, 'home');
    makeRoot(path.join(home, 'sdk'), 'go1.22.0');
    const r = toolchainWatchInput(world([], true, []), home);
    expect(r.toolchainRoots).toEqual([]);
    expect(r.toolchainDirs.map((d) => [d.dir, d.match?.source])).toEqual([
      ['/usr/local', '^go$'],
      ['/usr/lib', '^go(-\\d.*)?$'],
      [path.join(home, 'sdk'), '^go\\d'],
      [path.join(home, 'go', 'sdk'), undefined],
      ['/opt/homebrew/opt/go', '^libexec$'],
      ['/usr/local/opt/go', '^libexec$'],
    ]);
  });
});

describe('planForPrefix', () => {
  function setup(config = 'system_toolchains: false\n') {
    const home = path.join(tmp, 'home');
    const loc = locations(home);
    const gos = path.join(tmp, 'gos');
    const go121 = makeRoot(path.join(gos, 'go1.21.4'), 'go1.21.4');
    const go123 = makeRoot(path.join(gos, 'go1.23.2'), 'go1.23.2');
    writeConfig(loc, `toolchains: [${gos}]\n${config}`);
    process.env.GOMODCACHE = '/user/modcache';
    return { loc, world: loadWorld(loc), go121, go123 };
  }

  test('an env with no pin: the newest, its plan, its id, when it was read', () => {
    const { loc, world, go123 } = setup();
    const prefix = makeEnv(path.join(tmp, 'envs', 'web'));
    const before = Date.now();
    const r = planForPrefix(prefix, world);
    const after = Date.now();
    expect(r.readAt).toBeGreaterThanOrEqual(before);
    expect(r.readAt).toBeLessThanOrEqual(after);
    expect(r.problems).toEqual([]);
    expect(r.planId).toMatch(/^[0-9a-f]{12}$/);
    expect(r.plan).toMatchObject({
      prefix,
      envName: 'web',
      ok: true,
      source: 'newest',
      goroot: go123,
      goVersion: 'go1.23.2',
      keepUserModcache: true,
      leftToConda: [],
      platform: { subdir: null, goos: null, goarch: null },
      aliases: [],
    });
    expect(r.plan.change).toEqual({
      set: { GOROOT: go123, GOBIN: path.join(prefix, 'bin'), GOPATH: path.join(prefix, 'share', 'gopath') },
      defaults: { GOTOOLCHAIN: 'local+path' },
      append: {},
      appendUnlessCgoOff: false,
      path: { prepend: [path.join(go123, 'bin'), loc.launcherDir], remove: [] },
    });
    expect(r.trace.map((t) => [t.step, t.verdict])).toEqual([
      ['newest', 'rejected'],
      ['newest', 'chosen'],
    ]);
    // The same env read again: the same id; a root prefix is named base.
    expect(planForPrefix(prefix, world).planId).toBe(r.planId);
    const asRoot = planForPrefix(prefix, world, [prefix]);
    expect(asRoot.plan.envName).toBe('base');
    expect(asRoot.planId).not.toBe(r.planId);
  });

  test("the env's pin, its cgo and go_offline, declared vars, include/ and lib/, the platform", () => {
    const { world, go121 } = setup();
    const prefix = makeEnv(path.join(tmp, 'envs', 'sci'));
    fs.mkdirSync(path.join(prefix, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'go: "1.21"\ncgo: on\ngo_offline: true\n');
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'state'), JSON.stringify({ env_vars: { gobin: '/mine' } }));
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '+conda-forge/linux-64::zlib-1.3-h0\n');
    fs.mkdirSync(path.join(prefix, 'include'));
    fs.mkdirSync(path.join(prefix, 'lib'));
    const r = planForPrefix(prefix, world);
    expect(r.problems).toEqual([]);
    expect(r.plan).toMatchObject({
      ok: true,
      source: 'pin',
      goroot: go121,
      leftToConda: ['GOBIN'],
      platform: { subdir: 'linux-64', goos: 'linux', goarch: 'amd64' },
    });
    const lib = path.join(prefix, 'lib');
    expect(r.plan.change.set).toEqual({
      GOROOT: go121,
      GOPATH: path.join(prefix, 'share', 'gopath'),
      GOPROXY: 'file:///user/modcache/cache/download,off',
      CGO_ENABLED: '1',
    });
    expect(r.plan.change.append).toEqual({
      CGO_CPPFLAGS: { value: `-I${path.join(prefix, 'include')}`, base: '' },
      CGO_LDFLAGS: { value: `-L${lib} -Wl,-rpath,${lib}`, base: '-O2 -g' },
    });
    expect(r.plan.change.appendUnlessCgoOff).toBe(false);
  });

  test("the config's cgo and go_offline when the pin says nothing; only lib/", () => {
    const { world } = setup('system_toolchains: false\ncgo: auto\ngo_offline: true\nmodcache: per-env\n');
    const prefix = makeEnv(path.join(tmp, 'envs', 'x'));
    fs.mkdirSync(path.join(prefix, 'lib'));
    const r = planForPrefix(prefix, world);
    expect(r.plan.change.set.GOPROXY).toBe(`file://${path.join(prefix, 'share', 'gomodcache', 'cache', 'download')},off`);
    expect(Object.keys(r.plan.change.append)).toEqual(['CGO_LDFLAGS']);
    expect(r.plan.change.appendUnlessCgoOff).toBe(true);
    expect(r.plan.change.set.CGO_ENABLED).toBeUndefined();
  });

  test("the env's own Go and a pinned goroot", () => {
    const { world, go121 } = setup();
    const own = makeEnv(path.join(tmp, 'envs', 'own'));
    const ownGo = makeRoot(path.join(own, 'go'), 'go1.22.7');
    expect(planForPrefix(own, world).plan).toMatchObject({ source: 'in-env', goroot: ownGo, goVersion: 'go1.22.7' });
    const pinned = makeEnv(path.join(tmp, 'envs', 'pinned'));
    fs.mkdirSync(path.join(pinned, 'etc'));
    fs.writeFileSync(path.join(pinned, 'etc', 'gocondad.yml'), `goroot: ${go121}\n`);
    expect(planForPrefix(pinned, world).plan).toMatchObject({ source: 'pin', goroot: go121 });
    fs.writeFileSync(path.join(pinned, 'etc', 'gocondad.yml'), `goroot: ${path.join(tmp, 'nothing')}\n`);
    const bad = planForPrefix(pinned, world);
    expect(bad.plan).toMatchObject({ ok: false, goroot: null });
    expect(bad.plan.why).toContain(`pin file names goroot ${path.join(tmp, 'nothing')}, which is not a valid Go root`);
  });

  test("the pin file's problems and the platform's problem are the plan's problems", () => {
    const { world } = setup();
    const prefix = makeEnv(path.join(tmp, 'envs', 'p'));
    fs.mkdirSync(path.join(prefix, 'etc'));
    fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'cgo: maybe\n');
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '+c/zos-z::a-1-0\n');
    expect(planForPrefix(prefix, world).problems).toEqual([
      { file: path.join(prefix, 'etc', 'gocondad.yml'), message: '`cgo` must be auto, on or off' },
      { file: path.join(prefix, 'conda-meta'), message: 'conda platform zos-z has no known Go GOOS/GOARCH; set them yourself if you build for it' },
    ]);
  });

  test('a toolchain path conda cannot carry: aliased, or a problem when the alias dir cannot carry it either', () => {
    const home = path.join(tmp, 'home');
    const loc = locations(home);
    const odd = makeRoot(path.join(tmp, "it's go"), 'go1.22.0');
    writeConfig(loc, `toolchains: ["${odd}"]\nsystem_toolchains: false\nlaunchers: false\n`);
    const world = loadWorld(loc);
    const prefix = makeEnv(path.join(tmp, 'envs', 'q'));
    const ok = planForPrefix(prefix, world);
    expect(ok.problems).toEqual([]);
    expect(ok.plan.aliases.map((a) => a.target)).toEqual([path.join(odd, 'bin')]);
    const bad = planForPrefix(prefix, { ...world, aliasDir: '/data:dir/alias' });
    expect(bad.plan.aliases).toEqual([]);
    expect(bad.problems).toEqual([
      {
        file: path.join(prefix, 'etc', 'conda'),
        message: `PATH entry ${JSON.stringify(path.join(odd, 'bin'))} cannot be carried by conda ("'" ends conda's POSIX \`export PATH='…'\`) and no alias could be made for it: gocondad's data dir is not a plain path; set XDG_DATA_HOME to one`,
      },
    ]);
  });
});

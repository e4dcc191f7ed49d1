// Reading an exported Go state back (readStateFile): the two forms conda and gocondad write, and every
// file that is not one, with what to do instead; and restoring it (restoreGoState) into a new env.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadContext, type Context } from '../../../src/doctor/context';
import { readStateFile, restoreGoState } from '../../../src/export/restore';
import { STATE_VERSION, type GoState, type GoTool } from '../../../src/export/gostate';
import { EXIT, exitCodeOf, formatError } from '../../../src/errors';
import { GOCACHE, writeModuleCache } from '../../helpers/gomodcache';
import { doctorWorld, GO119, GO122, requireToolchains } from '../../helpers/doctor-world';

const GO123 = '/usr/lib/go-1.23';

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-restore-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

test('the gocondad: section of an environment file, and the bare state, read alike', () => {
  const state = `version: ${STATE_VERSION}\ntoolchain: {goVersion: "1.22.5", chosenBy: pin}\nmodcache: shared\n`;
  const env = file('env.yml', `name: x\ndependencies: [go]\ngocondad:\n${state.replace(/^/gm, '  ')}`);
  const bare = file('bare.gocondad.yml', state);
  expect(readStateFile(env)).toEqual({ version: STATE_VERSION, toolchain: { goVersion: '1.22.5', chosenBy: 'pin' }, modcache: 'shared' });
  expect(readStateFile(bare)).toEqual(readStateFile(env));
});

test('not a state: bad input (exit 2) in words — a missing file, empty, YAML that does not parse, no section, another version, no toolchain', () => {
  const missing = path.join(dir, 'nope.yml');
  const thrown = (f: string) => {
    try {
      readStateFile(f);
    } catch (err) {
      return { line: formatError(err), code: exitCodeOf(err) };
    }
    throw new Error(`${f} was read as a state`);
  };
  expect(thrown(missing)).toEqual({ line: `gocondad: ${missing}: no such file or directory; check the path\n`, code: EXIT.USAGE });
  const FROM = 'give a file written by `conda export --format gocondad` or `gocondad export`';
  for (const [name, text] of [
    ['empty.yml', ''],
    ['comments.yml', '# exported later\n\n'],
  ] as const)
    expect(thrown(file(name, text))).toEqual({ line: `gocondad: ${path.join(dir, name)}: it is empty; ${FROM}\n`, code: EXIT.USAGE });
  expect(thrown(file('bad.yml', 'a: [\n'))).toEqual({
    line: expect.stringMatching(/^gocondad: .*bad\.yml:1: YAML error: the \[ that starts on this line is not closed[^\n]*; give a file written by/),
    code: EXIT.USAGE,
  });
  const none = `has no gocondad state of version ${STATE_VERSION}; export it again with \`conda export --format gocondad\``;
  for (const [name, text] of [
    ['scalar.yml', 'just text\n'],
    ['plain-env.yml', 'name: x\ndependencies: [go]\n'],
    ['old.yml', `gocondad:\n  version: ${STATE_VERSION + 1}\n  toolchain: {}\n`],
    ['notool.yml', `gocondad:\n  version: ${STATE_VERSION}\n  toolchain: none\n`],
  ] as const)
    expect(thrown(file(name, text))).toEqual({ line: `gocondad: ${path.join(dir, name)} ${none}\n`, code: EXIT.USAGE });
});

// restoreGoState over a temp conda root with the two real toolchains: the pin, the shims, the verdict
// against the exported toolchain, and GOBIN tools rebuilt offline from a module cache this test writes in
// the GOPROXY layout (cache/download/MODULE/@v/...), found where `go` in the activated env would look.
describe('restoreGoState', () => {
  let world: { dir: string; ctx: Context };
  let prefix: string;
  const saved = { ...process.env };
  const MOD = 'example.com/hello';
  const tool: GoTool = { name: 'hello', path: MOD, module: MOD, version: 'v1.0.0', go: 'go1.22.12' };
  const exported = (over: Partial<GoState> = {}): GoState => ({
    version: STATE_VERSION,
    toolchain: { ok: true, goVersion: 'go1.22.12', goroot: GO122, chosenBy: 'newest', why: 'the newest toolchain found' },
    pin: null,
    gopath: { policy: 'per-env', value: null },
    gobin: null,
    modcache: 'shared',
    cgo: { policy: 'auto', from: 'config' },
    tools: [],
    restore: [],
    ...over,
  });
  const moduleCache = (cache: string) => writeModuleCache(cache, MOD, 'v1.0.0');

  beforeAll(requireToolchains);
  beforeEach(() => {
    world = doctorWorld('restore');
    prefix = path.join(world.dir, 'conda', 'envs', 'new');
    fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
    for (const k of ['GOMODCACHE', 'GOPATH', 'GOFLAGS', 'GOPROXY', 'GONOSUMDB', 'GOTOOLCHAIN']) delete process.env[k];
    process.env.GOCACHE = GOCACHE;
    process.env.HOME = path.join(world.dir, 'home');
  });
  afterEach(() => {
    process.env = { ...saved };
    fs.rmSync(world.dir, { recursive: true, force: true, maxRetries: 5 });
  });

  test('the pin is written when the env has none, its shims installed, the same toolchain chosen for the same reason', () => {
    const text = '# pinned by hand\ngo: "1.19"\n';
    const r = restoreGoState(
      world.ctx,
      prefix,
      exported({
        toolchain: { ok: true, goVersion: 'go1.19.8', goroot: GO119, chosenBy: 'pin', why: 'x' },
        pin: { text, go: '1.19', goroot: null, cgo: null },
      }),
    );
    expect(fs.readFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'utf8')).toBe(text);
    expect(r).toEqual({
      prefix,
      pinWritten: true,
      shims: 'installed',
      toolchain: { goVersion: 'go1.19.8', goroot: GO119, chosenBy: 'pin' },
      agrees: true,
      difference: null,
      restoredTools: [],
      notRestored: [],
    });
    expect(fs.readdirSync(path.join(prefix, 'etc', 'conda', 'activate.d')).sort()).toEqual(['zzz-gocondad.csh', 'zzz-gocondad.fish', 'zzz-gocondad.sh']);
  });

  test('the pin is written into an etc/ that is already there; a state without tools restores none', () => {
    fs.mkdirSync(path.join(prefix, 'etc', 'conda'), { recursive: true });
    const state = exported({ pin: { text: 'go: "1.22"\n', go: '1.22', goroot: null, cgo: null } }) as Partial<GoState>;
    delete state.tools;
    expect(restoreGoState(world.ctx, prefix, state as GoState)).toMatchObject({ pinWritten: true, restoredTools: [], notRestored: [] });
    expect(fs.readFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'utf8')).toBe('go: "1.22"\n');
  });

  test("an env's own pin is kept (not overwritten), and a different choice is said with both sides", () => {
    fs.mkdirSync(path.join(prefix, 'etc'));
    fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'go: "1.22"\n');
    const r = restoreGoState(
      world.ctx,
      prefix,
      exported({
        toolchain: { ok: true, goVersion: 'go1.19.8', goroot: GO119, chosenBy: 'pin', why: 'x' },
        pin: { text: 'go: "1.19"\n', go: '1.19', goroot: null, cgo: null },
      }),
    );
    expect(fs.readFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'utf8')).toBe('go: "1.22"\n');
    expect(r).toMatchObject({ pinWritten: false, agrees: false, difference: 'exported: go1.19.8 (pin); here: go1.22.12 (pin)' });
  });

  test('agreement needs the same version AND the same reason AND both found; none found is said with why', () => {
    const newest = exported();
    expect(restoreGoState(world.ctx, prefix, newest)).toMatchObject({ agrees: true, difference: null, pinWritten: false });
    expect(restoreGoState(world.ctx, prefix, exported({ toolchain: { ...newest.toolchain, chosenBy: 'pin' } }))).toMatchObject({
      agrees: false,
      difference: 'exported: go1.22.12 (pin); here: go1.22.12 (newest)',
    });
    expect(restoreGoState(world.ctx, prefix, exported({ toolchain: { ...newest.toolchain, ok: false } })).agrees).toBe(false);
    const none = exported({ toolchain: { ok: false, goVersion: null, goroot: null, chosenBy: null, why: 'no toolchain satisfies go 1.99' } });
    expect(restoreGoState(world.ctx, prefix, none).difference).toBe('exported: none (no toolchain satisfies go 1.99); here: go1.22.12 (newest)');
    fs.mkdirSync(path.join(prefix, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'go: "1.99"\n');
    const r = restoreGoState(world.ctx, prefix, newest);
    expect(r.toolchain).toEqual({ goVersion: null, goroot: null, chosenBy: null });
    expect(r.difference).toMatch(/^exported: go1\.22\.12 \(newest\); here: none \(.*1\.99.*\)$/);
  });

  test('no shims when auto_install is off, or when the user took them out of this env', () => {
    const skipped = 'skipped: auto_install is false (gocondad shims install PREFIX)';
    fs.appendFileSync(world.ctx.loc.configFile, 'auto_install: false\n');
    const off = loadContext(world.ctx.loc, world.ctx.env);
    expect(restoreGoState(off, prefix, exported()).shims).toBe(skipped);
    expect(fs.existsSync(path.join(prefix, 'etc', 'conda'))).toBe(false);
    fs.mkdirSync(world.ctx.loc.stateDir, { recursive: true });
    fs.writeFileSync(world.ctx.loc.registry, JSON.stringify({ installed: [], excluded: [prefix] }));
    expect(restoreGoState(world.ctx, prefix, exported()).shims).toBe(skipped);
    expect(fs.existsSync(path.join(prefix, 'etc', 'conda'))).toBe(false);
    fs.writeFileSync(world.ctx.loc.registry, JSON.stringify({ installed: [], excluded: [`${prefix}-other`] }));
    expect(restoreGoState(world.ctx, prefix, exported()).shims).toBe('installed');
  });

  test('tools: one from a checkout cannot be rebuilt, one the module cache lacks gets its command, one it holds is built into the env', () => {
    process.env.GOMODCACHE = path.join(world.dir, 'modcache');
    const devel: GoTool = { name: 'local', path: 'example.com/local', module: 'example.com/local', version: '(devel)', go: 'go1.22.12' };
    const absent: GoTool = { name: 'gone', path: 'example.com/gone/cmd/gone', module: 'example.com/gone', version: 'v2.0.0', go: 'go1.22.12' };
    const noVersion: GoTool = { name: 'odd', path: 'example.com/odd', module: null, version: null, go: 'go1.22.12' };
    moduleCache(process.env.GOMODCACHE);
    const r = restoreGoState(world.ctx, prefix, exported({ tools: [devel, absent, tool, noVersion] }));
    expect(r.restoredTools).toEqual(['hello: example.com/hello@v1.0.0']);
    expect(r.notRestored).toEqual([
      { what: 'local: example.com/local@(devel)', command: 'rebuild local from its source (example.com/local) with go install in the activated env' },
      { what: 'gone: example.com/gone/cmd/gone@v2.0.0', command: `conda run -p ${prefix} go install example.com/gone/cmd/gone@v2.0.0` },
      { what: 'odd: example.com/odd@?', command: 'rebuild odd from its source (example.com/odd) with go install in the activated env' },
    ]);
    const out = spawnSync(path.join(prefix, 'bin', 'hello'), { encoding: 'utf8' });
    expect(out.stdout).toBe('hi\n');
    expect(fs.existsSync(path.join(process.env.GOMODCACHE, MOD + '@v1.0.0', 'main.go'))).toBe(true);
  });

  test('no toolchain here: every tool is left with its command, nothing is run', () => {
    fs.mkdirSync(path.join(prefix, 'etc'));
    fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'go: "1.99"\n');
    process.env.GOMODCACHE = path.join(world.dir, 'modcache');
    moduleCache(process.env.GOMODCACHE);
    const r = restoreGoState(world.ctx, prefix, exported({ tools: [tool] }));
    expect(r).toMatchObject({
      restoredTools: [],
      notRestored: [{ what: 'hello: example.com/hello@v1.0.0', command: `conda run -p ${prefix} go install example.com/hello@v1.0.0` }],
    });
    expect(fs.existsSync(path.join(prefix, 'bin', 'hello'))).toBe(false);
  });

  test('the module cache is where go in the activated env looks: per-env, GOMODCACHE, the first GOPATH entry', () => {
    const built = () => fs.existsSync(path.join(prefix, 'bin', 'hello'));
    const attempt = (state: GoState) => {
      fs.rmSync(path.join(prefix, 'bin'), { recursive: true, force: true, maxRetries: 5 });
      return restoreGoState(world.ctx, prefix, state).restoredTools.length;
    };
    // per-env: PREFIX/share/gomodcache, whatever GOMODCACHE says.
    moduleCache(path.join(prefix, 'share', 'gomodcache'));
    process.env.GOMODCACHE = path.join(world.dir, 'elsewhere');
    expect(attempt(exported({ modcache: 'per-env', tools: [tool] }))).toBe(1);
    expect(built()).toBe(true);
    expect(attempt(exported({ tools: [tool] }))).toBe(0); // shared: GOMODCACHE, which is empty
    // GOMODCACHE wins over GOPATH.
    moduleCache(path.join(world.dir, 'elsewhere'));
    process.env.GOPATH = path.join(world.dir, 'nothing');
    expect(attempt(exported({ tools: [tool] }))).toBe(1);
    // No GOMODCACHE: the first entry of GOPATH, then pkg/mod.
    delete process.env.GOMODCACHE;
    process.env.GOPATH = `${path.join(world.dir, 'gp1')}:${path.join(world.dir, 'gp2')}`;
    moduleCache(path.join(world.dir, 'gp2', 'pkg', 'mod'));
    expect(attempt(exported({ tools: [tool] }))).toBe(0);
    moduleCache(path.join(world.dir, 'gp1', 'pkg', 'mod'));
    expect(attempt(exported({ tools: [tool] }))).toBe(1);
    // Neither: ~/go/pkg/mod, as go's own default GOPATH. Go takes home from HOME; os.homedir() reads the
    // real process's HOME (jest's process.env copy does not reach it), and the user's own cache is not ours
    // to fill: the home directory is moved into the temp world instead.
    delete process.env.GOPATH;
    const home = path.join(world.dir, 'realhome');
    const homedir = jest.spyOn(require('node:os') as typeof os, 'homedir').mockReturnValue(home);
    try {
      moduleCache(path.join(home, 'pkg', 'mod')); // home itself as GOPATH: wrong
      expect(attempt(exported({ tools: [tool] }))).toBe(0);
      moduleCache(path.join(home, 'go', 'pkg', 'mod'));
      expect(attempt(exported({ tools: [tool] }))).toBe(1);
      // An empty GOPATH is no GOPATH (go's default applies), not a relative one.
      process.env.GOPATH = '';
      expect(attempt(exported({ tools: [tool] }))).toBe(1);
    } finally {
      homedir.mockRestore();
    }
  });

  // Go 1.23 looks up the module's deprecation through GOPROXY even for an exact version in the cache, and
  // fails the install when that lookup fails: so the restore's own settings must win over what the user's
  // go env file says (GOPROXY=off on an offline machine, a GOTOOLCHAIN of a Go that is not here) and over a
  // go.mod in the working directory that asks for a newer Go.
  test("go's settings are the restore's own: the cache's download dir as proxy, GOTOOLCHAIN=local, whatever the user's go env file says", () => {
    if (!fs.existsSync(path.join(GO123, 'bin', 'go'))) throw new Error(`${GO123} is missing: run bash scripts/ensure-test-deps`);
    fs.writeFileSync(world.ctx.loc.configFile, `system_toolchains: false\ntoolchains:\n  - ${GO123}\n`);
    const ctx = loadContext(world.ctx.loc, world.ctx.env);
    const goenv = path.join(world.dir, 'go.env');
    fs.writeFileSync(goenv, 'GOPROXY=off\nGOTOOLCHAIN=go1.99.0\nGOSUMDB=off\n');
    process.env.GOENV = goenv;
    process.env.GOMODCACHE = path.join(world.dir, 'modcache');
    moduleCache(process.env.GOMODCACHE);
    const mod = path.join(world.dir, 'project');
    fs.mkdirSync(mod);
    fs.writeFileSync(path.join(mod, 'go.mod'), 'module example.com/project\n\ngo 1.99\n');
    const cwd = process.cwd();
    process.chdir(mod);
    try {
      const r = restoreGoState(
        ctx,
        prefix,
        exported({ toolchain: { ok: true, goVersion: 'go1.23.5', goroot: GO123, chosenBy: 'newest', why: 'x' }, tools: [tool] }),
      );
      expect(r).toMatchObject({ agrees: true, restoredTools: ['hello: example.com/hello@v1.0.0'], notRestored: [] });
    } finally {
      process.chdir(cwd);
    }
    expect(spawnSync(path.join(prefix, 'bin', 'hello'), { encoding: 'utf8' }).stdout).toBe('hi\n');
  });
});

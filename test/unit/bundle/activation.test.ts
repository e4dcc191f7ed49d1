// The build environment is what activation gives: the env's plan run through the POSIX dialect in a
// real sh, on top of conda's part (CONDA_PREFIX, bin/ on PATH, env_vars.d), hostile prefix included.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { activatedEnv, activationScript, condaDeclaredValues, preActivation, startsNode } from '../../../src/bundle/activation';
import { planHeader } from '../../../src/shell/posix';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { planEnv, type Plan } from '../../../src/core/activation-plan';

let prefix: string;
let plan: Plan;
const GOROOT = '/usr/lib/go-1.22';

beforeAll(() => {
  prefix = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-act-')), "it's $(env) `x`");
  fs.mkdirSync(path.join(prefix, 'etc', 'conda', 'env_vars.d'), { recursive: true });
  fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
  fs.writeFileSync(path.join(prefix, 'etc', 'conda', 'env_vars.d', 'a.json'), JSON.stringify({ PKG_CONFIG_PATH: `${prefix}/lib/pkgconfig`, FROM_D: 'd' }));
  fs.writeFileSync(path.join(prefix, 'conda-meta', 'state'), JSON.stringify({ env_vars: { FROM_D: 'state wins' } }));
  const choice = { ok: true as const, toolchain: { root: GOROOT, version: 'go1.22.0', semver: '1.22.0' }, source: 'pin' as const, why: 'pinned' };
  plan = planEnv({
    prefix,
    envName: 'x',
    choice,
    config: DEFAULT_CONFIG,
    envDeclaredVars: [],
    launcherDir: '/launchers',
    cgo: { policy: 'auto', hasInclude: true, hasLib: true },
  });
});
afterAll(() => fs.rmSync(path.dirname(prefix), { recursive: true, force: true, maxRetries: 5 }));

test('conda’s declared values: env_vars.d files, then conda-meta/state on top', () => {
  expect(condaDeclaredValues(prefix)).toEqual({ PKG_CONFIG_PATH: `${prefix}/lib/pkgconfig`, FROM_D: 'state wins' });
});

test('an env that is not the active one: conda’s part first, then the plan exactly as the shim applies it', () => {
  const env = activatedEnv(plan, 'id', { PATH: '/usr/bin:/bin', CGO_LDFLAGS: '-L/mine', HOME: '/h' });
  const lib = path.join(prefix, 'lib');
  expect(env.GOROOT).toBe(GOROOT);
  expect(env.GOBIN).toBe(path.join(prefix, 'bin'));
  expect(env.GOTOOLCHAIN).toBe('local+path');
  expect(env.CONDA_PREFIX).toBe(prefix);
  expect(env.FROM_D).toBe('state wins');
  expect(env.CGO_CPPFLAGS).toBe(`"-I${prefix}/include"`); // quoted the way Go splits it: the prefix has a '
  expect(env.CGO_LDFLAGS).toBe(`-L/mine "-L${lib}" "-Wl,-rpath,${lib}"`);
  expect(env.PATH).toBe([`${GOROOT}/bin`, '/launchers', path.join(prefix, 'bin'), '/usr/bin', '/bin'].join(':'));
  expect(Object.keys(env).filter((k) => k.startsWith('__gcd'))).toEqual([]);
});

test('CGO_ENABLED=0 in the caller’s environment: no cgo flags, as in an activated shell', () => {
  const env = activatedEnv(plan, 'id', { PATH: '/bin', CGO_ENABLED: '0' });
  expect([env.CGO_CPPFLAGS, env.CGO_LDFLAGS]).toEqual([undefined, undefined]);
});

test('the active env that went through gocondad’s shim is taken as is: nothing appended twice', () => {
  const active = { PATH: `${GOROOT}/bin:/bin`, CONDA_PREFIX: prefix, GOROOT, CGO_LDFLAGS: '-O2 -g once', CC: 'x86_64-conda-linux-gnu-cc' };
  expect(preActivation(active, prefix).active).toBe(true);
  expect(activatedEnv(plan, 'id', active)).toEqual(active);
  // Active but without gocondad's shims (GOROOT differs): the plan is applied on top of conda's activation.
  const bare = activatedEnv(plan, 'id', { ...active, GOROOT: '/elsewhere' });
  expect(bare.GOROOT).toBe(GOROOT);
  expect(bare.CC).toBe('x86_64-conda-linux-gnu-cc');
});

describe('conda’s declared values, file by file', () => {
  let p: string;
  beforeEach(() => {
    p = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-actvars-'));
    fs.mkdirSync(path.join(p, 'etc', 'conda', 'env_vars.d'), { recursive: true });
    fs.mkdirSync(path.join(p, 'conda-meta'));
  });
  afterEach(() => fs.rmSync(p, { recursive: true, force: true, maxRetries: 5 }));
  const d = (name: string, text: string) => fs.writeFileSync(path.join(p, 'etc', 'conda', 'env_vars.d', name), text);

  it('every file, whatever its name, in name order (a later one wins), as conda reads them; strings only; broken files and a null state ignored', () => {
    // Written out of order: whatever order the directory lists them in, the last by name wins.
    d('m.json', JSON.stringify({ ORDER: 'm' }));
    d('b.json', JSON.stringify({ ORDER: 'b', ONLY_B: 'yes' }));
    d('z.json', JSON.stringify({ ORDER: 'z' }));
    d('a.json', JSON.stringify({ ORDER: 'a', NUM: 3, NUL: null, OBJ: {}, EMPTY: '' }));
    d('k.json', JSON.stringify({ ORDER: 'k' }));
    d('c.txt', JSON.stringify({ TXT: 'yes' }));
    d('d.json', '{broken');
    d('e.json', 'null');
    d('f.json.bak', JSON.stringify({ BAK: 'yes' }));
    // The last by name, though not .json: conda applies it too, so it wins.
    d('zz-extra', JSON.stringify({ ORDER: 'zz-extra' }));
    fs.writeFileSync(path.join(p, 'conda-meta', 'state'), JSON.stringify({ env_vars: null }));
    expect(condaDeclaredValues(p)).toEqual({ ORDER: 'zz-extra', ONLY_B: 'yes', EMPTY: '', TXT: 'yes', BAK: 'yes' });
  });

  it('names in code point order, as conda (Python’s sorted) applies them: U+FFFD before an emoji', () => {
    d('\u{1F600}.json', JSON.stringify({ WHO: 'emoji' }));
    d('\u{FFFD}.json', JSON.stringify({ WHO: 'replacement' }));
    expect(condaDeclaredValues(p)).toEqual({ WHO: 'emoji' });
  });

  it('a file or state whose env_vars is no mapping (a string, a list, a number): nothing from it, as conda cannot apply it either', () => {
    d('a.json', '"AB"');
    d('b.json', '["X=1", "Y"]');
    d('c.json', '7');
    d('d.json', JSON.stringify({ KEPT: 'yes' }));
    fs.writeFileSync(path.join(p, 'conda-meta', 'state'), JSON.stringify({ env_vars: 'S=1' }));
    expect(condaDeclaredValues(p)).toEqual({ KEPT: 'yes' });
    fs.writeFileSync(path.join(p, 'conda-meta', 'state'), JSON.stringify({ env_vars: ['S=1'] }));
    expect(condaDeclaredValues(p)).toEqual({ KEPT: 'yes' });
  });

  it('no env_vars.d, a state with env_vars', () => {
    fs.rmSync(path.join(p, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(p, 'conda-meta', 'state'), JSON.stringify({ env_vars: { S: 's' }, other: { X: 'x' } }));
    expect(condaDeclaredValues(p)).toEqual({ S: 's' });
  });

  it('nothing at all: nothing; a state that is not JSON: nothing', () => {
    expect(condaDeclaredValues(p)).toEqual({});
    fs.writeFileSync(path.join(p, 'conda-meta', 'state'), 'not json');
    expect(condaDeclaredValues(p)).toEqual({});
  });
});

describe('preActivation', () => {
  it.each<[string, Record<string, string>, string]>([
    ['no PATH at all', {}, '/e/bin'],
    ['empty entries dropped', { PATH: ':/usr/bin::/bin:' }, '/e/bin:/usr/bin:/bin'],
    ['another env active', { PATH: '/o/bin:/bin', CONDA_PREFIX: '/o' }, '/e/bin:/o/bin:/bin'],
  ])('not the active env (%s): CONDA_PREFIX and its bin/ first', (_what, base, PATH) => {
    expect(preActivation(base, '/e')).toEqual({ env: { ...base, CONDA_PREFIX: '/e', PATH }, active: false });
  });

  it('the active env, named by a path that resolves to it: taken as is', () => {
    const base = { PATH: '/bin', CONDA_PREFIX: '/e/../e/' };
    expect(preActivation(base, '/e')).toEqual({ env: base, active: true });
  });
});

test('a toolchain dir already on the user’s PATH ends up once, first, with the launchers after it', () => {
  const env = activatedEnv(plan, 'id', { PATH: `/usr/bin:${GOROOT}/bin:/bin:/launchers` });
  expect(env.PATH).toBe([`${GOROOT}/bin`, '/launchers', path.join(prefix, 'bin'), '/usr/bin', '/bin'].join(':'));
});

test('the script a shim evaluates, then the call of it', () => {
  expect(activationScript(plan, 'pid-1')).toBe(`__gcd_own() { return 1; }\n${planHeader(plan, { planId: 'pid-1' })}\n__gcd_plan_set\n`);
});

describe('activatedEnv, off the happy path', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-actfail-'));
    // Stand-ins for the node that reads the environment back (process.execPath during a test): the dump failing.
    fs.writeFileSync(path.join(dir, 'exit3'), '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'says'), "#!/bin/sh\nprintf '\\n  first line\\nthen why  \\n\\n' >&2\nexit 4\n", { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  // Everything the build gets from { PATH: '/bin' }: conda's part, the plan, and the PWD sh exports.
  const whole = () => ({
    CGO_CPPFLAGS: `"-I${prefix}/include"`,
    CGO_LDFLAGS: `-O2 -g "-L${prefix}/lib" "-Wl,-rpath,${prefix}/lib"`,
    CONDA_PREFIX: prefix,
    FROM_D: 'state wins',
    GOBIN: `${prefix}/bin`,
    GOPATH: `${prefix}/share/gopath`,
    GOROOT: '/usr/lib/go-1.22',
    GOTOOLCHAIN: 'local+path',
    PATH: `/usr/lib/go-1.22/bin:/launchers:${prefix}/bin:/bin`,
    PKG_CONFIG_PATH: `${prefix}/lib/pkgconfig`,
    PWD: process.cwd(),
  });

  it('the GOROOT already in a shell where the env is not active: the whole plan still applied', () => {
    // The caller's GOTOOLCHAIN is theirs (no env below declares it: the build runs in no conda stack).
    const env = activatedEnv(plan, 'id', { PATH: '/bin', GOROOT, GOTOOLCHAIN: 'go1.22.1+auto' });
    expect(env).toEqual({ ...whole(), GOTOOLCHAIN: 'go1.22.1+auto' });
  });

  it('plan variables exported by the caller do not reach the build; names merely holding the marker do', () => {
    const env = activatedEnv(plan, 'id', { PATH: '/bin', __gcd_p_goroot: '/stale', __gcd_p_other: 'x', keep__gcd_p_: 'kept' });
    expect(env).toEqual({ ...whole(), keep__gcd_p_: 'kept' });
  });

  it('the active env (not through the shim) with empty PATH entries: dropped; with no PATH: the toolchain and launchers alone', () => {
    const active = { CONDA_PREFIX: prefix, GOROOT: '/elsewhere' };
    expect(activatedEnv(plan, 'id', { ...active, PATH: ':/usr/bin::/bin:' }).PATH).toBe(`${GOROOT}/bin:/launchers:/usr/bin:/bin`);
    expect(activatedEnv(plan, 'id', active).PATH).toBe(`${GOROOT}/bin:/launchers`);
  });

  it('a plan with no toolchain (goroot null) for the active env without GOROOT: still run through sh (PWD comes back), not taken as is', () => {
    const none = planEnv({
      prefix,
      envName: 'x',
      choice: { ok: false, why: 'no toolchain' },
      config: DEFAULT_CONFIG,
      envDeclaredVars: [],
      launcherDir: '/launchers',
      cgo: { policy: 'auto', hasInclude: true, hasLib: true },
    });
    expect(activatedEnv(none, 'id', { CONDA_PREFIX: prefix, PATH: '/bin' })).toEqual({ CONDA_PREFIX: prefix, PATH: '/bin', PWD: process.cwd() });
  });

  it('the dump failing in sh: an error with its stderr, trimmed, or else its exit status', () => {
    const node = process.execPath;
    try {
      process.execPath = path.join(dir, 'says');
      expect(() => activatedEnv(plan, 'id', { PATH: '/bin' })).toThrow(new Error("applying the env's activation plan in sh failed: first line\nthen why"));
      process.execPath = path.join(dir, 'exit3');
      expect(() => activatedEnv(plan, 'id', { PATH: '/bin' })).toThrow(new Error("applying the env's activation plan in sh failed: exit 3"));
    } finally {
      process.execPath = node;
    }
  });

  it.each<[string, Record<string, string>]>([
    ['NODE_OPTIONS requiring a file that is not there', { NODE_OPTIONS: '--require /nonexistent/gocondad-preload.js' }],
    ['NODE_OPTIONS with a heap too small to start', { NODE_OPTIONS: '--max-old-space-size=1' }],
    ['NODE_OPTIONS set and empty (not unset)', { NODE_OPTIONS: '' }],
    ['NODE_CHANNEL_FD (node takes it out of its own env)', { NODE_CHANNEL_FD: '99' }],
    ['UV_THREADPOOL_SIZE and a NODE_ENV', { UV_THREADPOOL_SIZE: '0', NODE_ENV: 'production' }],
  ])('the user’s %s: not given to the node that reads the env back, given to the build as it was', (_what, vars) => {
    expect(activatedEnv(plan, 'id', { PATH: '/bin', ...vars })).toEqual({ ...whole(), ...vars });
  });

  it('an env that declares NODE_OPTIONS (env_vars.d) the node reading it back cannot start with: the build gets the env’s value', () => {
    const other = path.join(dir, 'node-env');
    fs.mkdirSync(path.join(other, 'etc', 'conda', 'env_vars.d'), { recursive: true });
    fs.writeFileSync(path.join(other, 'etc', 'conda', 'env_vars.d', 'node.json'), JSON.stringify({ NODE_OPTIONS: '--max-old-space-size=1' }));
    const otherPlan = planEnv({
      prefix: other,
      envName: 'node-env',
      choice: { ok: true as const, toolchain: { root: GOROOT, version: 'go1.22.0', semver: '1.22.0' }, source: 'pin' as const, why: 'pinned' },
      config: DEFAULT_CONFIG,
      envDeclaredVars: ['NODE_OPTIONS'],
      launcherDir: null,
      cgo: { policy: 'off', hasInclude: false, hasLib: false },
    });
    const env = activatedEnv(otherPlan, 'id', { PATH: '/bin', NODE_OPTIONS: '--no-warnings' });
    expect([env.NODE_OPTIONS, env.CONDA_PREFIX, env.GOROOT]).toEqual(['--max-old-space-size=1', other, GOROOT]);
  });

  it('what the node that reads the env back is given: no NODE_* or UV_* variable; a name that only ends in NODE_ or UV_ (or holds it) like any other', () => {
    // A stand-in for that node (process.execPath) that writes down its environment, then is the real node.
    const seen = path.join(dir, 'seen');
    const recorder = path.join(dir, 'recorder');
    fs.writeFileSync(recorder, `#!/bin/sh\n/usr/bin/env -0 > '${seen}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
    const vars = { UV_THREADPOOL_SIZE: '0', UV_: 'u', NODE_ENV: 'production', NODE_: 'n', MY_UV_: 'm', LIBUV_X: 'l', X_NODE_: 'x', NODEJS: 'j', uv_lower: 'v' };
    const node = process.execPath;
    let env: Record<string, string>;
    try {
      process.execPath = recorder;
      env = activatedEnv(plan, 'id', { PATH: '/bin', ...vars });
    } finally {
      process.execPath = node;
    }
    expect(env).toEqual({ ...whole(), ...vars });
    const given = fs
      .readFileSync(seen, 'utf8')
      .split('\0')
      .map((l) => l.slice(0, l.indexOf('=')))
      .filter((n) => n in vars);
    expect(given.sort()).toEqual(['LIBUV_X', 'MY_UV_', 'NODEJS', 'X_NODE_', 'uv_lower']);
  });

  it('names no shell variable can have (an exported bash function, a dot, a dash, a leading digit): given to the build as they were', () => {
    // dash, this machine's sh, drops such names from the environment it passes on; bash keeps them. The plan sets none.
    const vars = { 'BASH_FUNC_gcd_f%%': '() {  echo hi\n}', 'a.b': 'dot', 'with-dash': 'dash', '1ST': 'digit', É: 'accent' };
    expect(activatedEnv(plan, 'id', { PATH: '/bin', ...vars })).toEqual({ ...whole(), ...vars });
  });

  it('the user’s NODE_V8_COVERAGE: no coverage files written by the node that reads the env back; the build gets the variable', () => {
    const coverage = path.join(dir, 'coverage');
    expect(activatedEnv(plan, 'id', { PATH: '/bin', NODE_V8_COVERAGE: coverage })).toEqual({ ...whole(), NODE_V8_COVERAGE: coverage });
    expect(fs.existsSync(coverage)).toBe(false);
  });
});

test.each<[string, boolean]>([
  ['NODE_OPTIONS', true],
  ['NODE_', true],
  ['UV_THREADPOOL_SIZE', true],
  ['UV_', true],
  ['MY_UV_', false],
  ['LIBUV_X', false],
  ['X_NODE_', false],
  ['NODEJS', false],
  ['UV', false],
  ['uv_threadpool_size', false],
  ['node_options', false],
  ['', false],
])('startsNode(%j): %s (a node-starting variable only by its first letters, in capitals)', (name, starts) => expect(startsNode(name)).toBe(starts));

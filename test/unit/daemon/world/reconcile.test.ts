// The reconciler without a daemon: auto-install into discovered envs, opt-outs, forgetting removed envs,
// replanning on a change, and what it tells the log and the stream.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Reconciler } from '../../../../src/daemon/world/reconcile';
import { resolveLocations, type Env, type Locations } from '../../../../src/paths';
import type { UnstampedEvent } from '../../../../src/protocol';
import { hasShims, uninstallShims } from '../../../../src/shims/install';
import { readRegistry, registerEnv } from '../../../../src/shims/registry';
import { stampLine } from '../../../../src/core/shim-stamp';
import { describeNewer } from '../../../../src/core/shim-version';

const GO = '/usr/lib/go-1.22';

let dir: string;
let env: Env;
let loc: Locations;
let logs: Record<string, unknown>[];
let events: UnstampedEvent[];
let r: Reconciler;

function makeEnv(name: string): string {
  const prefix = path.join(dir, 'conda', 'envs', name);
  fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
  fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
  return prefix;
}

beforeAll(() => {
  if (!fs.existsSync(path.join(GO, 'bin', 'go')))
    throw new Error(`${GO} is missing: run bash scripts/ensure-test-deps (apt-get install golang-1.22-go from bookworm-backports)`);
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-reconcile-'));
  fs.mkdirSync(path.join(dir, 'conda', 'conda-meta'), { recursive: true });
  env = { HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run'), CONDA_ROOT: path.join(dir, 'conda') };
  loc = resolveLocations(env);
  fs.mkdirSync(loc.configDir, { recursive: true });
  fs.writeFileSync(loc.configFile, `system_toolchains: false\ntoolchains:\n  - ${GO}\n`);
  logs = [];
  events = [];
  const log = { info: (o: Record<string, unknown>) => logs.push(o), warn: (o: Record<string, unknown>) => logs.push(o) };
  r = new Reconciler(loc, env, { log, broadcast: (e) => events.push(e) });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('start: every discovered env gets shims, logged and broadcast', () => {
  const a = makeEnv('a');
  const b = makeEnv('b');
  expect(r.refresh('start').changed.sort()).toEqual([a, b]);
  expect(hasShims(a) && hasShims(b)).toBe(true);
  expect(logs.filter((l) => l.event === 'shims_installed').map((l) => l.reason)).toEqual(['discovered', 'discovered']);
  expect(events.map((e) => e.type)).toEqual(['shims_installed', 'shims_installed', 'refresh']);
  expect(
    r
      .envStatus()
      .map((e) => e.envName)
      .sort(),
  ).toEqual(['a', 'b']);
  for (const e of r.envStatus()) expect(e).toMatchObject({ ok: true, goroot: GO, goVersion: expect.stringMatching(/^go1\.22\./) });
  expect(r.discovered().envs).toBe(2);
});

test('an env the user opted out of is left alone; auto_install: false installs nowhere', () => {
  const a = makeEnv('a');
  r.refresh('start');
  uninstallShims(a, loc, true);
  expect(r.refresh('request').changed).toEqual([]);
  expect(hasShims(a)).toBe(false);
  fs.writeFileSync(loc.configFile, `auto_install: false\nsystem_toolchains: false\ntoolchains:\n  - ${GO}\n`);
  const b = makeEnv('b');
  r.refresh('request');
  expect(hasShims(b)).toBe(false);
});

test('a removed env is forgotten: registry, plans and an env_forgotten event', () => {
  const a = makeEnv('a');
  r.refresh('start');
  fs.rmSync(a, { recursive: true });
  r.onFilesChanged({ world: false, discovery: true, envs: new Set([a]) });
  expect(readRegistry(loc).installed).not.toContain(a);
  expect(r.envStatus()).toEqual([]);
  expect(events).toContainEqual({ type: 'env_forgotten', prefix: a, reason: 'files changed' });
});

test('a pin written into an env rewrites only that env’s shims', () => {
  const a = makeEnv('a');
  makeEnv('b');
  r.refresh('start');
  events = [];
  fs.mkdirSync(path.join(a, 'etc'), { recursive: true });
  fs.writeFileSync(path.join(a, 'etc', 'gocondad.yml'), 'goroot: /usr/lib/go-1.19\n');
  r.onFilesChanged({ world: false, discovery: false, envs: new Set([a]) });
  expect(events.filter((e) => e.type === 'shims_rewritten').map((e) => (e as { prefix: string }).prefix)).toEqual([a]);
  expect(r.envStatus().find((e) => e.prefix === a)).toMatchObject({ goroot: '/usr/lib/go-1.19', chosenBy: 'pin' });
});

test('problems are logged once, not on every refresh', () => {
  fs.writeFileSync(loc.configFile, `system_toolchains: false\ntoolchains: 7\n`);
  r.refresh('start');
  r.refresh('request');
  expect(logs.filter((l) => l.event === 'config_problem')).toHaveLength(1);
});

test('what to watch names the config, the envs dir and each env’s history', () => {
  const a = makeEnv('a');
  expect(r.watchInput()).toBeNull();
  r.refresh('start');
  const w = r.watchInput()!;
  expect(w.files).toContain(loc.configFile);
  expect(w.envsDirs).toContain(path.dirname(a));
  expect(w.histories).toContain(path.join(a, 'conda-meta', 'history'));
});

describe('one step off the path: newer shims, launchers it cannot write, envChanged’s refusals', () => {
  const warned: [Record<string, unknown>, string][] = [];
  let rr: Reconciler;
  beforeEach(() => {
    warned.length = 0;
    const log = { info: () => undefined, warn: (o: Record<string, unknown>, m: string) => warned.push([o, m]) };
    rr = new Reconciler(loc, env, { log, broadcast: () => undefined });
  });

  test('shims of a newer gocondad are left as they are and reported once, by sync and by envChanged alike', () => {
    const e = makeEnv('newer');
    rr.refresh('start');
    const file = path.join(e, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');
    const newer = fs.readFileSync(file, 'utf8').replace(stampLine(), stampLine({ version: '99.0.0', format: 99 }));
    fs.writeFileSync(file, newer);
    fs.writeFileSync(path.join(e, 'etc', 'gocondad.yml'), 'go: "1.22"\n'); // a change that would rewrite them
    expect(rr.refresh('pin').changed).toEqual([]);
    rr.refresh('again');
    expect(fs.readFileSync(file, 'utf8')).toBe(newer);
    expect(warned.filter(([o]) => o.event === 'newer_shims')).toEqual([
      [{ event: 'newer_shims', prefix: e, version: '99.0.0', format: 99, file: e, line: undefined }, describeNewer(e, { version: '99.0.0', format: 99 })],
    ]);
    expect(rr.envChanged(e, true)).toEqual({ prefix: e, action: 'none', why: expect.stringContaining('99.0.0') });
    expect(fs.readFileSync(file, 'utf8')).toBe(newer);
  });

  test('launchers it cannot write: reported with why, and the shims still written', () => {
    fs.mkdirSync(path.dirname(loc.launcherDir), { recursive: true });
    fs.writeFileSync(loc.launcherDir, 'a file where the folder goes\n');
    const e = makeEnv('a');
    expect(rr.refresh('start').changed).toEqual([e]);
    const [w] = warned.filter(([o]) => o.event === 'launchers_failed');
    expect(w![0]).toMatchObject({ event: 'launchers_failed', file: loc.launcherDir });
    expect(w![1]).toMatch(/^cannot write launchers: .*(EEXIST|ENOTDIR)/);
  });

  test('envChanged: not an env; no shims and auto off; no shims and opted out; opted out between the check and the write', () => {
    expect(rr.envChanged(path.join(dir, 'nowhere'), true)).toEqual({ prefix: path.join(dir, 'nowhere'), action: 'none', why: 'not a conda env (removed?)' });
    rr.refresh('start'); // the world read before the env appears (a later start would install into it)
    const e = makeEnv('e');
    const none = { prefix: e, action: 'none', why: 'no shims here, and auto_install does not apply' };
    expect(rr.envChanged(e, false)).toEqual(none);
    registerEnv(loc, e, false, true);
    expect(rr.envChanged(e, true)).toEqual(none);
    expect(hasShims(e)).toBe(false);
    // Shims there (not fresh), but the user opted out since: the write refuses, and says so.
    registerEnv(loc, e, true, true);
    expect(rr.envChanged(e, true)).toMatchObject({ prefix: e, action: 'installed' });
    registerEnv(loc, e, false, true);
    expect(rr.envChanged(e, true)).toEqual({ prefix: e, action: 'none', why: 'you opted this env out (gocondad shims install opts it back in)' });
  });
});

describe('the whole conversation, word for word (what the log and the stream get)', () => {
  let out: unknown[];
  let rx: Reconciler;
  /** Everything said, in order, with the temp dir shown as D (JSON drops the `line: undefined` of a problem). */
  const said = () => JSON.parse(JSON.stringify(out).replaceAll(dir, 'D')) as unknown[];
  const WHY_NEWEST = 'newest toolchain found (go1.22.12 at /usr/lib/go-1.22)';
  const NO_TOOLCHAIN =
    'no valid Go toolchain found; install one (e.g. `conda install go` in the env, or apt install golang-go) or list its dir under `toolchains:` in the config';
  const launchers = (written: number, removed: string[], names: string | null) => [
    'info',
    { event: 'launchers_updated', dir: 'D/home/.local/share/gocondad/launchers', written, removed, names },
    'toolchain launchers updated',
  ];
  const GO122 = ['0', '1', '10', '11', '12', '2', '3', '4', '5', '6', '7', '8', '9'].map((p) => `go1.22.${p}`);
  beforeEach(() => {
    out = [];
    const log = { info: (o: unknown, m: string) => out.push(['info', o, m]), warn: (o: unknown, m: string) => out.push(['warn', o, m]) };
    rx = new Reconciler(loc, env, { log, broadcast: (e) => out.push(['ev', e]) });
  });

  test('a start, a refresh with nothing to do, then shims of an older gocondad upgraded', () => {
    const a = makeEnv('a');
    expect(rx.refresh('start')).toEqual({ changed: [a] });
    expect(said()).toEqual([
      launchers(13, [], 'go1.22.0 … go1.22.12'),
      [
        'info',
        { event: 'shims_installed', prefix: 'D/conda/envs/a', envName: 'a', goroot: GO, chosenBy: 'newest', why: WHY_NEWEST, reason: 'discovered' },
        'shims installed (discovered)',
      ],
      ['ev', { type: 'shims_installed', prefix: 'D/conda/envs/a', envName: 'a', goVersion: 'go1.22.12', reason: 'discovered' }],
      ['ev', { type: 'refresh', reason: 'start', changed: ['D/conda/envs/a'] }],
    ]);
    out.length = 0;
    expect(rx.refresh('again')).toEqual({ changed: [] });
    expect(said()).toEqual([]);
    const file = path.join(a, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(stampLine(), '# gocondad-shim-version: 0.0.1 format 1'));
    expect(rx.refresh('again')).toEqual({ changed: [a] });
    const why = 'upgrade from gocondad 0.0.1 (shim format 1)';
    expect(said()).toEqual([
      [
        'info',
        { event: 'shims_rewritten', prefix: 'D/conda/envs/a', envName: 'a', goroot: GO, chosenBy: 'newest', why: WHY_NEWEST, reason: why },
        'shims rewritten',
      ],
      ['ev', { type: 'shims_rewritten', prefix: 'D/conda/envs/a', envName: 'a', goVersion: 'go1.22.12', reason: why }],
      ['ev', { type: 'refresh', reason: 'again', changed: ['D/conda/envs/a'] }],
    ]);
    expect(rx.envStatus()).toEqual([
      {
        prefix: a,
        envName: 'a',
        ok: true,
        goroot: GO,
        goVersion: 'go1.22.12',
        chosenBy: 'newest',
        why: WHY_NEWEST,
        planId: expect.stringMatching(/^[0-9a-f]{12}$/),
      },
    ]);
    expect(rx.discovered()).toEqual({
      envs: 1,
      roots: [path.join(dir, 'conda')],
      envsDirs: [path.join(dir, 'conda', 'envs'), path.join(dir, 'home', '.conda', 'envs')],
    });
    expect(rx.newerShims()).toEqual([]);
  });

  test('a pin that does not parse, an env it cannot write, the toolchains gone: each problem said once, with its words', () => {
    const a = makeEnv('a');
    const b = makeEnv('b');
    fs.writeFileSync(path.join(b, 'etc'), 'a file where the folder goes\n');
    fs.mkdirSync(path.join(a, 'etc'));
    fs.writeFileSync(path.join(a, 'etc', 'gocondad.yml'), 'go: [1\n');
    const yamlError = 'YAML error: the [ that starts on this line is not closed with ] before line 2';
    const pinWhy = `the pin file cannot be read (D/conda/envs/a/etc/gocondad.yml:1: ${yamlError}), and it may exclude any toolchain gocondad would choose; nothing is changed until it is fixed`;
    expect(rx.refresh('start')).toEqual({ changed: [a] });
    expect(said()).toEqual([
      launchers(13, [], 'go1.22.0 … go1.22.12'),
      ['warn', { event: 'pin_problem', prefix: 'D/conda/envs/a', file: 'D/conda/envs/a/etc/gocondad.yml', line: 1 }, yamlError],
      ['warn', { event: 'no_toolchain', prefix: 'D/conda/envs/a', file: 'D/conda/envs/a' }, pinWhy],
      [
        'info',
        { event: 'shims_installed', prefix: 'D/conda/envs/a', envName: 'a', goroot: null, chosenBy: null, why: pinWhy, reason: 'discovered' },
        'shims installed (discovered)',
      ],
      ['ev', { type: 'shims_installed', prefix: 'D/conda/envs/a', envName: 'a', goVersion: null, reason: 'discovered' }],
      [
        'warn',
        { event: 'install_failed', prefix: 'D/conda/envs/b', file: 'D/conda/envs/b' },
        "cannot write shims: ENOTDIR: not a directory, mkdir 'D/conda/envs/b/etc/conda'",
      ],
      ['ev', { type: 'refresh', reason: 'start', changed: ['D/conda/envs/a'] }],
    ]);
    // The toolchains gone: launchers removed (no names), b tried again (a refresh forgets earlier failures),
    // its failure not said twice.
    out.length = 0;
    fs.writeFileSync(loc.configFile, 'system_toolchains: false\ntoolchains: []\n');
    expect(rx.refresh('config')).toEqual({ changed: [] });
    expect(said()).toEqual([launchers(0, GO122, null), ['warn', { event: 'no_toolchain', prefix: 'D/conda/envs/b', file: 'D/conda/envs/b' }, NO_TOOLCHAIN]]);
    expect(rx.envChanged(a, true)).toEqual({ prefix: a, action: 'up to date', goVersion: null });
    // b's folder mended: a change elsewhere does not retry it, a change naming b does.
    out.length = 0;
    fs.rmSync(path.join(b, 'etc'));
    rx.onFilesChanged({ world: false, discovery: false, envs: new Set() });
    expect(said()).toEqual([]);
    expect(hasShims(b)).toBe(false);
    rx.onFilesChanged({ world: false, discovery: false, envs: new Set([b]) });
    expect(said()).toEqual([
      [
        'info',
        { event: 'shims_installed', prefix: 'D/conda/envs/b', envName: 'b', goroot: null, chosenBy: null, why: NO_TOOLCHAIN, reason: 'env created' },
        'shims installed (env created)',
      ],
      ['ev', { type: 'shims_installed', prefix: 'D/conda/envs/b', envName: 'b', goVersion: null, reason: 'env created' }],
      ['ev', { type: 'refresh', reason: 'files changed', changed: ['D/conda/envs/b'] }],
    ]);
  });

  test('envChanged rewrites stale shims at once and says so as a conda command', () => {
    const a = makeEnv('a');
    rx.refresh('start');
    out.length = 0;
    fs.mkdirSync(path.join(a, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(a, 'etc', 'gocondad.yml'), 'goroot: /usr/lib/go-1.19\n');
    expect(rx.envChanged(a, false)).toEqual({ prefix: a, action: 'rewritten', goVersion: 'go1.19.8' });
    const why = 'pin file names goroot /usr/lib/go-1.19';
    expect(said()).toEqual([
      [
        'info',
        { event: 'shims_rewritten', prefix: 'D/conda/envs/a', envName: 'a', goroot: '/usr/lib/go-1.19', chosenBy: 'pin', why, reason: 'conda command' },
        'shims rewritten',
      ],
      ['ev', { type: 'shims_rewritten', prefix: 'D/conda/envs/a', envName: 'a', goVersion: 'go1.19.8', reason: 'conda command' }],
    ]);
    expect(rx.envChanged(a, false)).toEqual({ prefix: a, action: 'up to date', goVersion: 'go1.19.8' });
  });

  test('envChanged before any refresh starts the reconciler first (whose start installs into the new env)', () => {
    const e = makeEnv('e');
    expect(rx.envChanged(e, true)).toEqual({ prefix: e, action: 'up to date', goVersion: 'go1.22.12' });
    expect(said().slice(1)).toEqual([
      [
        'info',
        { event: 'shims_installed', prefix: 'D/conda/envs/e', envName: 'e', goroot: GO, chosenBy: 'newest', why: WHY_NEWEST, reason: 'discovered' },
        'shims installed (discovered)',
      ],
      ['ev', { type: 'shims_installed', prefix: 'D/conda/envs/e', envName: 'e', goVersion: 'go1.22.12', reason: 'discovered' }],
      ['ev', { type: 'refresh', reason: 'start', changed: ['D/conda/envs/e'] }],
    ]);
  });

  test('what to watch: an env registered outside every envs dir is watched as an env; those inside are not', () => {
    makeEnv('a');
    const x = path.join(dir, 'elsewhere', 'x');
    fs.mkdirSync(path.join(x, 'conda-meta'), { recursive: true });
    registerEnv(loc, x, true, true);
    rx.refresh('start');
    const w = JSON.parse(JSON.stringify(rx.watchInput()).replaceAll(dir, 'D'));
    expect(w).toEqual({
      files: [
        '/etc/conda/.condarc',
        '/etc/conda/condarc',
        '/etc/conda/condarc.d',
        '/var/lib/conda/.condarc',
        '/var/lib/conda/condarc',
        '/var/lib/conda/condarc.d',
        'D/home/.config/conda/.condarc',
        'D/home/.config/conda/condarc',
        'D/home/.config/conda/condarc.d',
        'D/home/.conda/.condarc',
        'D/home/.conda/condarc',
        'D/home/.conda/condarc.d',
        'D/home/.condarc',
        'D/home/.mambarc',
        'D/conda/.condarc',
        'D/conda/condarc',
        'D/conda/condarc.d',
        'D/home/.bashrc',
        'D/home/.bash_profile',
        'D/home/.zshrc',
        'D/home/.profile',
        'D/home/.config/fish/config.fish',
        'D/home/.xonshrc',
        'D/home/.conda/environments.txt',
        'D/home/.config/gocondad/config.yml',
      ],
      envsDirs: ['D/conda/envs', 'D/home/.conda/envs'],
      envs: ['D/elsewhere/x'],
      histories: ['D/conda/envs/a/conda-meta/history'],
      toolchainDirs: [],
      toolchainRoots: [GO],
    });
  });

  test('a removed env: the log line before the registry forgets it, then the event; a newer gocondad’s shims listed', () => {
    const a = makeEnv('a');
    const n = makeEnv('n');
    rx.refresh('start');
    const file = path.join(n, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(stampLine(), '# gocondad-shim-version: 99.0.0 format 2'));
    fs.rmSync(a, { recursive: true });
    out.length = 0;
    rx.onFilesChanged({ world: false, discovery: true, envs: new Set([a, n]) });
    expect(said().slice(0, 2)).toEqual([
      ['info', { event: 'env_forgotten', prefix: 'D/conda/envs/a', reason: 'files changed' }, 'env removed; forgotten'],
      ['ev', { type: 'env_forgotten', prefix: 'D/conda/envs/a', reason: 'files changed' }],
    ]);
    expect(said()).toHaveLength(3); // and the newer shims' warning, once
    expect(rx.newerShims()).toEqual([{ prefix: n, version: '99.0.0', format: 2 }]);
    expect(rx.envStatus().map((e) => e.prefix)).toEqual([n]);
  });

  test('shims the registry does not know are kept current even with auto_install off; unknown envs without shims are left', () => {
    const a = makeEnv('a');
    const b = makeEnv('b');
    rx.refresh('start');
    fs.rmSync(loc.registry);
    fs.writeFileSync(loc.configFile, `auto_install: false\nsystem_toolchains: false\ntoolchains:\n  - ${GO}\n`);
    uninstallShims(b, loc, false);
    fs.rmSync(loc.registry);
    fs.mkdirSync(path.join(a, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(a, 'etc', 'gocondad.yml'), 'goroot: /usr/lib/go-1.19\n');
    // c: shims there (written by hand, or by another version), but the user opted it out: left as they are.
    const c = makeEnv('c');
    fs.mkdirSync(path.join(c, 'etc'), { recursive: true });
    fs.cpSync(path.join(a, 'etc', 'conda'), path.join(c, 'etc', 'conda'), { recursive: true });
    fs.writeFileSync(path.join(c, 'etc', 'gocondad.yml'), 'go: [1\n'); // a pin problem: no word of it, c is not ours
    const cShim = fs.readFileSync(path.join(c, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'), 'utf8');
    registerEnv(loc, c, false, true);
    out.length = 0;
    expect(rx.refresh('config')).toEqual({ changed: [a] });
    expect(hasShims(b)).toBe(false);
    expect(fs.readFileSync(path.join(c, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'), 'utf8')).toBe(cShim);
    const why = 'pin file names goroot /usr/lib/go-1.19';
    expect(said()).toEqual([
      [
        'info',
        { event: 'shims_rewritten', prefix: 'D/conda/envs/a', envName: 'a', goroot: '/usr/lib/go-1.19', chosenBy: 'pin', why, reason: 'config' },
        'shims rewritten',
      ],
      ['ev', { type: 'shims_rewritten', prefix: 'D/conda/envs/a', envName: 'a', goVersion: 'go1.19.8', reason: 'config' }],
      ['ev', { type: 'refresh', reason: 'config', changed: ['D/conda/envs/a'] }],
    ]);
    expect(rx.envStatus().map((e) => e.prefix)).toEqual([a, b]);
  });

  test('an env both installed and opted out in envs.json (another writer between the read and the write): not ours, not listed', () => {
    const a = makeEnv('a');
    rx.refresh('start');
    fs.writeFileSync(loc.registry, JSON.stringify({ installed: [a], excluded: [a] }));
    fs.mkdirSync(path.join(a, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(a, 'etc', 'gocondad.yml'), 'goroot: /usr/lib/go-1.19\n');
    out.length = 0;
    expect(rx.refresh('request')).toEqual({ changed: [] });
    expect(said()).toEqual([]);
    expect(rx.envStatus()).toEqual([]);
  });

  test('a change to the user config or a toolchain reloads the world; a plain change does not', () => {
    makeEnv('a');
    rx.refresh('start');
    fs.writeFileSync(loc.configFile, 'system_toolchains: false\ntoolchains: []\n');
    out.length = 0;
    rx.onFilesChanged({ world: false, discovery: true, envs: new Set() });
    expect(said()).toEqual([]);
    rx.onFilesChanged({ world: true, discovery: false, envs: new Set() });
    expect(said()[0]).toEqual(launchers(0, GO122, null));
  });

  test('an env gone whose registry entry was lost too is still forgotten (the reconciler’s own plans name it)', () => {
    const a = makeEnv('a');
    rx.refresh('start');
    fs.rmSync(loc.registry);
    fs.rmSync(a, { recursive: true });
    out.length = 0;
    rx.onFilesChanged({ world: false, discovery: true, envs: new Set([a]) });
    expect(said()).toEqual([
      ['info', { event: 'env_forgotten', prefix: 'D/conda/envs/a', reason: 'files changed' }, 'env removed; forgotten'],
      ['ev', { type: 'env_forgotten', prefix: 'D/conda/envs/a', reason: 'files changed' }],
    ]);
    expect(rx.envStatus()).toEqual([]);
  });

  test('nothing discovered before the first refresh', () => {
    expect(rx.discovered()).toEqual({ envs: 0, roots: [], envsDirs: [] });
  });

  test('a change before the world was ever read reads it: a refresh for "files changed", whose new envs were created', () => {
    const a = makeEnv('a');
    rx.onFilesChanged({ world: false, discovery: false, envs: new Set() });
    expect(said()).toEqual([
      launchers(13, [], 'go1.22.0 … go1.22.12'),
      [
        'info',
        { event: 'shims_installed', prefix: 'D/conda/envs/a', envName: 'a', goroot: GO, chosenBy: 'newest', why: WHY_NEWEST, reason: 'env created' },
        'shims installed (env created)',
      ],
      ['ev', { type: 'shims_installed', prefix: 'D/conda/envs/a', envName: 'a', goVersion: 'go1.22.12', reason: 'env created' }],
      ['ev', { type: 'refresh', reason: 'files changed', changed: [a.replace(dir, 'D')] }],
    ]);
  });

  test('a change that asks for no discovery does not look for new envs; one that does finds them', () => {
    makeEnv('a');
    rx.refresh('start');
    const b = makeEnv('b');
    out.length = 0;
    rx.onFilesChanged({ world: false, discovery: false, envs: new Set() });
    expect(said()).toEqual([]);
    expect(hasShims(b)).toBe(false);
    rx.onFilesChanged({ world: false, discovery: true, envs: new Set() });
    expect(hasShims(b)).toBe(true);
    expect(said().at(-1)).toEqual(['ev', { type: 'refresh', reason: 'files changed', changed: ['D/conda/envs/b'] }]);
  });

  test('a conda settings file it cannot use is said once, as a discovery problem', () => {
    makeEnv('a');
    fs.mkdirSync(env.HOME!, { recursive: true });
    fs.writeFileSync(path.join(env.HOME!, '.condarc'), 'envs_dirs: 7\n');
    rx.refresh('start');
    rx.refresh('again');
    expect(said().filter((l) => (l as unknown[])[0] === 'warn')).toEqual([
      ['warn', { event: 'discovery_problem', file: 'D/home/.condarc' }, '`envs_dirs` must be a list of directories; ignored'],
    ]);
  });

  test('an env whose conda-meta is gone is forgotten, though its shims are still there', () => {
    const a = makeEnv('a');
    rx.refresh('start');
    fs.rmSync(path.join(a, 'conda-meta'), { recursive: true });
    expect(hasShims(a)).toBe(true);
    out.length = 0;
    rx.onFilesChanged({ world: false, discovery: true, envs: new Set([a]) });
    expect(said()).toEqual([
      ['info', { event: 'env_forgotten', prefix: 'D/conda/envs/a', reason: 'files changed' }, 'env removed; forgotten'],
      ['ev', { type: 'env_forgotten', prefix: 'D/conda/envs/a', reason: 'files changed' }],
    ]);
    expect(rx.envStatus()).toEqual([]);
  });

  test('a change naming one env replans that env only, though another one’s pin changed too (registered or not)', () => {
    const a = makeEnv('a');
    const b = makeEnv('b');
    const c = makeEnv('c');
    rx.refresh('start');
    fs.writeFileSync(loc.registry, JSON.stringify({ installed: [a, b], excluded: [] })); // c: shims the registry does not know
    const shim = (e: string) => fs.readFileSync(path.join(e, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'), 'utf8');
    const before = [shim(b), shim(c)];
    for (const e of [a, b, c]) fs.writeFileSync(path.join(e, 'etc', 'gocondad.yml'), 'goroot: /usr/lib/go-1.19\n');
    out.length = 0;
    rx.onFilesChanged({ world: false, discovery: false, envs: new Set([a]) });
    const why = 'pin file names goroot /usr/lib/go-1.19';
    expect(said()).toEqual([
      [
        'info',
        { event: 'shims_rewritten', prefix: 'D/conda/envs/a', envName: 'a', goroot: '/usr/lib/go-1.19', chosenBy: 'pin', why, reason: 'files changed' },
        'shims rewritten',
      ],
      ['ev', { type: 'shims_rewritten', prefix: 'D/conda/envs/a', envName: 'a', goVersion: 'go1.19.8', reason: 'files changed' }],
      ['ev', { type: 'refresh', reason: 'files changed', changed: ['D/conda/envs/a'] }],
    ]);
    expect([shim(b), shim(c)]).toEqual(before);
  });

  test('envChanged installing into a new env says so as a conda command', () => {
    rx.refresh('start');
    const e = makeEnv('e');
    out.length = 0;
    expect(rx.envChanged(e, true)).toEqual({ prefix: e, action: 'installed', goVersion: 'go1.22.12' });
    expect(said()).toEqual([
      [
        'info',
        { event: 'shims_installed', prefix: 'D/conda/envs/e', envName: 'e', goroot: GO, chosenBy: 'newest', why: WHY_NEWEST, reason: 'conda command' },
        'shims installed (conda command)',
      ],
      ['ev', { type: 'shims_installed', prefix: 'D/conda/envs/e', envName: 'e', goVersion: 'go1.22.12', reason: 'conda command' }],
    ]);
  });

  test('problems already said are remembered up to 2000: the oldest is forgotten then, and said again when it comes back', () => {
    let now = 1_000_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      // Made after the spy: the limiter keeps the Date.now it was made with.
      rx = new Reconciler(loc, env, { log: { info: () => undefined, warn: (o, m) => out.push(['warn', o, m]) }, broadcast: () => undefined });
      const keys = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `k${from + i}: 1\n`).join('');
      const unknown = (k: number) => ['warn', { event: 'config_problem', file: 'D/home/.config/gocondad/config.yml' }, `unknown key \`k${k}\` ignored`];
      // 2001 problems: k1 … k2001; the 2001st pushes k1 out.
      fs.writeFileSync(loc.configFile, `system_toolchains: false\n${keys(1, 2001)}`);
      rx.refresh('start');
      expect(said().filter((l) => (l as unknown[])[0] === 'warn')).toEqual(Array.from({ length: 20 }, (_, i) => unknown(i + 1)));
      // A minute on (the limiter open again): k2 is still remembered, so nothing is said of it.
      now += 60_000;
      out.length = 0;
      fs.writeFileSync(loc.configFile, `system_toolchains: false\n${keys(2, 2)}`);
      rx.refresh('again');
      expect(said().filter((l) => (l as unknown[])[0] === 'warn')).toEqual([]);
      // k1 was forgotten: said again, with the count the limiter held back in the first minute.
      fs.writeFileSync(loc.configFile, `system_toolchains: false\n${keys(1, 1)}`);
      rx.refresh('again');
      const [, obj, msg] = unknown(1) as [string, Record<string, unknown>, string];
      expect(said().filter((l) => (l as unknown[])[0] === 'warn')).toEqual([['warn', { ...obj, suppressedBefore: 1981 }, msg]]);
    } finally {
      clock.mockRestore();
    }
  });

  test('twenty warnings of a kind a minute; the next one after the minute says how many were held back', () => {
    let now = 1_000_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const log = { info: () => undefined, warn: (o: Record<string, unknown>) => out.push(o) };
      const limited = new Reconciler(loc, env, { log, broadcast: () => undefined });
      for (let i = 0; i < 22; i++) fs.writeFileSync(path.join(makeEnv(`n${String(i).padStart(2, '0')}`), 'etc'), 'not a folder\n');
      limited.refresh('start');
      const failed = () => (out as Record<string, unknown>[]).filter((o) => o.event === 'install_failed');
      expect(failed().map((o) => path.basename(o.prefix as string))).toEqual(Array.from({ length: 20 }, (_, i) => `n${String(i).padStart(2, '0')}`));
      out.length = 0;
      now += 60_000;
      fs.writeFileSync(path.join(makeEnv('late'), 'etc'), 'not a folder\n');
      limited.onFilesChanged({ world: false, discovery: true, envs: new Set() });
      expect(failed()).toEqual([
        {
          event: 'install_failed',
          prefix: path.join(dir, 'conda', 'envs', 'late'),
          file: path.join(dir, 'conda', 'envs', 'late'),
          line: undefined,
          suppressedBefore: 2,
        },
      ]);
    } finally {
      clock.mockRestore();
    }
  });
});

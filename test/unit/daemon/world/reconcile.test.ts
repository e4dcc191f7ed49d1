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
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

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

// src/doctor/world-checks.ts on a temp world: config problems with file and line, a broken toolchain in a
// configured dir, and launchers missing, out of date or left over.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launcherTable } from '../../../src/core/launchers';
import { syncWorldLaunchers } from '../../../src/shims/launchers';
import { loadContext } from '../../../src/doctor/context';
import { worldFindings } from '../../../src/doctor/world-checks';
import { resolveLocations, type Env, type Locations } from '../../../src/paths';

const GO122 = '/usr/lib/go-1.22';

let dir: string;
let env: Env;
let loc: Locations;
const config = (text: string) => fs.writeFileSync(loc.configFile, text);
const check = () => worldFindings(loadContext(loc, env));

beforeAll(() => {
  if (!fs.existsSync(path.join(GO122, 'bin', 'go'))) throw new Error(`${GO122} is missing: run bash scripts/ensure-test-deps`);
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-worldchecks-'));
  fs.mkdirSync(path.join(dir, 'conda', 'conda-meta'), { recursive: true });
  env = { HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run'), CONDA_ROOT: path.join(dir, 'conda') };
  loc = resolveLocations(env);
  fs.mkdirSync(loc.configDir, { recursive: true });
  config(`system_toolchains: false\ntoolchains:\n  - ${GO122}\nlaunchers: false\n`);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('a sound world has no findings', () => {
  expect(check()).toEqual([]);
});

test('a config problem names its file, with the edit that fixes it', () => {
  config(`system_toolchains: false\ntoolchains:\n  - ${GO122}\nlaunchers: false\nauto_install: maybe\n`);
  expect(check()).toEqual([
    {
      kind: 'config',
      severity: 'problem',
      prefix: null,
      message: `${loc.configFile}: \`auto_install\` must be true or false`,
      fix: `edit ${loc.configFile}`,
    },
  ]);
});

test('a toolchain in a configured dir that is not one: a problem with its reason', () => {
  const bad = path.join(dir, 'bad-go');
  fs.mkdirSync(path.join(bad, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(bad, 'bin', 'go'), '#!/bin/sh\n', { mode: 0o755 });
  config(`system_toolchains: false\ntoolchains:\n  - ${GO122}\n  - ${bad}\nlaunchers: false\n`);
  expect(check()).toEqual([
    {
      kind: 'invalid-toolchain',
      severity: 'problem',
      prefix: null,
      message: expect.stringMatching(new RegExp(`^${bad} is not a valid Go toolchain: no src/runtime`)),
      fix: `reinstall it, or remove it from \`toolchains:\` in ${loc.configFile}`,
    },
  ]);
});

test('launchers missing, changed or left over: one problem --fix syncs', () => {
  config(`system_toolchains: false\ntoolchains:\n  - ${GO122}\n`);
  const [f] = check();
  expect(f).toMatchObject({ kind: 'stale-launchers', severity: 'problem', safeFix: 'sync-launchers', message: expect.stringContaining('go1.22.0, go1.22.1') });
  syncWorldLaunchers(loadContext(loc, env).world);
  expect(check()).toEqual([]);
  fs.appendFileSync(path.join(loc.launcherDir, 'go1.22.0'), '# edited\n');
  fs.writeFileSync(path.join(loc.launcherDir, 'go1.17.0'), '#!/bin/sh\n');
  expect(check()[0]!.message).toMatch(/: go1\.22\.0, go1\.17\.0$/);
});

test('a problem with a line says file:line; conda’s own files are warnings with their edit', () => {
  config('toolchains: [\n');
  const configProblem = check().find((f) => f.kind === 'config')!;
  expect(configProblem.message).toMatch(new RegExp(`^${loc.configFile}:\\d+: `));
  config(`system_toolchains: false\ntoolchains:\n  - ${GO122}\nlaunchers: false\n`);
  const envsTxt = path.join(env.HOME!, '.conda', 'environments.txt');
  fs.mkdirSync(path.dirname(envsTxt), { recursive: true });
  fs.writeFileSync(envsTxt, 'relative/env\n');
  expect(check()).toEqual([
    {
      kind: 'conda-files',
      severity: 'warning',
      prefix: null,
      message: `${envsTxt}:1: "relative/env" is not an absolute path; skipped`,
      fix: `edit ${envsTxt}`,
    },
  ]);
});

test('a broken toolchain inside a configured folder is named; one found elsewhere (not configured) is not doctor’s to name', () => {
  const gos = path.join(dir, 'gos');
  fs.mkdirSync(path.join(gos, 'bad', 'bin'), { recursive: true });
  fs.writeFileSync(path.join(gos, 'bad', 'bin', 'go'), '#!/bin/sh\n', { mode: 0o755 });
  config(`system_toolchains: false\ntoolchains:\n  - ${GO122}\n  - ${gos}\nlaunchers: false\n`);
  const ctx = loadContext(loc, env);
  expect(ctx.world.discovery.rejected.map((r) => r.root)).toEqual([path.join(gos, 'bad')]);
  expect(worldFindings(ctx).map((f) => [f.kind, f.message.split(':')[0]])).toEqual([
    ['invalid-toolchain', `${path.join(gos, 'bad')} is not a valid Go toolchain`],
  ]);
  // The same rejection from a folder the user did not configure (a system or env toolchain): not reported.
  const elsewhere = { ...ctx.world.discovery.rejected[0]!, root: path.join(dir, 'elsewhere', 'go') };
  ctx.world.discovery.rejected = [elsewhere];
  expect(worldFindings(ctx)).toEqual([]);
  ctx.world.discovery.rejected = [{ ...elsewhere, root: path.join(dir, 'elsewhere', 'go', 'deeper') }];
  ctx.world.config.toolchains = [path.join(dir, 'elsewhere', 'go', 'deeper', 'x')];
  expect(worldFindings(ctx)).toEqual([]);
});

test('launchers: the whole finding; no launcher folder yet; files not named go1.* are not ours; past 8 names, "..."', () => {
  config(`system_toolchains: false\ntoolchains:\n  - ${GO122}\n`);
  expect(fs.existsSync(loc.launcherDir)).toBe(false);
  // One launcher per patch release up to the installed one (go1.22.0 … go1.22.N): more than 8 here.
  const wanted = [...launcherTable(loadContext(loc, env).world.discovery.toolchains).keys()];
  expect(wanted.length).toBeGreaterThan(8);
  expect(check()).toEqual([
    {
      kind: 'stale-launchers',
      severity: 'problem',
      prefix: null,
      message: `toolchain launchers in ${loc.launcherDir} are missing or out of date: ${wanted.slice(0, 8).join(', ')}, ...`,
      fix: 'gocondad doctor --fix (or gocondad shims install --all)',
      safeFix: 'sync-launchers',
    },
  ]);
  syncWorldLaunchers(loadContext(loc, env).world);
  fs.writeFileSync(path.join(loc.launcherDir, 'gotip'), '#!/bin/sh\n');
  fs.writeFileSync(path.join(loc.launcherDir, 'README'), 'x\n');
  fs.writeFileSync(path.join(loc.launcherDir, 'xgo1.2'), 'x\n');
  expect(check()).toEqual([]);
  for (let i = 1; i <= 9; i++) fs.writeFileSync(path.join(loc.launcherDir, `go1.1${i}.0`), '#!/bin/sh\n');
  const names = fs.readdirSync(loc.launcherDir).filter((n) => /^go1\.1\d\.0$/.test(n) && n !== 'go1.22.0');
  expect(names).toHaveLength(9);
  expect(check()[0]!.message).toBe(`toolchain launchers in ${loc.launcherDir} are missing or out of date: ${names.slice(0, 8).join(', ')}, ...`);
  fs.rmSync(path.join(loc.launcherDir, names[8]!));
  expect(check()[0]!.message).toBe(`toolchain launchers in ${loc.launcherDir} are missing or out of date: ${names.slice(0, 8).join(', ')}`);
});

test('launchers of a toolchain with few releases: the whole list, and nothing else, when the folder does not exist yet', () => {
  // A toolchain as discovery knows one: VERSION, bin/go, src/runtime (its version is read, never run).
  const go = path.join(dir, 'go1.21.1');
  fs.mkdirSync(path.join(go, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(go, 'src', 'runtime'), { recursive: true });
  fs.writeFileSync(path.join(go, 'VERSION'), 'go1.21.1\ntime 2023-08-01T00:00:00Z\n');
  fs.writeFileSync(path.join(go, 'bin', 'go'), '#!/bin/sh\n', { mode: 0o755 });
  config(`system_toolchains: false\ntoolchains:\n  - ${go}\n`);
  expect(fs.existsSync(loc.launcherDir)).toBe(false);
  expect(check().map((f) => f.message)).toEqual([`toolchain launchers in ${loc.launcherDir} are missing or out of date: go1.21.0, go1.21.1`]);
});

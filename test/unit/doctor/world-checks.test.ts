// src/doctor/world-checks.ts on a temp world: config problems with file and line, a broken toolchain in a
// configured dir, and launchers missing, out of date or left over.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

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

// The daemon's watch of the disk without a daemon (real files, real chokidar, a real Go): the first
// refresh with the watches in place, a conda change judged again for go.mod drift, an env the conda
// plugin names watched from then on, and the disk-facts cache dropped when the world changes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DriftModules } from '../../../../src/daemon/world/sync-drift';
import { WorldWatch } from '../../../../src/daemon/world/world-watch';
import { resolveLocations, type Env, type Locations } from '../../../../src/paths';
import type { UnstampedEvent } from '../../../../src/protocol';
import { hasShims } from '../../../../src/shims/install';

const GO = '/usr/lib/go-1.22';

let dir: string;
let env: Env;
let loc: Locations;
let lines: [string, Record<string, unknown>][];
let events: UnstampedEvent[];
let factsCleared: number;
let judged: string[];
let ww: WorldWatch;

function makeEnv(prefix: string): string {
  fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
  fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
  return prefix;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 20000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 25))) if (check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(() => {
  if (!fs.existsSync(path.join(GO, 'bin', 'go')))
    throw new Error(`${GO} is missing: run bash scripts/ensure-test-deps (apt-get install golang-1.22-go from bookworm-backports)`);
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-worldwatch-'));
  fs.mkdirSync(path.join(dir, 'conda', 'conda-meta'), { recursive: true });
  env = { HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run'), CONDA_ROOT: path.join(dir, 'conda') };
  loc = resolveLocations(env);
  fs.mkdirSync(loc.configDir, { recursive: true });
  fs.writeFileSync(loc.configFile, `system_toolchains: false\ntoolchains:\n  - ${GO}\n`);
  lines = [];
  events = [];
  factsCleared = 0;
  judged = [];
  const line = (level: string) => (obj: Record<string, unknown>) => void lines.push([level, obj]);
  // Every env counts as synced; the check only records which envs it was asked about.
  const drift: DriftModules = {
    projects: async () => ({ hasProjects: () => true }),
    drift: async () => ({
      checkDrift: async (prefixes) => {
        judged.push(...prefixes);
        return [];
      },
    }),
  };
  ww = new WorldWatch(
    loc,
    env,
    {
      log: { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') },
      broadcast: (e) => void events.push(e),
      clearFacts: () => void factsCleared++,
    },
    drift,
  );
});
afterEach(async () => {
  await ww.close();
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

test('start: the first refresh, with the watches in place; a refresh drops the facts cache and is timed', async () => {
  const a = makeEnv(path.join(dir, 'conda', 'envs', 'a'));
  await ww.start();
  expect(hasShims(a)).toBe(true);
  expect(ww.discoveredEnvs()).toBe(1);
  const f = ww.figures();
  expect(f.envs.map((e) => [e.envName, e.ok])).toEqual([['a', true]]);
  expect(f.discovered.envsDirs).toContain(path.join(dir, 'conda', 'envs'));
  expect(f.watch.roots).toBeGreaterThan(0);
  expect(f.syncDrift).toEqual([]);
  expect([factsCleared, ww.latency.count]).toEqual([1, 1]);
  expect(ww.refresh('request')).toEqual({ changed: [] });
  expect([factsCleared, ww.latency.count]).toEqual([2, 2]);
});

test('a conda change in an env is handled and its go.mod projects judged again; the facts cache stays', async () => {
  const a = makeEnv(path.join(dir, 'conda', 'envs', 'a'));
  await ww.start();
  fs.appendFileSync(path.join(a, 'conda-meta', 'history'), '==> 2026-01-01 00:00:00 <==\n# cmd: conda install zlib\n');
  await waitFor(() => judged.includes(a), 'the env judged for drift');
  expect(ww.latency.count).toBe(2);
  expect(factsCleared).toBe(1);
});

test('an env the conda plugin names gets shims now, and is watched from then on', async () => {
  await ww.start();
  const elsewhere = makeEnv(path.join(dir, 'elsewhere', 'x'));
  expect(ww.envChanged({ prefix: elsewhere, auto: true })).toMatchObject({ prefix: elsewhere, action: 'installed' });
  expect(hasShims(elsewhere)).toBe(true);
  // chokidar reads the new root in the background: conda commands go on until one is seen.
  await waitFor(() => {
    fs.appendFileSync(path.join(elsewhere, 'conda-meta', 'history'), '# cmd: conda install zlib\n');
    return judged.includes(elsewhere);
  }, 'the new env watched');
});

test('a change of the user config reloads the world and drops the facts cache', async () => {
  await ww.start();
  fs.appendFileSync(loc.configFile, 'auto_install: false\n');
  await waitFor(() => factsCleared === 2, 'the facts cache dropped');
  expect(lines.filter(([level]) => level === 'error')).toEqual([]);
});

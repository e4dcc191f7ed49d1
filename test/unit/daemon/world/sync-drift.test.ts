// go.mod drift after a conda change, without a daemon and with the sync modules handed in: which envs are
// judged, what is logged and streamed when a project starts and stops disagreeing, and that a failing
// check is one error line.
import type { Locations } from '../../../../src/paths';
import type { SyncDrift, UnstampedEvent } from '../../../../src/protocol';
import { SyncDriftWatch, type DriftModules, type DriftResult } from '../../../../src/daemon/world/sync-drift';

const loc = { stateDir: '/state' } as Locations;
const drift = (project: string, prefix: string, message = 'go.mod needs go 1.22'): SyncDrift => ({
  kind: 'sync-drift',
  project,
  prefix,
  at: '2026-01-01T00:00:00Z',
  findings: [{ message, fix: null }],
});

let lines: [string, Record<string, unknown>, string][];
let events: UnstampedEvent[];
let synced: Set<string>;
let results: DriftResult[];
let loads: string[];
let asked: string[][];
let modules: DriftModules;

beforeEach(() => {
  lines = [];
  events = [];
  synced = new Set(['/envs/a']);
  results = [];
  loads = [];
  asked = [];
  modules = {
    projects: async () => (loads.push('projects'), { hasProjects: (stateDir, prefix) => stateDir === '/state' && synced.has(prefix) }),
    drift: async () => (
      loads.push('drift'),
      {
        checkDrift: async (prefixes) => {
          asked.push(prefixes);
          return results;
        },
      }
    ),
  };
});

function watch(): SyncDriftWatch {
  const line = (level: string) => (obj: Record<string, unknown>, msg: string) => void lines.push([level, obj, msg]);
  return new SyncDriftWatch(
    loc,
    { log: { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') }, broadcast: (e) => void events.push(e) },
    modules,
  );
}

test('an env no project is synced against loads no checker', async () => {
  await watch().check(new Set(['/envs/b']));
  expect(loads).toEqual(['projects']);
  expect(lines).toEqual([]);
});

test('a project that starts disagreeing is listed, logged and streamed; agreeing again clears it', async () => {
  const w = watch();
  results = [{ project: '/src/p', prefix: '/envs/a', drift: drift('/src/p', '/envs/a') }];
  await w.check(new Set(['/envs/a', '/envs/b']));
  expect(asked).toEqual([['/envs/a']]);
  expect(w.list()).toEqual([results[0]!.drift]);
  expect(lines.map(([level, obj, msg]) => [level, obj.event, msg])).toEqual([
    ['warn', 'sync_drift', 'go.mod and the env disagree after a conda change: go.mod needs go 1.22'],
  ]);
  expect(events).toEqual([{ type: 'sync_drift', drift: results[0]!.drift }]);

  // The project was unregistered meanwhile: its env is judged again because it drifted before.
  synced.clear();
  results = [{ project: '/src/p', prefix: '/envs/a', drift: null }];
  await w.check(new Set(['/envs/a']));
  expect(asked).toEqual([['/envs/a'], ['/envs/a']]);
  expect(w.list()).toEqual([]);
  expect([lines.at(-1)![0], lines.at(-1)![1].event]).toEqual(['info', 'sync_drift_resolved']);
  expect(events.at(-1)).toEqual({ type: 'sync_drift_resolved', project: '/src/p', prefix: '/envs/a' });

  // Agreeing when it never disagreed says nothing.
  synced.add('/envs/a');
  await w.check(new Set(['/envs/a']));
  expect(events).toHaveLength(2);
});

test('a check that fails is one error line, never a rejection', async () => {
  modules.drift = async () => {
    throw new Error('wasm failed to load');
  };
  await expect(watch().check(new Set(['/envs/a']))).resolves.toBeUndefined();
  expect(lines.map(([level, obj]) => [level, obj.event, obj.err])).toEqual([['error', 'sync_drift_failed', 'wasm failed to load']]);
});

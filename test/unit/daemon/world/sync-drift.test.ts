// go.mod drift after a conda change, without a daemon and with the sync modules handed in: which envs are
// judged, what is logged and streamed when a project starts and stops disagreeing, and that a failing
// check is one error line.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locations } from '../../../../src/paths';
import { registerProject } from '../../../../src/sync/synced-projects';
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

describe('word for word, and the real sync modules by default', () => {
  test('the warning and the all-clear lines, whole', async () => {
    const w = watch();
    const d = drift('/src/p', '/envs/a', 'the env has go 1.21, go.mod needs 1.22');
    d.findings.push({ message: 'second', fix: null });
    results = [{ project: '/src/p', prefix: '/envs/a', drift: d }];
    await w.check(new Set(['/envs/a']));
    results = [{ project: '/src/p', prefix: '/envs/a', drift: null }];
    await w.check(new Set(['/envs/a']));
    expect(lines).toEqual([
      [
        'warn',
        { event: 'sync_drift', project: '/src/p', prefix: '/envs/a', findings: d.findings },
        'go.mod and the env disagree after a conda change: the env has go 1.21, go.mod needs 1.22',
      ],
      ['info', { event: 'sync_drift_resolved', project: '/src/p', prefix: '/envs/a' }, 'go.mod and the env agree again'],
    ]);
  });

  test('only the envs that drifted before are judged again, not every env once anything drifted', async () => {
    const w = watch();
    results = [{ project: '/src/p', prefix: '/envs/a', drift: drift('/src/p', '/envs/a') }];
    await w.check(new Set(['/envs/a']));
    synced.clear();
    await w.check(new Set(['/envs/c']));
    expect(asked).toEqual([['/envs/a']]);
    expect(loads).toEqual(['projects', 'drift', 'projects']);
  });

  test('a failed check says so, whole', async () => {
    modules.projects = async () => {
      throw new Error('EACCES');
    };
    await watch().check(new Set(['/envs/a']));
    expect(lines).toEqual([['error', { event: 'sync_drift_failed', err: 'EACCES' }, 'could not check the projects synced against a changed env']]);
  });

  test('the default modules are src/sync’s own: a project synced against the env is looked at, without a word when it cannot be judged', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-syncdrift-'));
    try {
      const realLoc = { stateDir: path.join(dir, 'state') } as Locations;
      const prefix = path.join(dir, 'envs', 'a');
      fs.mkdirSync(path.join(dir, 'p'));
      fs.writeFileSync(path.join(dir, 'p', 'go.mod'), 'module example.com/p\n\ngo 1.22\n');
      registerProject(realLoc.stateDir, { dir: path.join(dir, 'p'), prefix, lastRun: '2026-01-01T00:00:00Z' });
      const line = (level: string) => (obj: Record<string, unknown>, msg: string) => void lines.push([level, obj, msg]);
      const w = new SyncDriftWatch(realLoc, {
        log: { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') },
        broadcast: (e) => void events.push(e),
      });
      await w.check(new Set([prefix, path.join(dir, 'envs', 'b')]));
      expect([lines, events, w.list()]).toEqual([[], [], []]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

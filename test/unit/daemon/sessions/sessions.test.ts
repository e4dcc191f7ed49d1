// The sessions part without a daemon: records applied with their log lines and stream events, bad and
// newer records rejected and counted, exited shells dropped, and the state saved a moment after a change
// (and not any more once the daemon stops).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SAVE_DELAY_MS, Sessions, type SessionsHooks } from '../../../../src/daemon/sessions/sessions';
import { DaemonState, type StateFacts } from '../../../../src/daemon/sessions/state';
import { loadStateFile } from '../../../../src/daemon/sessions/state-file';
import type { UnstampedEvent } from '../../../../src/protocol';

const facts: StateFacts = {
  inspect: (root) => ({ ok: true, toolchain: { root, version: 'go1.22.1', semver: '1.22.1' } }),
  goIn: () => null,
  realpath: (p) => p,
  shellOf: () => 'bash',
};
const act = (pid: number, prefix = '/envs/a', extra: Record<string, string> = {}) => ({
  v: '1',
  ev: 'activate',
  pid: String(pid),
  lvl: '1',
  prefix,
  goroot: '/usr/lib/go-1.22',
  path0: '/usr/bin',
  ...extra,
});

let dir: string;
let file: string;
let lines: [string, Record<string, unknown>, string][];
let warnings: unknown[][];
let events: UnstampedEvent[];
let alive: Set<number>;
let hooks: SessionsHooks;

beforeEach(() => {
  jest.useFakeTimers();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-sessions-'));
  file = path.join(dir, 'state.json');
  lines = [];
  warnings = [];
  events = [];
  alive = new Set([10, 20]);
  const line = (level: string) => (obj: Record<string, unknown>, msg: string) => void lines.push([level, obj, msg]);
  hooks = {
    facts,
    log: { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') },
    broadcast: (ev) => void events.push(ev),
    warn: (...args) => void warnings.push(args),
    positions: () => ({ journal: { ino: 7, offset: 99 }, shellJournals: { 'journal.10': { ino: 8, offset: 5 } } }),
    isAlive: (pid) => alive.has(pid),
  };
});
afterEach(() => {
  jest.useRealTimers();
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

test('a record changes the sessions, its log lines and events are handed on, the state is saved soon after', () => {
  const s = new Sessions(file, hooks);
  expect(s.apply(act(10))).toBeNull();
  expect(s.apply(act(20, '/envs/b'))).toBeNull();
  expect(s.sessionList().map((x) => [x.shellPid, x.prefix, x.goVersion])).toEqual([
    [10, '/envs/a', 'go1.22.1'],
    [20, '/envs/b', 'go1.22.1'],
  ]);
  expect(lines.map(([level, obj, msg]) => [level, obj.event, msg])).toEqual([
    ['info', 'activate', 'activate'],
    ['info', 'activate', 'activate'],
  ]);
  expect(events.map((e) => e.type)).toEqual(['activate', 'activate']);
  expect(s.latency.count).toBe(2);
  expect(fs.existsSync(file)).toBe(false);
  jest.advanceTimersByTime(SAVE_DELAY_MS);
  const saved = loadStateFile(file);
  expect(saved.state.sessionList().map((x) => x.shellPid)).toEqual([10, 20]);
  expect(saved.journal).toEqual({ ino: 7, offset: 99 });
  expect(saved.shellJournals).toEqual({ 'journal.10': { ino: 8, offset: 5 } });
});

test('a bad record is rejected with its reason; a newer one is also counted; neither changes anything', () => {
  const s = new Sessions(file, hooks);
  expect(s.apply({ v: '1', ev: 'explode', pid: '10', lvl: '1', prefix: '/e' })).toBe('unknown event "explode"');
  expect(s.apply({ ...act(10), v: '2' })).toMatch(/journal version 2 from a newer gocondad/);
  expect(s.newerRecords).toBe(1);
  expect(s.sessionList()).toEqual([]);
  expect(warnings.map((w) => w[0])).toEqual(['record_rejected', 'record_rejected']);
  expect(events).toEqual([]);
});

test('a bug while applying a record is an error line and an answer, never a throw', () => {
  const s = new Sessions(file, {
    ...hooks,
    facts: {
      ...facts,
      inspect: () => {
        throw new TypeError('boom');
      },
    },
  });
  expect(s.apply(act(10))).toBe('internal error: boom');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]!.slice(2)).toEqual(['could not apply a shim record (a bug: please report it with this line)', 'record_failed', 'error']);
});

test('loading drops the sessions of exited shells; pruning later saves only when one went', () => {
  const old = new DaemonState();
  for (const pid of [10, 20, 30]) old.apply(act(pid), facts, new Date());
  const s = new Sessions(file, hooks);
  s.load(old);
  expect(s.sessionList().map((x) => x.shellPid)).toEqual([10, 20]);
  s.prune();
  jest.advanceTimersByTime(SAVE_DELAY_MS);
  expect(fs.existsSync(file)).toBe(false);
  alive.delete(20);
  s.prune();
  jest.advanceTimersByTime(SAVE_DELAY_MS);
  expect(
    loadStateFile(file)
      .state.sessionList()
      .map((x) => x.shellPid),
  ).toEqual([10]);
});

test('once stopping, records no longer schedule a save; the one save is the caller’s', () => {
  const pending = new Sessions(file, hooks);
  pending.apply(act(10)); // a save is pending when the daemon stops
  pending.stopSaving();
  pending.apply(act(20));
  jest.advanceTimersByTime(10 * SAVE_DELAY_MS);
  expect(fs.existsSync(file)).toBe(false);
  const idle = new Sessions(file, hooks); // none is
  idle.stopSaving();
  idle.apply(act(10));
  jest.advanceTimersByTime(10 * SAVE_DELAY_MS);
  expect(fs.existsSync(file)).toBe(false);
  pending.save();
  expect(
    loadStateFile(file)
      .state.sessionList()
      .map((x) => x.shellPid),
  ).toEqual([10, 20]);
});

test('a save that fails is a warning line', () => {
  fs.writeFileSync(path.join(dir, 'a-file'), '');
  const s = new Sessions(path.join(dir, 'a-file', 'state.json'), hooks);
  s.save();
  expect(lines.map(([level, obj]) => [level, obj.event])).toEqual([['warn', 'state_save_failed']]);
});

describe('word for word, tick for tick', () => {
  test('the warnings handed to the rate limiter, whole: kind, fields, message (and key and level for a bug)', () => {
    const s = new Sessions(file, hooks);
    s.apply({ v: '1', ev: 'explode', pid: '10', lvl: '1', prefix: '/e' });
    expect(warnings).toEqual([['record_rejected', { err: 'unknown event "explode"' }, 'rejected a shim record']]);
    const bug = new Sessions(file, {
      ...hooks,
      facts: {
        ...facts,
        inspect: () => {
          throw new TypeError('boom');
        },
      },
    });
    warnings.length = 0;
    bug.apply(act(10));
    expect(warnings).toHaveLength(1);
    const [kind, fields, ...rest] = warnings[0]!;
    expect([kind, rest]).toEqual(['record_failed', ['could not apply a shim record (a bug: please report it with this line)', 'record_failed', 'error']]);
    expect(Object.keys(fields as object)).toEqual(['err']);
    expect((fields as { err: string }).err.split('\n')[0]).toBe('TypeError: boom');
    expect(bug.newerRecords).toBe(0);
    expect(lines).toEqual([]);
  });

  test('each log line goes out at its level with the event as its message; conflicts are the state’s', () => {
    const s = new Sessions(file, hooks);
    s.apply(act(10, '/envs/a', { reexp: '/x', had_goroot: '1', goroot0: '/elsewhere' }));
    expect(lines.map(([level, obj, msg]) => [level, obj.event, msg])).toEqual([
      ['info', 'activate', 'activate'],
      ['debug', 'path_reexport_trimmed', 'path_reexport_trimmed'],
      ['info', 'conflict_fixed', 'conflict_fixed'],
    ]);
    expect(s.conflicts.map((c) => [c.kind, c.before, c.after])).toEqual([['goroot-override', '/elsewhere', '/usr/lib/go-1.22']]);
    expect(events.map((e) => e.type)).toEqual(['activate', 'conflict_fixed']);
  });

  test('one save per burst, at the delay after its first change; the next change starts a new one', () => {
    const s = new Sessions(file, hooks);
    s.apply(act(10));
    jest.advanceTimersByTime(SAVE_DELAY_MS - 1);
    expect(fs.existsSync(file)).toBe(false);
    s.apply(act(20)); // inside the burst: no second timer
    jest.advanceTimersByTime(1);
    expect(fs.existsSync(file)).toBe(true);
    fs.rmSync(file);
    jest.advanceTimersByTime(10 * SAVE_DELAY_MS);
    expect(fs.existsSync(file)).toBe(false);
    s.apply({ v: '1', ev: 'deactivate', pid: '20', lvl: '1', prefix: '/envs/a' });
    jest.advanceTimersByTime(SAVE_DELAY_MS);
    expect(
      loadStateFile(file)
        .state.sessionList()
        .map((x) => x.shellPid),
    ).toEqual([10]);
    fs.rmSync(file);
    s.apply({ v: '1', ev: 'explode', pid: '10', lvl: '1', prefix: '/e' }); // rejected: nothing to save
    jest.advanceTimersByTime(10 * SAVE_DELAY_MS);
    expect(fs.existsSync(file)).toBe(false);
  });

  test('a save that fails says why', () => {
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    new Sessions(path.join(dir, 'a-file', 'state.json'), hooks).save();
    expect(lines).toEqual([
      ['warn', { event: 'state_save_failed', err: `EEXIST: file already exists, mkdir '${path.join(dir, 'a-file')}'` }, 'could not save daemon state'],
    ]);
  });
});

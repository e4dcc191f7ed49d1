// Rendering of go.mod drift: the stream events `status --watch` shows and the lines `status` adds.
import { localTime, renderEvent, renderStatus, table } from '../../../src/cli/render';
import type { StatusReply } from '../../../src/protocol';

// This process's zone (jest's sandbox cannot change it): the real CLI is run in a zone 5:45 off UTC in
// test/integration/terminal.test.ts. Here, local time as the Swedish locale writes it: YYYY-MM-DD HH:MM:SS.
const local = (iso: string) => new Date(iso).toLocaleString('sv-SE');

const drift = {
  kind: 'sync-drift' as const,
  project: '/p',
  prefix: '/env',
  at: '2026-11-25T16:00:00.000Z',
  findings: [{ message: 'git2go/v34 needs libgit2 1.5.*, but libgit2 1.9.0 is installed', fix: 'conda install -p /env "libgit2 1.5.*"' }],
};

test('sync_drift and sync_drift_resolved stream events', () => {
  expect(renderEvent({ type: 'sync_drift', at: drift.at, drift })).toMatch(
    new RegExp(
      `^${local(drift.at).slice(11)} {2}go\\.mod {6}/p disagrees with /env: git2go/v34 needs libgit2 1\\.5\\.\\*, but libgit2 1\\.9\\.0 is installed$`,
    ),
  );
  expect(renderEvent({ type: 'sync_drift_resolved', at: drift.at, project: '/p', prefix: '/env' })).toMatch(/ {2}go\.mod {6}\/p agrees with \/env again$/);
});

test('status lists each drifting project with its fix', () => {
  const status = {
    daemon: { pid: 1, version: 'v', protocol: 1, socket: 's', startedAt: 't', log: 'l', rssBytes: 0, heapUsedBytes: 0 },
    sessions: [],
    conflicts: [],
    envs: [],
    syncDrift: [drift],
    discovered: { envs: 0, roots: [], envsDirs: [] },
    watch: { roots: 0, paths: 0, inotifyWatches: null, countedAt: 0 },
    metrics: { records: { count: 0, p50: 0, p99: 0, max: 0 }, refreshes: { count: 0, p50: 0, p99: 0, max: 0 }, requests: {} },
  } as StatusReply;
  expect(renderStatus(status).slice(-2)).toEqual([
    `go.mod drift: /p vs /env (since ${local(drift.at)})`,
    '  git2go/v34 needs libgit2 1.5.*, but libgit2 1.9.0 is installed\n    fix: conda install -p /env "libgit2 1.5.*"',
  ]);
});

test('times for people: local, to the second, one style (JSON keeps ISO)', () => {
  expect(localTime(drift.at)).toBe(local(drift.at));
  expect(localTime(drift.at, false)).toBe(local(drift.at).slice(11));
  expect(localTime('not a time')).toBe('not a time');
});

test('table: painted cells keep every column in line, and the same text as unpainted', () => {
  const rows = [
    ['A', 'BB', 'C'],
    ['xxx', 'y', ''],
    ['1', '22', '333'],
  ];
  const plainText = table(rows);
  expect(plainText).toBe('  A    BB  C\n  xxx  y\n  1    22  333');
  expect(table(rows, (c) => c)).toBe(plainText);
  const painted = table(rows, (c, r) => (r === 0 ? `<${c}>` : c));
  expect(painted.replace(/[<>]/g, '')).toBe(plainText);
  expect(painted.split('\n')[0]).toBe('  <A>    <BB>  <C>');
});

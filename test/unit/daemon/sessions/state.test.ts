import fc from 'fast-check';
import { RecordError } from '../../../../src/core/shim-record';
import { DaemonState, recordTime } from '../../../../src/daemon/sessions/state';
import { fuzzRuns } from '../../../helpers/fuzz';
import { facts } from '../../../helpers/fake-facts';

describe('DaemonState', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const act = (pid: string, lvl: string, prefix: string, extra: Record<string, string> = {}) => ({
    v: '1',
    ev: 'activate',
    pid,
    lvl,
    prefix,
    goroot: '/usr/lib/go-1.22',
    path0: '/usr/bin',
    ...extra,
  });
  test('sessions follow activate, stack and deactivate', () => {
    const s = new DaemonState();
    s.apply(act('10', '1', '/a'), facts, now);
    s.apply(act('10', '2', '/b'), facts, now);
    expect(s.sessionList()).toEqual([expect.objectContaining({ shellPid: 10, prefix: '/b', shlvl: 2, shell: 'zsh', goVersion: 'go1.22.1' })]);
    s.apply({ v: '1', ev: 'deactivate', pid: '10', lvl: '2', prefix: '/b' }, facts, now);
    expect(s.sessionList()).toEqual([expect.objectContaining({ prefix: '/a', shlvl: 1 })]);
    s.apply({ v: '1', ev: 'deactivate', pid: '10', lvl: '1', prefix: '/a' }, facts, now);
    expect(s.sessionList()).toEqual([]);
  });
  test('conflicts are kept and logged as conflict_fixed', () => {
    const s = new DaemonState();
    const out = s.apply(act('11', '1', '/env', { path0: '/env/bin', had_goroot: '1', goroot0: '/env' }), facts, now);
    expect(s.conflicts.map((c) => c.kind)).toEqual(['invalid-goroot', 'shadowed-go']);
    expect(out.logs.filter(([, o]) => o.event === 'conflict_fixed')).toHaveLength(2);
  });
  test('entries conda exported back are routine: a debug line, no conflict; genuinely stale ones are fixes', () => {
    const s = new DaemonState();
    const out = s.apply(act('14', '2', '/b', { reexp: '/usr/lib/go-1.19/bin:/l:' }), facts, now);
    expect(s.conflicts).toEqual([]);
    expect(out.logs.filter(([, o]) => o.event === 'conflict_fixed')).toEqual([]);
    expect(out.logs).toContainEqual(['debug', expect.objectContaining({ event: 'path_reexport_trimmed', entries: ['/usr/lib/go-1.19/bin', '/l'] })]);
    const stale = s.apply(act('14', '2', '/b', { stale: '/usr/lib/go-1.19/bin:' }), facts, now);
    expect(stale.logs).toContainEqual(['info', expect.objectContaining({ event: 'conflict_fixed', kind: 'stale-path-entry', before: '/usr/lib/go-1.19/bin' })]);
  });
  test('bad records are refused with a reason', () => {
    const s = new DaemonState();
    expect(() => s.apply({ v: '2', ev: 'activate' }, facts, now)).toThrow(RecordError);
    expect(() => s.apply({ v: '1', ev: 'explode', pid: '1', lvl: '1', prefix: '/a' }, facts, now)).toThrow(/unknown event/);
    expect(() => s.apply({ v: '1', ev: 'activate', pid: '1', lvl: '1', prefix: 'rel' }, facts, now)).toThrow(/absolute/);
  });
  test('dead shells are pruned; state survives a JSON round trip', () => {
    const s = new DaemonState();
    s.apply(act('12', '1', '/a'), facts, now);
    s.apply(act('13', '1', '/a'), facts, now);
    const copy = DaemonState.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(copy.prune((pid) => pid === 12)).toEqual([13]);
    expect(copy.sessionList().map((x) => x.shellPid)).toEqual([12]);
  });
});

describe('fuzz: any record of strings is applied or refused with a RecordError, never a crash', () => {
  const digits = fc.stringMatching(/^\d{1,25}(\.\d{1,5})?$/);
  const field = (k: string, extra: string[]) =>
    fc.option(fc.oneof(fc.string({ maxLength: 20 }), digits, fc.constantFrom(...extra)), { nil: undefined }).map((v) => (v === undefined ? {} : { [k]: v }));
  const rec = fc
    .tuple(
      field('v', ['1', '2']),
      field('ev', ['activate', 'deactivate', 'skip']),
      field('pid', ['1', '0', '99999999999999999999']),
      field('lvl', ['0', '1', '999999999999']),
      field('prefix', ['/p', '/', 'rel']),
      field('goroot', ['/usr/lib/go-1.22', '', '/x']),
      field('t', ['1e400', '99999999999999999999', '1.5', '-1']),
      field('path0', ['/env/bin:/usr/bin', '::', '']),
      field('stale', ['/a:/b', ':']),
      field('had_goroot', ['1', '0']),
      field('goos', ['linux', '']),
      field('leaked', ['GOOS GOARCH', ' ']),
      field('why', ['plan', 'moved', '__proto__', 'constructor']),
      field('sh', ['bash', '']),
    )
    .map((parts) => Object.assign({}, ...parts) as Record<string, string>);
  test('a time past the range of a Date falls back to the arrival time (found by the fuzzing: it threw)', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(recordTime({ t: '99999999999999999999' }, now)).toBe(now.toISOString());
    expect(recordTime({ t: '1700000000.5' }, now)).toBe('2023-11-14T22:13:20.500Z');
  });
  test('DaemonState.apply', () => {
    const s = new DaemonState();
    fc.assert(
      fc.property(rec, (r) => {
        try {
          const out = s.apply(r, facts, new Date());
          JSON.stringify(out); // what is logged and streamed serialises
        } catch (err) {
          if (!(err instanceof RecordError)) throw err;
        }
      }),
      { numRuns: fuzzRuns(2000) },
    );
    expect(() => JSON.stringify(s.toJSON())).not.toThrow();
  });
});

describe('DaemonState, whole outcomes (every log line and event as written out)', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const NOW = '2026-01-01T00:00:00.000Z';
  const T = '2023-11-14T22:13:20.500Z';
  const base = { v: '1', pid: '10', lvl: '1', prefix: '/e/a' };

  test('an activation with everything in it: the session, the routine re-export, each fix, the platform warning', () => {
    const s = new DaemonState();
    const out = s.apply(
      {
        ...base,
        ev: 'activate',
        goroot: '/usr/lib/go-1.22',
        path0: '/env/bin:/usr/bin',
        had_goroot: '1',
        goroot0: '/usr/lib/go-1.19',
        stale: '/usr/lib/go-1.19/bin',
        goos0: 'darwin',
        goarch0: 'amd64',
        goos: 'linux',
        goarch: 'amd64',
        leaked: 'GOFLAGS',
        sh: 'bash',
        env: 'named',
        t: '1700000000.5',
        reexp: '/x:',
      },
      facts,
      now,
    );
    const session = { shellPid: 10, shell: 'bash', prefix: '/e/a', envName: 'named', shlvl: 1, goroot: '/usr/lib/go-1.22', goVersion: 'go1.22.1', since: T };
    const fixes = [
      { prefix: '/e/a', shellPid: 10, at: T, kind: 'goroot-override', before: '/usr/lib/go-1.19', after: '/usr/lib/go-1.22' },
      { prefix: '/e/a', shellPid: 10, at: T, kind: 'shadowed-go', before: '/env/bin/go', after: '/usr/lib/go-1.22/bin/go' },
      { prefix: '/e/a', shellPid: 10, at: T, kind: 'stale-path-entry', before: '/usr/lib/go-1.19/bin', after: null },
      { prefix: '/e/a', shellPid: 10, at: T, kind: 'leaked-go-activation', before: 'GOFLAGS', after: null },
    ];
    const warning = { prefix: '/e/a', shellPid: 10, at: T, kind: 'platform-mismatch', before: 'darwin/amd64', after: 'linux/amd64', warning: true };
    expect(out).toEqual({
      logs: [
        [
          'info',
          { event: 'activate', shellPid: 10, shell: 'bash', prefix: '/e/a', envName: 'named', shlvl: 1, goroot: '/usr/lib/go-1.22', goVersion: 'go1.22.1' },
        ],
        ['debug', { event: 'path_reexport_trimmed', shellPid: 10, prefix: '/e/a', shlvl: 1, entries: ['/x'] }],
        ...fixes.map((c) => ['info', { event: 'conflict_fixed', ...c }]),
        [
          'warn',
          {
            event: 'platform_mismatch',
            ...warning,
            hint: 'GOOS/GOARCH inherited from the shell differ from the env’s platform; fine when cross-compiling, else unset them',
          },
        ],
      ],
      events: [
        { type: 'activate', at: T, session },
        ...fixes.map((conflict) => ({ type: 'conflict_fixed', at: T, conflict })),
        { type: 'warning', at: T, conflict: warning },
      ],
    });
    expect(s.conflicts).toEqual([...fixes, warning]);
    expect(s.toJSON()).toEqual({ sessions: [session], conflicts: [...fixes, warning] });
  });

  test('the fallbacks: no sh (the facts name the shell, else sh), no env name (the prefix’s last part), no toolchain or an unusable one', () => {
    const s = new DaemonState();
    const noShell = { ...facts, shellOf: () => null };
    expect(s.apply({ ...base, ev: 'activate', goroot: '' }, noShell, now)).toEqual({
      logs: [['info', { event: 'activate', shellPid: 10, shell: 'sh', prefix: '/e/a', envName: 'a', shlvl: 1, goroot: null, goVersion: null }]],
      events: [
        {
          type: 'activate',
          at: NOW,
          session: { shellPid: 10, shell: 'sh', prefix: '/e/a', envName: 'a', shlvl: 1, goroot: null, goVersion: null, since: NOW },
        },
      ],
    });
    expect(s.apply({ ...base, pid: '11', ev: 'activate', goroot: '/opt/broken', path0: '/usr/bin' }, facts, now).logs).toEqual([
      ['info', { event: 'activate', shellPid: 11, shell: 'zsh', prefix: '/e/a', envName: 'a', shlvl: 1, goroot: '/opt/broken', goVersion: null }],
    ]);
  });

  test('the same env activated again keeps its start time; another env at that level starts afresh', () => {
    const s = new DaemonState();
    s.apply({ ...base, ev: 'activate', t: '1700000000' }, facts, now);
    s.apply({ ...base, ev: 'activate', t: '1700000100' }, facts, now);
    expect(s.sessionList().map((x) => x.since)).toEqual(['2023-11-14T22:13:20.000Z']);
    s.apply({ ...base, ev: 'activate', prefix: '/e/b', t: '1700000200' }, facts, now);
    expect(s.sessionList().map((x) => [x.prefix, x.since])).toEqual([['/e/b', '2023-11-14T22:16:40.000Z']]);
  });

  test('levels: a lower activation drops the levels above; a deactivation drops its own; shells listed by pid', () => {
    const s = new DaemonState();
    s.apply({ ...base, pid: '20', ev: 'activate' }, facts, now);
    for (const lvl of ['1', '2', '3']) s.apply({ ...base, lvl, prefix: `/e/l${lvl}`, ev: 'activate' }, facts, now);
    expect(s.sessionList().map((x) => [x.shellPid, x.shlvl, x.prefix])).toEqual([
      [10, 3, '/e/l3'],
      [20, 1, '/e/a'],
    ]);
    s.apply({ ...base, lvl: '2', prefix: '/e/again', ev: 'activate' }, facts, now);
    expect(s.toJSON().sessions.map((x) => [x.shellPid, x.shlvl, x.prefix])).toEqual([
      [20, 1, '/e/a'],
      [10, 1, '/e/l1'],
      [10, 2, '/e/again'],
    ]);
    expect(s.apply({ ...base, lvl: '2', prefix: '/e/again', ev: 'deactivate' }, facts, now)).toEqual({
      logs: [['info', { event: 'deactivate', shellPid: 10, shell: 'zsh', prefix: '/e/again', shlvl: 2 }]],
      events: [{ type: 'deactivate', at: NOW, shellPid: 10, prefix: '/e/again', shlvl: 2 }],
    });
    expect(s.sessionList().map((x) => [x.shellPid, x.shlvl])).toEqual([
      [10, 1],
      [20, 1],
    ]);
    s.apply({ ...base, ev: 'deactivate' }, facts, now);
    expect(s.sessionList().map((x) => x.shellPid)).toEqual([20]);
    expect([...s.sessions.keys()]).toEqual([20]);
  });

  test.each([
    ['plan', 'no valid toolchain for this env when its shims were written; see `gocondad status` and the log'],
    ['moved', 'the env is not at the prefix its shims were written for (moved or cloned); run `gocondad shims install` in it'],
    ['missing', 'the toolchain chosen for this env is gone; run `gocondad shims install` in it (the daemon does this on refresh)'],
    ['busy', 'shim skipped (busy)'],
    ['', 'shim skipped ()'],
    // found by these tests: `constructor` and `__proto__` picked up Object's members (a function, an object)
    ['constructor', 'shim skipped (constructor)'],
    ['__proto__', 'shim skipped (__proto__)'],
    ['toString', 'shim skipped (toString)'],
    [undefined, 'shim skipped (no reason given)'],
  ])('a skip whose reason is %p says %p', (why, text) => {
    const s = new DaemonState();
    const rec = { ...base, lvl: '2', ev: 'skip', ...(why === undefined ? {} : { why }) };
    expect(s.apply(rec, facts, now)).toEqual({
      logs: [['warn', { event: 'activation_skipped', shellPid: 10, prefix: '/e/a', shlvl: 2, reason: why, why: text }]],
      events: [{ type: 'activation_skipped', at: NOW, shellPid: 10, prefix: '/e/a', shlvl: 2, why: text }],
    });
    expect(s.sessions.size).toBe(0);
  });

  test('had_goroot alone says whether GOROOT was set before: a goroot0 with had_goroot 0 is no override; had_goroot 1 with no goroot0 is an empty one', () => {
    const s = new DaemonState();
    const act = { ...base, ev: 'activate', goroot: '/usr/lib/go-1.22', path0: '/usr/bin', t: '1700000000.5' };
    s.apply({ ...act, had_goroot: '0', goroot0: '/usr/lib/go-1.19' }, facts, now);
    s.apply({ ...act, pid: '11', had_goroot: '1' }, facts, now);
    expect(s.conflicts).toEqual([]);
  });

  test('each path alias the shim could not quote is one fix; empty entries are none', () => {
    const s = new DaemonState();
    s.apply({ ...base, ev: 'activate', goroot: '/usr/lib/go-1.22', path0: '/usr/bin', alias: '/e/a/x::/e/a/y:', t: '1700000000.5' }, facts, now);
    expect(s.conflicts).toEqual([
      { prefix: '/e/a', shellPid: 10, at: T, kind: 'unquotable-path-alias', before: null, after: '/e/a/x' },
      { prefix: '/e/a', shellPid: 10, at: T, kind: 'unquotable-path-alias', before: null, after: '/e/a/y' },
    ]);
  });

  test('at most 1000 conflicts are kept, the newest', () => {
    const s = new DaemonState();
    // each such activation makes exactly 2 fixes (invalid-goroot, shadowed-go)
    for (let i = 0; i < 501; i++)
      s.apply({ ...base, pid: String(i + 1), ev: 'activate', goroot: '/usr/lib/go-1.22', path0: '/env/bin', had_goroot: '1', goroot0: '/env' }, facts, now);
    expect(s.conflicts).toHaveLength(1000);
    expect([s.conflicts[0]!.shellPid, s.conflicts[0]!.kind, s.conflicts[999]!.shellPid]).toEqual([2, 'invalid-goroot', 501]);
    const t = DaemonState.fromJSON({ sessions: [], conflicts: [...s.conflicts, { kind: 'x' }] });
    expect(t.conflicts).toHaveLength(1000);
    expect(t.conflicts[0]).toEqual(s.conflicts[1]);
  });

  test('fromJSON takes what it can: an old `level` key, and skips what is no session', () => {
    const ok = { shellPid: 5, shell: 'bash', prefix: '/p', envName: 'p', shlvl: 2, goroot: null, goVersion: null, since: NOW };
    const old = { shellPid: 5, shell: 'bash', prefix: '/p', envName: 'p', goroot: null, goVersion: null, since: NOW };
    const s = DaemonState.fromJSON({
      sessions: [ok, { ...old, shellPid: 6, level: 1 }, null, 7, { shellPid: '8', shlvl: 1 }, { shellPid: 9 }],
      conflicts: 'no',
    });
    expect(s.toJSON()).toEqual({ sessions: [ok, { ...old, shellPid: 6, shlvl: 1 }], conflicts: [] });
    for (const junk of [null, undefined, 3, 'x', { sessions: 'x' }, { sessions: { 0: ok } }])
      expect(DaemonState.fromJSON(junk).toJSON()).toEqual({ sessions: [], conflicts: [] });
  });

  test('prune forgets exactly the dead shells and says which', () => {
    const s = new DaemonState();
    for (const pid of ['3', '1', '2']) s.apply({ ...base, pid, ev: 'activate' }, facts, now);
    expect(s.prune((pid) => pid === 1)).toEqual([3, 2]);
    expect(s.sessionList().map((x) => x.shellPid)).toEqual([1]);
    expect(s.prune(() => true)).toEqual([]);
  });

  test.each([
    ['1700000000', '2023-11-14T22:13:20.000Z'],
    ['1700000000.25', '2023-11-14T22:13:20.250Z'],
    ['0', '1970-01-01T00:00:00.000Z'],
    ['', NOW],
    [undefined, NOW],
    ['-1', NOW],
    ['1e9', NOW],
    [' 1700000000', NOW],
    ['1700000000 ', NOW],
    ['1700000000.', NOW],
    ['.5', NOW],
    ['x1700000000', NOW],
    ['1700000000x', NOW],
    ['8640000000000', '+275760-09-13T00:00:00.000Z'],
    ['8640000000001', NOW],
  ])('recordTime(%p) is %p', (t, iso) => expect(recordTime(t === undefined ? {} : { t }, now)).toBe(iso));
});

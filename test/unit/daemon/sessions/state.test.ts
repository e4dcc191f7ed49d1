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

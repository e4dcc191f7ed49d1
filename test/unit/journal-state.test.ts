import { detectConflicts, type Facts } from '../../src/core/conflicts';
import { parseJournal } from '../../src/core/journal';
import { DaemonState, RecordError, type StateFacts } from '../../src/daemon/state';

const rec = (fields: Record<string, string>) => Buffer.from(`\x01gcd1\0${Object.entries(fields).map(([k, v]) => `${k}=${v}\0`).join('')}\x01end\0\n`);

describe('parseJournal', () => {
  test('records with any byte but NUL in values', () => {
    const buf = Buffer.concat([rec({ a: "x'y\n$(z)`w` é", b: '' }), rec({ c: '=' })]);
    const r = parseJournal(buf);
    expect(r.records).toEqual([{ a: "x'y\n$(z)`w` é", b: '' }, { c: '=' }]);
    expect(r.consumed).toBe(buf.length);
    expect(r.garbage).toEqual([]);
  });
  test('an incomplete record waits for more bytes', () => {
    const full = rec({ a: '1' });
    const r = parseJournal(full.subarray(0, full.length - 8));
    expect(r.records).toEqual([]);
    expect(r.consumed).toBe(0);
  });
  test('garbage and torn records are skipped, the next record is found', () => {
    const buf = Buffer.concat([Buffer.from('junk\0junk'), Buffer.from('\x01gcd1\0a=1\0'), rec({ b: '2' }), Buffer.from('\x01gcd1\0noequals\0'), rec({ c: '3' })]);
    const r = parseJournal(buf, true);
    expect(r.records).toEqual([{ b: '2' }, { c: '3' }]);
    expect(r.garbage.length).toBeGreaterThanOrEqual(2);
  });
});

const facts: StateFacts = {
  inspect: (root) => (root.startsWith('/usr/lib/go-') ? { ok: true, toolchain: { root, version: `go${root.slice(12)}.1`, semver: `${root.slice(12)}.1` } } : { ok: false, root, reason: 'no src/runtime' }),
  goIn: (dir) => (['/env/bin', '/usr/lib/go-1.19/bin', '/usr/lib/go-1.22/bin'].includes(dir) ? `${dir}/go` : null),
  realpath: (p) => p,
  shellOf: () => 'zsh',
};

describe('detectConflicts', () => {
  const base = { prefix: '/env', shellPid: 7, goroot: '/usr/lib/go-1.22', gorootBefore: null, pathBefore: '/env/bin:/usr/bin', staleRemoved: [], at: 't' };
  test('a go earlier on PATH is shadowed-go', () => {
    expect(detectConflicts(base, facts as Facts)).toEqual([{ kind: 'shadowed-go', prefix: '/env', shellPid: 7, at: 't', before: '/env/bin/go', after: '/usr/lib/go-1.22/bin/go' }]);
  });
  test('the chosen go first on PATH is no conflict; an empty entry is skipped', () => {
    expect(detectConflicts({ ...base, pathBefore: '::/usr/lib/go-1.22/bin:/env/bin' }, facts as Facts)).toEqual([]);
  });
  test('GOROOT: invalid vs another valid toolchain vs the same', () => {
    const kinds = (g: string) => detectConflicts({ ...base, pathBefore: '', gorootBefore: g }, facts as Facts).map((c) => c.kind);
    expect(kinds('/env')).toEqual(['invalid-goroot']);
    expect(kinds('/usr/lib/go-1.19')).toEqual(['goroot-override']);
    expect(kinds('/usr/lib/go-1.22')).toEqual([]);
    expect(kinds('')).toEqual([]);
  });
  test('stale entries are reported', () => {
    expect(detectConflicts({ ...base, pathBefore: '', staleRemoved: ['/usr/lib/go-1.19/bin'] }, facts as Facts)).toEqual([expect.objectContaining({ kind: 'stale-path-entry', before: '/usr/lib/go-1.19/bin', after: null })]);
  });
});

describe('DaemonState', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const act = (pid: string, lvl: string, prefix: string, extra: Record<string, string> = {}) => ({ v: '1', ev: 'activate', pid, lvl, prefix, goroot: '/usr/lib/go-1.22', path0: '/usr/bin', ...extra });
  test('sessions follow activate, stack and deactivate', () => {
    const s = new DaemonState();
    s.apply(act('10', '1', '/a'), facts, now);
    s.apply(act('10', '2', '/b'), facts, now);
    expect(s.sessionList()).toEqual([expect.objectContaining({ shellPid: 10, prefix: '/b', level: 2, shell: 'zsh', goVersion: 'go1.22.1' })]);
    s.apply({ v: '1', ev: 'deactivate', pid: '10', lvl: '2', prefix: '/b' }, facts, now);
    expect(s.sessionList()).toEqual([expect.objectContaining({ prefix: '/a', level: 1 })]);
    s.apply({ v: '1', ev: 'deactivate', pid: '10', lvl: '1', prefix: '/a' }, facts, now);
    expect(s.sessionList()).toEqual([]);
  });
  test('conflicts are kept and logged as conflict_fixed', () => {
    const s = new DaemonState();
    const out = s.apply(act('11', '1', '/env', { path0: '/env/bin', had_goroot: '1', goroot0: '/env' }), facts, now);
    expect(s.conflicts.map((c) => c.kind)).toEqual(['invalid-goroot', 'shadowed-go']);
    expect(out.logs.filter(([, o]) => o.event === 'conflict_fixed')).toHaveLength(2);
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

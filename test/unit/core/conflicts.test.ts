import { detectConflicts, type Facts } from '../../../src/core/conflicts';
import { facts } from '../../helpers/fake-facts';

describe('detectConflicts', () => {
  const base = { prefix: '/env', shellPid: 7, goroot: '/usr/lib/go-1.22', gorootBefore: null, pathBefore: '/env/bin:/usr/bin', staleRemoved: [], at: 't' };
  test('a go earlier on PATH is shadowed-go', () => {
    expect(detectConflicts(base, facts as Facts)).toEqual([
      { kind: 'shadowed-go', prefix: '/env', shellPid: 7, at: 't', before: '/env/bin/go', after: '/usr/lib/go-1.22/bin/go' },
    ]);
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
  test('an alias on PATH for a toolchain conda cannot quote is its own kind, naming the true dir', () => {
    const f = { ...facts, readlink: (p: string) => (p === '/al/0123' ? "/opt/go 'x'/bin" : null) };
    expect(detectConflicts({ ...base, pathBefore: '', aliases: ['/al/0123'] }, f as Facts)).toEqual([
      expect.objectContaining({ kind: 'unquotable-path-alias', before: "/opt/go 'x'/bin", after: '/al/0123' }),
    ]);
  });
  test('stale entries are reported', () => {
    expect(detectConflicts({ ...base, pathBefore: '', staleRemoved: ['/usr/lib/go-1.19/bin'] }, facts as Facts)).toEqual([
      expect.objectContaining({ kind: 'stale-path-entry', before: '/usr/lib/go-1.19/bin', after: null }),
    ]);
  });
});

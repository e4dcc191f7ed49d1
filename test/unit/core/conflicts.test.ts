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

describe('detectConflicts, each conflict written out', () => {
  const base = { prefix: '/env', shellPid: 7, goroot: '/usr/lib/go-1.22', gorootBefore: null, pathBefore: '', staleRemoved: [], at: 't' };
  const head = { prefix: '/env', shellPid: 7, at: 't' };

  test('everything at once, in its order', () => {
    const f = { ...facts, readlink: () => '/true/bin' };
    expect(
      detectConflicts(
        {
          ...base,
          gorootBefore: '/usr/lib/go-1.19',
          pathBefore: '/usr/bin:/env/bin:/usr/lib/go-1.19/bin',
          staleRemoved: ['/old/a', '/old/b'],
          aliases: ['/al/1'],
          leaked: ['GOOS'],
          goos0: 'linux',
          goarch0: 'arm64',
          goos: 'linux',
          goarch: 'amd64',
        },
        f as Facts,
      ),
    ).toEqual([
      { ...head, kind: 'goroot-override', before: '/usr/lib/go-1.19', after: '/usr/lib/go-1.22' },
      // Only the first go on PATH counts.
      { ...head, kind: 'shadowed-go', before: '/env/bin/go', after: '/usr/lib/go-1.22/bin/go' },
      { ...head, kind: 'stale-path-entry', before: '/old/a', after: null },
      { ...head, kind: 'stale-path-entry', before: '/old/b', after: null },
      { ...head, kind: 'unquotable-path-alias', before: '/true/bin', after: '/al/1' },
      { ...head, kind: 'leaked-go-activation', before: 'GOOS', after: null },
      { ...head, kind: 'platform-mismatch', before: 'linux/arm64', after: 'linux/amd64', warning: true },
    ]);
  });

  test('the same toolchain by another spelling (its real path) is no override, and its go no shadow', () => {
    const f = { ...facts, realpath: (p: string) => p.replace('/usr/lib/go-latest', '/usr/lib/go-1.22') };
    expect(
      detectConflicts({ ...base, gorootBefore: '/usr/lib/go-latest', pathBefore: '/usr/lib/go-latest/bin' }, { ...f, goIn: (d: string) => `${d}/go` } as Facts),
    ).toEqual([]);
  });

  test('the same path twice is the same toolchain without asking the disk (the daemon asks per activation)', () => {
    const realpath = jest.fn((p: string) => p);
    expect(
      detectConflicts({ ...base, gorootBefore: '/usr/lib/go-1.22', pathBefore: '/usr/lib/go-1.22/bin:/env/bin' }, { ...facts, realpath } as Facts),
    ).toEqual([]);
    expect(realpath).not.toHaveBeenCalled();
  });

  test('an empty PATH entry (the current directory) says nothing even when a go is there', () => {
    const f = { ...facts, goIn: (d: string) => (d === '' ? 'go' : null) };
    expect(detectConflicts({ ...base, pathBefore: ':/usr/bin' }, f as Facts)).toEqual([]);
  });

  test('an invalid GOROOT before, named', () => {
    expect(detectConflicts({ ...base, gorootBefore: '/nowhere' }, facts as Facts)).toEqual([
      { ...head, kind: 'invalid-goroot', before: '/nowhere', after: '/usr/lib/go-1.22' },
    ]);
  });

  test('no readlink in the facts: the alias is reported with no target; no leak when the list is empty', () => {
    expect(detectConflicts({ ...base, aliases: ['/al/2'], leaked: [] }, facts as Facts)).toEqual([
      { ...head, kind: 'unquotable-path-alias', before: null, after: '/al/2' },
    ]);
  });

  test('platform: either part differing warns; an unknown side (empty or absent) says nothing', () => {
    const kinds = (o: object) => detectConflicts({ ...base, ...o }, facts as Facts);
    expect(kinds({ goos0: 'darwin', goarch0: 'amd64', goos: 'linux', goarch: 'amd64' })).toEqual([
      { ...head, kind: 'platform-mismatch', before: 'darwin/amd64', after: 'linux/amd64', warning: true },
    ]);
    expect(kinds({ goos0: '', goarch0: 'arm64', goos: 'linux', goarch: 'amd64' })).toEqual([
      { ...head, kind: 'platform-mismatch', before: '-/arm64', after: 'linux/amd64', warning: true },
    ]);
    expect(kinds({ goos0: 'darwin', goos: 'linux', goarch: 'amd64' })).toEqual([
      { ...head, kind: 'platform-mismatch', before: 'darwin/-', after: 'linux/amd64', warning: true },
    ]);
    expect(kinds({ goos0: 'linux', goarch0: 'amd64', goos: 'linux', goarch: 'amd64' })).toEqual([]);
    expect(kinds({ goos0: 'linux', goarch0: 'arm64', goos: 'linux', goarch: '' })).toEqual([]);
    expect(kinds({ goos0: 'linux', goarch0: 'arm64', goos: 'linux' })).toEqual([]);
    expect(kinds({ goos: 'linux', goarch: 'amd64' })).toEqual([]);
  });
});

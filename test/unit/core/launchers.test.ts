// Which launcher names exist and which toolchain serves each; which toolchain a go.mod needs. Pure.
import { launcherTable, neededToolchain, readGoDirectives } from '../../../src/core/launchers';
import type { Toolchain } from '../../../src/core/toolchains';

const tc = (version: string, root: string, semver: string): Toolchain => ({ version, root, semver });
const t19 = tc('go1.19.8', '/usr/lib/go-1.19', '1.19.8');
const t21 = tc('go1.21.13', '/usr/lib/go-1.21', '1.21.13');
const t22 = tc('go1.22.12', '/usr/lib/go-1.22', '1.22.12');
const t22old = tc('go1.22.5', '/opt/go1.22.5', '1.22.5');
const t23 = tc('go1.23.5', '/usr/lib/go-1.23', '1.23.5');
const t24rc = tc('go1.24rc1', '/opt/go1.24rc1', '1.24.0-rc.1');

describe('launcherTable', () => {
  // Built in beforeAll, not while jest collects the tests: a launcherTable that throws then fails these
  // tests (Stryker: killed), where at collection it failed the file as a whole (Stryker: RuntimeError).
  let table: Map<string, Toolchain>;
  beforeAll(() => {
    table = launcherTable([t19, t21, t22, t22old, t23, t24rc]);
  });
  const served = (name: string) => table.get(name)?.version ?? null;
  test.each([
    ['go1.23.0', 'go1.23.5'], // `go 1.23` and `go 1.23.0` lines: the newest 1.23 patch stands in
    ['go1.23.4', 'go1.23.5'],
    ['go1.23.5', 'go1.23.5'], // `toolchain go1.23.5`: exactly it
    ['go1.22.0', 'go1.22.12'],
    ['go1.22.5', 'go1.22.5'], // an exact local toolchain is preferred to a stand-in
    ['go1.22.6', 'go1.22.12'],
    ['go1.21.0', 'go1.21.13'],
    ['go1.24rc1', 'go1.24rc1'],
  ])('%s is served by %s', (name, version) => expect(served(name)).toBe(version));
  test.each(['go1.23.6', 'go1.24.0', 'go1.19.8', 'go1.20.0', 'go1.24rc2'])('%s has no launcher (nothing local satisfies it, or Go < 1.21 never asks)', (name) =>
    expect(served(name)).toBeNull(),
  );
  test('names per minor: .0 up to the newest patch', () => {
    expect([...table.keys()].filter((n) => n.startsWith('go1.23.'))).toEqual(['go1.23.0', 'go1.23.1', 'go1.23.2', 'go1.23.3', 'go1.23.4', 'go1.23.5']);
  });
});

describe('what a module needs', () => {
  test.each([
    ['go 1.21', null, 'go1.21.0'],
    ['go 1.22.0', null, 'go1.22.0'],
    ['go 1.23', null, 'go1.23.0'],
    ['go 1.21', 'go1.23.5', 'go1.23.5'],
    ['go 1.23.6', 'go1.23.5', 'go1.23.6'],
    ['go 1.24rc1', null, 'go1.24rc1'],
    [null, null, null],
  ])('go %j, toolchain %j -> %j', (go, toolchain, want) => expect(neededToolchain(go?.replace('go ', '') ?? null, toolchain)).toBe(want));
  test('directives of go.mod and go.work, comments and other lines ignored', () => {
    expect(readGoDirectives('module x\n\ngo 1.22.0 // note\n\ntoolchain go1.23.5\n\nrequire y v1.0.0\n')).toEqual({ go: '1.22.0', toolchain: 'go1.23.5' });
    expect(readGoDirectives('go 1.21\n\nuse ./a\n')).toEqual({ go: '1.21', toolchain: null });
  });
});

describe('launcherTable, whole tables written out', () => {
  test('one minor in any order: the newest found whichever comes first; an exact patch kept; prereleases by name', () => {
    const a = tc('go1.22.2', '/a', '1.22.2');
    const b = tc('go1.22.0', '/b', '1.22.0');
    const rc = tc('go1.21rc2', '/rc', '1.21.0-rc.2');
    const beta = tc('go1.23beta1', '/beta', '1.23.0-beta.1');
    const old = tc('go1.20.14', '/old', '1.20.14');
    for (const order of [
      [a, b, rc, beta, old],
      [old, beta, rc, b, a],
    ]) {
      const table = launcherTable(order);
      expect(Object.fromEntries([...table].map(([name, t]) => [name, t.root]))).toEqual({
        'go1.21rc2': '/rc',
        'go1.23beta1': '/beta',
        'go1.22.0': '/b',
        'go1.22.1': '/a',
        'go1.22.2': '/a',
      });
    }
  });

  test('nothing at or above 1.21: no launchers', () => {
    expect(launcherTable([tc('go1.20.1', '/x', '1.20.1'), tc('go1.19', '/y', '1.19.0')]).size).toBe(0);
    expect(launcherTable([]).size).toBe(0);
  });
});

describe('neededToolchain and readGoDirectives at their edges', () => {
  test.each([
    [null, 'default', null],
    ['1.22', 'default', 'go1.22.0'],
    [null, 'go1.21', 'go1.21.0'],
    ['1.23.1', 'go1.23', 'go1.23.1'],
    ['', '', null],
    ['1.21rc1', 'go1.21.0', 'go1.21.0'],
    ['1.22.0', 'go1.21.9', 'go1.22.0'],
    ['go1.22.3', null, 'go1.22.3'],
    // Only a leading "go" is dropped, only a whole "1.N" gets its ".0", and of two that compare equal the go line's wins.
    ['1.21go', null, 'go1.21go'],
    ['x1.22', null, 'gox1.22'],
    ['1.21.0', 'go1.21.0-custom', 'go1.21.0'],
  ])('go %j, toolchain %j -> %j', (go, toolchain, want) => expect(neededToolchain(go, toolchain)).toBe(want));

  test.each([
    ['  go   1.22  \n', { go: '1.22', toolchain: null }],
    ['\tgo 1.22\t// c\n\ttoolchain go1.23.1 //x\n', { go: '1.22', toolchain: 'go1.23.1' }],
    ['xgo 1.22\ngo1.22\n// toolchain go1.9\n', { go: null, toolchain: null }],
    ['go 1.22 extra\n', { go: null, toolchain: null }],
    ['module m\ngo 1.21', { go: '1.21', toolchain: null }],
    ['', { go: null, toolchain: null }],
  ])('readGoDirectives(%j)', (text, out) => expect(readGoDirectives(text)).toEqual(out));
});

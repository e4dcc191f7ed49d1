// The go-line fix checked against the required modules' go lines (issue 20 §7).
import type { CondaSide } from '../../../src/sync/conda/types';
import { loadCondaVersions, type CondaVersions } from '../../../src/sync/condaver';
import type { DepGoLines } from '../../../src/sync/depgo';
import { carriers, disagreement, toolchainGoFix } from '../../../src/sync/toolchain-check';

test('a dependency that needs a newer Go than the env has: no go-line fix, the reason named', () => {
  const f = toolchainGoFix('1.25.0', '1.22.5', { max: { module: 'golang.org/x/sys@v0.30.0', go: '1.23.0' }, missing: [] });
  expect(f.goEdit).toBeNull();
  expect(f.fix.go).toBe(
    "none: golang.org/x/sys@v0.30.0 needs go 1.23.0 (its go.mod in the module cache), newer than the env's go 1.22.5; give the env go >=1.23.0 instead",
  );
});

test('a dependency that needs a newer patch the env has: the line goes to it, not to the bare minor', () => {
  expect(toolchainGoFix('1.25.0', '1.22.5', { max: { module: 'm@v1', go: '1.22.3' }, missing: [] }).goEdit).toEqual(['-go=1.22.3']);
  expect(toolchainGoFix('1.25.0', '1.22.5', { max: { module: 'm@v1', go: '1.21' }, missing: [] }).goEdit).toEqual(['-go=1.22']);
});

test('modules missing from the cache: the fix says it could not check them', () => {
  const f = toolchainGoFix('1.25.0', '1.22.5', {
    max: null,
    missing: [
      { path: 'a', version: 'v1.0.0' },
      { path: 'b', version: 'v1.0.0' },
    ],
  });
  expect(f.goEdit).toEqual(['-go=1.22']);
  expect(f.fix.go).toContain('not checked against the go lines of 2 required modules missing from the module cache (run `go mod download`)');
});

// Issue 21 §1: each judgment at its edges, whole values.
describe('carriers', () => {
  const side = (names: string[]): CondaSide => ({
    kind: 'prefix',
    file: '/env',
    goflags: null,
    regenerate: null,
    packages: new Map(names.map((n) => [n, { name: n, spec: null, version: '1.22.5', build: null, file: '/env', line: null }])),
  });
  test.each<[string[], string[]]>([
    [
      ['zlib', 'go-nocgo', 'go-cgo', 'go', '_go_select', 'gopls'],
      ['go', 'go-cgo', 'go-nocgo'],
    ],
    [
      ['go-nocgo', 'go-cgo'],
      ['go-cgo', 'go-nocgo'],
    ],
    [
      ['go-cgo', 'go'],
      ['go', 'go-cgo'],
    ],
    [
      ['go', 'go-cgo'],
      ['go', 'go-cgo'],
    ],
    // go last in the input, among platform-suffixed and go-core carriers
    [
      ['go_linux-64', 'go-core', 'go-cgo_linux-64', 'go-nocgo', 'go'],
      ['go', 'go_linux-64', 'go-cgo_linux-64', 'go-core', 'go-nocgo'],
    ],
    [['zlib'], []],
  ])('%j -> %j (go first, then by name)', (names, want) => {
    expect(carriers(side(names))).toStrictEqual(want);
  });
});

describe('disagreement', () => {
  let cv: CondaVersions;
  beforeAll(async () => {
    cv = await loadCondaVersions();
  });
  const side = (pkgs: [string, string | null, string | null][]): CondaSide => ({
    kind: 'environment.yml',
    file: '/p/environment.yml',
    goflags: null,
    regenerate: null,
    packages: new Map(pkgs.map(([name, version, spec]) => [name, { name, spec, version, build: null, file: '/p/environment.yml', line: null }])),
  });
  const judge = (pkgs: [string, string | null, string | null][]) =>
    disagreement(
      side(pkgs),
      pkgs.map((p) => p[0]),
      cv,
    );
  test.each<[string, [string, string | null, string | null][], ReturnType<typeof disagreement>]>([
    // one carrier, or none, has nothing to disagree with, even under a spec no version satisfies (the checker calls it so)
    ['no carrier', [], null],
    ['one carrier under a spec no version satisfies', [['go', null, '>=1.23,<1.22']], null],
    ['one locked carrier', [['go-cgo', '1.22.5', '1.21.*']], null],
    [
      'one locked version for all',
      [
        ['go', '1.22.5', null],
        ['go-cgo', '1.22.5', null],
        ['go-nocgo', '1.22.5', null],
      ],
      null,
    ],
    [
      'a third locked version differs',
      [
        ['go', '1.22.5', null],
        ['go-cgo', '1.22.5', null],
        ['go-nocgo', '1.22.6', null],
      ],
      { a: 'go', aFact: '1.22.5', b: 'go-nocgo', bFact: '1.22.6' },
    ],
    [
      'a locked version differs (its spec is not its fact)',
      [
        ['go', '1.22.5', '>=1.22'],
        ['go-cgo', '1.23.0', '1.23.*'],
      ],
      { a: 'go', aFact: '1.22.5', b: 'go-cgo', bFact: '1.23.0' },
    ],
    [
      'a spec beside a locked version it admits',
      [
        ['go', null, '>=1.22'],
        ['go-cgo', '1.22.5', null],
      ],
      null,
    ],
    [
      'go’s spec rejects go-cgo’s locked version',
      [
        ['go', null, '>=1.24'],
        ['go-cgo', '1.22.5', null],
      ],
      { a: 'go', aFact: '>=1.24', b: 'go-cgo', bFact: '1.22.5' },
    ],
    [
      'go-cgo’s spec rejects go’s locked version: still said of go-cgo',
      [
        ['go', '1.22.5', null],
        ['go-cgo', null, '>=1.24'],
      ],
      { a: 'go', aFact: '1.22.5', b: 'go-cgo', bFact: '>=1.24' },
    ],
    [
      'two specs with a version in common',
      [
        ['go', null, '>=1.22'],
        ['go-cgo', null, '<1.23'],
      ],
      null,
    ],
    [
      'two specs with none in common',
      [
        ['go', null, '>=1.24'],
        ['go-cgo', null, '<1.23'],
      ],
      { a: 'go', aFact: '>=1.24', b: 'go-cgo', bFact: '<1.23' },
    ],
    [
      'a spec beside a carrier with neither spec nor version',
      [
        ['go', null, null],
        ['go-cgo', null, '>=1.22'],
      ],
      null,
    ],
    [
      'a spec nothing satisfies beside one with neither',
      [
        ['go', null, null],
        ['go-cgo', null, '>=5,<3'],
      ],
      { a: 'go', aFact: '(any version)', b: 'go-cgo', bFact: '>=5,<3' },
    ],
    [
      'go’s own spec admits nothing: said of go against go-cgo, never of go against itself',
      [
        ['go', null, '>=5,<3'],
        ['go-cgo', null, null],
      ],
      { a: 'go', aFact: '>=5,<3', b: 'go-cgo', bFact: '(any version)' },
    ],
  ])('%s', (_name, pkgs, want) => {
    expect(judge(pkgs)).toStrictEqual(want);
  });
});

describe('toolchainGoFix at its edges', () => {
  const fix = (line: string) => ({
    fix: { conda: null, go: `go mod edit -go=${line}  (or keep go 1.25.0 and give the env a newer toolchain: \`go: ">=1.25.0"\` in $PREFIX/etc/gocondad.yml)` },
    goEdit: [`-go=${line}`],
  });
  test.each<[string, DepGoLines | null, ReturnType<typeof toolchainGoFix>]>([
    ['no module cache facts', null, fix('1.22')],
    ['no requirement has a go line', { max: null, missing: [] }, fix('1.22')],
    ['the highest is below the env’s minor', { max: { module: 'm@v1', go: '1.21.0' }, missing: [] }, fix('1.22')],
    ['the highest is the env’s minor itself', { max: { module: 'm@v1', go: '1.22' }, missing: [] }, fix('1.22')],
    ['the highest is exactly the env’s go', { max: { module: 'm@v1', go: '1.22.5' }, missing: [] }, fix('1.22.5')],
    [
      'the highest is one patch above the env’s go',
      { max: { module: 'm@v1', go: '1.22.6' }, missing: [] },
      {
        fix: {
          conda: null,
          go: "none: m@v1 needs go 1.22.6 (its go.mod in the module cache), newer than the env's go 1.22.5; give the env go >=1.22.6 instead",
        },
        goEdit: null,
      },
    ],
    [
      'one module missing from the cache',
      { max: null, missing: [{ path: 'a', version: 'v1.0.0' }] },
      {
        fix: {
          conda: null,
          go: 'go mod edit -go=1.22  (or keep go 1.25.0 and give the env a newer toolchain: `go: ">=1.25.0"` in $PREFIX/etc/gocondad.yml; not checked against the go lines of 1 required module missing from the module cache (run `go mod download`))',
        },
        goEdit: ['-go=1.22'],
      },
    ],
  ])('%s', (_name, dep, want) => {
    expect(toolchainGoFix('1.25.0', '1.22.5', dep)).toStrictEqual(want);
  });

  // Before Go 1.21 a language version and its .0 release are one version ("1.20" == "1.20.0" in Go's
  // order): a module asking for 1.20.0 needs nothing above the env's minor, so the line stays "1.20".
  test('go 1.20.5 and a module asking for 1.20.0 (the same version as 1.20 before Go 1.21): the line stays 1.20', () => {
    expect(toolchainGoFix('1.25.0', '1.20.5', { max: { module: 'm@v1', go: '1.20.0' }, missing: [] })).toStrictEqual({
      fix: { conda: null, go: 'go mod edit -go=1.20  (or keep go 1.25.0 and give the env a newer toolchain: `go: ">=1.25.0"` in $PREFIX/etc/gocondad.yml)' },
      goEdit: ['-go=1.20'],
    });
  });
});

test('a locked carrier is tried at its locked version alone, not at its (stale) manifest spec: go 1.22.5 locked under `1.21.*` agrees with go-cgo `1.22.*`', async () => {
  const pkg = (name: string, spec: string, version: string | null) => ({ name, spec, version, build: null, file: '/p/pixi.toml', line: null });
  const side: CondaSide = {
    kind: 'pixi',
    file: '/p/pixi.lock',
    goflags: null,
    regenerate: 'pixi lock',
    packages: new Map([
      ['go', pkg('go', '1.21.*', '1.22.5')],
      ['go-cgo', pkg('go-cgo', '1.22.*', null)],
    ]),
  };
  expect(disagreement(side, ['go', 'go-cgo'], await loadCondaVersions())).toBeNull();
});

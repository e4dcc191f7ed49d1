// Rules as data: each version-map kind both ways, conditions, merging, GOFLAGS tags.
import { BUILTIN_RULES } from '../../../src/sync/builtin';
import { loadCondaVersions, type CondaVersions } from '../../../src/sync/condaver';
import {
  GO_CARRIER,
  goSideFor,
  linksImported,
  mergeRules,
  neededSpec,
  ruleApplies,
  ruleMatches,
  rulePackages,
  tagsFromGoflags,
  unmappable,
  type SyncRule,
} from '../../../src/sync/rules';

let cv: CondaVersions;

beforeAll(async () => {
  cv = await loadCondaVersions();
});

const rule = (go_module: string) => BUILTIN_RULES.find((r) => r.go_module === go_module)!;

describe('version maps', () => {
  test('identity: +incompatible and v stripped, exact', () => {
    const tf = rule('github.com/tensorflow/tensorflow');
    expect(neededSpec(tf, tf.go_module, 'v2.15.0+incompatible')).toBe('==2.15.0');
    expect(goSideFor(tf, tf.go_module, 'v2.15.0+incompatible', '2.16.1', cv.matches)?.command).toBe(
      'go get github.com/tensorflow/tensorflow@v2.16.1+incompatible',
    );
  });
  test('major: /vN -> spec, and back to the /vN a conda version fits', () => {
    const g = rule('github.com/libgit2/git2go/v*');
    expect(neededSpec(g, 'github.com/libgit2/git2go/v34', 'v34.0.0')).toBe('1.5.*');
    expect(neededSpec(g, 'github.com/libgit2/git2go/v33', 'v33.0.9')).toBe('1.3.*');
    expect(neededSpec(g, 'github.com/libgit2/git2go/v32', 'v32.1.0')).toBe('1.2.*');
    expect(neededSpec(g, 'github.com/libgit2/git2go/v35', 'v35.0.0')).toBeNull();
    expect(goSideFor(g, 'github.com/libgit2/git2go/v34', 'v34.0.0', '1.3.0', cv.matches)).toEqual({
      command: 'go get github.com/libgit2/git2go/v33@latest',
      text: expect.stringMatching(/new major/),
    });
    expect(goSideFor(g, 'github.com/libgit2/git2go/v34', 'v34.0.0', '1.9.0', cv.matches)).toBeNull();
  });
  test('table: module range -> spec; back: the lowest version of the matching range', () => {
    const gocv = rule('gocv.io/x/gocv');
    expect(['v0.34.0', 'v0.35.0', 'v0.36.1', 'v0.37.0', 'v0.39.0', 'v0.40.0', 'v0.44.0'].map((v) => neededSpec(gocv, gocv.go_module, v))).toEqual([
      '4.8.0',
      '4.8.1',
      '4.9.0',
      '4.10.0',
      '4.10.0',
      '4.11.0',
      null,
    ]);
    expect(cv.matches('4.10.0', '4.10')).toBe(true);
    expect(goSideFor(gocv, gocv.go_module, 'v0.36.0', '4.10.0', cv.matches)?.command).toBe('go get gocv.io/x/gocv@v0.37.0');
  });
  test('minimum: from the module version (kafka) or fixed (zmq4)', () => {
    const k = rule('github.com/confluentinc/confluent-kafka-go/v*');
    expect(neededSpec(k, 'github.com/confluentinc/confluent-kafka-go/v2', 'v2.4.0')).toBe('>=2.4.0');
    // a pseudo-version is a commit: no release to derive a minimum from (issue 20 §2)
    expect(neededSpec(k, 'github.com/confluentinc/confluent-kafka-go/v2', 'v2.4.1-0.20240101010101-abcdefabcdef')).toBeNull();
    expect(goSideFor(k, 'github.com/confluentinc/confluent-kafka-go/v2', 'v2.4.0', '2.3.0', cv.matches)?.command).toBe(
      'go get github.com/confluentinc/confluent-kafka-go/v2@v2.3.0',
    );
    const z = rule('github.com/pebbe/zmq4');
    expect(neededSpec(z, z.go_module, 'v1.2.10')).toBe('>=4.0.1');
    expect(cv.matches('>=4.0.1', '4.0.0')).toBe(false);
  });
  test('spec: one spec whatever the version (bimg, libpcap)', () => {
    const b = rule('github.com/h2non/bimg');
    expect(neededSpec(b, b.go_module, 'v1.1.9')).toBe('>=8.3');
    expect(cv.matches('>7.40', '7.40')).toBe(false);
    expect(cv.matches('>7.40', '8.15.3')).toBe(true);
    expect(neededSpec(rule('github.com/google/gopacket'), 'github.com/google/gopacket', 'v1.1.19')).toBe('*');
  });
  test('the toolchain rule: go line -> go >= it', () => {
    const t = rule('go');
    expect(neededSpec(t, 'go', '1.22')).toBe('>=1.22');
    expect(cv.matches('>=1.22', '1.22.0')).toBe(true);
    expect(cv.matches('>=1.24', '1.23.6')).toBe(false);
  });
});

describe('conditions', () => {
  test('module patterns: /v* takes any major, a plain path only itself', () => {
    const g = rule('github.com/libgit2/git2go/v*');
    expect(ruleMatches(g, 'github.com/libgit2/git2go/v34')).toBe(true);
    expect(ruleMatches(g, 'github.com/libgit2/git2go')).toBe(true);
    expect(ruleMatches(g, 'github.com/libgit2/git2go-fork/v34')).toBe(false);
    expect(ruleMatches(rule('gocv.io/x/gocv'), 'gocv.io/x/gocv/contrib')).toBe(false);
  });
  test('tags and unless_tags', () => {
    const k = rule('github.com/confluentinc/confluent-kafka-go/v*');
    expect(ruleApplies(k, new Set())).toBe(false);
    expect(ruleApplies(k, new Set(['dynamic']))).toBe(true);
    expect(ruleApplies(rule('github.com/libgit2/git2go/v*'), new Set(['static']))).toBe(false);
    expect(ruleApplies(rule('github.com/mattn/go-sqlite3'), new Set(['libsqlite3']))).toBe(true);
    expect(ruleApplies(rule('github.com/DataDog/zstd'), new Set())).toBe(false);
  });
  test('a coupling needs a package that links the library: gopacket/pcap, tensorflow/go (not its protobuf packages), any gocv package', () => {
    const p = rule('github.com/google/gopacket');
    expect(linksImported(p, p.go_module, new Set(['github.com/google/gopacket/layers']))).toBe(false);
    expect(linksImported(p, p.go_module, new Set(['github.com/google/gopacket/pcap']))).toBe(true);
    const tf = rule('github.com/tensorflow/tensorflow');
    const protos = new Set([
      'github.com/tensorflow/tensorflow/tensorflow/go/core/framework/tensor_go_proto',
      'github.com/tensorflow/tensorflow/tensorflow/go/core/protobuf/for_core_protos_go_proto',
    ]);
    expect(linksImported(tf, tf.go_module, protos)).toBe(false);
    expect(linksImported(tf, tf.go_module, new Set([...protos, 'github.com/tensorflow/tensorflow/tensorflow/go']))).toBe(true);
    const cv = rule('gocv.io/x/gocv');
    expect(linksImported(cv, cv.go_module, new Set(['gocv.io/x/gocv/contrib']))).toBe(true);
    expect(linksImported(cv, cv.go_module, new Set(['gocv.io/x/gocvx']))).toBe(false);
    const g = rule('github.com/libgit2/git2go/v*');
    expect(linksImported(g, 'github.com/libgit2/git2go/v34', new Set(['github.com/libgit2/git2go/v34']))).toBe(true);
  });
  test('pseudo-versions and non-semver versions cannot be mapped by identity, tables or the module version as minimum', () => {
    const tf = rule('github.com/tensorflow/tensorflow');
    const pseudo = 'v0.0.0-00010101000000-000000000000';
    expect(unmappable(tf, pseudo)).toMatch(/pseudo-version/);
    expect(neededSpec(tf, tf.go_module, pseudo)).toBeNull();
    const k = rule('github.com/confluentinc/confluent-kafka-go/v*');
    expect(neededSpec(k, 'github.com/confluentinc/confluent-kafka-go/v2', 'v2.4.1-0.20240601000000-abcdefabcdef')).toBeNull();
    expect(neededSpec(rule('gocv.io/x/gocv'), 'gocv.io/x/gocv', 'v0.36.2-0.20240101000000-abcdefabcdef')).toBeNull();
    // the major is in the path: git2go/v34 at a commit still needs libgit2 1.5
    const g = rule('github.com/libgit2/git2go/v*');
    expect(neededSpec(g, 'github.com/libgit2/git2go/v34', 'v34.0.0-20221005011223-4b14d29c207e')).toBe('1.5.*');
    expect(unmappable(rule('go'), '1.22')).toBeNull();
  });
  test('the packages that carry a Go toolchain', () => {
    for (const n of ['go', 'go-cgo', 'go-nocgo', 'go-core', 'go_linux-64', 'go-cgo_linux-64', 'go-nocgo_osx-arm64', 'go-cgo_win-64'])
      expect([n, GO_CARRIER.test(n)]).toEqual([n, true]);
    for (const n of ['_go_select', 'go-licenses', 'gopls', 'go-yq', 'golang', 'cargo']) expect([n, GO_CARRIER.test(n)]).toEqual([n, false]);
  });
  test.each([
    ['-tags=dynamic', ['dynamic']],
    ['-mod=mod -tags=dynamic,libsqlite3', ['dynamic', 'libsqlite3']],
    ["-tags 'a b'", ['a', 'b']],
    ['--tags=x', ['x']],
    ['-trimpath', []],
    [null, []],
  ])('tags of GOFLAGS %j', (flags, tags) => expect(tagsFromGoflags(flags)).toEqual(tags));
});

test('the first layer wins; disabled modules drop later layers', () => {
  const a: SyncRule = { go_module: 'm', conda_pkg: 'a', version_map: { kind: 'identity' } };
  const b: SyncRule = { go_module: 'm', conda_pkg: 'b', version_map: { kind: 'identity' } };
  expect(
    mergeRules([
      { rules: [a], disabled: [] },
      { rules: [b], disabled: [] },
    ]),
  ).toEqual([a]);
  expect(
    mergeRules([
      { rules: [], disabled: ['m'] },
      { rules: [b], disabled: [] },
    ]),
  ).toEqual([]);
});

// Every function over its classes of input, on rules written here (the built-in table's meanings are above).
describe('rules: each function, table-driven', () => {
  const R = (over: Partial<SyncRule>): SyncRule => ({ go_module: 'example.com/m', conda_pkg: 'libm', version_map: { kind: 'identity' }, ...over });
  const table = R({
    version_map: {
      kind: 'table',
      entries: [
        { go: '>=v0.37.0 <v0.38.0', conda: '4.10.*' },
        { go: '>=0.36.0 <0.40.0', conda: '4.9.*' },
        { go: '<0.0.0', conda: '9.*' },
      ],
    },
  });
  const major = R({ go_module: 'example.com/m/v*', version_map: { kind: 'major', majors: { '1': '1.0.*', '2': '2.0.*', '3': '3.0.*' } } });

  test('rulePackages: the package --write adds first, then the others', () => {
    expect([rulePackages(R({})), rulePackages(R({ also: ['m', 'm-dev'] }))]).toEqual([['libm'], ['libm', 'm', 'm-dev']]);
  });

  test.each([
    [undefined, ['example.com/m'], true],
    [undefined, ['example.com/m/sub/pkg'], true],
    [undefined, ['example.com/mx'], false],
    [undefined, [], false],
    [['example.com/m/c/...'], ['example.com/m/c'], true],
    [['example.com/m/c/...'], ['example.com/m/cgo'], false],
    [['example.com/m/c/...'], ['example.com/m'], false],
    [['example.com/m/c'], ['example.com/m/c'], true],
    [['example.com/m/c'], ['example.com/m/c/sub'], false],
    [['example.com/m/a', 'example.com/m/c'], ['example.com/m/c'], true],
  ])('linksImported(packages %j, imports %j) is %s', (packages, imports, want) => {
    expect(linksImported(R({ packages }), 'example.com/m', new Set(imports))).toBe(want);
  });

  test.each([
    ['example.com/m/v*', 'example.com/m', true],
    ['example.com/m/v*', 'example.com/m/v2', true],
    ['example.com/m/v*', 'example.com/m/v1', false],
    ['example.com/m/v*', 'example.com/m/sub', false],
    ['example.com/m/v*', 'example.com/mv2', false],
    ['example.com/m', 'example.com/m', true],
    ['example.com/m', 'example.com/m/v2', false],
    ['example.com/m/v', 'example.com/m/v', true],
  ])('ruleMatches(%s, %s) is %s', (pattern, modPath, want) => expect(ruleMatches(R({ go_module: pattern }), modPath)).toBe(want));

  test.each([
    [{}, [], true],
    [{ tags: ['a', 'b'] }, ['a'], false],
    [{ tags: ['a', 'b'] }, ['a', 'b', 'c'], true],
    [{ unless_tags: ['s', 't'] }, ['t'], false],
    [{ unless_tags: ['s', 't'] }, ['u'], true],
    [{ tags: ['a'], unless_tags: ['s'] }, ['a', 's'], false],
  ])('ruleApplies(%j, tags %j) is %s', (over, tags, want) => expect(ruleApplies(R(over), new Set(tags))).toBe(want));

  test.each([
    [R({}), 'v1.2', 'v1.2 is not a semantic version'],
    [R({}), 'v1.2.4-0.20240101010101-abcdefabcdef', 'v1.2.4-0.20240101010101-abcdefabcdef is a pseudo-version (a commit, not a release)'],
    [R({}), 'v1.2.3', null],
    [R({ version_map: { kind: 'minimum' } }), 'master', 'master is not a semantic version'],
    [R({ version_map: { kind: 'minimum', version: '2.1' } }), 'master', null],
    [R({ version_map: { kind: 'spec', spec: '*' } }), 'master', null],
    [major, 'master', null],
    [R({ go_module: 'go', version_map: { kind: 'minimum' } }), '1.22', null],
  ])('unmappable(#%#, %s)', (rule, version, want) => expect(unmappable(rule, version)).toBe(want));

  test.each([
    [R({}), 'example.com/m', 'v2.15.0+incompatible', '==2.15.0'],
    [R({}), 'example.com/m', 'v1.2', null],
    [table, 'example.com/m', 'v0.37.5', '4.10.*'],
    [table, 'example.com/m', 'v0.38.0', '4.9.*'],
    [table, 'example.com/m', 'v0.40.0', null],
    [major, 'example.com/m/v3', 'v3.1.0', '3.0.*'],
    [major, 'example.com/m', 'v2.0.0+incompatible', '2.0.*'],
    [major, 'example.com/m', 'v1.5.0', '1.0.*'],
    [major, 'example.com/m/v4', 'v4.0.0', null],
    [major, 'example.com/m', 'master', null],
    // a rule file may key a major map with any word: a version with no major is looked up under none of them
    [R({ go_module: 'example.com/m/v*', version_map: { kind: 'major', majors: { null: '9.*', '1': '1.0.*' } } }), 'example.com/m', 'master', null],
    [R({ version_map: { kind: 'minimum' } }), 'example.com/m', 'v1.2.3-rc.1', '>=1.2.3'],
    [R({ version_map: { kind: 'minimum' } }), 'example.com/m', 'v1.2.3+incompatible', '>=1.2.3'],
    [R({ version_map: { kind: 'minimum', version: '2.1' } }), 'example.com/m', 'v1.0.0', '>=2.1'],
    [R({ version_map: { kind: 'spec', spec: '>=8.3' } }), 'example.com/m', 'v1.0.0', '>=8.3'],
  ])('neededSpec(#%#, %s, %s) is %j', (rule, modPath, version, want) => expect(neededSpec(rule, modPath, version)).toBe(want));

  test.each([
    [
      R({}),
      'example.com/m',
      'v2.15.0+incompatible',
      '2.16.1',
      { command: 'go get example.com/m@v2.16.1+incompatible', text: 'use example.com/m v2.16.1+incompatible' },
    ],
    [R({}), 'example.com/m', 'v1.0.0', '1.1.0', { command: 'go get example.com/m@v1.1.0', text: 'use example.com/m v1.1.0' }],
    [table, 'example.com/m', 'v0.36.0', '4.10.2', { command: 'go get example.com/m@v0.37.0', text: 'use example.com/m >=v0.37.0 <v0.38.0 (e.g. v0.37.0)' }],
    [table, 'example.com/m', 'v0.37.0', '4.9.0', { command: 'go get example.com/m@v0.36.0', text: 'use example.com/m >=0.36.0 <0.40.0 (e.g. v0.36.0)' }],
    // the only entry for 9.x has no lowest version: nothing to suggest
    [table, 'example.com/m', 'v0.37.0', '9.1', null],
    [table, 'example.com/m', 'v0.37.0', '5.0', null],
    [
      major,
      'example.com/m/v3',
      'v3.0.0',
      '2.0.1',
      { command: 'go get example.com/m/v2@latest', text: 'move to example.com/m/v2; a new major, so the import paths change too' },
    ],
    [
      major,
      'example.com/m/v3',
      'v3.0.0',
      '1.0.4',
      { command: 'go get example.com/m@latest', text: 'move to example.com/m; a new major, so the import paths change too' },
    ],
    [major, 'example.com/m/v3', 'v3.0.0', '7.0', null],
    [R({ version_map: { kind: 'minimum' } }), 'example.com/m', 'v1.0.0', '1.4.2', { command: 'go get example.com/m@v1.4.2', text: 'use example.com/m v1.4.2' }],
    [R({ version_map: { kind: 'minimum', version: '2.1' } }), 'example.com/m', 'v1.0.0', '1.4.2', null],
    [R({ version_map: { kind: 'spec', spec: '*' } }), 'example.com/m', 'v1.0.0', '1.4.2', null],
  ])('goSideFor(#%#, %s, %s, conda %s)', (rule, modPath, modVersion, condaVersion, want) => {
    expect(goSideFor(rule, modPath, modVersion, condaVersion, cv.matches)).toEqual(want);
  });

  test('goSideFor: a spec the matcher throws on counts as no match', () => {
    const bad = R({
      version_map: {
        kind: 'table',
        entries: [
          { go: '>=1.0.0', conda: '>=>1' },
          { go: '>=2.0.0', conda: '*' },
        ],
      },
    });
    expect(goSideFor(bad, 'example.com/m', 'v1.0.0', '1.0', cv.matches)).toEqual({
      command: 'go get example.com/m@v2.0.0',
      text: 'use example.com/m >=2.0.0 (e.g. v2.0.0)',
    });
  });

  test('mergeRules: two rules for one module in one layer both stay; a later layer’s disabled list drops nothing earlier', () => {
    const a1 = R({ conda_pkg: 'a1' });
    const a2 = R({ conda_pkg: 'a2' });
    const n = R({ go_module: 'n' });
    expect(
      mergeRules([
        { rules: [a1, a2], disabled: [] },
        { rules: [n], disabled: ['example.com/m'] },
        { rules: [R({ go_module: 'n', conda_pkg: 'x' })], disabled: [] },
      ]),
    ).toEqual([a1, a2, n]);
  });

  test.each([
    ['', []],
    [undefined, []],
    ['-tags "a b"', ['a', 'b']],
    ['--tags x,y', ['x', 'y']],
    ['-tags=a, b', ['a']],
    ['-tags=a,,b', ['a', 'b']],
    ['-trimpath\t-tags=x', ['x']],
    ['x-tags=a', []],
    ['-tagsx=a', []],
    ['-tags', []],
    ["-tags ''", []],
    // more than one space between -tags and its list
    ['-tags  a,b', ['a', 'b']],
  ])('tagsFromGoflags(%j)', (flags, tags) => expect(tagsFromGoflags(flags)).toEqual(tags));
});

test('goSideFor through a table whose Go ranges write "v" (with and without a space after the operator)', () => {
  const rule: SyncRule = {
    go_module: 'example.com/m',
    conda_pkg: 'libm',
    version_map: {
      kind: 'table',
      entries: [
        { go: '>=v0.37.0 <v0.40.0', conda: '4.10.*' },
        { go: '>= v0.40.0', conda: '4.11.*' },
      ],
    },
  };
  expect([goSideFor(rule, 'example.com/m', 'v0.36.0', '4.10.1', cv.matches), goSideFor(rule, 'example.com/m', 'v0.36.0', '4.11.0', cv.matches)]).toStrictEqual([
    { command: 'go get example.com/m@v0.37.0', text: 'use example.com/m >=v0.37.0 <v0.40.0 (e.g. v0.37.0)' },
    { command: 'go get example.com/m@v0.40.0', text: 'use example.com/m >= v0.40.0 (e.g. v0.40.0)' },
  ]);
});

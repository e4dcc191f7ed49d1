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

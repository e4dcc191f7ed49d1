// Rules as data: each version-map kind both ways, conditions, merging, GOFLAGS tags.
import { BUILTIN_RULES } from '../../../src/sync/builtin';
import { loadCondaVersions, type CondaVersions } from '../../../src/sync/condaver';
import { goSideFor, mergeRules, neededSpec, ruleApplies, ruleMatches, tagsFromGoflags, type SyncRule } from '../../../src/sync/rules';

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
    expect(['v0.34.0', 'v0.35.0', 'v0.36.1', 'v0.37.0', 'v0.39.0', 'v0.40.0'].map((v) => neededSpec(gocv, gocv.go_module, v))).toEqual([
      '4.8.0',
      '4.8.1',
      '4.9.0',
      '4.10.0',
      '4.10.0',
      null,
    ]);
    expect(cv.matches('4.10.0', '4.10')).toBe(true);
    expect(goSideFor(gocv, gocv.go_module, 'v0.36.0', '4.10.0', cv.matches)?.command).toBe('go get gocv.io/x/gocv@v0.37.0');
  });
  test('minimum: from the module version (kafka) or fixed (zmq4)', () => {
    const k = rule('github.com/confluentinc/confluent-kafka-go/v*');
    expect(neededSpec(k, 'github.com/confluentinc/confluent-kafka-go/v2', 'v2.4.0')).toBe('>=2.4.0');
    expect(neededSpec(k, 'github.com/confluentinc/confluent-kafka-go/v2', 'v2.4.1-0.20240101010101-abcdefabcdef')).toBe('>=2.4.1');
    expect(goSideFor(k, 'github.com/confluentinc/confluent-kafka-go/v2', 'v2.4.0', '2.3.0', cv.matches)?.command).toBe(
      'go get github.com/confluentinc/confluent-kafka-go/v2@v2.3.0',
    );
    const z = rule('github.com/pebbe/zmq4');
    expect(neededSpec(z, z.go_module, 'v1.2.10')).toBe('>=4.0.1');
    expect(cv.matches('>=4.0.1', '4.0.0')).toBe(false);
  });
  test('spec: one spec whatever the version (bimg, libpcap)', () => {
    const b = rule('github.com/h2non/bimg');
    expect(neededSpec(b, b.go_module, 'v1.1.9')).toBe('>7.40');
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
  test('tags and unless_tags and package imports', () => {
    const k = rule('github.com/confluentinc/confluent-kafka-go/v*');
    expect(ruleApplies(k, new Set(), null)).toBe(false);
    expect(ruleApplies(k, new Set(['dynamic']), null)).toBe(true);
    expect(ruleApplies(rule('github.com/libgit2/git2go/v*'), new Set(['static']), null)).toBe(false);
    expect(ruleApplies(rule('github.com/mattn/go-sqlite3'), new Set(['libsqlite3']), null)).toBe(true);
    expect(ruleApplies(rule('github.com/DataDog/zstd'), new Set(), null)).toBe(false);
    const p = rule('github.com/google/gopacket');
    expect(ruleApplies(p, new Set(), new Set(['github.com/google/gopacket/layers']))).toBe(false);
    expect(ruleApplies(p, new Set(), new Set(['github.com/google/gopacket/pcap']))).toBe(true);
    expect(ruleApplies(p, new Set(), null)).toBe(true);
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

// Rules as data: each version-map kind both ways, conditions, merging, rule files, and the built-in
// table row by row (with conda's real version order from rattler).
import { BUILTIN_RULES } from '../../src/sync/builtin';
import { loadCondaVersions, type CondaVersions } from '../../src/sync/condaver';
import { SyncInputError } from '../../src/sync/errors';
import { parseRuleFile } from '../../src/sync/rulefile';
import { goSideFor, mergeRules, neededSpec, ruleApplies, ruleMatches, tagsFromGoflags, type SyncRule } from '../../src/sync/rules';

let cv: CondaVersions;
beforeAll(async () => {
  cv = await loadCondaVersions();
});

const rule = (go_module: string) => BUILTIN_RULES.find((r) => r.go_module === go_module)!;

describe('conda version order and specs (rattler)', () => {
  test('conda, not semver', () => {
    expect(cv.compare('1.0rc1', '1.0')).toBe(-1);
    expect(cv.compare('1.5', '1.5.0')).toBe(0);
    expect(cv.compare('1.10', '1.9')).toBe(1);
    expect(cv.compare('2024.1', '2024.01')).toBe(0);
    expect(cv.matches('1.5.*', '1.5.2')).toBe(true);
    expect(cv.matches('1.5.*', '1.50')).toBe(false);
    expect(cv.matches('>=4.8,<4.9', '4.8.1')).toBe(true);
    expect(cv.matches('>=4.8,<4.9', '4.9.0')).toBe(false);
    expect(cv.matches('=1.5', '1.5.9')).toBe(true);
    expect(cv.specError('>=>1')).toMatch(/.+/);
    expect(cv.versionError('a b')).toMatch(/malformed version/);
  });
});

describe('version maps', () => {
  test('identity: +incompatible and v stripped, exact', () => {
    const tf = rule('github.com/tensorflow/tensorflow');
    expect(neededSpec(tf, tf.go_module, 'v2.15.0+incompatible')).toBe('==2.15.0');
    expect(goSideFor(tf, tf.go_module, 'v2.15.0+incompatible', '2.16.1', cv.matches)?.command).toBe('go get github.com/tensorflow/tensorflow@v2.16.1+incompatible');
  });
  test('major: /vN -> spec, and back to the /vN a conda version fits', () => {
    const g = rule('github.com/libgit2/git2go/v*');
    expect(neededSpec(g, 'github.com/libgit2/git2go/v34', 'v34.0.0')).toBe('1.5.*');
    expect(neededSpec(g, 'github.com/libgit2/git2go/v33', 'v33.0.9')).toBe('1.3.*');
    expect(neededSpec(g, 'github.com/libgit2/git2go/v32', 'v32.1.0')).toBe('1.2.*');
    expect(neededSpec(g, 'github.com/libgit2/git2go/v35', 'v35.0.0')).toBeNull();
    expect(goSideFor(g, 'github.com/libgit2/git2go/v34', 'v34.0.0', '1.3.0', cv.matches)).toEqual({ command: 'go get github.com/libgit2/git2go/v33@latest', text: expect.stringMatching(/new major/) });
    expect(goSideFor(g, 'github.com/libgit2/git2go/v34', 'v34.0.0', '1.9.0', cv.matches)).toBeNull();
  });
  test('table: module range -> spec; back: the lowest version of the matching range', () => {
    const gocv = rule('gocv.io/x/gocv');
    expect(['v0.34.0', 'v0.35.0', 'v0.36.1', 'v0.37.0', 'v0.39.0', 'v0.40.0'].map((v) => neededSpec(gocv, gocv.go_module, v))).toEqual(['4.8.0', '4.8.1', '4.9.0', '4.10.0', '4.10.0', null]);
    expect(cv.matches('4.10.0', '4.10')).toBe(true);
    expect(goSideFor(gocv, gocv.go_module, 'v0.36.0', '4.10.0', cv.matches)?.command).toBe('go get gocv.io/x/gocv@v0.37.0');
  });
  test('minimum: from the module version (kafka) or fixed (zmq4)', () => {
    const k = rule('github.com/confluentinc/confluent-kafka-go/v*');
    expect(neededSpec(k, 'github.com/confluentinc/confluent-kafka-go/v2', 'v2.4.0')).toBe('>=2.4.0');
    expect(neededSpec(k, 'github.com/confluentinc/confluent-kafka-go/v2', 'v2.4.1-0.20240101010101-abcdefabcdef')).toBe('>=2.4.1');
    expect(goSideFor(k, 'github.com/confluentinc/confluent-kafka-go/v2', 'v2.4.0', '2.3.0', cv.matches)?.command).toBe('go get github.com/confluentinc/confluent-kafka-go/v2@v2.3.0');
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

describe('rule files', () => {
  const text = `tags: [dynamic]
rules:
  - go_module: github.com/acme/foo/v*
    conda_pkg: libfoo
    version_map: {major: {v2: "1.2.*", "3": "1.3.*"}}
    tags: [cgo_foo]
  - go_module: gocv.io/x/gocv
    conda_pkg: opencv
    version_map:
      table:
        - {go: ">=0.40.0 <0.41.0", conda: "4.11.0"}
  - go_module: github.com/h2non/bimg
    disable: true
  - go_module: example.com/id
    conda_pkg: libid
    version_map: identity
  - go_module: example.com/min
    conda_pkg: libmin
    version_map: {minimum: "2.1"}
`;
  test('parse, and override / disable built-in rows', () => {
    const layer = parseRuleFile(text, '/p/gocondad-sync.yml', (s) => cv.specError(s));
    expect(layer.tags).toEqual(['dynamic']);
    expect(layer.disabled).toEqual(['github.com/h2non/bimg']);
    expect(layer.rules[0]).toEqual({ go_module: 'github.com/acme/foo/v*', conda_pkg: 'libfoo', version_map: { kind: 'major', majors: { '2': '1.2.*', '3': '1.3.*' } }, tags: ['cgo_foo'], origin: '/p/gocondad-sync.yml' });
    expect(layer.rules[3]!.version_map).toEqual({ kind: 'minimum', version: '2.1' });
    const merged = mergeRules([layer, { rules: BUILTIN_RULES, disabled: [] }]);
    expect(merged.filter((r) => r.go_module === 'gocv.io/x/gocv')).toHaveLength(1);
    expect(neededSpec(merged.find((r) => r.go_module === 'gocv.io/x/gocv')!, 'gocv.io/x/gocv', 'v0.40.0')).toBe('4.11.0');
    expect(merged.some((r) => r.go_module === 'github.com/h2non/bimg')).toBe(false);
    expect(merged.some((r) => r.go_module === 'github.com/libgit2/git2go/v*')).toBe(true);
  });
  test('the first layer wins', () => {
    const a: SyncRule = { go_module: 'm', conda_pkg: 'a', version_map: { kind: 'identity' } };
    const b: SyncRule = { go_module: 'm', conda_pkg: 'b', version_map: { kind: 'identity' } };
    expect(mergeRules([{ rules: [a], disabled: [] }, { rules: [b], disabled: [] }])).toEqual([a]);
  });
  test.each([
    ['rules:\n  - conda_pkg: x\n', 2, 'a rule needs `go_module: <module path>`'],
    ['rules:\n  - go_module: m\n    version_map: identity\n', 2, 'a rule needs `conda_pkg: <conda package name>`'],
    ['rules:\n  - go_module: m\n    conda_pkg: x\n    version_map: {spec: ">=>1"}\n', 2, '">=>1" is not a conda version spec'],
    ['rules:\n  - go_module: m\n    conda_pkg: x\n    version_map: {range: 1}\n', 2, 'unknown version_map kind `range`'],
    ['rules:\n  - go_module: m\n    conda_pkg: x\n    version_map: identity\n  - go_module: n\n    conda_pkg: y\n    version_map: identity\n    colour: red\n', 5, 'unknown key `colour`'],
    ['tags: dynamic\n', 1, '`tags` must be a list of build tags'],
    ['rules: [\n', undefined, 'YAML error'],
  ])('bad rule file %#: line %s', (bad, line, message) => {
    try {
      parseRuleFile(bad, 'r.yml', (s) => cv.specError(s));
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(SyncInputError);
      if (line !== undefined) expect((err as SyncInputError).line).toBe(line);
      expect((err as SyncInputError).detail).toContain(message);
    }
  });
});

test('every built-in spec is a valid conda spec', () => {
  for (const r of BUILTIN_RULES) {
    const vm = r.version_map;
    const specs = vm.kind === 'table' ? vm.entries.map((e) => e.conda) : vm.kind === 'major' ? Object.values(vm.majors) : vm.kind === 'spec' ? [vm.spec] : [];
    for (const s of specs) expect([r.go_module, s, cv.specError(s)]).toEqual([r.go_module, s, null]);
  }
});

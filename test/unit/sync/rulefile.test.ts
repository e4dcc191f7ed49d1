// Rule files: the format, overriding and disabling built-in rows, errors at their lines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILTIN_RULES } from '../../../src/sync/builtin';
import { loadCondaVersions, type CondaVersions } from '../../../src/sync/condaver';
import { SyncInputError } from '../../../src/sync/errors';
import { parseRuleFile } from '../../../src/sync/rulefile';
import { mergeRules, neededSpec } from '../../../src/sync/rules';

let cv: CondaVersions;

beforeAll(async () => {
  cv = await loadCondaVersions();
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
    expect(layer.rules[0]).toEqual({
      go_module: 'github.com/acme/foo/v*',
      conda_pkg: 'libfoo',
      version_map: { kind: 'major', majors: { '2': '1.2.*', '3': '1.3.*' } },
      tags: ['cgo_foo'],
      origin: '/p/gocondad-sync.yml',
    });
    expect(layer.rules[3]!.version_map).toEqual({ kind: 'minimum', version: '2.1' });
    const merged = mergeRules([layer, { rules: BUILTIN_RULES, disabled: [] }]);
    expect(merged.filter((r) => r.go_module === 'gocv.io/x/gocv')).toHaveLength(1);
    expect(
      neededSpec(
        merged.find((r) => r.go_module === 'gocv.io/x/gocv')!,
        'gocv.io/x/gocv',
        'v0.40.0',
      ),
    ).toBe('4.11.0');
    expect(merged.some((r) => r.go_module === 'github.com/h2non/bimg')).toBe(false);
    expect(merged.some((r) => r.go_module === 'github.com/libgit2/git2go/v*')).toBe(true);
  });
  test.each([
    ['rules:\n  - conda_pkg: x\n', 2, 'a rule needs `go_module: <module path>`'],
    ['rules:\n  - go_module: m\n    version_map: identity\n', 2, 'a rule needs `conda_pkg: <conda package name>`'],
    ['rules:\n  - go_module: m\n    conda_pkg: x\n    version_map: {spec: ">=>1"}\n', 2, '">=>1" is not a conda version spec'],
    ['rules:\n  - go_module: m\n    conda_pkg: x\n    version_map: {range: 1}\n', 2, 'unknown version_map kind `range`'],
    [
      'rules:\n  - go_module: m\n    conda_pkg: x\n    version_map: identity\n  - go_module: n\n    conda_pkg: y\n    version_map: identity\n    colour: red\n',
      5,
      'unknown key `colour`',
    ],
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

test("docs/sync.md's real example (cuVS's Go bindings ↔ libcuvs) is a valid rule file", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'sync.md'), 'utf8');
  const block = /A real example: RAPIDS cuVS[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const layer = parseRuleFile(block!, 'gocondad-sync.yml', cv.specError);
  expect(layer.rules).toEqual([
    {
      go_module: 'github.com/rapidsai/cuvs/go',
      conda_pkg: 'libcuvs',
      version_map: { kind: 'spec', spec: '26.8.*' },
      packages: ['github.com/rapidsai/cuvs/go/...'],
      source: 'rapidsai/cuvs@ff0c8076bf2f conda/environments/go_cuda-129_arch-x86_64.yaml',
      origin: 'gocondad-sync.yml',
    },
  ]);
});

describe('rule files: whole layers and every refusal', () => {
  const spec = (s: string) => cv.specError(s);
  test('every key and version_map form, read whole', () => {
    const text = [
      'tags: [dynamic, libsqlite3]',
      'rules:',
      '  - go_module: example.com/all/v*',
      '    conda_pkg: [libfoo, foo, foo-dev]',
      '    version_map: {major: {v2: "1.2.*", 3: 1.3}}',
      '    tags: [cgo_foo]',
      '    unless_tags: [static]',
      '    packages: [example.com/all/v2/cfoo/...]',
      '    note: a note',
      '    source: acme/foo README.md',
      '  - go_module: example.com/old',
      '    conda_pkg: libold',
      '    version_map: {table: [{go: ">=1.0.0 <2.0.0", conda: 1.5}, {go: 2, conda: "2.*"}]}',
      '    package: example.com/old/c',
      '  - go_module: example.com/min',
      '    conda_pkg: libmin',
      '    version_map: {minimum: true}',
      '  - go_module: example.com/minv',
      '    conda_pkg: libminv',
      '    version_map: {minimum: 2}',
      '  - go_module: example.com/spec',
      '    conda_pkg: libspec',
      '    version_map: {spec: 3}',
      '  - go_module: example.com/off',
      '    disable: true',
      '  - go_module: example.com/notoff',
      '    conda_pkg: x',
      '    version_map: identity',
      '    disable: false',
      '',
    ].join('\n');
    expect(() => parseRuleFile(text, 'r.yml', spec)).toThrow('r.yml:26: unknown key `disable`');
    const layer = parseRuleFile(text.replace('    disable: false\n', ''), 'r.yml', spec);
    expect(layer).toEqual({
      file: 'r.yml',
      tags: ['dynamic', 'libsqlite3'],
      disabled: ['example.com/off'],
      rules: [
        {
          go_module: 'example.com/all/v*',
          conda_pkg: 'libfoo',
          also: ['foo', 'foo-dev'],
          version_map: { kind: 'major', majors: { '2': '1.2.*', '3': '1.3' } },
          tags: ['cgo_foo'],
          unless_tags: ['static'],
          packages: ['example.com/all/v2/cfoo/...'],
          note: 'a note',
          source: 'acme/foo README.md',
          origin: 'r.yml',
        },
        {
          go_module: 'example.com/old',
          conda_pkg: 'libold',
          version_map: {
            kind: 'table',
            entries: [
              { go: '>=1.0.0 <2.0.0', conda: '1.5' },
              { go: '2', conda: '2.*' },
            ],
          },
          packages: ['example.com/old/c'],
          origin: 'r.yml',
        },
        { go_module: 'example.com/min', conda_pkg: 'libmin', version_map: { kind: 'minimum' }, origin: 'r.yml' },
        { go_module: 'example.com/minv', conda_pkg: 'libminv', version_map: { kind: 'minimum', version: '2' }, origin: 'r.yml' },
        { go_module: 'example.com/spec', conda_pkg: 'libspec', version_map: { kind: 'spec', spec: '3' }, origin: 'r.yml' },
        { go_module: 'example.com/notoff', conda_pkg: 'x', version_map: { kind: 'identity' }, origin: 'r.yml' },
      ],
    });
  });

  test.each([
    ['', { file: 'r.yml', rules: [], disabled: [], tags: [] }],
    ['# only a comment\n', { file: 'r.yml', rules: [], disabled: [], tags: [] }],
    ['tags: []\n', { file: 'r.yml', rules: [], disabled: [], tags: [] }],
    ['rules: []\n', { file: 'r.yml', rules: [], disabled: [], tags: [] }],
  ])('nothing in it: %j', (text, want) => expect(parseRuleFile(text, 'r.yml', spec)).toEqual(want));

  const HINT = 'see "Rules" in docs/sync.md for the rule file format';
  const rule = (body: string) => `rules:\n  - go_module: m\n    conda_pkg: x\n${body}`;
  test.each([
    ['- a\n', 'r.yml:1: expected a mapping with `rules:` and/or `tags:`'],
    ['tags: [a, 1]\n', 'r.yml:1: `tags` must be a list of build tags'],
    ['tags: {a: 1}\n', 'r.yml:1: `tags` must be a list of build tags'],
    ['rules: {}\n', 'r.yml:1: `rules` must be a list'],
    ['x: 1\nrules: go\n', 'r.yml:2: `rules` must be a list'],
    ['rules:\n  - just a string\n', 'r.yml:2: a rule needs `go_module: <module path>`'],
    ['rules:\n  - go_module: 1\n', 'r.yml:2: a rule needs `go_module: <module path>`'],
    ['rules:\n  - go_module: m\n    conda_pkg: []\n', 'r.yml:2: a rule needs `conda_pkg: <conda package name>` (or a list of the names that satisfy it)'],
    ['rules:\n  - go_module: m\n    conda_pkg: [a, 1]\n', 'r.yml:2: a rule needs `conda_pkg: <conda package name>` (or a list of the names that satisfy it)'],
    [rule(''), 'r.yml:2: version_map must be `identity` or one of {table: …}, {major: …}, {minimum: …}, {spec: …}'],
    [rule('    version_map: {}\n'), 'r.yml:2: version_map must be `identity` or one of {table: …}, {major: …}, {minimum: …}, {spec: …}'],
    [rule('    version_map: other\n'), 'r.yml:2: version_map must be `identity` or one of {table: …}, {major: …}, {minimum: …}, {spec: …}'],
    [rule('    version_map: [identity]\n'), 'r.yml:2: version_map must be `identity` or one of {table: …}, {major: …}, {minimum: …}, {spec: …}'],
    [
      rule('    version_map: {spec: "*", minimum: true}\n'),
      'r.yml:2: version_map must be `identity` or one of {table: …}, {major: …}, {minimum: …}, {spec: …}',
    ],
    [rule('    version_map: {table: {go: "1", conda: "1"}}\n'), 'r.yml:2: table must be a list of {go: <module version range>, conda: <conda spec>}'],
    [rule('    version_map: {table: [{go: ">=1"}]}\n'), 'r.yml:2: table must be a list of {go: <module version range>, conda: <conda spec>}'],
    [rule('    version_map: {table: [{conda: "1"}]}\n'), 'r.yml:2: table must be a list of {go: <module version range>, conda: <conda spec>}'],
    [rule('    version_map: {table: [null]}\n'), 'r.yml:2: table must be a list of {go: <module version range>, conda: <conda spec>}'],
    [
      rule('    version_map: {table: [{go: ">=1", conda: ">=>1"}]}\n'),
      `r.yml:2: ">=>1" is not a conda version spec: invalid version spec '>=>1': invalid operator`,
    ],
    [rule('    version_map: {major: {"2": [1]}}\n'), 'r.yml:2: major must map major versions to conda specs ({"34": "1.5.*"})'],
    [rule('    version_map: {major: null}\n'), 'r.yml:2: major must map major versions to conda specs ({"34": "1.5.*"})'],
    [rule('    version_map: {major: {"2": ">=>1"}}\n'), `r.yml:2: ">=>1" is not a conda version spec: invalid version spec '>=>1': invalid operator`],
    [rule('    version_map: {minimum: false}\n'), 'r.yml:2: minimum must be true (the module version itself) or a conda version'],
    [rule('    version_map: {minimum: [1]}\n'), 'r.yml:2: minimum must be true (the module version itself) or a conda version'],
    [rule('    version_map: {spec: [1]}\n'), 'r.yml:2: spec must be a conda version spec'],
    [rule('    version_map: {spec: ">=>1"}\n'), `r.yml:2: ">=>1" is not a conda version spec: invalid version spec '>=>1': invalid operator`],
    [rule('    version_map: identity\n    tags: dynamic\n'), 'r.yml:2: `tags` must be a list of build tags'],
    [rule('    version_map: identity\n    unless_tags: [1]\n'), 'r.yml:2: `unless_tags` must be a list of build tags'],
    [rule('    version_map: identity\n    packages: a/b\n'), 'r.yml:2: `packages` must be a list of Go package paths ("X/..." for X and below)'],
    [rule('    version_map: identity\n    colour: red\n    size: 2\n'), 'r.yml:2: unknown keys `colour`, `size`'],
    // only `disable: true` switches a rule off; anything else is a key no rule has
    [rule('    version_map: identity\n    disable: 1\n'), 'r.yml:2: unknown key `disable`'],
    // a rule that is no mapping: null (an empty item), a number, a list
    ['rules:\n  -\n  - go_module: m\n', 'r.yml:2: a rule needs `go_module: <module path>`'],
    ['rules:\n  - 7\n', 'r.yml:2: a rule needs `go_module: <module path>`'],
    ['rules:\n  - [go_module, m]\n', 'r.yml:2: a rule needs `go_module: <module path>`'],
    // one bad entry among good ones is refused: every entry is checked, not just one
    [
      rule('    version_map: {table: [{go: ">=1", conda: "1"}, {go: ">=2"}]}\n'),
      'r.yml:2: table must be a list of {go: <module version range>, conda: <conda spec>}',
    ],
    [rule('    version_map: {major: {"2": "1.2.*", "3": [1]}}\n'), 'r.yml:2: major must map major versions to conda specs ({"34": "1.5.*"})'],
    // a scalar is no map of majors (a string's characters are no majors; a number has none)
    [rule('    version_map: {major: "1.5"}\n'), 'r.yml:2: major must map major versions to conda specs ({"34": "1.5.*"})'],
    [rule('    version_map: {major: 2}\n'), 'r.yml:2: major must map major versions to conda specs ({"34": "1.5.*"})'],
  ])('refused: %j', (text, message) => {
    let err: unknown;
    try {
      parseRuleFile(text, 'r.yml', spec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SyncInputError);
    expect([(err as SyncInputError).message, (err as SyncInputError).hint]).toEqual([message, HINT]);
  });

  test('only a leading v is cut from a major key (v2 is major 2; 2v is no major, kept as written)', () => {
    expect(parseRuleFile(rule('    version_map: {major: {v2: "1.2.*", 2v: "2.*"}}\n'), 'r.yml', spec).rules[0]!.version_map).toStrictEqual({
      kind: 'major',
      majors: { '2': '1.2.*', '2v': '2.*' },
    });
  });

  test('major given as a list: index N is major N (YAML gives no way to tell it from a map)', () => {
    expect(parseRuleFile(rule('    version_map: {major: [1.5]}\n'), 'r.yml', spec).rules[0]!.version_map).toEqual({ kind: 'major', majors: { '0': '1.5' } });
  });

  test('note and source only when they are strings; `packages:` wins over the older `package:`', () => {
    const layer = parseRuleFile(rule('    version_map: identity\n    note: 1\n    source: [a]\n    package: a/one\n    packages: [a/two]\n'), 'r.yml', spec);
    expect(layer.rules).toEqual([{ go_module: 'm', conda_pkg: 'x', version_map: { kind: 'identity' }, packages: ['a/two'], origin: 'r.yml' }]);
    expect(parseRuleFile(rule('    version_map: identity\n    package: 7\n'), 'r.yml', spec).rules[0]).toEqual({
      go_module: 'm',
      conda_pkg: 'x',
      version_map: { kind: 'identity' },
      origin: 'r.yml',
    });
  });

  test('a YAML error: its line and the rule-file hint', () => {
    const err = (() => {
      try {
        parseRuleFile('rules:\n  - go_module: "m\n', 'r.yml', spec);
      } catch (e) {
        return e as SyncInputError;
      }
      throw new Error('nothing thrown');
    })();
    expect([err.line, err.hint, err.detail.startsWith('YAML error: ')]).toEqual([2, HINT, true]);
  });
});

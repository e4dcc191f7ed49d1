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
    expect.objectContaining({
      go_module: 'github.com/rapidsai/cuvs/go',
      conda_pkg: 'libcuvs',
      version_map: { kind: 'spec', spec: '26.8.*' },
      packages: ['github.com/rapidsai/cuvs/go/...'],
      source: expect.stringContaining('rapidsai/cuvs'),
    }),
  ]);
});

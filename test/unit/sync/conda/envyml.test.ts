// environment.yml: specs with their lines, variables, errors with file and line.
import { parseEnvironmentYml, specAt } from '../../../../src/sync/conda/envyml';
import { thrown } from '../../../helpers/sync-check';

describe('environment.yml', () => {
  const text =
    'name: app\nchannels: [conda-forge]\nvariables:\n  GOFLAGS: -tags=dynamic,libsqlite3\ndependencies:\n  # toolchain\n  - go 1.22.*\n  - libgit2\n  - pip:\n      - requests\n  - "opencv >=4.8,<4.9"\n';
  // read in beforeAll, not while jest collects the tests: a mutant that throws here fails these tests (Stryker: killed),
  // where an error at collection fails the file as a whole (Stryker: RuntimeError, counted as a survivor)
  let side: ReturnType<typeof parseEnvironmentYml>;
  beforeAll(() => (side = parseEnvironmentYml(text, '/p/environment.yml')));
  test('specs with their lines; pip entries skipped; GOFLAGS from variables', () => {
    expect(side.kind).toBe('environment.yml');
    expect(side.packages.get('go')).toEqual({ name: 'go', spec: '1.22.*', version: null, build: null, file: '/p/environment.yml', line: 7 });
    expect(side.packages.get('libgit2')?.spec).toBeNull();
    expect(side.packages.get('opencv')?.line).toBe(11);
    expect(side.packages.has('requests')).toBe(false);
    expect(side.goflags).toBe('-tags=dynamic,libsqlite3');
  });
  test('bad input names file and line', () => {
    expect(thrown(() => parseEnvironmentYml('dependencies:\n  - go\n  - 42\n', 'e.yml')).message).toBe('e.yml:3: a dependency must be a package spec string');
    expect(thrown(() => parseEnvironmentYml('dependencies:\n  - ">=1"\n', 'e.yml')).message).toBe(
      `e.yml:2: ">=1" is not a conda match spec: no package name found in '>=1'`,
    );
    // issue 19: an invalid spec is bad input with its line (exit 2), not something to compare
    const bad = thrown(() => parseEnvironmentYml('name: x\ndependencies:\n  - go >=1.22\n  - libsqlite >=3,<<4\n', 'e.yml'));
    expect(bad.message).toBe(`e.yml:4: "libsqlite >=3,<<4" is not a conda match spec: Invalid version '<<4': invalid operator`);
    expect(bad.exitCode).toBe(2);
    expect(thrown(() => parseEnvironmentYml('name: x\ndependencies: go\n', 'e.yml')).message).toBe('e.yml:2: `dependencies` must be a list of package specs');
    expect(thrown(() => parseEnvironmentYml('dependencies:\n  - [unclosed\n', 'e.yml')).message).toMatch(/^e\.yml:\d+: YAML error/);
    expect(thrown(() => parseEnvironmentYml('- go\n', 'e.yml')).message).toBe('e.yml:1: expected a mapping with `dependencies:`');
  });
});

// environment.yml as `conda env export` and people write it: channels, a pip: section, channel::name,
// name=version=build, a quoted spec, "*" (any version), comments, CRLF line ends.
describe('environment.yml: the whole result', () => {
  const HINT = 'see https://docs.conda.io/projects/conda/en/stable/user-guide/tasks/manage-environments.html#create-env-file-manually';
  test('every spec form, with its line; pip entries and variables other than GOFLAGS left out', () => {
    const text = [
      'name: app',
      'channels:',
      '  - conda-forge',
      '  - nodefaults',
      'dependencies:',
      '  - go-cgo 1.22.*  # the toolchain',
      '  - conda-forge::libgit2=1.7.2=h1_0',
      '  - "libsqlite >=3.45,<4"',
      '  - zstd *',
      '  - pip',
      '  - pip:',
      '    - requests==2.32.3',
      '    - -e .',
      'variables:',
      '  GOFLAGS: -tags=dynamic',
      '  CGO_ENABLED: "1"',
      '',
    ].join('\r\n');
    const side = parseEnvironmentYml(text, '/p/environment.yml');
    expect({ ...side, packages: Object.fromEntries(side.packages) }).toEqual({
      kind: 'environment.yml',
      file: '/p/environment.yml',
      goflags: '-tags=dynamic',
      regenerate: null,
      packages: {
        'go-cgo': { name: 'go-cgo', spec: '1.22.*', version: null, build: null, file: '/p/environment.yml', line: 6 },
        libgit2: { name: 'libgit2', spec: '1.7.2', version: null, build: 'h1_0', file: '/p/environment.yml', line: 7 },
        libsqlite: { name: 'libsqlite', spec: '>=3.45,<4', version: null, build: null, file: '/p/environment.yml', line: 8 },
        zstd: { name: 'zstd', spec: null, version: null, build: null, file: '/p/environment.yml', line: 9 },
        pip: { name: 'pip', spec: null, version: null, build: null, file: '/p/environment.yml', line: 10 },
      },
    });
  });

  test.each([
    ['name: x\n', null],
    ['variables: [GOFLAGS]\ndependencies: []\n', null],
    ['variables:\n  GOFLAGS: 1\n', null],
    ['variables:\n  GOFLAGS: ""\n', ''],
  ])('nothing to read: %j', (text, goflags) => {
    const side = parseEnvironmentYml(text, 'e.yml');
    expect([side.packages.size, side.goflags]).toEqual([0, goflags]);
  });

  test.each([
    ['42\n', 'e.yml:1: expected a mapping with `dependencies:`', HINT],
    ['', 'e.yml:1: expected a mapping with `dependencies:`', HINT],
    // an empty `dependencies:` is null, which conda refuses too ("Invalid type for 'dependencies', expected a list")
    ['dependencies:\n', 'e.yml:1: `dependencies` must be a list of package specs', HINT],
    ['dependencies:\n  go: 1\n', 'e.yml:2: `dependencies` must be a list of package specs', HINT],
    ['dependencies:\n  - [go]\n', 'e.yml:2: a dependency must be a package spec string', HINT],
    ['dependencies:\n  - 1.5\n', 'e.yml:2: a dependency must be a package spec string', HINT],
    [
      'dependencies:\n  - go 1..2\n',
      `e.yml:2: "go 1..2" is not a conda match spec: Invalid version '1..2': empty version component`,
      'write it as conda reads it: `- name`, `- name 1.5.*`, `- name >=1.5,<2`, `- channel::name=1.5` (conda env create refuses this line too)',
    ],
    ['dependencies: [go, "x\n', 'e.yml:1: YAML error', 'fix the YAML syntax'],
  ])('refused: %j', (text, message, hint) => {
    const err = thrown(() => parseEnvironmentYml(text, 'e.yml'));
    expect([message.endsWith('YAML error') ? err.message.slice(0, message.length) : err.message, err.hint]).toEqual([message, hint]);
  });

  test('specAt: a spec conda refuses is a SyncInputError at the line given (none: no line)', () => {
    expect(specAt('go >=1.22', 'f', 3)).toEqual({ name: 'go', version: '>=1.22', build: null, channel: null, subdir: null });
    expect(thrown(() => specAt('>=1', 'f', undefined)).message).toBe(`f: ">=1" is not a conda match spec: no package name found in '>=1'`);
    // anything but conda's refusal (a caller passing no string) is not dressed up as bad input
    expect(() => specAt(undefined as unknown as string, 'f', 1)).toThrow(TypeError);
  });
});

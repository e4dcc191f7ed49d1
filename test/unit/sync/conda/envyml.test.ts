// environment.yml: specs with their lines, variables, errors with file and line.
import { parseEnvironmentYml } from '../../../../src/sync/conda/envyml';
import { thrown } from '../../../helpers/sync-check';

describe('environment.yml', () => {
  const text =
    'name: app\nchannels: [conda-forge]\nvariables:\n  GOFLAGS: -tags=dynamic,libsqlite3\ndependencies:\n  # toolchain\n  - go 1.22.*\n  - libgit2\n  - pip:\n      - requests\n  - "opencv >=4.8,<4.9"\n';
  const side = parseEnvironmentYml(text, '/p/environment.yml');
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

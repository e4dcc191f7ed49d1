// pixi.toml / pyproject.toml specs with their lines (pixi.test.ts reads them together with the locks).
import { keyLines, parsePixiToml } from '../../../../src/sync/conda/pixitoml';
import { thrown } from '../../../helpers/sync-check';

const K = (...parts: string[]) => parts.join('\u0000');

describe('keyLines', () => {
  test('the line of each key under each header: quoted and dotted headers, comments, dotted keys, the first one wins', () => {
    const text = [
      '# a manifest', // 1
      'top = 1', // 2
      '[dependencies]  # conda deps', // 3
      '  go = "1.22.*"', // 4
      '"quoted-key" = "*"', // 5
      "'single' = '*'", // 6
      'lib.sub = "x"', // 7
      'go = "again"', // 8
      '[feature."my gpu".target.linux-64.dependencies]', // 9
      "cuda = '12.*'", // 10
      "[ 'target' . osx-arm64 ]", // 11
      'x=1', // 12
      '[[array.of.tables]]', // 13
      'y = 2', // 14
      'not a key', // 15
      '',
    ].join('\n');
    expect(Object.fromEntries([...keyLines(text)].map(([k, v]) => [k.split('\u0000').join('/'), v]))).toEqual({
      top: 2,
      'dependencies/go': 4,
      'dependencies/quoted-key': 5,
      'dependencies/single': 6,
      'dependencies/lib/sub': 7,
      'feature/my gpu/target/linux-64/dependencies/cuda': 10,
      'target/osx-arm64/x': 12,
      // an array-of-tables header is not a table header here: its keys stay under the last table
      'target/osx-arm64/y': 14,
    });
  });
  test('a line that only starts like a header is not one', () => {
    expect(Object.fromEntries(keyLines('[a]\nx = 1\n[b] junk\ny = 2\n'))).toEqual({ [K('a', 'x')]: 2, [K('a', 'y')]: 4 });
  });
  test('CRLF line ends', () => {
    expect(keyLines('[dependencies]\r\ngo = "1.22"\r\n').get(K('dependencies', 'go'))).toBe(2);
  });
});

describe('parsePixiToml', () => {
  test('every table pixi reads, later (more specific) ones winning; source packages and other keys skipped', () => {
    const toml = [
      '[workspace]', // 1
      'platforms = ["linux-64", "osx-arm64"]', // 2
      '[dependencies]', // 3
      'go = "*"', // 4
      'libgit2 = { version = "1.7.*", channel = "conda-forge" }', // 5
      'zstd = { build = "h1_0" }', // 6
      'mypkg = { path = "./mypkg" }', // 7
      'gitpkg = { git = "https://example.com/x.git" }', // 8
      'urlpkg = { url = "https://example.com/x-1-0.conda" }', // 9
      'weird = 7', // 10
      '[host-dependencies]', // 11
      'libsqlite = ">=3.45"', // 12
      '[build-dependencies]', // 13
      'c-compiler = "1.7.*"', // 14
      '[pypi-dependencies]', // 15
      'requests = "*"', // 16
      '[feature.gpu.dependencies]', // 17
      'libgit2 = "1.8.*"', // 18
      '[feature.gpu.target.linux-64.host-dependencies]', // 19
      'libsqlite = "3.46.*"', // 20
      '[feature.other.dependencies]', // 21
      'zstd = "9.*"', // 22
      // a feature named 7: the number 7 in a features list is not its name
      '[feature.7.dependencies]', // 23
      'zeromq = "4.*"', // 24
      '[environments]', // 25
      'gpu = { features = ["gpu", 7] }', // 26
      'list = ["gpu"]', // 27
      'bad = "gpu"', // 28
      '',
    ].join('\n');
    const base = {
      go: { spec: null, file: 'pixi.toml', line: 4 },
      libgit2: { spec: '1.7.*', file: 'pixi.toml', line: 5 },
      zstd: { spec: null, file: 'pixi.toml', line: 6 },
      weird: { spec: null, file: 'pixi.toml', line: 10 },
      libsqlite: { spec: '>=3.45', file: 'pixi.toml', line: 12 },
      'c-compiler': { spec: '1.7.*', file: 'pixi.toml', line: 14 },
    };
    expect(Object.fromEntries(parsePixiToml(toml, 'pixi.toml'))).toEqual(base);
    const gpu = { ...base, libgit2: { spec: '1.8.*', file: 'pixi.toml', line: 18 }, libsqlite: { spec: '3.46.*', file: 'pixi.toml', line: 20 } };
    expect(Object.fromEntries(parsePixiToml(toml, 'pixi.toml', 'linux-64', 'gpu'))).toEqual(gpu);
    expect(Object.fromEntries(parsePixiToml(toml, 'pixi.toml', 'linux-64', 'list'))).toEqual(gpu);
    expect(Object.fromEntries(parsePixiToml(toml, 'pixi.toml', 'osx-arm64', 'gpu'))).toEqual({
      ...base,
      libgit2: { spec: '1.8.*', file: 'pixi.toml', line: 18 },
    });
    expect(Object.fromEntries(parsePixiToml(toml, 'pixi.toml', 'linux-64', 'bad'))).toEqual(base);
    expect(Object.fromEntries(parsePixiToml(toml, 'pixi.toml', 'linux-64', 'nosuch'))).toEqual(base);
  });

  test('a build without a version: "* build"', () => {
    // zstd = { build = "h1_0" } is the spec "zstd * h1_0": any version
    expect(parsePixiToml('[dependencies]\nzstd = { build = "h1_0" }\n', 'p').get('zstd')).toEqual({ spec: null, file: 'p', line: 2 });
    expect(parsePixiToml('[dependencies]\nzstd = { version = "1.5.*", build = "h1_0" }\n', 'p').get('zstd')).toEqual({ spec: '1.5.*', file: 'p', line: 2 });
  });

  test('a key the line finder cannot place (inline table form) has no line', () => {
    expect(Object.fromEntries(parsePixiToml('dependencies = { go = "1.22.*" }\n', 'p'))).toEqual({ go: { spec: '1.22.*', file: 'p', line: null } });
  });

  test('pyproject.toml without [tool.pixi]: nothing; with a non-table tool: nothing', () => {
    expect(parsePixiToml('[project]\nname = "x"\n', 'pyproject.toml', 'linux-64', 'default', ['tool', 'pixi']).size).toBe(0);
    expect(parsePixiToml('tool = 1\n', 'pyproject.toml', 'linux-64', 'default', ['tool', 'pixi']).size).toBe(0);
    expect(
      Object.fromEntries(parsePixiToml('[tool.pixi.target.osx-64.dependencies]\ngo = "1.21.*"\n', 'pyproject.toml', 'osx-64', 'default', ['tool', 'pixi'])),
    ).toEqual({ go: { spec: '1.21.*', file: 'pyproject.toml', line: 2 } });
  });

  test('errors: TOML syntax at its line, a spec conda refuses at its line', () => {
    const toml = thrown(() => parsePixiToml('[dependencies]\ngo = \n', 'pixi.toml'));
    // smol-toml's first line (the rest is a snippet of the file)
    expect([toml.message, toml.hint]).toEqual(['pixi.toml:2: TOML error: Invalid TOML document: invalid value', 'fix the TOML syntax']);
    const spec = thrown(() => parsePixiToml('[dependencies]\ngo = "1.22"\nlibsqlite = ">=3,<<4"\n', 'pixi.toml'));
    expect(spec.message).toBe(`pixi.toml:3: "libsqlite >=3,<<4" is not a conda match spec: Invalid version '<<4': invalid operator`);
  });
});

// Stryker's survivors in pixitoml.ts (issue 21 §1), each case one step past the ones above.
describe('one step further (Stryker survivors)', () => {
  const lines = (text: string) => Object.fromEntries([...keyLines(text)].map(([k, v]) => [k.split('\u0000').join('/'), v]));

  test("keyLines: single-quoted names holding a dot or a space stay one name; a value's brackets and a string's `x =` are no header or key", () => {
    expect(lines("[feature.'my gpu'.dependencies]\n'a.b' = 1\n")).toStrictEqual({ 'feature/my gpu/dependencies/a.b': 2 });
    expect(lines('[a]\nlist = ["v"]\nk = 1\n')).toStrictEqual({ 'a/list': 2, 'a/k': 3 });
    expect(lines('[a]\ns = """\nsee x = y\n"""\nk = 1\n')).toStrictEqual({ 'a/s': 2, 'a/k': 5 });
  });

  test('without a platform and environment: linux-64 and the default environment', () => {
    const toml = [
      '[target.linux-64.dependencies]', // 1
      'go = "1.22.*"', // 2
      '[target.osx-64.dependencies]', // 3
      'zlib = "1.3.*"', // 4
      '[feature.gpu.dependencies]', // 5
      'cuda = "12.*"', // 6
      '[feature."Stryker was here".dependencies]', // 7
      'unlisted = "1.*"', // 8
      '[environments]', // 9
      'default = ["gpu"]', // 10
      'other = ["Stryker was here"]', // 11
      '',
    ].join('\n');
    expect(Object.fromEntries(parsePixiToml(toml, 'p'))).toStrictEqual({
      go: { spec: '1.22.*', file: 'p', line: 2 },
      cuda: { spec: '12.*', file: 'p', line: 6 },
    });
    // an environment without features (any name, even one a feature has) reads no feature table
    expect(Object.fromEntries(parsePixiToml(toml.replace('default = ["gpu"]', 'default = {}'), 'p'))).toStrictEqual({
      go: { spec: '1.22.*', file: 'p', line: 2 },
    });
  });

  test('a dependencies key that is no table (a string) holds no dependencies', () => {
    expect(parsePixiToml('dependencies = "go"\n', 'p').size).toBe(0);
  });

  test("a build conda refuses is refused with the whole spec and its line (the build is part of what's checked)", () => {
    const err = thrown(() => parsePixiToml('[dependencies]\nzstd = { version = "1.5.*", build = "h1[" }\n', 'pixi.toml'));
    expect(err.message).toBe('pixi.toml:2: "zstd 1.5.* h1[" is not a conda match spec: multiple brackets sections not allowed');
  });
});

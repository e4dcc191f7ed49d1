// pixi.toml (specs with their lines) + pixi.lock formats 4 to 7 (fixtures in test/fixtures/sync are
// written for the tests in pixi's layout of each format).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePixiLock, parsePixiToml } from '../../../../src/sync/conda/pixi';
import { keyLines } from '../../../../src/sync/conda/pixitoml';
import { thrown } from '../../../helpers/sync-check';

const FIX = path.join(__dirname, '..', '..', '..', 'fixtures', 'sync');
const fixture = (name: string) => fs.readFileSync(path.join(FIX, name), 'utf8');

describe('pixi.toml + pixi.lock', () => {
  // read in beforeAll, not while jest collects the tests (see envyml.test.ts)
  let specs: ReturnType<typeof parsePixiToml>;
  beforeAll(() => (specs = parsePixiToml(fixture('pixi.toml'), 'pixi.toml')));
  test('pixi.toml specs, string and table forms, each with its line', () => {
    expect(Object.fromEntries(specs)).toEqual({
      go: { spec: '1.22.*', file: 'pixi.toml', line: 7 },
      libgit2: { spec: '>=1.5', file: 'pixi.toml', line: 8 },
      zeromq: { spec: '>=4.3', file: 'pixi.toml', line: 9 },
    });
  });
  test.each(['pixi-v6.lock', 'pixi-v7.lock'])('%s: versions from the URLs, specs and lines from pixi.toml, pypi skipped', (name) => {
    const side = parsePixiLock(fixture(name), name, 'linux-64', 'default', specs);
    expect(side.packages.get('libgit2')).toEqual({ name: 'libgit2', spec: '>=1.5', version: '1.9.0', build: 'hd24f944_0', file: 'pixi.toml', line: 8 });
    expect(side.packages.get('zeromq')?.version).toBe('4.3.5');
    expect(side.packages.has('requests')).toBe(false);
    expect(side.regenerate).toBe('pixi lock');
    expect(parsePixiLock(fixture(name), name, 'osx-arm64', 'default', specs).packages.get('go')).toEqual({
      name: 'go',
      spec: '1.22.*',
      version: null,
      build: null,
      file: 'pixi.toml',
      line: 7,
    });
  });
  test('a package the manifest does not pin points at its entry in the lock', () => {
    const side = parsePixiLock(fixture('pixi-v6.lock'), 'pixi.lock', 'linux-64');
    const line = side.packages.get('libgit2')!.line!;
    expect(fixture('pixi-v6.lock').split('\n')[line - 1]).toBe('- conda: https://conda.anaconda.org/conda-forge/linux-64/libgit2-1.9.0-hd24f944_0.conda');
  });
  test('v7: name, version and build written out win over the URL', () => {
    const side = parsePixiLock(fixture('pixi-v7.lock'), 'pixi.lock', 'linux-64');
    expect(side.packages.get('libpcap')).toMatchObject({ version: '1.10.4', build: 'hd590300_0' });
  });
  test('format 4: `kind: conda` rows with `url:`, several platforms, entry lines', () => {
    const text = fixture('pixi-v4.lock');
    const side = parsePixiLock(text, 'pixi.lock', 'linux-64');
    expect(side.packages.get('libsqlite')).toMatchObject({ version: '3.40.0', build: 'h753d276_0' });
    expect(side.packages.get('python')).toMatchObject({ version: '3.11.0', build: 'he550d4f_1_cpython' });
    expect(side.packages.size).toBe(3);
    const line = side.packages.get('libsqlite')!.line!;
    expect(
      text
        .split('\n')
        .slice(line - 1, line + 12)
        .join('\n'),
    ).toMatch(/^ {2}- kind: conda\n[\s\S]*url: "https:\/\/conda.anaconda.org\/conda-forge\/linux-64\/libsqlite-3\.40\.0/);
    expect(parsePixiLock(text, 'pixi.lock', 'osx-arm64').packages.get('libsqlite')?.version).toMatch(/^3\.40/);
  });
  test('format 5: pypi rows and indexes beside the conda rows', () => {
    const side = parsePixiLock(fixture('pixi-v5.lock'), 'pixi.lock', 'osx-arm64');
    expect(side.packages.get('libsqlite')).toMatchObject({ version: '3.45.3', build: 'h091b4b1_0' });
    expect(side.packages.has('requests')).toBe(false);
    expect(side.packages.has('certifi')).toBe(false);
  });
  test('target and feature tables: the more specific one wins, with its line', () => {
    const toml = [
      '[workspace]',
      'platforms = ["linux-64", "osx-arm64"]',
      '[dependencies]',
      'go = ">=1.21"',
      '[target.linux-64.dependencies]',
      'go = { version = ">=1.22", build = "*cgo*" }',
      '[feature.gpu.dependencies]',
      'libgit2 = "1.5.*"',
      '[feature.gpu.target.osx-arm64.dependencies]',
      '"libgit2" = "1.6.*"',
      '[environments]',
      'gpu = ["gpu"]',
      '',
    ].join('\n');
    expect(parsePixiToml(toml, 't', 'linux-64').get('go')).toEqual({ spec: '>=1.22', file: 't', line: 6 });
    expect(parsePixiToml(toml, 't', 'osx-arm64').get('go')).toEqual({ spec: '>=1.21', file: 't', line: 4 });
    expect(parsePixiToml(toml, 't', 'linux-64').has('libgit2')).toBe(false);
    expect(parsePixiToml(toml, 't', 'linux-64', 'gpu').get('libgit2')).toEqual({ spec: '1.5.*', file: 't', line: 8 });
    expect(parsePixiToml(toml, 't', 'osx-arm64', 'gpu').get('libgit2')).toEqual({ spec: '1.6.*', file: 't', line: 10 });
    expect(keyLines(toml).get(['target', 'linux-64', 'dependencies', 'go'].join('\u0000'))).toBe(6);
  });
  test('pyproject.toml: the [tool.pixi.*] tables, with their lines', () => {
    const py = ['[project]', 'name = "app"', '', '[tool.pixi.workspace]', 'platforms = ["linux-64"]', '', '[tool.pixi.dependencies]', 'go = ">=1.22"', ''].join(
      '\n',
    );
    expect(Object.fromEntries(parsePixiToml(py, 'pyproject.toml', 'linux-64', 'default', ['tool', 'pixi']))).toEqual({
      go: { spec: '>=1.22', file: 'pyproject.toml', line: 8 },
    });
  });
  test('versions a YAML number would change stay as written (1.20 is not 1.2)', () => {
    const text = fixture('pixi-v7.lock').replace(/version: 1\.10\.4/, 'version: 1.10');
    expect(parsePixiLock(text, 'pixi.lock', 'linux-64').packages.get('libpcap')?.version).toBe('1.10');
  });
  test('errors', () => {
    expect(thrown(() => parsePixiLock('version: 3\n', 'pixi.lock', 'linux-64')).message).toMatch(
      /unsupported pixi.lock format version 3 \(gocondad reads 4, 5, 6, 7\)/,
    );
    expect(thrown(() => parsePixiLock(fixture('pixi-v6.lock'), 'pixi.lock', 'linux-64', 'test')).hint).toMatch(/it has default/);
    expect(thrown(() => parsePixiLock(fixture('pixi-v6.lock'), 'pixi.lock', 'win-64')).message).toMatch(/no packages for win-64/);
    expect(thrown(() => parsePixiToml('[dependencies]\ngo = \n', 'pixi.toml')).message).toMatch(/^pixi\.toml:2: TOML error/);
    const bad = thrown(() => parsePixiToml('[dependencies]\ngo = "1.22"\nlibsqlite = ">=3,<<4"\n', 'pixi.toml'));
    expect(bad.message).toMatch(/^pixi\.toml:3: "libsqlite >=3,<<4" is not a conda match spec/);
  });
});

// pixi.lock v5 and v6 written here in pixi's layout: the whole CondaSide.
const V5 = `version: 5
environments:
  default:
    channels:
    - url: https://conda.anaconda.org/conda-forge/
    indexes:
    - https://pypi.org/simple
    packages:
      linux-64:
      - conda: https://conda.anaconda.org/conda-forge/linux-64/go-1.22.5-h00e7f8e_0.conda
      - pypi: https://files.pythonhosted.org/packages/requests-2.32.3-py3-none-any.whl
      - conda: https://conda.anaconda.org/conda-forge/noarch/tzdata-2024a-h0c530f3_0.conda
packages:
- kind: conda
  name: go
  version: 1.22.5
  build: h00e7f8e_0
  subdir: linux-64
  url: https://conda.anaconda.org/conda-forge/linux-64/go-1.22.5-h00e7f8e_0.conda
- kind: pypi
  name: requests
  version: 2.32.3
  url: https://files.pythonhosted.org/packages/requests-2.32.3-py3-none-any.whl
- kind: conda
  name: tzdata
  version: 2024a
  build: h0c530f3_0
  subdir: noarch
  url: "https://conda.anaconda.org/conda-forge/noarch/tzdata-2024a-h0c530f3_0.conda"
`;

describe('pixi.lock: the whole result', () => {
  test('format 5: kind/url rows, pypi skipped, each unpinned package at its entry line', () => {
    const side = parsePixiLock(V5, 'pixi.lock', 'linux-64');
    expect({ ...side, packages: Object.fromEntries(side.packages) }).toEqual({
      kind: 'pixi',
      file: 'pixi.lock',
      goflags: null,
      regenerate: 'pixi lock',
      packages: {
        go: { name: 'go', spec: null, version: '1.22.5', build: 'h00e7f8e_0', file: 'pixi.lock', line: 14 },
        tzdata: { name: 'tzdata', spec: null, version: '2024a', build: 'h0c530f3_0', file: 'pixi.lock', line: 24 },
      },
    });
  });

  test('format 6: a `conda:` row with nothing else, a row naming itself, an entry missing from packages:', () => {
    const text = [
      'version: 6',
      'environments:',
      '  default:',
      '    packages:',
      '      linux-64:',
      '      - conda: https://x/linux-64/libgit2-1.9.0-hd24f944_0.conda',
      '      - conda: https://x/linux-64/renamed.conda',
      '      - conda: https://x/linux-64/zstd-1.5.6-ha6fb4c9_0.conda',
      '      - pypi: https://x/requests.whl',
      'packages:',
      '- conda: https://x/linux-64/libgit2-1.9.0-hd24f944_0.conda',
      '  sha256: 00',
      "- conda: 'https://x/linux-64/renamed.conda'",
      '  name: libpcap',
      '  version: 1.10',
      '  build: h1_0',
      '- kind: pypi',
      '  url: https://x/requests.whl',
      '',
    ].join('\n');
    const specs = new Map([
      ['zstd', { spec: '1.5.*', file: 'pixi.toml', line: 3 }],
      ['go', { spec: '>=1.22', file: 'pixi.toml', line: 2 }],
    ]);
    const side = parsePixiLock(text, 'pixi.lock', 'linux-64', 'default', specs);
    expect(Object.fromEntries(side.packages)).toEqual({
      libgit2: { name: 'libgit2', spec: null, version: '1.9.0', build: 'hd24f944_0', file: 'pixi.lock', line: 11 },
      libpcap: { name: 'libpcap', spec: null, version: '1.10', build: 'h1_0', file: 'pixi.lock', line: 13 },
      zstd: { name: 'zstd', spec: '1.5.*', version: '1.5.6', build: 'ha6fb4c9_0', file: 'pixi.toml', line: 3 },
      go: { name: 'go', spec: '>=1.22', version: null, build: null, file: 'pixi.toml', line: 2 },
    });
  });

  test('format 4: a noarch package has one entry per platform with the same URL; the line is the first entry', () => {
    const text = [
      'version: 4',
      'environments:',
      '  default:',
      '    packages:',
      '      linux-64:',
      '      - conda: https://x/noarch/tzdata-2024a-h0c530f3_0.conda',
      '      osx-arm64:',
      '      - conda: https://x/noarch/tzdata-2024a-h0c530f3_0.conda',
      'packages:',
      '- kind: conda',
      '  name: tzdata',
      '  version: 2024a',
      '  build: h0c530f3_0',
      '  subdir: noarch',
      '  url: https://x/noarch/tzdata-2024a-h0c530f3_0.conda',
      '  platform: linux-64',
      '- kind: conda',
      '  name: tzdata',
      '  version: 2024a',
      '  build: h0c530f3_0',
      '  subdir: noarch',
      '  url: https://x/noarch/tzdata-2024a-h0c530f3_0.conda',
      '  platform: osx-arm64',
      '',
    ].join('\n');
    expect(parsePixiLock(text, 'pixi.lock', 'osx-arm64').packages.get('tzdata')).toEqual({
      name: 'tzdata',
      spec: null,
      version: '2024a',
      build: 'h0c530f3_0',
      file: 'pixi.lock',
      line: 10,
    });
  });

  test('no top-level packages: list: names from the URLs, no lines', () => {
    const text = 'version: 6\nenvironments:\n  default:\n    packages:\n      linux-64:\n      - conda: https://x/linux-64/go-1.22.5-h0_0.conda\n';
    expect(Object.fromEntries(parsePixiLock(text, 'pixi.lock', 'linux-64').packages)).toEqual({
      go: { name: 'go', spec: null, version: '1.22.5', build: 'h0_0', file: 'pixi.lock', line: null },
    });
  });

  test('a `kind: pypi` row is never the entry of a conda reference, even at the same URL', () => {
    const text = [
      'version: 5',
      'environments:',
      '  default:',
      '    packages:',
      '      linux-64:',
      '      - conda: https://x/linux-64/a-1-h_0.conda',
      'packages:',
      '- kind: pypi',
      '  name: notconda',
      '  version: 9',
      '  url: https://x/linux-64/a-1-h_0.conda',
      '',
    ].join('\n');
    expect(Object.fromEntries(parsePixiLock(text, 'pixi.lock', 'linux-64').packages)).toEqual({
      a: { name: 'a', spec: null, version: '1', build: 'h_0', file: 'pixi.lock', line: 8 },
    });
  });

  const LOCK_HINT = 'regenerate it with `pixi lock`';
  test.each([
    ['version: 6\nenvironments: [\n', 'pixi.lock:2: YAML error', LOCK_HINT],
    ['', 'pixi.lock:1: not a pixi lock file', LOCK_HINT],
    ['just text\n', 'pixi.lock:1: not a pixi lock file', LOCK_HINT],
    ['environments: {}\n', 'pixi.lock: unsupported pixi.lock format version (none) (gocondad reads 4, 5, 6, 7)', `${LOCK_HINT} with a pixi of 2024 or later`],
    ['version: four\n', 'pixi.lock: unsupported pixi.lock format version four (gocondad reads 4, 5, 6, 7)', `${LOCK_HINT} with a pixi of 2024 or later`],
    ['version: 4.5\n', 'pixi.lock: unsupported pixi.lock format version 4.5 (gocondad reads 4, 5, 6, 7)', `${LOCK_HINT} with a pixi of 2024 or later`],
    ['version: 3\n', 'pixi.lock: unsupported pixi.lock format version 3 (gocondad reads 4, 5, 6, 7)', `${LOCK_HINT} with a pixi of 2024 or later`],
    ['version: 8\n', 'pixi.lock: unsupported pixi.lock format version 8 (gocondad reads 4, 5, 6, 7)', `${LOCK_HINT}, or update gocondad`],
    ['version: 6\n', 'pixi.lock: no environment "default" in the lock', 'pass --pixi-env (it has )'],
    ['version: 6\nenvironments:\n  a: {}\n  b: {}\n', 'pixi.lock: no environment "default" in the lock', 'pass --pixi-env (it has a, b)'],
    [
      'version: 6\nenvironments:\n  default: {}\n',
      'pixi.lock: environment "default" has no packages for linux-64',
      'pass --platform, or add the platform to pixi.toml and run `pixi lock`',
    ],
    [
      'version: 6\nenvironments:\n  default:\n    packages:\n      linux-64:\n      - conda: https://x/linux-64/nodash.conda\npackages:\n- conda: https://x/linux-64/nodash.conda\n',
      'pixi.lock:8: cannot tell the package of https://x/linux-64/nodash.conda',
      LOCK_HINT,
    ],
  ])('refused: %j', (text, message, hint) => {
    const err = thrown(() => parsePixiLock(text, 'pixi.lock', 'linux-64'));
    expect([message.endsWith('YAML error') ? err.message.slice(0, message.length) : err.message, err.hint]).toEqual([message, hint]);
  });
});

// Stryker's survivors in pixi.ts (issue 21 §1), and the entry lines of locks other tools rewrote.
describe('pixi.lock: one step further (Stryker survivors)', () => {
  const ENV = [
    'version: 5',
    'environments:',
    '  default:',
    '    packages:',
    '      linux-64:',
    '      - conda: https://x/linux-64/a-1-h_0.conda',
    '      - conda: https://x/linux-64/b-2-h_0.conda',
    '',
  ].join('\n');
  const pkgs = (text: string) => Object.fromEntries(parsePixiLock(text, 'pixi.lock', 'linux-64').packages);
  const pkg = (name: string, version: string, line: number | null) => ({ name, spec: null, version, build: 'h_0', file: 'pixi.lock', line });

  test('CRLF line ends: the same entry lines', () => {
    expect(pkgs(V5.replace(/\n/g, '\r\n'))).toStrictEqual({
      go: { name: 'go', spec: null, version: '1.22.5', build: 'h00e7f8e_0', file: 'pixi.lock', line: 14 },
      tzdata: { name: 'tzdata', spec: null, version: '2024a', build: 'h0c530f3_0', file: 'pixi.lock', line: 24 },
    });
  });

  test('a packages: list indented by a YAML re-dumper: each entry at its `- ` line (was line -1)', () => {
    const text = `${ENV}packages:\n    - kind: conda\n      name: a\n      version: 1\n      build: h_0\n      url: https://x/linux-64/a-1-h_0.conda\n    - kind: conda\n      name: b\n      version: 2\n      build: h_0\n      url:  https://x/linux-64/b-2-h_0.conda\n`;
    expect(pkgs(text)).toStrictEqual({ a: pkg('a', '1', 9), b: pkg('b', '2', 14) });
  });

  test("keys sorted by a re-dumper (depends: before url:): the entry's `- ` line, not its depends item (was 11 and 18)", () => {
    const entry = (name: string, version: string, dep: string) =>
      `- build: h_0\n  depends:\n  - ${dep}\n  kind: conda\n  name: ${name}\n  url: https://x/linux-64/${name}-${version}-h_0.conda\n  version: ${version}\n`;
    expect(pkgs(`${ENV}packages:\n${entry('a', '1', 'libc >=2')}${entry('b', '2', 'a')}`)).toStrictEqual({ a: pkg('a', '1', 9), b: pkg('b', '2', 16) });
  });

  test("packages: first (keys reordered): the list ends at the next top-level key, so the environment's references are no entries (b was line 2)", () => {
    const text = `packages:\n- conda: https://x/linux-64/a-1-h_0.conda\n  build: h_0\n${ENV.replace('version: 5', 'version: 6')}`;
    expect(pkgs(text)).toStrictEqual({ a: pkg('a', '1', 2), b: pkg('b', '2', null) });
  });

  test('a comment after `packages:` or between entries keeps the entry lines', () => {
    expect(
      pkgs(`${ENV}packages: # written by hand\n- conda: https://x/linux-64/a-1-h_0.conda\n# b is next\n- conda: https://x/linux-64/b-2-h_0.conda\n`),
    ).toStrictEqual({
      a: pkg('a', '1', 9),
      b: pkg('b', '2', 11),
    });
  });

  test('a comment holding ` - ` before the first entry is no entry: the entries keep their own lines and indent', () => {
    expect(
      pkgs(`${ENV}packages:\n# pinned - regenerate with pixi lock\n- conda: https://x/linux-64/a-1-h_0.conda\n- conda: https://x/linux-64/b-2-h_0.conda\n`),
    ).toStrictEqual({ a: pkg('a', '1', 10), b: pkg('b', '2', 11) });
  });

  test("a comment inside an entry naming another entry's URL does not give that entry this one's line", () => {
    expect(
      pkgs(
        `${ENV}packages:\n- conda: https://x/linux-64/a-1-h_0.conda\n  # was: url: https://x/linux-64/b-2-h_0.conda\n- conda: https://x/linux-64/b-2-h_0.conda\n`,
      ),
    ).toStrictEqual({ a: pkg('a', '1', 9), b: pkg('b', '2', 11) });
  });

  test('a top-level key that only begins with `packages:` is not the list: the real one after it is', () => {
    expect(pkgs(`${ENV}packages:old: none\npackages:\n- conda: https://x/linux-64/a-1-h_0.conda\n- conda: https://x/linux-64/b-2-h_0.conda\n`)).toStrictEqual({
      a: pkg('a', '1', 10),
      b: pkg('b', '2', 11),
    });
  });

  test.each([
    [
      'a mapping for a platform',
      'version: 6\nenvironments:\n  default:\n    packages:\n      linux-64:\n        conda: https://x/a-1-h_0.conda\n',
      'pixi.lock: environment "default": the packages for linux-64 are not a list',
    ],
    [
      'a string for a platform',
      'version: 6\nenvironments:\n  default:\n    packages:\n      linux-64: abc\n',
      'pixi.lock: environment "default": the packages for linux-64 are not a list',
    ],
    ['a mapping for packages:', `${ENV}packages:\n  url: https://x/linux-64/a-1-h_0.conda\n`, 'pixi.lock: packages: is not a list'],
    ['a scalar for packages:', `${ENV}packages: 7\n`, 'pixi.lock: packages: is not a list'],
  ])('refused, not a TypeError: %s', (_what, text, message) => {
    const err = thrown(() => parsePixiLock(text, 'pixi.lock', 'linux-64'));
    expect([err.message, err.hint]).toStrictEqual([message, 'regenerate it with `pixi lock`']);
  });

  test('format 4/5: the `kind: conda` entry at the URL gives name and version, not the file name', () => {
    const text = [
      'version: 5',
      'environments:',
      '  default:',
      '    packages:',
      '      linux-64:',
      '      - conda: https://x/linux-64/renamed-9-h_9.conda',
      'packages:',
      '- kind: conda',
      '  name: libpcap',
      '  version: 1.10',
      '  build: h_0',
      '  url: https://x/linux-64/renamed-9-h_9.conda',
      '',
    ].join('\n');
    expect(pkgs(text)).toStrictEqual({ libpcap: { ...pkg('libpcap', '1.10', 8) } });
  });
});

// The conda-side readers, each on a small fixture in the tool's own format (test/fixtures/sync), and the
// match-spec split they share.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCondaLock } from '../../src/sync/conda/condalock';
import { parseEnvironmentYml } from '../../src/sync/conda/envyml';
import { parsePixiLock, parsePixiToml } from '../../src/sync/conda/pixi';
import { readPrefix } from '../../src/sync/conda/prefix';
import { splitPackageFile } from '../../src/sync/conda/types';
import { SyncInputError } from '../../src/sync/errors';
import { parseMatchSpec } from '../../src/sync/matchspec';
import { hostSubdir } from '../../src/sync/source';

const FIX = path.join(__dirname, '..', 'fixtures', 'sync');
const fixture = (name: string) => fs.readFileSync(path.join(FIX, name), 'utf8');
const versions = (side: { packages: Map<string, { version: string | null }> }) => Object.fromEntries([...side.packages].map(([n, p]) => [n, p.version]));

function thrown(f: () => unknown): SyncInputError {
  try {
    f();
  } catch (err) {
    if (err instanceof SyncInputError) return err;
    throw err;
  }
  throw new Error('nothing thrown');
}

describe('parseMatchSpec', () => {
  test.each([
    ['libgit2', { name: 'libgit2', version: null, build: null, channel: null }],
    ['libgit2 1.5.*', { name: 'libgit2', version: '1.5.*', build: null, channel: null }],
    ['libgit2=1.5', { name: 'libgit2', version: '=1.5', build: null, channel: null }],
    ['libgit2=1.5.2=h123_0', { name: 'libgit2', version: '==1.5.2', build: 'h123_0', channel: null }],
    ['libgit2==1.5.2', { name: 'libgit2', version: '==1.5.2', build: null, channel: null }],
    ['opencv >=4.8,<4.9', { name: 'opencv', version: '>=4.8,<4.9', build: null, channel: null }],
    ['opencv>=4.8, <4.9', { name: 'opencv', version: '>=4.8,<4.9', build: null, channel: null }],
    ['conda-forge::zstd 1.5.6 hc2324a3_0', { name: 'zstd', version: '1.5.6', build: 'hc2324a3_0', channel: 'conda-forge' }],
    ['conda-forge/linux-64::go >=1.22', { name: 'go', version: '>=1.22', build: null, channel: 'conda-forge/linux-64' }],
    ["libvips[version='>8.10']", { name: 'libvips', version: '>8.10', build: null, channel: null }],
    ['LibGit2 *', { name: 'libgit2', version: null, build: null, channel: null }],
  ])('%s', (raw, want) => expect(parseMatchSpec(raw)).toEqual(want));
  test('no name', () => expect(parseMatchSpec('>=1.5')).toBeNull());
});

test('conda file names split into name, version, build', () => {
  expect(splitPackageFile('https://x/linux-64/python_abi-3.13-5_cp313t.conda')).toEqual({ name: 'python_abi', version: '3.13', build: '5_cp313t' });
  expect(splitPackageFile('https://x/noarch/ca-certificates-2024.8.30-hbcca054_0.tar.bz2')).toEqual({ name: 'ca-certificates', version: '2024.8.30', build: 'hbcca054_0' });
  expect(splitPackageFile('https://x/pkg.whl')).toBeNull();
});

describe('environment.yml', () => {
  const text = 'name: app\nchannels: [conda-forge]\nvariables:\n  GOFLAGS: -tags=dynamic,libsqlite3\ndependencies:\n  # toolchain\n  - go 1.22.*\n  - libgit2\n  - pip:\n      - requests\n  - "opencv >=4.8,<4.9"\n';
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
    expect(thrown(() => parseEnvironmentYml('dependencies:\n  - ">=1"\n', 'e.yml')).message).toBe('e.yml:2: ">=1" is not a package spec');
    expect(thrown(() => parseEnvironmentYml('name: x\ndependencies: go\n', 'e.yml')).message).toBe('e.yml:2: `dependencies` must be a list of package specs');
    expect(thrown(() => parseEnvironmentYml('dependencies:\n  - [unclosed\n', 'e.yml')).message).toMatch(/^e\.yml:\d+: YAML error/);
    expect(thrown(() => parseEnvironmentYml('- go\n', 'e.yml')).message).toBe('e.yml:1: expected a mapping with `dependencies:`');
  });
});

describe('conda-lock.yml (version 1)', () => {
  test('the rows of one platform, conda packages only, regenerate command from metadata.sources', () => {
    const side = parseCondaLock(fixture('conda-lock.yml'), 'conda-lock.yml', 'linux-64');
    expect(versions(side)).toEqual({ libgit2: '1.9.0', go: '1.22.5' });
    expect(side.packages.get('libgit2')?.build).toBe('hd24f944_0');
    expect(side.regenerate).toBe('conda-lock lock -f environment.yml');
    expect(versions(parseCondaLock(fixture('conda-lock.yml'), 'conda-lock.yml', 'osx-arm64'))).toEqual({ libgit2: '1.5.2' });
  });
  test('a platform the lock lacks, another format version, a broken row', () => {
    expect(thrown(() => parseCondaLock(fixture('conda-lock.yml'), 'c.yml', 'win-64')).message).toBe('c.yml: no packages locked for win-64 (it has linux-64, osx-arm64)');
    expect(thrown(() => parseCondaLock('version: 2\npackage: []\n', 'c.yml', 'linux-64')).message).toMatch(/unsupported conda-lock format version 2/);
    expect(thrown(() => parseCondaLock('version: 1\npackage:\n- name: x\n', 'c.yml', 'linux-64')).message).toBe('c.yml: package entry 1 lacks name or version');
  });
});

describe('pixi.toml + pixi.lock', () => {
  const specs = parsePixiToml(fixture('pixi.toml'), 'pixi.toml');
  test('pixi.toml specs, string and table forms', () => {
    expect(Object.fromEntries(specs)).toEqual({ go: '1.22.*', libgit2: '>=1.5', zeromq: '>=4.3' });
  });
  test.each(['pixi-v6.lock', 'pixi-v7.lock'])('%s: versions from the URLs, specs from pixi.toml, pypi skipped', (name) => {
    const side = parsePixiLock(fixture(name), name, 'linux-64', 'default', specs);
    expect(side.packages.get('libgit2')).toEqual({ name: 'libgit2', spec: '>=1.5', version: '1.9.0', build: 'hd24f944_0', file: name, line: null });
    expect(side.packages.get('zeromq')?.version).toBe('4.3.5');
    expect(side.packages.has('requests')).toBe(false);
    expect(side.regenerate).toBe('pixi lock');
    expect(parsePixiLock(fixture(name), name, 'osx-arm64', 'default', specs).packages.get('go')).toEqual({ name: 'go', spec: '1.22.*', version: null, build: null, file: name, line: null });
  });
  test('v7: name, version and build written out win over the URL', () => {
    const side = parsePixiLock(fixture('pixi-v7.lock'), 'pixi.lock', 'linux-64');
    expect(side.packages.get('libpcap')).toMatchObject({ version: '1.10.4', build: 'hd590300_0' });
  });
  test('errors', () => {
    expect(thrown(() => parsePixiLock('version: 5\n', 'pixi.lock', 'linux-64')).message).toMatch(/unsupported pixi.lock format version 5 \(gocondad reads 6 and 7\)/);
    expect(thrown(() => parsePixiLock(fixture('pixi-v6.lock'), 'pixi.lock', 'linux-64', 'test')).hint).toMatch(/it has default/);
    expect(thrown(() => parsePixiLock(fixture('pixi-v6.lock'), 'pixi.lock', 'win-64')).message).toMatch(/no packages for win-64/);
    expect(thrown(() => parsePixiToml('[dependencies]\ngo = \n', 'pixi.toml')).message).toMatch(/^pixi\.toml:2: TOML error/);
  });
});

describe('a live prefix (conda-meta)', () => {
  test('installed records and GOFLAGS from conda-meta/state', () => {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-prefix-'));
    try {
      fs.mkdirSync(path.join(prefix, 'conda-meta'));
      fs.writeFileSync(path.join(prefix, 'conda-meta', 'libgit2-1.5.2-h1_0.json'), JSON.stringify({ name: 'libgit2', version: '1.5.2', build: 'h1_0', depends: [] }));
      fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
      fs.writeFileSync(path.join(prefix, 'conda-meta', 'state'), JSON.stringify({ env_vars: { GOFLAGS: '-tags=dynamic' } }));
      const side = readPrefix(prefix);
      expect(versions(side)).toEqual({ libgit2: '1.5.2' });
      expect(side.goflags).toBe('-tags=dynamic');
      fs.writeFileSync(path.join(prefix, 'conda-meta', 'bad-1-0.json'), '{');
      expect(thrown(() => readPrefix(prefix)).message).toMatch(/bad-1-0\.json: unreadable package record/);
    } finally {
      fs.rmSync(prefix, { recursive: true, force: true });
    }
    expect(thrown(() => readPrefix('/nonexistent/env')).hint).toMatch(/pass -p/);
  });
});

test('hostSubdir', () => {
  expect(hostSubdir('linux', 'x64')).toBe('linux-64');
  expect(hostSubdir('linux', 'arm64')).toBe('linux-aarch64');
  expect(hostSubdir('darwin', 'arm64')).toBe('osx-arm64');
  expect(hostSubdir('win32', 'x64')).toBe('win-64');
});

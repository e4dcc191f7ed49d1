// pixi.toml + pixi.lock formats 6 and 7 (fixtures in test/fixtures/sync follow pixi's layout).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePixiLock, parsePixiToml } from '../../../../src/sync/conda/pixi';
import { thrown } from '../../../helpers/sync-check';

const FIX = path.join(__dirname, '..', '..', '..', 'fixtures', 'sync');
const fixture = (name: string) => fs.readFileSync(path.join(FIX, name), 'utf8');

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
    expect(parsePixiLock(fixture(name), name, 'osx-arm64', 'default', specs).packages.get('go')).toEqual({
      name: 'go',
      spec: '1.22.*',
      version: null,
      build: null,
      file: name,
      line: null,
    });
  });
  test('v7: name, version and build written out win over the URL', () => {
    const side = parsePixiLock(fixture('pixi-v7.lock'), 'pixi.lock', 'linux-64');
    expect(side.packages.get('libpcap')).toMatchObject({ version: '1.10.4', build: 'hd590300_0' });
  });
  test('errors', () => {
    expect(thrown(() => parsePixiLock('version: 5\n', 'pixi.lock', 'linux-64')).message).toMatch(
      /unsupported pixi.lock format version 5 \(gocondad reads 6 and 7\)/,
    );
    expect(thrown(() => parsePixiLock(fixture('pixi-v6.lock'), 'pixi.lock', 'linux-64', 'test')).hint).toMatch(/it has default/);
    expect(thrown(() => parsePixiLock(fixture('pixi-v6.lock'), 'pixi.lock', 'win-64')).message).toMatch(/no packages for win-64/);
    expect(thrown(() => parsePixiToml('[dependencies]\ngo = \n', 'pixi.toml')).message).toMatch(/^pixi\.toml:2: TOML error/);
  });
});

// @EXPLICIT files as conda, conda-lock and micromamba write them (real files: test/fixtures/sync/SOURCE).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isExplicit, parseExplicit } from '../../../../src/sync/conda/explicit';
import { thrown } from '../../../helpers/sync-check';

const FIX = path.join(__dirname, '..', '..', '..', 'fixtures', 'sync', 'explicit');
const fixture = (name: string) => fs.readFileSync(path.join(FIX, name), 'utf8');

describe('@EXPLICIT files', () => {
  test('conda list --explicit: name-version-build from each URL, each with its line', () => {
    const text = fixture('xtensor_linux-64.txt');
    expect(isExplicit(text)).toBe(true);
    const side = parseExplicit(text, 'x.txt');
    expect(side.kind).toBe('explicit');
    expect(side.packages.get('xtensor')).toEqual({ name: 'xtensor', spec: null, version: '0.21.8', build: 'hc9558a2_0', file: 'x.txt', line: 11 });
    expect(text.split('\n')[10]).toMatch(/\/xtensor-0\.21\.8-hc9558a2_0\.tar\.bz2#/);
    expect(side.packages.get('_libgcc_mutex')).toMatchObject({ version: '0.1', build: 'conda_forge' });
    expect(side.regenerate).toBe('conda list --explicit --md5 -p <prefix> > x.txt');
  });
  test('#md5 suffixes and .conda files; the file’s platform is its own', () => {
    const side = parseExplicit(fixture('vs2015_runtime_win-64.txt'), 'v.txt');
    expect(side.packages.get('vs2015_runtime')).toMatchObject({ version: '14.16.27012', build: 'hf0eaf9b_3' });
    expect(thrown(() => parseExplicit(fixture('vs2015_runtime_win-64.txt'), 'v.txt', 'linux-64')).message).toBe(
      'v.txt: an explicit file for win-64, not linux-64',
    );
  });
  test('conda-lock --kind explicit: the regenerate hint keeps its file name template', () => {
    const side = parseExplicit(fixture('conda-linux-64.lock'), '/p/conda-linux-64.lock', 'linux-64');
    expect(side.packages.get('zlib')).toMatchObject({ version: '1.2.11', build: 'h36c2ea0_1013' });
    expect(side.regenerate).toBe("conda-lock lock --kind explicit -f environment.yml -p linux-64 --filename-template 'conda-{platform}.lock'");
  });
  test('sha256 suffixes (conda list --explicit --sha256, micromamba) and comments', () => {
    const text = [
      '# platform: linux-64',
      '@EXPLICIT',
      '',
      '# a comment',
      'https://conda.anaconda.org/conda-forge/linux-64/go-1.22.5-h00e7f8e_0.conda#sha256=1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a',
      'https://conda.anaconda.org/conda-forge/linux-64/libgit2-1.9.0-hd24f944_0.conda#sha256:8e2ba7d1',
      'file:///home/u/pkgs/zstd-1.5.6-ha6fb4c9_0.conda',
      '',
    ].join('\n');
    const side = parseExplicit(text, 'e.txt');
    expect([...side.packages.values()].map((p) => [p.name, p.version, p.build, p.line])).toEqual([
      ['go', '1.22.5', 'h00e7f8e_0', 5],
      ['libgit2', '1.9.0', 'hd24f944_0', 6],
      ['zstd', '1.5.6', 'ha6fb4c9_0', 7],
    ]);
  });
  test('a line that is no package URL is bad input at its line', () => {
    expect(thrown(() => parseExplicit('@EXPLICIT\nhttps://x/linux-64/go-1.22.conda\n', 'e.txt')).message).toMatch(
      /^e\.txt:2: "https:\/\/x\/linux-64\/go-1\.22\.conda" is not a package URL/,
    );
    expect(isExplicit('dependencies:\n  - go # @EXPLICIT\n')).toBe(false);
  });
});

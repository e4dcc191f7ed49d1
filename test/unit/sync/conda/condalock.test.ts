// conda-lock.yml, format version 1 (test/fixtures/sync/conda-lock.yml is written in that format).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCondaLock } from '../../../../src/sync/conda/condalock';
import { thrown, versions } from '../../../helpers/sync-check';

const FIX = path.join(__dirname, '..', '..', '..', 'fixtures', 'sync');
const fixture = (name: string) => fs.readFileSync(path.join(FIX, name), 'utf8');
describe('conda-lock.yml (version 1)', () => {
  test('the rows of one platform, conda packages only, regenerate command from metadata.sources', () => {
    const side = parseCondaLock(fixture('conda-lock.yml'), 'conda-lock.yml', 'linux-64');
    expect(versions(side)).toEqual({ libgit2: '1.9.0', go: '1.22.5' });
    expect(side.packages.get('libgit2')).toMatchObject({ build: 'hd24f944_0', line: 16 });
    expect(side.regenerate).toBe('conda-lock lock -f environment.yml');
    expect(side.sources).toEqual(['environment.yml']);
    expect(parseCondaLock('version: 1\nmetadata: {sources: [a.yml, b.yml]}\npackage: []\n', 'c.yml', 'linux-64').regenerate).toBe(
      'conda-lock lock -f a.yml -f b.yml --lockfile c.yml',
    );
    // the lock's own name survives in every hint (conda-lock writes conda-lock.yml unless told)
    expect(parseCondaLock('version: 1\npackage: []\n', '/p/linux.conda-lock.yml', 'linux-64').regenerate).toBe(
      'conda-lock lock -f environment.yml --lockfile linux.conda-lock.yml',
    );
    expect(versions(parseCondaLock(fixture('conda-lock.yml'), 'conda-lock.yml', 'osx-arm64'))).toEqual({ libgit2: '1.5.2' });
  });
  test('a platform the lock lacks, another format version, a broken row', () => {
    expect(thrown(() => parseCondaLock(fixture('conda-lock.yml'), 'c.yml', 'win-64')).message).toBe(
      'c.yml: no packages locked for win-64 (it has linux-64, osx-arm64)',
    );
    expect(thrown(() => parseCondaLock('version: 2\npackage: []\n', 'c.yml', 'linux-64')).message).toMatch(/unsupported conda-lock format version 2/);
    expect(thrown(() => parseCondaLock('version: 1\npackage:\n- name: x\n', 'c.yml', 'linux-64')).message).toBe(
      'c.yml:3: package entry 1 lacks name or version',
    );
  });
});

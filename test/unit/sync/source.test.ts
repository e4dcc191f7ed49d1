// Which conda side sync judges: -p, --file, then what the project dir holds, then the active env.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SyncInputError } from '../../../src/sync/errors';
import { hostSubdir, readCondaSide } from '../../../src/sync/source';

const FIX = path.join(__dirname, '..', '..', 'fixtures', 'sync');

test('hostSubdir', () => {
  expect(hostSubdir('linux', 'x64')).toBe('linux-64');
  expect(hostSubdir('linux', 'arm64')).toBe('linux-aarch64');
  expect(hostSubdir('darwin', 'arm64')).toBe('osx-arm64');
  expect(hostSubdir('win32', 'x64')).toBe('win-64');
});

test('precedence: pixi.lock, conda-lock.yml, environment.yml, then $CONDA_PREFIX; --file and -p first', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-source-'));
  try {
    const env = path.join(dir, 'env');
    fs.mkdirSync(path.join(env, 'conda-meta'), { recursive: true });
    const opts = { dir, platform: 'linux-64' };
    expect(() => readCondaSide(opts, {})).toThrow(SyncInputError);
    expect(readCondaSide(opts, { CONDA_PREFIX: env }).kind).toBe('prefix');
    fs.writeFileSync(path.join(dir, 'environment.yml'), 'dependencies:\n  - go\n');
    expect(readCondaSide(opts, { CONDA_PREFIX: env }).kind).toBe('environment.yml');
    fs.copyFileSync(path.join(FIX, 'conda-lock.yml'), path.join(dir, 'conda-lock.yml'));
    expect(readCondaSide(opts, {}).kind).toBe('conda-lock');
    fs.copyFileSync(path.join(FIX, 'pixi-v7.lock'), path.join(dir, 'pixi.lock'));
    expect(readCondaSide(opts, {}).kind).toBe('pixi');
    expect(readCondaSide({ ...opts, file: 'environment.yml' }, {}).kind).toBe('environment.yml');
    expect(readCondaSide({ ...opts, file: 'conda-lock.yml' }, {}).kind).toBe('conda-lock');
    expect(readCondaSide({ ...opts, prefix: env }, {}).kind).toBe('prefix');
    expect(() => readCondaSide({ ...opts, file: 'nope.yml' }, {})).toThrow(/nope\.yml: cannot read: ENOENT/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

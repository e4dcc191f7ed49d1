// User files are replaced atomically and keep their mode; a new one is 0644 whatever the umask.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../../src/sync/fsatomic';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-fsatomic-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('a new file: the exact text, mode 0644 under a tight umask, no temp file left', () => {
  const file = path.join(dir, 'environment.yml');
  const old = process.umask(0o077);
  try {
    writeFileAtomic(file, 'a\r\nb');
  } finally {
    process.umask(old);
  }
  expect([fs.readFileSync(file, 'utf8'), fs.statSync(file).mode & 0o777, fs.readdirSync(dir)]).toStrictEqual(['a\r\nb', 0o644, ['environment.yml']]);
});

test.each([0o600, 0o640, 0o755])('an existing file of mode %o keeps it', (mode) => {
  const file = path.join(dir, 'go.mod');
  fs.writeFileSync(file, 'old\n');
  fs.chmodSync(file, mode);
  writeFileAtomic(file, 'new\n');
  expect([fs.readFileSync(file, 'utf8'), fs.statSync(file).mode & 0o777]).toStrictEqual(['new\n', mode]);
});

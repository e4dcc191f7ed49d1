// User files are replaced atomically and keep their mode; a new one is 0644 whatever the umask.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../../src/sync/fsatomic';
import { mounted } from '../../helpers/mount';

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

describe('user files a rename cannot replace', () => {
  test('a symlink (a dotfiles manager’s, a monorepo’s shared file): stays a link; the file it names gets the text, keeps its mode', () => {
    const shared = path.join(dir, 'shared');
    fs.mkdirSync(shared);
    const real = path.join(shared, 'environment.yml');
    fs.writeFileSync(real, 'old\n', { mode: 0o640 });
    fs.chmodSync(real, 0o640);
    const hop = path.join(dir, 'hop.yml');
    fs.symlinkSync(real, hop);
    const file = path.join(dir, 'environment.yml');
    fs.symlinkSync('hop.yml', file); // two links deep, the first relative
    writeFileAtomic(file, 'new\n');
    expect([fs.readlinkSync(file), fs.readlinkSync(hop), fs.readFileSync(real, 'utf8'), fs.statSync(real).mode & 0o777]).toStrictEqual([
      'hop.yml',
      real,
      'new\n',
      0o640,
    ]);
    expect([fs.readdirSync(dir).sort(), fs.readdirSync(shared)]).toStrictEqual([['environment.yml', 'hop.yml', 'shared'], ['environment.yml']]);
  });

  test('a symlink to nowhere: replaced by the file, as a new one (mode 0644)', () => {
    const file = path.join(dir, 'environment.yml');
    fs.symlinkSync(path.join(dir, 'gone', 'environment.yml'), file);
    writeFileAtomic(file, 'new\n');
    expect([fs.lstatSync(file).isFile(), fs.readFileSync(file, 'utf8'), fs.statSync(file).mode & 0o777]).toStrictEqual([true, 'new\n', 0o644]);
  });

  test('a file bind-mounted on its own (docker -v ./environment.yml:/app/environment.yml): written in place, no temp file left', () => {
    const host = path.join(dir, 'host.yml');
    fs.writeFileSync(host, 'old\n');
    const app = path.join(dir, 'app');
    fs.mkdirSync(app);
    const file = path.join(app, 'environment.yml');
    fs.writeFileSync(file, 'placeholder\n');
    mounted(['--bind', host, file], () => {
      writeFileAtomic(file, 'new\n');
      expect([fs.readFileSync(file, 'utf8'), fs.readdirSync(app)]).toStrictEqual(['new\n', ['environment.yml']]);
    });
    expect(fs.readFileSync(host, 'utf8')).toBe('new\n'); // the host's file, which the container shares
  });

  test('one bind-mounted read-write inside a dir mounted read-only around it (-v .:/app:ro -v ./environment.yml:/app/environment.yml): written in place', () => {
    const project = path.join(dir, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'environment.yml'), 'old\n');
    const app = path.join(dir, 'app');
    fs.mkdirSync(app);
    const file = path.join(app, 'environment.yml');
    mounted(['--bind', '-o', 'ro', project, app], () =>
      mounted(['--bind', path.join(project, 'environment.yml'), file], () => {
        expect(() => fs.writeFileSync(path.join(app, 'other'), '')).toThrow(expect.objectContaining({ code: 'EROFS' })); // the dir is read-only
        writeFileAtomic(file, 'new\n');
        expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
      }),
    );
    expect(fs.readdirSync(project)).toStrictEqual(['environment.yml']);
  });

  test('a rename that fails (a directory in the way): that error, and no temp file left', () => {
    const file = path.join(dir, 'environment.yml');
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'x'), '');
    expect(() => writeFileAtomic(file, 'new\n')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(fs.readdirSync(dir)).toStrictEqual(['environment.yml']);
  });
});

test('a directory where the temp file would go: the error of the write, the directory left as it was', () => {
  const file = path.join(dir, 'go.mod');
  fs.writeFileSync(file, 'old\n');
  const tmp = `${file}.${process.pid}.tmp`;
  fs.mkdirSync(tmp);
  expect(() => writeFileAtomic(file, 'new\n')).toThrow(expect.objectContaining({ code: 'EISDIR', syscall: 'open' }));
  expect([fs.readFileSync(file, 'utf8'), fs.statSync(tmp).isDirectory()]).toStrictEqual(['old\n', true]);
});

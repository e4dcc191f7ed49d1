import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, exitCodeOf, formatError, GocondadError, systemError } from '../../src/errors';

test('an error with a hint is one line: what went wrong; what to do next', () => {
  expect(formatError(new GocondadError('no daemon', 'start it: gocondad start', EXIT.NO_DAEMON))).toBe('gocondad: no daemon; start it: gocondad start\n');
  expect(formatError(new GocondadError('bad'))).toBe('gocondad: bad\n');
  expect(formatError(new Error('plain'))).toBe('gocondad: plain\n');
  expect(formatError('text')).toBe('gocondad: text\n');
});

test('exit codes come from the error', () => {
  expect(exitCodeOf(new GocondadError('x', null, EXIT.USAGE))).toBe(2);
  expect(exitCodeOf(new GocondadError('x'))).toBe(EXIT.FAILED);
  expect(exitCodeOf(new Error('x'))).toBe(EXIT.FAILED);
});

describe('systemError: Node system errors in words, never an errno code', () => {
  /** The error a real call throws. */
  function thrown(fn: () => unknown): unknown {
    try {
      fn();
    } catch (err) {
      return err;
    }
    throw new Error('did not throw');
  }
  /** Shaped as Node makes them, for the codes root cannot provoke here (tests run as root). */
  function made(code: string, syscall: string, p?: string): Error {
    return Object.assign(new Error(`${code}: something, ${syscall} '${p}'`), { code, syscall, path: p, errno: -1 });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-errors-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  const line = (err: unknown, words?: Parameters<typeof systemError>[1]) => formatError(systemError(err, words));

  test('real errors: a missing file, a directory where a file should be, a file where a directory should be', () => {
    const missing = path.join(dir, 'nope.yml');
    expect(line(thrown(() => fs.readFileSync(missing)))).toBe(`gocondad: no such file or directory: ${missing}; check the path\n`);
    expect(line(thrown(() => fs.readFileSync(dir)))).toBe(`gocondad: it is a directory, not a file; name a file\n`);
    fs.writeFileSync(path.join(dir, 'f'), '');
    expect(line(thrown(() => fs.mkdirSync(path.join(dir, 'f', 'sub'))))).toBe(
      `gocondad: a part of the path ${path.join(dir, 'f', 'sub')} is a file, not a directory; check the path\n`,
    );
    expect(line(thrown(() => fs.mkdirSync(path.join(dir, 'f'))))).toBe(
      `gocondad: ${path.join(dir, 'f')} already exists; move it away or choose another name\n`,
    );
  });

  test('permissions: "you cannot read/write X", with the caller’s next step when it knows one', () => {
    expect(line(made('EACCES', 'open', '/env/etc'), { action: 'write', hint: 'an admin can run: sudo gocondad shims install /env' })).toBe(
      'gocondad: you cannot write /env/etc (permission denied); an admin can run: sudo gocondad shims install /env\n',
    );
    expect(line(made('EACCES', 'mkdir', '/env/etc'))).toBe(
      'gocondad: you cannot write /env/etc (permission denied); run it as a user who can write there, or choose another place\n',
    );
    expect(line(made('EACCES', 'open', '/a.yml'), { action: 'read', path: null })).toBe(
      'gocondad: you cannot read it (permission denied); check its permissions: ls -ld /a.yml\n',
    );
    expect(line(made('EPERM', 'unlink', '/x'))).toBe(
      'gocondad: you cannot write /x (permission denied); run it as a user who can write there, or choose another place\n',
    );
    expect(line(made('EROFS', 'open', '/ro/x'), { action: 'write' })).toBe(
      'gocondad: you cannot write /ro/x (read-only file system); choose a place on a writable file system\n',
    );
  });

  test('a program that is not there, a code with no words of its own', () => {
    const spawned = spawnSync('gocondad-no-such-tool', []).error;
    expect(line(spawned)).toBe('gocondad: gocondad-no-such-tool is not installed (not found on PATH); install gocondad-no-such-tool or put it on PATH\n');
    const busy = Object.assign(new Error("EBUSY: resource busy or locked, rmdir '/mnt'"), { code: 'EBUSY', syscall: 'rmdir', path: '/mnt' });
    expect(line(busy)).toBe('gocondad: cannot write /mnt: resource busy or locked\n');
    const pipe = Object.assign(new Error('EPIPE: broken pipe, write'), { code: 'EPIPE', syscall: 'write' });
    expect(line(pipe)).toBe('gocondad: cannot write: broken pipe\n');
    for (const code of ['EACCES', 'ENOENT', 'EISDIR', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'ELOOP', 'EMFILE', 'EBUSY'])
      expect(line(made(code, 'open', '/f'))).not.toMatch(/\bE[A-Z]{3,}\b/);
  });

  test('anything else is no system error (a bug: crash.ts reports it)', () => {
    expect(systemError(new TypeError('x is not a function'))).toBeNull();
    expect(systemError(Object.assign(new Error('bad arg'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBeNull();
    expect(systemError('text')).toBeNull();
  });
});

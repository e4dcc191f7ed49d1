// The short pid lock around envs.json and shim writes (lockfile.ts): who waits, who takes a stale lock
// over, and that it is always given back.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GocondadError } from '../../src/errors';
import { pidAlive, withLockSync } from '../../src/lockfile';

let dir: string;
let lock: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-lockfile-'));
  lock = path.join(dir, 'envs.json.lock');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

/** A pid that was alive and is now reaped: nobody holds a lock with it. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

test('holds the lock file with our pid while fn runs, and removes it after', () => {
  const seen = withLockSync(lock, () => fs.readFileSync(lock, 'utf8'));
  expect(seen).toBe(`${process.pid}\n`);
  expect(fs.existsSync(lock)).toBe(false);
});

test('given back when fn throws', () => {
  expect(() =>
    withLockSync(lock, () => {
      throw new Error('boom');
    }),
  ).toThrow('boom');
  expect(fs.existsSync(lock)).toBe(false);
});

test('re-entrant within a process: the inner call neither waits nor releases the outer hold', () => {
  withLockSync(lock, () => {
    expect(withLockSync(lock, () => 'inner', 50)).toBe('inner');
    expect(fs.readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
  });
  expect(fs.existsSync(lock)).toBe(false);
});

test('a live holder is waited for, then the error names it and what to do; its lock is left alone', () => {
  fs.writeFileSync(lock, `${process.ppid}\n`);
  expect(pidAlive(process.ppid)).toBe(true);
  let ran = false;
  let caught: unknown;
  try {
    withLockSync(lock, () => (ran = true), 60);
  } catch (err) {
    caught = err;
  }
  expect(ran).toBe(false);
  expect(caught).toBeInstanceOf(GocondadError);
  expect((caught as GocondadError).message).toBe(`another gocondad process (pid ${process.ppid}) is changing shims and did not finish within 0.06 s`);
  expect((caught as GocondadError).hint).toBe(`try again; if no gocondad is running, remove ${lock}`);
  expect(fs.readFileSync(lock, 'utf8')).toBe(`${process.ppid}\n`);
});

test("a dead holder's lock is taken over at once", async () => {
  const dead = await deadPid();
  fs.writeFileSync(lock, `${dead}\n`);
  expect(withLockSync(lock, () => fs.readFileSync(lock, 'utf8'), 60)).toBe(`${process.pid}\n`);
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('an empty lock (its writer died between create and write) is stale only once it is old', () => {
  fs.writeFileSync(lock, '');
  expect(() => withLockSync(lock, () => 0, 60)).toThrow(/^another gocondad process is changing shims/);
  const old = new Date(Date.now() - 5000);
  fs.utimesSync(lock, old, old);
  expect(withLockSync(lock, () => 'ran', 60)).toBe('ran');
});

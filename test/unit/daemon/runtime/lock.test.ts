// src/daemon/runtime/lock.ts: one daemon per user. Real lock files in a temp dir and real pids: a live
// holder, a dead one, our own pid left from before, an empty file nobody writes, a folder that is not there.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireLock } from '../../../../src/daemon/runtime/lock';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-lock-'));
  file = path.join(dir, 'daemon.lock');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

/** A pid that was a process and is gone now. */
function deadPid(): number {
  const r = spawnSync('/bin/sh', ['-c', 'echo $$']);
  return Number(r.stdout.toString().trim());
}

test('a free lock: ours, holding our pid and a newline, private; release removes it', () => {
  const r = acquireLock(file);
  expect(r.ok).toBe(true);
  expect(fs.readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  if (r.ok) r.release();
  expect(fs.existsSync(file)).toBe(false);
});

test('release leaves a lock that another daemon took over since', () => {
  const r = acquireLock(file);
  fs.writeFileSync(file, '12345\n');
  if (r.ok) r.release();
  expect(fs.readFileSync(file, 'utf8')).toBe('12345\n');
});

test('a live holder keeps it: not ours, and the holder named', () => {
  const holder = spawn('sleep', ['30']);
  try {
    fs.writeFileSync(file, `${holder.pid}\n`);
    expect(acquireLock(file)).toEqual({ ok: false, holder: holder.pid });
    expect(fs.readFileSync(file, 'utf8')).toBe(`${holder.pid}\n`);
  } finally {
    holder.kill();
  }
});

test('a dead holder’s lock, or our own pid left from before, or an empty file nobody writes: taken over, nothing left aside', () => {
  for (const text of [`${deadPid()}\n`, `${process.pid}\n`, '']) {
    fs.writeFileSync(file, text);
    const r = acquireLock(file);
    expect({ text, ok: r.ok }).toEqual({ text, ok: true });
    expect(fs.readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    expect(fs.readdirSync(dir)).toEqual(['daemon.lock']);
    if (r.ok) r.release();
  }
});

test('a lock folder that is not there is an error, not a lock held by nobody', () => {
  expect(() => acquireLock(path.join(dir, 'missing', 'daemon.lock'))).toThrow(/ENOENT/);
});

describe('the race paths, made to happen on cue (a clock and the rename on spies; no waiting)', () => {
  const realFs = require('node:fs') as typeof fs;
  let holder: ReturnType<typeof spawn>;
  beforeEach(() => (holder = spawn('sleep', ['30'])));
  afterEach(() => {
    holder.kill();
    jest.restoreAllMocks();
  });

  test('a live holder’s lock is left as it is: not even moved aside and back', () => {
    fs.writeFileSync(file, `${holder.pid}\n`);
    const renames = jest.spyOn(realFs, 'renameSync');
    expect(acquireLock(file)).toEqual({ ok: false, holder: holder.pid });
    expect(renames).not.toHaveBeenCalled();
  });

  test('a dead holder’s lock that cannot be moved aside (a folder where the aside goes): five tries, then the holder named', () => {
    const dead = deadPid();
    fs.writeFileSync(file, `${dead}\n`);
    fs.mkdirSync(`${file}.stale.${process.pid}`);
    fs.writeFileSync(path.join(`${file}.stale.${process.pid}`, 'x'), 'keeps it non-empty\n');
    const renames = jest.spyOn(realFs, 'renameSync');
    expect(acquireLock(file)).toEqual({ ok: false, holder: dead });
    expect(renames).toHaveBeenCalledTimes(5);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${dead}\n`);
  });

  test('an empty lock whose writer finishes within the 50 ms wait: the writer keeps it', () => {
    fs.writeFileSync(file, '');
    const readings: number[] = [];
    jest.spyOn(Date, 'now').mockImplementation(() => {
      const t = 1000 + 25 * readings.length;
      readings.push(t);
      if (readings.length === 2) fs.writeFileSync(file, `${holder.pid}\n`); // the writer, mid-wait
      return t;
    });
    const renames = jest.spyOn(realFs, 'renameSync');
    expect(acquireLock(file)).toEqual({ ok: false, holder: holder.pid });
    // the wait ends at the first reading 50 ms or more after the start
    expect(readings).toEqual([1000, 1025, 1050]);
    expect(renames).not.toHaveBeenCalled();
    expect(fs.readFileSync(file, 'utf8')).toBe(`${holder.pid}\n`);
  });

  test('a writer that finishes between the wait and the rename: its lock, moved aside, is put back', () => {
    fs.writeFileSync(file, '');
    let now = 1000;
    jest.spyOn(Date, 'now').mockImplementation(() => (now += 60));
    const rename = realFs.renameSync;
    jest.spyOn(realFs, 'renameSync').mockImplementation((from, to) => {
      fs.writeFileSync(file, `${holder.pid}\n`); // the writer, just before the rename
      rename(from, to);
    });
    expect(acquireLock(file)).toEqual({ ok: false, holder: holder.pid });
    expect(fs.readFileSync(file, 'utf8')).toBe(`${holder.pid}\n`);
    expect(fs.readdirSync(dir)).toEqual(['daemon.lock']);
  });
});

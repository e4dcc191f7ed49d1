// Following the journal without a daemon: new bytes only, resume at a saved position, rotation, and the
// re-read of a rotated file's tail that a shim appended to after the rename.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JournalTail, REREAD_AFTER_MS } from '../../../../src/daemon/journal/journal-tail';

const rec = (n: number) => `\x01gcd1\0n=${n}\0\x01end\0\n`;

let dir: string;
let file: string;
let seen: string[];
let garbage: string[];
const hooks = () => ({
  onRecord: (r: Record<string, string>) => seen.push(r.n!),
  onGarbage: (g: string) => garbage.push(g),
  onRefused: (why: string) => seen.push(`refused: ${why}`),
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-tail-'));
  file = path.join(dir, 'journal');
  seen = [];
  garbage = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('reads only what was appended since the last read; a missing file is no error', () => {
  const tail = new JournalTail(file, hooks());
  expect(tail.read()).toBe(0);
  fs.appendFileSync(file, rec(1) + rec(2));
  expect(tail.read()).toBe(2);
  fs.appendFileSync(file, rec(3) + 'junk\n');
  tail.read();
  expect(seen).toEqual(['1', '2', '3']);
  expect(tail.position.offset).toBeLessThanOrEqual(fs.statSync(file).size);
});

test('a saved position resumes without re-applying; another inode starts over', () => {
  fs.appendFileSync(file, rec(1) + rec(2));
  const first = new JournalTail(file, hooks());
  first.read();
  const pos = first.position;
  fs.appendFileSync(file, rec(3));
  const second = new JournalTail(file, hooks());
  second.resumeAt(pos);
  second.read();
  expect(seen).toEqual(['1', '2', '3']);
  const third = new JournalTail(file, hooks());
  third.resumeAt({ ino: pos.ino + 12345, offset: pos.offset });
  third.read();
  expect(seen).toEqual(['1', '2', '3', '1', '2', '3']);
});

test('rotates once large: the file is moved aside and the next records start a new one', () => {
  const tail = new JournalTail(file, hooks(), 64);
  fs.appendFileSync(file, rec(1) + rec(2) + rec(3) + rec(4));
  tail.read();
  expect(fs.existsSync(file)).toBe(false);
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.old'))).toHaveLength(1);
  expect(tail.position).toEqual({ ino: 0, offset: 0 });
  fs.appendFileSync(file, rec(5));
  tail.read();
  expect(seen).toEqual(['1', '2', '3', '4', '5']);
  tail.close();
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.old'))).toHaveLength(0);
});

test('a record appended to the old file after the rename is read once, later', () => {
  jest.useFakeTimers();
  const tail = new JournalTail(file, hooks(), 64);
  fs.appendFileSync(file, rec(1) + rec(2) + rec(3) + rec(4));
  const fd = fs.openSync(file, 'a'); // a shim that opened the file just before the rotation
  tail.read();
  fs.writeSync(fd, rec(99));
  fs.closeSync(fd);
  expect(seen).not.toContain('99');
  jest.advanceTimersByTime(REREAD_AFTER_MS);
  jest.useRealTimers();
  expect(seen.filter((n) => n === '99')).toHaveLength(1);
  expect(seen.filter((n) => n === '1')).toHaveLength(1);
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.old'))).toHaveLength(0);
});

test("a journal owned by another user is never read, and moved out of the shims' way", () => {
  fs.appendFileSync(file, rec(1));
  const tail = new JournalTail(file, hooks(), undefined, fs.statSync(file).uid + 1);
  expect(tail.read()).toBe(0);
  expect(seen).toEqual([`refused: is owned by uid ${fs.statSync(`${file}.refused`).uid}; moved aside to journal.refused`]);
  expect(fs.existsSync(file)).toBe(false);
});

test('a FIFO in place of the journal neither blocks nor is read; nor is a symlink followed', () => {
  execFileSync('mkfifo', [file]);
  const tail = new JournalTail(file, hooks());
  expect(tail.read()).toBe(0); // a blocking open would hang here
  expect(seen).toEqual(['refused: is not a regular file; moved aside to journal.refused']);
  const target = path.join(dir, 'elsewhere');
  fs.writeFileSync(target, rec(1));
  fs.symlinkSync(target, file);
  expect(tail.read()).toBe(0);
  expect(seen[1]).toBe('refused: is a symlink; moved aside to journal.refused');
  fs.appendFileSync(file, rec(2)); // the shims' next record starts a regular file again
  expect(tail.read()).toBe(1);
  expect(seen[2]).toBe('2');
});

test('a journal larger than the read chunk is read in chunks: every record once, a chunk of garbage skipped', () => {
  // Never more than a chunk in memory at once: every read asks for at most 256 bytes.
  const reads = jest.spyOn(require('node:fs') as typeof fs, 'readSync');
  const tail = new JournalTail(file, hooks(), 1 << 30, undefined, 256);
  let text = '';
  for (let n = 1; n <= 40; n++) text += rec(n);
  fs.appendFileSync(file, text + 'x'.repeat(1000) + rec(41));
  expect(tail.read()).toBe(41);
  expect(seen).toEqual(Array.from({ length: 41 }, (_, i) => String(i + 1)));
  expect(garbage.join('')).toMatch(/^x+/);
  expect(tail.position.offset).toBe(fs.statSync(file).size);
  expect(reads.mock.calls.length).toBeGreaterThan(4);
  expect(Math.max(...reads.mock.calls.map((c) => Number((c as unknown[])[3])))).toBeLessThanOrEqual(256);
  reads.mockRestore();
});

test('close() applies pending re-reads at once (a stopping daemon loses nothing)', () => {
  const tail = new JournalTail(file, hooks(), 64);
  fs.appendFileSync(file, rec(1) + rec(2) + rec(3) + rec(4));
  const fd = fs.openSync(file, 'a');
  tail.read();
  fs.writeSync(fd, rec(7));
  fs.closeSync(fd);
  tail.close();
  expect(seen).toContain('7');
});

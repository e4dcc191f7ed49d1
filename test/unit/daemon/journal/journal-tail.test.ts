// Following the journal without a daemon: new bytes only, resume at a saved position, rotation, and the
// re-read of a rotated file's tail that a shim appended to after the rename.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JournalTail, REREAD_AFTER_MS, sameJournalFile } from '../../../../src/daemon/journal/journal-tail';
import { positionOf } from '../../../helpers/journal-position';

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
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

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

describe('a journal deleted and made again under the same inode number', () => {
  // ext4 hands a deleted file's inode number to the next file at once; a shim's next journal can reach
  // the old size before the daemon's next read. The birth time tells the two files apart.
  const born = () => {
    const b = positionOf(file, 0).born;
    if (b === undefined) throw new Error(`${os.tmpdir()} records no birth time (statx btime): run the tests with TMPDIR on ext4, xfs, btrfs or tmpfs`);
    return b;
  };

  test('a saved position of another file under this inode number: this one is read from its start', () => {
    fs.appendFileSync(file, rec(1) + rec(2));
    const { ino } = positionOf(file, 0);
    const other = String(BigInt(born()) - 1n);
    const tail = new JournalTail(file, hooks());
    tail.resumeAt({ ino, offset: 32, born: other });
    expect(tail.read()).toBe(2);
    expect(tail.position).toEqual(positionOf(file, 32));
    expect(seen).toEqual(['1', '2']);
  });

  test('the same file (its birth time, or none saved by an older daemon): nothing read again', () => {
    fs.appendFileSync(file, rec(1) + rec(2));
    const { ino } = positionOf(file, 0);
    for (const saved of [
      { ino, offset: 32, born: born() },
      { ino, offset: 32 },
    ]) {
      const tail = new JournalTail(file, hooks());
      tail.resumeAt(saved);
      expect(tail.read()).toBe(0);
      // an older daemon's position learns the birth time at its first read
      expect(tail.position).toEqual(positionOf(file, 32));
    }
    expect(seen).toEqual([]);
  });

  test('sameJournalFile: the inode number, and the birth time where both sides have one', () => {
    const st = (ino: bigint, birthtimeNs: bigint) => ({ ino, birthtimeNs });
    expect([
      sameJournalFile({ ino: 5, offset: 1, born: '7' }, st(5n, 7n)),
      sameJournalFile({ ino: 5, offset: 1, born: '7' }, st(5n, 8n)),
      sameJournalFile({ ino: 5, offset: 1, born: '7' }, st(6n, 7n)),
      // the file system records none now (the runtime dir moved to one that does not): the inode decides
      sameJournalFile({ ino: 5, offset: 1, born: '7' }, st(5n, 0n)),
      sameJournalFile({ ino: 5, offset: 1 }, st(5n, 9n)),
      sameJournalFile({ ino: 5, offset: 1 }, st(6n, 0n)),
    ]).toEqual([true, false, false, true, true, false]);
  });

  test('for real: deleted and made again with a record of the same size between two reads', () => {
    const tail = new JournalTail(file, hooks());
    fs.writeFileSync(file, rec(1));
    tail.read();
    const before = tail.position.ino;
    fs.rmSync(file);
    fs.writeFileSync(file, rec(2));
    // ext4 gives the number back at once; where a file system does not, this is the plain new-file case
    const reused = positionOf(file, 0).ino === before;
    expect(tail.read()).toBe(1);
    expect({ reused, seen }).toEqual({ reused, seen: ['1', '2'] });
  });
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

describe('exact positions, half-written records, the rotation boundary, the aside names', () => {
  // rec(1) is 16 bytes: \x01gcd1 \0 n=1 \0 \x01end \0 \n
  test('the position is the byte after the last whole record; a half-written one waits for its end', () => {
    const tail = new JournalTail(file, hooks());
    fs.appendFileSync(file, rec(1) + rec(2));
    expect(tail.read()).toBe(2);
    expect(tail.position).toEqual(positionOf(file, 32));
    expect(tail.read()).toBe(0); // nothing new: not read again (size equal to the offset is no truncation)
    expect(seen).toEqual(['1', '2']);
    const whole = rec(3);
    fs.appendFileSync(file, whole.slice(0, 9)); // another process stopped mid-record
    expect(tail.read()).toBe(0);
    expect(tail.position).toEqual(positionOf(file, 32));
    fs.appendFileSync(file, whole.slice(9));
    expect(tail.read()).toBe(1);
    expect(tail.position).toEqual(positionOf(file, 48));
    expect([seen, garbage]).toEqual([['1', '2', '3'], []]);
  });

  test('a file cut shorter than the position (truncated in place) is read from its start again', () => {
    const tail = new JournalTail(file, hooks());
    fs.appendFileSync(file, rec(1) + rec(2));
    tail.read();
    fs.truncateSync(file, 0);
    fs.appendFileSync(file, rec(5));
    expect(tail.read()).toBe(1);
    expect(tail.position).toEqual(positionOf(file, 16));
    expect(seen).toEqual(['1', '2', '5']);
  });

  test.each([
    [32, true],
    [33, false],
  ])('rotateAt %p with 32 bytes read: rotated %p', (rotateAt, rotated) => {
    const tail = new JournalTail(file, hooks(), rotateAt);
    fs.appendFileSync(file, rec(1) + rec(2));
    tail.read();
    expect(fs.readdirSync(dir).sort()).toEqual(rotated ? [`journal.${process.pid}.1.old`] : ['journal']);
    expect(tail.pendingRereads).toBe(rotated ? 1 : 0);
    tail.close();
    expect(tail.pendingRereads).toBe(0);
  });

  test('past the rotation size but with a half-written record at the end: not rotated until it is whole', () => {
    const tail = new JournalTail(file, hooks(), 16);
    fs.appendFileSync(file, rec(1) + rec(2).slice(0, 5));
    expect(tail.read()).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['journal']);
    fs.appendFileSync(file, rec(2).slice(5));
    expect(tail.read()).toBe(1);
    expect(fs.readdirSync(dir)).toEqual([`journal.${process.pid}.1.old`]);
    tail.close();
    expect(seen).toEqual(['1', '2']);
  });

  test('each rotation its own aside name; retire() rotates at once; a missing file rotates nothing', () => {
    jest.useFakeTimers();
    try {
      const tail = new JournalTail(file, hooks(), 16);
      fs.appendFileSync(file, rec(1));
      tail.read();
      fs.appendFileSync(file, rec(2));
      tail.read();
      expect(fs.readdirSync(dir).sort()).toEqual([`journal.${process.pid}.1.old`, `journal.${process.pid}.2.old`]);
      expect(tail.pendingRereads).toBe(2);
      tail.retire(); // no file: nothing to move, nothing to re-read
      expect(tail.pendingRereads).toBe(2);
      jest.advanceTimersByTime(REREAD_AFTER_MS - 1);
      expect(tail.pendingRereads).toBe(2);
      jest.advanceTimersByTime(1);
      expect(tail.pendingRereads).toBe(0);
      expect(fs.readdirSync(dir)).toEqual([]);
      const big = new JournalTail(file, hooks());
      fs.appendFileSync(file, rec(3));
      big.read();
      big.retire();
      expect(big.position).toEqual({ ino: 0, offset: 0 });
      expect(fs.readdirSync(dir)).toEqual([`journal.${process.pid}.1.old`]);
      jest.advanceTimersByTime(REREAD_AFTER_MS);
      expect(fs.readdirSync(dir)).toEqual([]);
      expect([seen, garbage]).toEqual([['1', '2', '3'], []]);
    } finally {
      jest.useRealTimers();
    }
  });

  test('a rotated file re-read: only its tail past what was applied, and a record its writer left half-written is garbage', () => {
    const tail = new JournalTail(file, hooks(), 16);
    fs.appendFileSync(file, rec(1));
    const fd = fs.openSync(file, 'a');
    tail.read();
    fs.writeSync(fd, rec(2) + rec(3).slice(0, 12));
    fs.closeSync(fd);
    tail.close();
    expect(seen).toEqual(['1', '2']);
    expect(garbage).toEqual(['incomplete record at byte 16']); // (counted from where the re-read began)
  });

  test('a journal that cannot be moved aside is still refused, and says it stayed', () => {
    execFileSync('mkfifo', [file]);
    fs.mkdirSync(`${file}.refused`);
    fs.writeFileSync(path.join(`${file}.refused`, 'x'), 'keeps the folder non-empty\n');
    const tail = new JournalTail(file, hooks());
    expect(tail.read()).toBe(0);
    expect(seen).toEqual(['refused: is not a regular file']);
  });

  test('a file of another owner: the exact words, the uid named', () => {
    fs.appendFileSync(file, rec(1));
    const tail = new JournalTail(file, hooks(), undefined, 4242);
    tail.read();
    expect(seen).toEqual([`refused: is owned by uid ${process.getuid!()}; moved aside to journal.refused`]);
  });

  test('a chunk exactly full of one whole record is read as it is; a chunk-sized run of garbage is skipped', () => {
    const t16 = new JournalTail(file, hooks(), 1 << 30, undefined, 16);
    fs.appendFileSync(file, rec(1) + rec(2));
    expect(t16.read()).toBe(2);
    expect(garbage).toEqual([]);
    fs.appendFileSync(file, 'y'.repeat(16) + rec(3));
    expect(t16.read()).toBe(1);
    // the last 6 bytes of a chunk could begin a start marker: held back for the next chunk
    expect([seen, garbage]).toEqual([
      ['1', '2', '3'],
      ['y'.repeat(10), 'y'.repeat(6)],
    ]);
    // a half-written record one byte short of a chunk is the file's end, not a chunk of garbage: it waits
    fs.appendFileSync(file, rec(44).slice(0, 15)); // (a record needs no final newline: 15 bytes of rec(4) would be whole)
    expect(t16.read()).toBe(0);
    fs.appendFileSync(file, rec(44).slice(15));
    expect(t16.read()).toBe(1);
    expect([seen, garbage.length]).toEqual([['1', '2', '3', '44'], 2]);
  });
});

describe('what a read costs and leaves behind: reads, buffers, file descriptors, the aside file', () => {
  const fdCount = () => fs.readdirSync('/proc/self/fd').length;
  const reads = () => jest.spyOn(require('node:fs') as typeof fs, 'readSync');
  /** Where each read began and how much it asked for. */
  const spans = (spy: jest.SpyInstance) => spy.mock.calls.map((c) => [Number((c as unknown[])[4]), Number((c as unknown[])[3])]);

  test('each read asks for what is left, never past the size it saw; none once everything is read', () => {
    const tail = new JournalTail(file, hooks(), 1 << 30, undefined, 16);
    fs.appendFileSync(file, 'ab' + rec(1) + 'cd'); // 20 bytes: garbage, a whole record, a tail held back
    let spy = reads();
    expect(tail.read()).toBe(1);
    expect(spans(spy)).toEqual([
      [0, 16],
      [2, 16],
      [18, 2],
    ]);
    spy.mockRestore();
    // another inode (made while the old one exists, so not a reused number): from 0, ending on a record's end
    fs.writeFileSync(`${file}.new`, rec(1) + rec(2));
    fs.renameSync(`${file}.new`, file);
    spy = reads();
    expect(tail.read()).toBe(2);
    expect(spans(spy)).toEqual([
      [0, 16],
      [16, 16],
    ]);
    spy.mockRestore();
    expect([seen, garbage]).toEqual([['1', '1', '2'], ['ab']]);
  });

  test('the buffer is as large as what is new (a chunk at most); nothing new, no buffer', () => {
    const tail = new JournalTail(file, hooks());
    fs.appendFileSync(file, rec(1) + rec(2));
    const alloc = jest.spyOn(Buffer, 'allocUnsafe');
    try {
      tail.read();
      fs.appendFileSync(file, rec(3));
      tail.read();
      tail.read();
      expect(alloc.mock.calls).toEqual([[32], [16]]);
    } finally {
      alloc.mockRestore();
    }
    expect(seen).toEqual(['1', '2', '3']);
  });

  test('a record longer than a chunk is skipped as garbage, and what follows is read (the journal never stalls)', () => {
    const tail = new JournalTail(file, hooks(), 1 << 30, undefined, 16);
    fs.appendFileSync(file, '\x01gcd1\0' + 'z'.repeat(20) + rec(5));
    expect(tail.read()).toBe(1);
    expect([seen, garbage]).toEqual([['5'], ['incomplete record at byte 0', 'z'.repeat(10)]]);
    expect(tail.position.offset).toBe(42);
  });

  test('a rotated file’s tail is re-read in chunks: a record across a chunk boundary is whole, not garbage', () => {
    const tail = new JournalTail(file, hooks(), 16, undefined, 16);
    fs.appendFileSync(file, rec(1));
    const fd = fs.openSync(file, 'a');
    tail.read();
    fs.writeSync(fd, 'ab' + rec(2));
    fs.closeSync(fd);
    tail.close();
    expect([seen, garbage]).toEqual([['1', '2'], ['ab']]);
  });

  test('re-reading a rotated file leaves the new file’s position alone', () => {
    const tail = new JournalTail(file, hooks(), 32);
    fs.appendFileSync(file, rec(1) + rec(2));
    const fd = fs.openSync(file, 'a');
    tail.read(); // rotated: the shim's fd still points at the old file
    fs.writeSync(fd, rec(3));
    fs.closeSync(fd);
    fs.appendFileSync(file, rec(9));
    tail.read(); // 16 bytes of the new file: under the rotation size
    const pos = positionOf(file, 16);
    expect(tail.position).toEqual(pos);
    tail.close(); // the old file's tail, read from its own offset 32
    expect(tail.position).toEqual(pos);
    expect(seen).toEqual(['1', '2', '9', '3']);
  });

  test('every file it opens is closed: a read, a refusal, a re-read', () => {
    const before = fdCount();
    const tail = new JournalTail(file, hooks(), 16);
    fs.appendFileSync(file, rec(1));
    const fd = fs.openSync(file, 'a');
    tail.read();
    fs.writeSync(fd, rec(2));
    fs.closeSync(fd);
    tail.close();
    fs.appendFileSync(file, rec(3).slice(0, 8));
    tail.read();
    new JournalTail(file, hooks(), undefined, 4242).read();
    expect(fdCount()).toBe(before);
    expect(seen).toEqual(['1', '2', `refused: is owned by uid ${process.getuid!()}; moved aside to journal.refused`]);
  });

  test('a rotated file someone already removed: the re-read finds nothing and says nothing', () => {
    const tail = new JournalTail(file, hooks(), 16);
    fs.appendFileSync(file, rec(1));
    tail.read();
    const [aside] = fs.readdirSync(dir).filter((f) => f.endsWith('.old'));
    fs.rmSync(path.join(dir, aside!));
    expect(() => tail.close()).not.toThrow();
    expect([seen, garbage, fs.readdirSync(dir)]).toEqual([['1'], [], []]);
  });
});

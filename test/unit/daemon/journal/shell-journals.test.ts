// One journal per shell: each file read on its own, positions saved and resumed, the journal of an
// exited shell read to its end and retired (also what its shell wrote just before the rename).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isShellJournal, ShellJournals } from '../../../../src/daemon/journal/shell-journals';
import { positionOf } from '../../../helpers/journal-position';

const rec = (n: string) => `\x01gcd1\0n=${n}\0\x01end\0\n`;

let dir: string;
let seen: string[];
let alive: Set<number>;
const hooks = () => ({
  onRecord: (r: Record<string, string>) => seen.push(r.n!),
  onGarbage: (g: string) => seen.push(`garbage ${g}`),
  onRefused: () => seen.push('refused'),
});
const make = () => new ShellJournals(dir, hooks(), (pid) => alive.has(pid));
const write = (pid: number, ...ns: string[]) => fs.appendFileSync(path.join(dir, `journal.${pid}`), ns.map(rec).join(''));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-shells-'));
  seen = [];
  alive = new Set([101, 202]);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('only journal.<pid> names are shell journals', () => {
  expect(['journal.1', 'journal.424242'].every(isShellJournal)).toBe(true);
  expect(['journal', 'journal.1.2.3.old', 'journal.x', 'journal.1 ', 'gocondad.sock'].some(isShellJournal)).toBe(false);
});

test('each shell file is read on its own, new bytes only, and readAll finds files it was not told about', () => {
  const j = make();
  write(101, '1a', '1b');
  write(202, '2a');
  expect(j.read('journal.101')).toBe(2);
  expect(j.read('journal.101')).toBe(0);
  expect(j.read('not-a-journal')).toBe(0);
  expect(j.readAll()).toBe(1);
  write(101, '1c');
  j.readAll();
  expect(seen).toEqual(['1a', '1b', '2a', '1c']);
});

test('saved positions resume without re-applying anything', () => {
  write(101, '1a');
  write(202, '2a');
  const first = make();
  first.readAll();
  const saved = JSON.parse(JSON.stringify(first.positions()));
  write(101, '1b');
  seen = [];
  const second = make();
  second.resume({ ...saved, 'not-a-journal': { ino: 1, offset: 1 } });
  second.readAll();
  expect(seen).toEqual(['1b']);
});

test('the journal of an exited shell is read to its end, retired and deleted; a live shell keeps its file', () => {
  const j = make();
  write(101, '1a');
  write(303, 'dead-a');
  j.readAll(); // 303 is not alive: read, then renamed aside
  expect(fs.readdirSync(dir).filter(isShellJournal).sort()).toEqual(['journal.101']);
  // The exited shell's last write raced the rename: it landed in the renamed file and is still read.
  const aside = fs.readdirSync(dir).find((n) => n.startsWith('journal.303.'))!;
  fs.appendFileSync(path.join(dir, aside), rec('dead-late'));
  j.close();
  expect(seen).toEqual(['1a', 'dead-a', 'dead-late']);
  expect(fs.readdirSync(dir)).toEqual(['journal.101']);
});

test('a reused pid starts a new file and loses nothing', () => {
  const j = make();
  write(303, 'old');
  j.readAll();
  j.close();
  alive.add(303);
  write(303, 'new');
  j.readAll();
  expect(seen).toEqual(['old', 'new']);
});

test("by default a journal is read only when it is owned by the daemon's uid (getuid, whoever runs the tests)", () => {
  const owner = fs.statSync(dir).uid;
  write(101, '1a');
  const getuid = jest.spyOn(process, 'getuid');
  try {
    getuid.mockReturnValue(owner + 1);
    expect(make().read('journal.101')).toBe(0);
    expect(seen).toEqual(['refused']);
    expect(fs.readdirSync(dir)).toEqual(['journal.101.refused']);
    write(202, '2a');
    getuid.mockReturnValue(owner);
    expect(make().read('journal.202')).toBe(1);
    expect(seen).toEqual(['refused', '2a']);
  } finally {
    getuid.mockRestore();
  }
});

describe('one step past the edges', () => {
  test.each([
    ['journal.0', true],
    ['journal.12', true],
    ['journal.', false],
    ['journal.1a', false],
    ['journal.a1', false],
    ['xjournal.1', false],
    ['journal.1\n', false],
    ['journalx1', false],
    ['journal..1', false],
  ])('isShellJournal(%p) is %p', (name, yes) => expect(isShellJournal(name)).toBe(yes));

  test('positions name each file read and where; resume takes only shell journals’ names', () => {
    const j = make();
    write(101, '1a');
    write(202, '2a', '2b');
    j.read('journal.101');
    j.read('journal.202');
    const at = (pid: number, offset: number) => positionOf(path.join(dir, `journal.${pid}`), offset);
    expect(j.positions()).toEqual({ 'journal.101': at(101, 17), 'journal.202': at(202, 34) });
    const again = make();
    again.resume({ 'journal.101': at(101, 17), journal: { ino: 1, offset: 0 }, 'journal.x': { ino: 1, offset: 0 } });
    expect(again.positions()).toEqual({ 'journal.101': at(101, 17) });
    expect(again.readAll()).toBe(2); // 202 from its start, 101 nothing new
    expect(seen).toEqual(['1a', '2a', '2b', '2a', '2b']);
  });

  test('no runtime dir yet: nothing read, nothing thrown', () => {
    expect(new ShellJournals(path.join(dir, 'nowhere'), hooks(), () => true).readAll()).toBe(0);
  });

  test('the size limit and the owner are handed to each file’s tail', () => {
    write(101, '1a', '1b');
    const small = new ShellJournals(dir, hooks(), () => true, 16);
    expect(small.read('journal.101')).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([`journal.101.${process.pid}.1.old`]);
    small.close();
    write(202, '2a');
    const other = new ShellJournals(dir, hooks(), () => true, undefined, 4242);
    expect(other.read('journal.202')).toBe(0);
    expect(seen).toEqual(['1a', '1b', 'refused']);
  });

  test('up to 64 open files a read sweeps nothing; the 65th read retires every exited shell’s file', () => {
    alive = new Set();
    const j = make();
    for (let pid = 1000; pid < 1064; pid++) {
      write(pid, String(pid));
      j.read(`journal.${pid}`);
    }
    expect(Object.keys(j.positions())).toHaveLength(64);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.old'))).toEqual([]);
    write(1064, '1064');
    j.read('journal.1064');
    expect(j.positions()).toEqual({});
    expect(fs.readdirSync(dir).filter((f) => !f.endsWith('.old'))).toEqual([]);
    expect(fs.readdirSync(dir)).toHaveLength(65);
    j.close();
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(seen).toHaveLength(65);
  });

  test('a retired file waits for its re-read (close still runs it); once re-read, the next sweep forgets it', () => {
    jest.useFakeTimers();
    try {
      alive = new Set();
      const j = make();
      const retired = () => (j as unknown as { retired: Set<unknown> }).retired.size;
      write(101, 'a');
      const writer = fs.openSync(path.join(dir, 'journal.101'), 'a');
      j.readAll(); // 101 is gone: read, moved aside, its re-read pending
      fs.writeSync(writer, rec('late'));
      fs.closeSync(writer);
      j.readAll(); // a second sweep before the re-read: it is kept
      expect(retired()).toBe(1);
      j.close();
      expect(seen).toEqual(['a', 'late']);
      expect(retired()).toBe(0);
      // Re-read by its timer this time: the next sweep drops it.
      write(202, 'b');
      j.readAll();
      expect(retired()).toBe(1);
      jest.runOnlyPendingTimers();
      j.readAll();
      expect(retired()).toBe(0);
      expect(seen).toEqual(['a', 'late', 'b']);
    } finally {
      jest.useRealTimers();
    }
  });
});

// The daemon's journals without a daemon: the shared journal and each shell's read together, a burst of
// watch events read once on the next turn, positions saved and resumed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Journals } from '../../../../src/daemon/journal/journals';
import { positionOf } from '../../../helpers/journal-position';

const rec = (n: string) => `\x01gcd1\0n=${n}\0\x01end\0\n`;

let dir: string;
let seen: string[];
let hookFiles: string[];
let turns: (() => void)[];
const files = () => ({ journal: path.join(dir, 'journal'), runtimeDir: dir });
const make = () =>
  new Journals(
    files(),
    (file) => {
      hookFiles.push(file);
      return { onRecord: (r) => void seen.push(r.n!), onGarbage: () => void seen.push('garbage'), onRefused: () => void seen.push('refused') };
    },
    () => true,
    (fn) => void turns.push(fn),
  );
const append = (name: string, ...ns: string[]) => fs.appendFileSync(path.join(dir, name), ns.map(rec).join(''));
const nextTurn = () => turns.splice(0).forEach((fn) => fn());

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-journals-'));
  seen = [];
  hookFiles = [];
  turns = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('each tail gets hooks naming its file', () => {
  make();
  expect(hookFiles).toEqual([path.join(dir, 'journal'), `${dir}/journal.<pid>`]);
});

test('readAll reads the shared journal and every shell’s', () => {
  append('journal', 'old');
  append('journal.101', 'a1');
  append('journal.202', 'b1');
  make().readAll();
  expect(seen.sort()).toEqual(['a1', 'b1', 'old']);
});

test('a burst of watch events is read once, on the next turn; other entries are ignored', () => {
  const j = make();
  append('journal.101', 'a1');
  append('journal', 'old');
  j.onEntry('gocondad.sock');
  j.onEntry('gocondad.lock');
  expect(turns).toHaveLength(0);
  j.onEntry('journal.101');
  j.onEntry('journal.101');
  j.onEntry('journal');
  expect(turns).toHaveLength(1);
  expect(seen).toEqual([]);
  nextTurn();
  expect(seen).toEqual(['a1', 'old']);
  append('journal.202', 'b1');
  j.onEntry('journal.101'); // names one file; journal.202 waits for its own event
  nextTurn();
  expect(seen).toEqual(['a1', 'old']);
  j.onEntry(null); // the watch could not say which: all are read
  nextTurn();
  expect(seen).toEqual(['a1', 'old', 'b1']);
});

test('positions saved by one daemon are resumed by the next: nothing lost, nothing read twice', () => {
  append('journal', 'old1');
  append('journal.101', 'a1');
  const first = make();
  first.readAll();
  const saved = first.positions();
  first.close();
  expect(saved.journal.offset).toBeGreaterThan(0);
  expect(Object.keys(saved.shellJournals)).toEqual(['journal.101']);
  append('journal', 'old2');
  append('journal.101', 'a2');
  seen = [];
  const second = make();
  second.resume(saved.journal, saved.shellJournals);
  second.readAll();
  expect(seen.sort()).toEqual(['a2', 'old2']);
  second.close();
});

describe('one step past', () => {
  test('positions exact; no saved position for the shared journal reads it from its start', () => {
    append('journal', 'old1');
    append('journal.101', 'a1');
    const first = make();
    first.readAll();
    const at = (name: string, offset: number) => positionOf(path.join(dir, name), offset);
    expect(first.positions()).toEqual({
      journal: at('journal', 19),
      shellJournals: { 'journal.101': at('journal.101', 17) },
    });
    seen = [];
    const second = make();
    second.resume(null, { 'journal.101': at('journal.101', 17) });
    second.readAll();
    expect(seen).toEqual(['old1']);
  });

  test('a shell journal named in a burst with an unnamed event: everything read once, the shared journal included', () => {
    const j = make();
    append('journal', 'old');
    append('journal.101', 'a1');
    append('journal.202', 'b1');
    j.onEntry('journal.101');
    j.onEntry(null);
    j.onEntry('journal.101');
    nextTurn();
    expect(seen.sort()).toEqual(['a1', 'b1', 'old']);
    expect(turns).toEqual([]);
    j.onEntry('journal.7x');
    j.onEntry('xjournal');
    expect(turns).toEqual([]);
  });

  test('by default the burst is read on the next setImmediate', async () => {
    const j = new Journals(
      files(),
      () => ({ onRecord: (r) => void seen.push(r.n!), onGarbage: () => undefined, onRefused: () => undefined }),
      () => true,
    );
    append('journal', 'old');
    j.onEntry('journal');
    expect(seen).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['old']);
  });

  test('close runs the shared journal’s pending re-read and each shell’s', () => {
    const j = make();
    append('journal', 'old');
    j.readAll();
    seen = [];
    j.close();
    expect(seen).toEqual([]);
  });

  test('close reads now what a writer added to a rotated file, the shared journal’s and an exited shell’s', () => {
    jest.useFakeTimers(); // the re-reads' timers never fire by themselves here: only close can run them
    try {
      const j = new Journals(
        files(),
        () => ({ onRecord: (r) => void seen.push(r.n!), onGarbage: () => void seen.push('garbage'), onRefused: () => void seen.push('refused') }),
        () => false,
        (fn) => void turns.push(fn),
      );
      // The shared journal rotates past 256 KiB: 16,384 records of 16 bytes.
      append('journal', ...Array.from({ length: 16384 }, (_, i) => String(i % 10)));
      append('journal.101', 's');
      const sharedWriter = fs.openSync(path.join(dir, 'journal'), 'a');
      const shellWriter = fs.openSync(path.join(dir, 'journal.101'), 'a');
      j.readAll(); // both rotated aside: the shared one as large, the shell's as its shell is gone
      expect(seen).toHaveLength(16385);
      seen = [];
      fs.writeSync(sharedWriter, rec('late-shared'));
      fs.writeSync(shellWriter, rec('late-shell'));
      fs.closeSync(sharedWriter);
      fs.closeSync(shellWriter);
      j.close();
      expect(seen).toEqual(['late-shared', 'late-shell']);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });
});

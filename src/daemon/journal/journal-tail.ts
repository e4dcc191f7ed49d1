// Follows the shims' journal: reads what was appended since the last read, hands each record on, and
// rotates the file once it is large. The position (inode + offset) is the caller's to save, so that a
// restarted daemon resumes where the last one stopped instead of re-applying the whole file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJournal, type JournalRecord } from '../../core/journal';

export const ROTATE_AT = 256 * 1024;
/** How long after a rotation the old file's tail is read again (a shim may have opened it just before). */
export const REREAD_AFTER_MS = 100;
/** Records are a few KiB (tens with a huge PATH); a chunk holds many. */
export const READ_CHUNK = 1024 * 1024;
/** O_NONBLOCK: a FIFO put in a journal's place must not block the daemon; O_NOFOLLOW: nor a symlink lead it elsewhere. */
const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW;

export interface JournalPosition {
  ino: number;
  offset: number;
  /**
   * The file's birth time in ns, where its file system records one: a journal deleted and made again can
   * get the old inode number back (ext4 does at once) and grow to the old size before the next read, so
   * the inode alone would take the new file for the old one and skip its records. Absent: not known.
   */
  born?: string;
}

/** A stat as read() uses it (bigint: a birth time in ns does not fit a double). */
type FileIds = Pick<fs.BigIntStats, 'ino' | 'birthtimeNs'>;

/** Whether `st` is the file `pos` was read from; a birth time missing on either side cannot tell them apart. */
export function sameJournalFile(pos: JournalPosition, st: FileIds): boolean {
  const born = bornOf(st);
  return Number(st.ino) === pos.ino && (pos.born === undefined || born === undefined || born === pos.born);
}

/** A file system that records no birth time gives 0. */
function bornOf(st: FileIds): string | undefined {
  return st.birthtimeNs > 0n ? String(st.birthtimeNs) : undefined;
}

export interface JournalTailHooks {
  onRecord(rec: JournalRecord): void;
  onGarbage(sample: string): void;
  /** The file is not this user's, or not a regular file: it is never read. */
  onRefused(why: string): void;
}

export class JournalTail {
  private pos: JournalPosition = { ino: 0, offset: 0 };
  private rotations = 0;
  /** Re-reads of rotated files still to come, by their timer. */
  private pending = new Map<NodeJS.Timeout, () => void>();

  constructor(
    readonly file: string,
    private hooks: JournalTailHooks,
    private rotateAt = ROTATE_AT,
    /** Whose journal this is: any other owner's file is refused. */
    private uid = process.getuid?.() ?? 0,
    /** The most read into memory at once. */
    private chunk = READ_CHUNK,
  ) {}

  get position(): JournalPosition {
    return { ...this.pos };
  }

  resumeAt(pos: JournalPosition): void {
    this.pos = { ...pos };
  }

  /** Reads and applies everything new; returns how many records were applied. */
  read(): number {
    let fd: number;
    try {
      fd = fs.openSync(this.file, OPEN_FLAGS);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP') this.refuse('is a symlink');
      return 0;
    }
    try {
      const st = fs.fstatSync(fd, { bigint: true });
      if (!st.isFile()) {
        this.refuse('is not a regular file');
        return 0;
      }
      if (Number(st.uid) !== this.uid) {
        this.refuse(`is owned by uid ${st.uid}`);
        return 0;
      }
      const size = Number(st.size);
      const born = bornOf(st);
      if (!sameJournalFile(this.pos, st) || size < this.pos.offset) this.pos = { ino: Number(st.ino), offset: 0 };
      if (born !== undefined) this.pos.born = born;
      const applied = this.readChunks(fd, size);
      if (this.pos.offset >= this.rotateAt && this.pos.offset === size) this.rotate();
      return applied;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Re-reads of rotated files still to come. */
  get pendingRereads(): number {
    return this.pending.size;
  }

  /**
   * Renames the file aside now (its writer is gone) and reads its tail once more shortly after, in case
   * a writer opened it just before the rename; a later writer of the same name starts a new file.
   */
  retire(): void {
    this.rotate();
  }

  /**
   * Moves a journal that must not be read out of the shims' way (one aside file, replaced each time),
   * so that their next record starts a regular file of this user again.
   */
  private refuse(why: string): void {
    let moved = false;
    try {
      fs.renameSync(this.file, `${this.file}.refused`);
      moved = true;
    } catch {
      /* not ours to move, or gone: reported all the same */
    }
    this.hooks.onRefused(moved ? `${why}; moved aside to ${path.basename(this.file)}.refused` : why);
  }

  /** Stops the pending re-reads of rotated files, reading them now. */
  close(): void {
    for (const [timer, reread] of this.pending) {
      clearTimeout(timer);
      reread();
    }
    this.pending.clear();
  }

  /**
   * Applies the records of `fd` from `from` (default: the current position, which it advances) up to
   * `size`, one reused chunk at a time: a huge journal, or one flooded with garbage, costs one chunk of
   * memory. `final`: the writer is gone, so an incomplete record at the end is garbage, not "wait".
   */
  private readChunks(fd: number, size: number, from?: number, final = false): number {
    const advance = from === undefined;
    let offset = from ?? this.pos.offset;
    if (offset >= size) return 0;
    const buf = Buffer.allocUnsafe(Math.min(size - offset, this.chunk));
    let applied = 0;
    while (offset < size) {
      const got = fs.readSync(fd, buf, 0, Math.min(size - offset, buf.length), offset);
      if (got <= 0) break;
      const view = buf.subarray(0, got);
      const last = final && offset + got >= size;
      // A full chunk that holds no complete record is no record at all: skip it as garbage.
      let parsed = parseJournal(view, last);
      if (parsed.consumed === 0 && got === this.chunk) parsed = parseJournal(view, true);
      if (parsed.consumed === 0) break;
      offset += parsed.consumed;
      if (advance) this.pos.offset = offset;
      for (const g of parsed.garbage) this.hooks.onGarbage(g);
      for (const rec of parsed.records) this.hooks.onRecord(rec);
      applied += parsed.records.length;
    }
    return applied;
  }

  private rotate(): void {
    // A name per rotation: under a fast stream a second rotation can come before the first re-read.
    const aside = `${this.file}.${process.pid}.${(this.rotations += 1)}.old`;
    try {
      fs.renameSync(this.file, aside);
    } catch {
      return;
    }
    // Everything before this offset of the old file is applied; the new file starts from zero.
    const asideOffset = this.pos.offset;
    this.pos = { ino: 0, offset: 0 };
    // A shim that opened the file just before the rename appends to the old inode: read its tail once more.
    const reread = () => {
      try {
        const fd = fs.openSync(aside, OPEN_FLAGS);
        try {
          // Only the tail past what was applied, in chunks like any read: the old file may be huge.
          this.readChunks(fd, fs.fstatSync(fd).size, asideOffset, true);
        } finally {
          fs.closeSync(fd);
        }
      } catch {
        /* gone */
      }
      fs.rmSync(aside, { force: true });
    };
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      reread();
    }, REREAD_AFTER_MS);
    this.pending.set(timer, reread);
  }
}

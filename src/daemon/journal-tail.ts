// Follows the shims' journal: reads what was appended since the last read, hands each record on, and
// rotates the file once it is large. The position (inode + offset) is the caller's to save, so that a
// restarted daemon resumes where the last one stopped instead of re-applying the whole file.
import * as fs from 'node:fs';
import { parseJournal, type JournalRecord } from '../core/journal';

export const ROTATE_AT = 256 * 1024;
/** How long after a rotation the old file's tail is read again (a shim may have opened it just before). */
export const REREAD_AFTER_MS = 100;

export interface JournalPosition {
  ino: number;
  offset: number;
}

export interface JournalTailHooks {
  onRecord(rec: JournalRecord): void;
  onGarbage(sample: string): void;
  /** The file is not this user's: it is never read. */
  onRefused(uid: number): void;
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
      fd = fs.openSync(this.file, 'r');
    } catch {
      return 0;
    }
    try {
      const st = fs.fstatSync(fd);
      if (st.uid !== this.uid) {
        this.hooks.onRefused(st.uid);
        return 0;
      }
      if (st.ino !== this.pos.ino || st.size < this.pos.offset) this.pos = { ino: st.ino, offset: 0 };
      if (st.size === this.pos.offset) return 0;
      const buf = Buffer.alloc(st.size - this.pos.offset);
      fs.readSync(fd, buf, 0, buf.length, this.pos.offset);
      const parsed = parseJournal(buf);
      this.pos.offset += parsed.consumed;
      for (const g of parsed.garbage) this.hooks.onGarbage(g);
      for (const rec of parsed.records) this.hooks.onRecord(rec);
      if (this.pos.offset >= this.rotateAt && this.pos.offset === st.size) this.rotate();
      return parsed.records.length;
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

  /** Stops the pending re-reads of rotated files, reading them now. */
  close(): void {
    for (const [timer, reread] of this.pending) {
      clearTimeout(timer);
      reread();
    }
    this.pending.clear();
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
        const parsed = parseJournal(fs.readFileSync(aside).subarray(asideOffset), true);
        for (const rec of parsed.records) this.hooks.onRecord(rec);
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

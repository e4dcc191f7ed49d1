// One journal per shell: each shim appends its records to `journal.<shell pid>` in the runtime dir.
// A shell writes a long record (a 16 KB PATH is common on clusters) in several write() calls — bash in
// 4,096-byte pieces — so records of concurrent shells appended to one shared file interleaved and were
// torn. A file per shell has one writer, so its records arrive whole and in order whatever their size,
// and the shim still does nothing but one `printf >>` (no process, no lock, no wait).
//
// Each file is followed by a JournalTail (rotation past its size limit, resume after a restart); the file
// of a shell that has exited is read to its end and retired (renamed aside, its tail read once more in
// case the shell's last write raced the rename, then deleted), so the dir holds one file per live shell.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JournalTail, ROTATE_AT, type JournalPosition, type JournalTailHooks } from './journal-tail';

const NAME = /^journal\.(\d+)$/;

/** Whether a runtime-dir entry is a shell's journal. */
export function isShellJournal(name: string): boolean {
  return NAME.test(name);
}

/** Above this many open tails, every read also retires the journals of shells that have exited. */
const SWEEP_ABOVE = 64;

export class ShellJournals {
  private tails = new Map<string, JournalTail>();
  /** Retired tails whose rotated file is still to be read once more. */
  private retired = new Set<JournalTail>();

  constructor(
    private readonly dir: string,
    private readonly hooks: JournalTailHooks,
    private readonly isAlive: (pid: number) => boolean,
    private readonly rotateAt = ROTATE_AT,
    private readonly uid = process.getuid?.() ?? 0,
  ) {}

  /** Where each file was read up to: saved with the state, so that a restart neither loses nor repeats. */
  positions(): Record<string, JournalPosition> {
    return Object.fromEntries([...this.tails].map(([name, tail]) => [name, tail.position]));
  }

  resume(saved: Record<string, JournalPosition>): void {
    for (const [name, pos] of Object.entries(saved)) if (isShellJournal(name)) this.tail(name).resumeAt(pos);
  }

  /** Reads what one shell appended; returns the records applied. */
  read(name: string): number {
    if (!isShellJournal(name)) return 0;
    const n = this.tail(name).read();
    if (this.tails.size > SWEEP_ABOVE) this.sweep();
    return n;
  }

  /** Reads every shell's journal (start, status, stop) and retires those of exited shells. */
  readAll(): number {
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir).filter(isShellJournal);
    } catch {
      /* no runtime dir yet: nothing written */
    }
    let n = 0;
    for (const name of names) n += this.tail(name).read();
    this.sweep();
    return n;
  }

  /** Runs the pending re-reads now (shutdown). */
  close(): void {
    for (const t of [...this.tails.values(), ...this.retired]) t.close();
    this.retired.clear();
  }

  private tail(name: string): JournalTail {
    let t = this.tails.get(name);
    if (!t) {
      t = new JournalTail(path.join(this.dir, name), this.hooks, this.rotateAt, this.uid);
      this.tails.set(name, t);
    }
    return t;
  }

  private sweep(): void {
    for (const t of this.retired) if (t.pendingRereads === 0) this.retired.delete(t);
    for (const [name, t] of this.tails) {
      if (this.isAlive(Number(NAME.exec(name)![1]))) continue;
      t.read();
      t.retire();
      this.tails.delete(name);
      this.retired.add(t);
    }
  }
}

// Every journal the daemon reads: `journal.<pid>`, one per shell (current shims), and `journal`, the
// shared file of older shims. The runtime dir's watch names the entry that changed; a burst of such
// events is read once, on the next turn of the event loop.
import { JournalTail, type JournalPosition, type JournalTailHooks } from './journal-tail';
import { isShellJournal, ShellJournals } from './shell-journals';

export class Journals {
  private readonly shared: JournalTail;
  private readonly shells: ShellJournals;
  /** Entry names to read on the next turn; '*' for all. */
  private pending = new Set<string>();
  private scheduled = false;

  constructor(
    files: { journal: string; runtimeDir: string },
    /** The hooks of the journal in `file` (a shell's are named `<runtimeDir>/journal.<pid>`). */
    hooks: (file: string) => JournalTailHooks,
    isAlive: (pid: number) => boolean,
    private readonly defer: (fn: () => void) => void = setImmediate,
  ) {
    this.shared = new JournalTail(files.journal, hooks(files.journal));
    this.shells = new ShellJournals(files.runtimeDir, hooks(`${files.runtimeDir}/journal.<pid>`), isAlive);
  }

  /** Resumes where the last daemon stopped: records before that are in the saved state already. */
  resume(journal: JournalPosition | null, shellJournals: Record<string, JournalPosition>): void {
    if (journal) this.shared.resumeAt(journal);
    this.shells.resume(shellJournals);
  }

  /** Reads every journal now (start, status, stop, after recovering the runtime dir). */
  readAll(): void {
    this.shared.read();
    this.shells.readAll();
  }

  /** A runtime-dir entry changed (null: the watch could not say which); journals among them are read soon. */
  onEntry(name: string | null): void {
    if (name === null || name === 'journal' || isShellJournal(name)) this.schedule(name);
  }

  positions(): { journal: JournalPosition; shellJournals: Record<string, JournalPosition> } {
    return { journal: this.shared.position, shellJournals: this.shells.positions() };
  }

  close(): void {
    this.shared.close();
    this.shells.close();
  }

  private schedule(name: string | null): void {
    this.pending.add(name ?? '*');
    if (this.scheduled) return;
    this.scheduled = true;
    this.defer(() => {
      this.scheduled = false;
      const names = [...this.pending];
      this.pending.clear();
      if (names.includes('*')) return this.readAll();
      for (const n of names) {
        if (n === 'journal') this.shared.read();
        else this.shells.read(n);
      }
    });
  }
}

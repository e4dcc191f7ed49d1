// Watches the runtime dir: new journal bytes (the journals are the daemon's to name), and the dir (or the socket or lock in it) disappearing
// while the daemon runs — a tmp cleaner, a logout that wipes XDG_RUNTIME_DIR, a user's `rm -rf`. Then
// the daemon must put them back, or it would run on, unreachable, while the shims journal into nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RuntimeGuardHooks {
  /** Something happened to this entry of the dir (null: unknown which); a journal may have grown. */
  onEntry(name: string | null): void;
  /** The dir, the socket or the lock is gone or not ours any more. */
  onLost(what: string): void;
  onWatchError(err: Error): void;
}

/** What is missing of the daemon's runtime files, or null when all is in place. Pure apart from stat/read. */
export function runtimeLoss(files: { dir: string; socket: string; lock: string }, pid: number): string | null {
  try {
    if (!fs.statSync(files.dir).isDirectory()) return `${files.dir} is not a directory`;
  } catch {
    return `${files.dir} was removed`;
  }
  try {
    if (!fs.lstatSync(files.socket).isSocket()) return `${files.socket} was replaced`;
  } catch {
    return `${files.socket} was removed`;
  }
  let holder: string;
  try {
    holder = fs.readFileSync(files.lock, 'utf8').trim();
  } catch {
    return `${files.lock} was removed`;
  }
  return holder === String(pid) ? null : `${files.lock} now holds pid ${holder || '(none)'}`;
}

export class RuntimeGuard {
  private watcher: fs.FSWatcher | null = null;
  private checkScheduled = false;

  constructor(
    private files: { dir: string; socket: string; lock: string },
    private hooks: RuntimeGuardHooks,
  ) {}

  /** (Re)starts watching the dir; a watch on a removed dir is dead, so this follows each recovery. */
  watch(): void {
    this.close();
    const own = new Set([path.basename(this.files.dir), path.basename(this.files.socket), path.basename(this.files.lock)]);
    try {
      this.watcher = fs.watch(this.files.dir, (_event, name) => {
        this.hooks.onEntry(name);
        if (name === null || own.has(name)) this.scheduleCheck();
      });
      this.watcher.on('error', (err) => this.hooks.onWatchError(err));
    } catch (err) {
      this.hooks.onWatchError(err as Error);
    }
  }

  /** Checks now whether the runtime files are in place; reports a loss once per check. */
  check(): void {
    const lost = runtimeLoss(this.files, process.pid);
    if (lost) this.hooks.onLost(lost);
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  private scheduleCheck(): void {
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    // After the burst of events a removal makes (every file, then the dir itself).
    setImmediate(() => {
      this.checkScheduled = false;
      this.check();
    });
  }
}

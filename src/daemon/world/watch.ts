// The watcher's I/O: one chokidar instance whose filter is watch-spec.ts's decisions, bursts of events
// turned into one change, and the kernel's count of inotify watches.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import { HistoryWatch, swapRoots, watchedCount } from './history-watch';
import { buildWatchSpec, classify, emptyChange, isWanted, watchRoots, type Change, type WatchInput, type WatchSpec } from './watch-spec';
/** Kernel inotify watches this process holds (Linux), or null where that cannot be read. */
export function countInotifyWatches(): number | null {
  let fds: string[];
  try {
    fds = fs.readdirSync('/proc/self/fd');
  } catch {
    return null;
  }
  let count = 0;
  for (const fd of fds) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`) !== 'anon_inode:inotify') continue;
      count += fs
        .readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('inotify wd:')).length;
    } catch {
      /* fd closed meanwhile */
    }
  }
  return count;
}

function typeOfSync(p: string): 'dir' | 'file' | null {
  try {
    const st = fs.statSync(p);
    return st.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

export interface WatcherOptions {
  /** Quiet period before a burst of events is handled. */
  debounceMs: number;
  /** Longest a burst may delay handling. */
  maxWaitMs: number;
  /**
   * This long after a change that asked to look again, one more such change with no event behind it (0 or
   * absent: none). chokidar reports no removal of a dir it is still adding: an env created and removed in
   * one burst (or removed while its watches are being added) would stay registered until the next event.
   */
  followUpMs?: number;
  worldFiles: string[];
  onChange: (change: Change) => void;
  onError: (err: Error) => void;
}

/**
 * A chokidar instance whose filter is the current WatchSpec (`update` swaps the spec in place); the history
 * files of known envs go to a HistoryWatch of their own (history-watch.ts says why).
 */
export class EnvWatcher {
  // Stryker disable next-line ArrayDeclaration: replaced by the first update() before anything is watched (no root, so no event is classified against it)
  private spec: WatchSpec = buildWatchSpec({ files: [], envsDirs: [], envs: [], histories: [], toolchainDirs: [], toolchainRoots: [] });
  private roots = new Set<string>();
  private fsw: FSWatcher;
  private histories: HistoryWatch;
  private pending: Change | null = null;
  private quietTimer: NodeJS.Timeout | null = null;
  private maxTimer: NodeJS.Timeout | null = null;
  private followUpTimer: NodeJS.Timeout | null = null;
  private worldFiles: Set<string>;
  private readyNow = false;

  constructor(private opts: WatcherOptions) {
    this.worldFiles = new Set(opts.worldFiles.map((f) => path.resolve(f)));
    this.fsw = chokidarWatch([], {
      ignoreInitial: true,
      persistent: true,
      followSymlinks: true,
      // A symlink comes with lstat stats here: whether it points at a directory is not known yet.
      ignored: (p: string, stats?: fs.Stats) => !isWanted(this.spec, p, stats && !stats.isSymbolicLink() ? stats.isDirectory() : undefined),
    });
    this.fsw.on('all', (_event, p) => this.note(path.resolve(p)));
    this.fsw.once('ready', () => (this.readyNow = true));
    this.fsw.on('error', (err) => opts.onError(err as Error));
    this.histories = new HistoryWatch(
      (p) => this.note(p),
      (err) => opts.onError(err),
    );
  }

  /** Starts watching what `input` names and stops watching what it no longer does. */
  update(input: WatchInput): void {
    this.spec = buildWatchSpec(input);
    const all = watchRoots(this.spec, typeOfSync);
    const isHistory = (r: string) => this.spec.explicit.get(r) === 'history';
    const next = new Set(all.filter((r) => !isHistory(r)));
    swapRoots(this.fsw, this.roots, next);
    this.roots = next;
    this.histories.update(new Set(all.filter(isHistory)));
  }

  /** Resolves once chokidar has read every root it was given (tests and benchmarks wait on this). */
  ready(timeoutMs = 10000): Promise<void> {
    if (this.readyNow || this.roots.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      // A very slow file system must not keep the daemon from serving: it serves, and watches catch up.
      const timer = setTimeout(resolve, timeoutMs);
      this.fsw.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  watchedPaths(): number {
    return watchedCount(this.fsw) + this.histories.watchedPaths();
  }

  rootCount(): number {
    return this.roots.size + this.histories.rootCount();
  }

  private note(p: string): void {
    this.pending = classify(this.spec, p, this.worldFiles, this.pending ?? emptyChange());
    // A burst under way: its own hand-over arms the follow-up again.
    if (this.followUpTimer) clearTimeout(this.followUpTimer);
    this.followUpTimer = null;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.flush(), this.opts.debounceMs);
    this.maxTimer ??= setTimeout(() => this.flush(), this.opts.maxWaitMs);
  }

  private flush(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.quietTimer = this.maxTimer = null;
    const change = this.pending;
    this.pending = null;
    if (!change) return;
    this.opts.onChange(change);
    if (change.discovery && this.opts.followUpMs) this.followUpTimer = setTimeout(() => this.followUp(), this.opts.followUpMs);
  }

  /** The look again after a burst; it arms no follow-up of its own, so an idle daemon stays idle. */
  private followUp(): void {
    this.followUpTimer = null;
    this.opts.onChange({ discovery: true, world: false, envs: new Set() });
  }

  async close(): Promise<void> {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.maxTimer) clearTimeout(this.maxTimer);
    if (this.followUpTimer) clearTimeout(this.followUpTimer);
    await Promise.all([this.fsw.close(), this.histories.close()]);
  }
}

// The conda-meta/history files of the envs the daemon already knows (conda and micromamba append to it on
// every change of an env), watched file by file with a chokidar instance of their own beside the main one
// (watch.ts). One instance is not enough: an env created while the daemon runs is inside a watched envs
// dir, so chokidar folds its history file into that tree, whose conda-meta the spec stops wanting once the
// env is known, and the history file went unwatched (found with micromamba, whose envs change only through
// this watch).
import * as path from 'node:path';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';

/** Moves a chokidar instance from the roots it `had` to the `next` ones: only the difference is touched. */
export function swapRoots(w: FSWatcher, had: Set<string>, next: Set<string>): void {
  const removed = [...had].filter((r) => !next.has(r));
  const added = [...next].filter((r) => !had.has(r));
  if (removed.length > 0) w.unwatch(removed);
  if (added.length > 0) w.add(added);
}

/** Paths a chokidar instance holds (directories and the entries it lists in them). */
export function watchedCount(w: FSWatcher): number {
  return Object.values(w.getWatched()).reduce((n, children) => n + children.length, 0);
}

export class HistoryWatch {
  private files = new Set<string>();
  private fsw: FSWatcher;

  /** `onPath` gets the absolute path of every change, `onError` chokidar's errors. */
  constructor(onPath: (p: string) => void, onError: (err: Error) => void) {
    this.fsw = chokidarWatch([], { ignoreInitial: true, persistent: true });
    this.fsw.on('all', (_event, p) => onPath(path.resolve(p)));
    this.fsw.on('error', (err) => onError(err as Error));
  }

  /** Watches exactly these history files from now on. */
  update(files: Set<string>): void {
    swapRoots(this.fsw, this.files, files);
    this.files = files;
  }

  watchedPaths(): number {
    return watchedCount(this.fsw);
  }

  rootCount(): number {
    return this.files.size;
  }

  close(): Promise<void> {
    return this.fsw.close();
  }
}

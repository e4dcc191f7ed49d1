// Pid lock files. The daemon holds one for its life (daemon/runtime/lock.ts); the CLI and the daemon take a short
// one around every change to envs.json and an env's shims (shims/), which both change: without it, a daemon
// refresh that had read the registry before `gocondad shims uninstall` wrote the shims back after it, and
// two read-modify-writes of envs.json could each drop the other's entry.
import * as fs from 'node:fs';
import { GocondadError } from './errors';

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * A killed daemon whose parent does not reap it (an init that reaps late, as in some containers) is a
 * zombie: signal 0 still reaches it, but it holds nothing and will never answer. Linux only (/proc).
 */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

export function readPid(file: string): number {
  try {
    return Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
  } catch {
    return Number.NaN;
  }
}

/** The lock stayed held past the wait: a caller on a hot path (an activation) may go on without it. */
export class LockBusyError extends GocondadError {}

const held = new Map<string, number>();
const nap = new Int32Array(new SharedArrayBuffer(4));

/** An empty lock older than this lost its writer between create and write (killed): stale. */
const EMPTY_LOCK_STALE_MS = 1000;

/**
 * Runs `fn` holding `file` (created O_EXCL with our pid), waiting up to `timeoutMs` for a live holder.
 * Re-entrant within a process. Synchronous because the shim writers it guards are: the lock is held for
 * a few file writes, never across a wait for anything else.
 */
export function withLockSync<T>(file: string, fn: () => T, timeoutMs = 5000): T {
  const depth = held.get(file) ?? 0;
  if (depth > 0) {
    held.set(file, depth + 1);
    try {
      return fn();
    } finally {
      held.set(file, depth);
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (!tryCreate(file)) {
    const holder = readPid(file);
    if (holder !== process.pid && stale(file, holder)) {
      takeAside(file);
      continue;
    }
    if (Date.now() >= deadline)
      throw new LockBusyError(
        `another gocondad process${Number.isNaN(holder) ? '' : ` (pid ${holder})`} is changing shims and did not finish within ${timeoutMs / 1000} s`,
        `try again; if no gocondad is running, remove ${file}`,
      );
    Atomics.wait(nap, 0, 0, 10);
  }
  held.set(file, 1);
  try {
    return fn();
  } finally {
    held.delete(file);
    if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
  }
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, `${process.pid}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function stale(file: string, holder: number): boolean {
  if (!Number.isNaN(holder)) return !pidAlive(holder);
  try {
    return Date.now() - fs.statSync(file).mtimeMs > EMPTY_LOCK_STALE_MS;
  } catch {
    return false; // gone meanwhile: the next create decides
  }
}

/**
 * A stale lock is renamed aside, not removed: of two processes taking it over at once, one rename
 * succeeds. If what we moved turns out to be a live process's fresh lock, it goes back.
 */
function takeAside(file: string): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return;
  }
  const moved = readPid(aside);
  if (moved !== process.pid && pidAlive(moved)) {
    try {
      fs.linkSync(aside, file);
    } catch {
      /* a third process took the slot meanwhile; it holds the lock now */
    }
  }
  fs.rmSync(aside, { force: true });
}

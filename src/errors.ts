// One error type for everything the user sees: what went wrong, and what to do next. The CLI prints
// every one the same way (`printError`) and exits with its code; the daemon sends `{error, hint}`.

/** Exit codes of the `gocondad` command (docs/cli.md, "Exit codes and errors"). */
export const EXIT = {
  OK: 0,
  /** Something failed, or `doctor`/`sync --check` found problems. */
  FAILED: 1,
  /** The command line was wrong. */
  USAGE: 2,
  /** The command needs the daemon and none answers. */
  NO_DAEMON: 3,
} as const;

export class GocondadError extends Error {
  constructor(
    message: string,
    /** What to do next; null when the message already says it. */
    readonly hint: string | null = null,
    readonly exitCode: number = EXIT.FAILED,
  ) {
    super(message);
    this.name = 'GocondadError';
  }
}

/** The one line the CLI prints for an error: `gocondad: what went wrong; what to do next`. */
export function formatError(err: unknown): string {
  if (err instanceof GocondadError) return `gocondad: ${err.message}${err.hint ? `; ${err.hint}` : ''}\n`;
  return `gocondad: ${err instanceof Error ? err.message : String(err)}\n`;
}

export function exitCodeOf(err: unknown): number {
  return err instanceof GocondadError ? err.exitCode : EXIT.FAILED;
}

/** What to do next after any wrong command line of this command (`gocondad shims refresh`). */
export function seeHelp(commandPath: string): string {
  return `see ${commandPath} --help`;
}

/**
 * An unknown value of an enumerated option, naming every valid one (from the option's one table). Here,
 * not in cli/usage.ts, because the fast path raises it too and must not load commander.
 */
export function invalidValue(flag: string, value: string, valid: readonly string[], commandPath: string): GocondadError {
  return new GocondadError(`unknown ${flag} value ${JSON.stringify(value)}; valid: ${valid.join(', ')}`, seeHelp(commandPath), EXIT.USAGE);
}

/** A Node system error (fs, spawn): an errno code and the call that failed, often a path. */
interface SystemError extends Error {
  code: string;
  syscall: string;
  path?: string;
  dest?: string;
}

// By shape, not instanceof: an error made in another realm (a vm context, as under jest) is one too.
export function isSystemError(err: unknown): err is SystemError {
  return typeof err === 'object' && err !== null && typeof (err as SystemError).code === 'string' && typeof (err as SystemError).syscall === 'string';
}

/** The calls that change a file: EACCES from these is "you cannot write". */
const WRITING_CALLS = new Set(['mkdir', 'rmdir', 'unlink', 'rename', 'symlink', 'link', 'chmod', 'chown', 'copyfile', 'utime', 'write', 'rm', 'cp']);
const READING_CALLS = new Set(['read', 'scandir', 'opendir', 'readlink', 'stat', 'lstat', 'access']);

/** How a caller knows better than the error: what it was doing, what to do next, how to name the file. */
export interface SystemErrorWords {
  /** What the caller was doing (an `open` may be either). */
  action?: 'read' | 'write';
  /** Replaces the generic next step (e.g. the admin command that can write an env). */
  hint?: string;
  /** null: leave the path out (the caller's message names the file already, `FILE: …`). */
  path?: string | null;
}

/**
 * The one place a Node system error becomes words: what went wrong with which file, and what to do
 * next; never an errno code. Null for anything that is not a system error: that one is a bug.
 */
export function systemError(err: unknown, words: SystemErrorWords = {}): GocondadError | null {
  if (!isSystemError(err)) return null;
  const file = words.path === null ? null : (words.path ?? err.path ?? null);
  const it = file ?? 'it';
  const at = file ? `: ${file}` : '';
  const hint = words.hint;
  const verb = words.action ?? (WRITING_CALLS.has(err.syscall) ? 'write' : READING_CALLS.has(err.syscall) ? 'read' : 'open');
  const spawned = err.syscall.startsWith('spawn');
  const ls = `ls -ld ${err.path ?? file ?? '.'}`;
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      if (spawned) return new GocondadError(`you cannot run ${it} (permission denied)`, hint ?? `check its permissions: ${ls}`);
      return new GocondadError(
        `you cannot ${verb} ${it} (permission denied)`,
        hint ?? (verb === 'read' ? `check its permissions: ${ls}` : 'run it as a user who can write there, or choose another place'),
      );
    case 'EROFS':
      return new GocondadError(`you cannot write ${it} (read-only file system)`, hint ?? 'choose a place on a writable file system');
    case 'ENOENT':
      if (spawned) return new GocondadError(`${it} is not installed (not found on PATH)`, hint ?? `install ${it} or put it on PATH`);
      return new GocondadError(`no such file or directory${at}`, hint ?? 'check the path');
    case 'ENOTDIR':
      return new GocondadError(`a part of the path${file ? ` ${file}` : ''} is a file, not a directory`, hint ?? 'check the path');
    case 'EISDIR':
      return new GocondadError(`${it} is a directory, not a file`, hint ?? 'name a file');
    case 'EEXIST':
      return new GocondadError(`${words.path === null ? 'it' : (err.dest ?? it)} already exists`, hint ?? 'move it away or choose another name');
    case 'ENOSPC':
    case 'EDQUOT':
      return new GocondadError(`no space left to ${verb} ${it}`, hint ?? 'free some space (df -h shows where)');
    case 'ELOOP':
      return new GocondadError(`too many levels of symbolic links${at}`, hint ?? 'check where its symlinks point');
    case 'EMFILE':
    case 'ENFILE':
      return new GocondadError('too many open files', hint ?? 'raise the limit (ulimit -n) and run it again');
    default: {
      // Node's own description without the code in front: "EBUSY: resource busy or locked, rmdir '/x'".
      const said = /^[A-Z0-9_]+: ([^,]+)/.exec(err.message)?.[1] ?? 'failed';
      return new GocondadError(`cannot ${verb}${file ? ` ${file}` : ''}: ${said}`, hint ?? null);
    }
  }
}

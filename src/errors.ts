// One error type for everything the user sees: what went wrong, and what to do next. The CLI prints
// every one the same way (`printError`) and exits with its code; the daemon sends `{error, hint}`.

/** Exit codes of the `gocondad` command (README, "Exit codes"). */
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

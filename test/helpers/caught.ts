// The error a call throws, as the user sees it: its class name, message and hint (what to do next).

export interface Caught {
  name: string;
  message: string;
  hint: unknown;
}

export function caught(fn: () => unknown): Caught {
  try {
    fn();
  } catch (err) {
    const e = err as Error & { hint?: unknown };
    return { name: e.name, message: e.message, hint: e.hint };
  }
  throw new Error('expected a throw');
}

/** The same, with the exit status the CLI would give it. */
export function caughtWithExit(fn: () => unknown): Caught & { exitCode: unknown } {
  try {
    fn();
  } catch (err) {
    const e = err as Error & { hint?: unknown; exitCode?: unknown };
    return { name: e.name, message: e.message, hint: e.hint, exitCode: e.exitCode };
  }
  throw new Error('expected a throw');
}

// Ctrl-C (SIGINT), SIGTERM or SIGHUP during a command that writes must not leave half of a change. By
// default Node dies on the spot, between any two file writes. While a command that writes runs (see
// writing.ts), the signal is held instead: synchronous work (every file write, every rename) finishes,
// the command stops at its next checkpoint(), where what is done so far is whole and recorded, or at
// its end, and then the process dies of that same signal, as a well-made Unix tool does: the shell sees
// 130 for Ctrl-C, 143 for SIGTERM, and a script or loop around it stops too. One line on stderr says
// where it stopped and what the rerun does. Children get Ctrl-C from the terminal themselves (pip, go
// build, systemctl): a step they fail is reported as interrupted, not as their error.
import { GocondadError } from '../errors';

const HELD = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Held = (typeof HELD)[number];

let pending: Held | null = null;
let holding = false;

/** A checkpoint found a held signal: the command stops here. `state` says what it left and what to do. */
export class Interrupted extends GocondadError {
  constructor(
    readonly signal: Held,
    state: string,
  ) {
    super(`interrupted (${signal}); ${state}`);
    this.name = 'Interrupted';
  }
}

function hold(signal: Held): void {
  if (pending === null) process.stderr.write(`gocondad: ${signal}: stopping at the next safe point (no change is left half-done)\n`);
  pending ??= signal;
}

/** From now on SIGINT/SIGTERM/SIGHUP wait for a checkpoint or the end of the command. */
export function holdSignals(): void {
  if (holding) return;
  holding = true;
  for (const s of HELD) process.on(s, hold);
}

export function pendingSignal(): Held | null {
  return pending;
}

/**
 * Between two whole steps: stops the command if a signal came, saying what state it leaves. A signal
 * reaches JavaScript only on a turn of the event loop, and synchronous steps give it none: one turn here.
 */
export async function checkpoint(state: string): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (pending !== null) throw new Interrupted(pending, state);
}

/**
 * The end of a command that held a signal: one line (when the command did not say its own), then death
 * by that signal with the default action restored, so that the parent sees the signal, not an exit code.
 */
export function dieOfPendingSignal(message: string | null): void {
  if (pending === null) return;
  const signal = pending;
  process.stderr.write(`gocondad: ${message ?? `interrupted (${signal}) after the command had finished its changes`}\n`);
  for (const s of HELD) process.removeListener(s, hold);
  process.kill(process.pid, signal);
  // Should the signal not end it (ignored by whoever started us), the shells' number for it.
  setTimeout(() => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)), 1000);
}

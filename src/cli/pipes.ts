// A reader that goes away (`gocondad logs | head`, `| true`, quitting `less`) is not an error: the
// reader has seen enough. Node reports it as an EPIPE 'error' event on process.stdout/stderr, which,
// unhandled, prints a stack trace and exits 1 in the middle of whatever the command was doing (a
// `setup` stopped between the plugin and the service). Handled here, once, for every command: output
// that can no longer be written is dropped, and the command goes on to its end and its own exit code,
// so that a command that changes things finishes and records it, and `sync --check | head` still exits
// 1 when out of sync. Commands that would print forever (`logs -f`, `status --watch`) ask readerGone()
// and end, exit 0. Loaded by the entry on every command line: no imports, nothing to compile.

// The entry (dist/cli.js) and the bundle it loads (dist/cli/main.js, scripts/bundle.js) each inline this
// module: the state lives in one place per process, where both copies find it.
interface PipeState {
  gone: boolean;
  waiting: (() => void)[];
}
const KEY = Symbol.for('gocondad.cli.pipes');
const state: PipeState = ((globalThis as Record<symbol, PipeState | undefined>)[KEY] ??= { gone: false, waiting: [] });

/** The errors a write gets when nobody reads the other end any more. */
export function isReaderGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET';
}

function onStdoutError(err: Error): void {
  if (!isReaderGone(err)) throw err;
  state.gone = true;
  for (const w of state.waiting.splice(0)) w();
}

/** stderr's reader gone: its lines are dropped; stdout (and the command) carry on. */
function onStderrError(err: Error): void {
  if (!isReaderGone(err)) throw err;
}

/** Installs the handlers on stdout and stderr; call once, first thing (the entry does). */
export function guardOutput(): void {
  process.stdout.on('error', onStdoutError);
  process.stderr.on('error', onStderrError);
}

/** True once a write to stdout has failed for want of a reader. */
export function readerGone(): boolean {
  return state.gone || process.stdout.destroyed;
}

/** Resolves when stdout's reader goes away: for output that would otherwise never end. */
export function whenReaderGone(): Promise<void> {
  if (readerGone()) return Promise.resolve();
  return new Promise((resolve) => state.waiting.push(resolve));
}

// What every command shares: the locations (from this process's environment) and how it writes.
import { exitCodeOf, formatError } from '../errors';
import { resolveLocations, type Locations } from '../paths';

let cached: Locations | null = null;

export function loc(): Locations {
  return (cached ??= resolveLocations());
}

export function print(lines: string | string[]): void {
  process.stdout.write(`${Array.isArray(lines) ? lines.join('\n') : lines}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A problem found on the way that does not stop the command. */
export function warn(message: string): void {
  process.stderr.write(`gocondad: ${message}\n`);
}

/** How every command ends on an error: its one line on stderr, then its exit code. */
export function fail(err: unknown): never {
  process.stderr.write(formatError(err));
  process.exit(exitCodeOf(err));
}

// What every command shares: the locations (from this process's environment) and how it writes.
import { exitCodeOf, formatError, GocondadError, systemError } from '../errors';
import { crashLine, writeCrashReport } from './crash';
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

/**
 * How every command ends on an error: its one line on stderr, then its exit code. A system error no
 * command put into words is still said in words (errors.ts systemError); anything else is a bug, whose
 * stack goes to a report file (crash.ts), never to the terminal.
 */
export function fail(err: unknown): never {
  const known = err instanceof GocondadError ? err : systemError(err);
  if (known) {
    process.stderr.write(formatError(known));
    process.exit(exitCodeOf(known));
  }
  process.stderr.write(crashLine(err, writeCrashReport(err)));
  process.exit(exitCodeOf(err));
}

/** An error thrown where no command catches it (an event handler, a forgotten promise) ends like any other. */
export function failOnUncaught(): void {
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

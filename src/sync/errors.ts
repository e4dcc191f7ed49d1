// The one error sync raises for bad input: which file, which line, what to do next. It is a
// GocondadError, so the CLI prints it like every other (`gocondad: FILE:LINE: message; hint`), with exit
// status 2, apart from 1 (out of sync) so that CI can tell a broken file from a drift.
import { EXIT, GocondadError } from '../errors';

export class SyncInputError extends GocondadError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly detail: string,
    readonly hint: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${detail}`, hint, EXIT.USAGE);
    this.name = 'SyncInputError';
  }
}

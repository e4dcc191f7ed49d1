// A bundling failure the user can act on: what went wrong, and what to do next (always given). The CLI
// prints it like every GocondadError: `gocondad: message; hint`.
import { GocondadError } from '../errors';

export class BundleError extends GocondadError {
  constructor(message: string, hint: string) {
    super(message, hint);
    this.name = 'BundleError';
  }
}

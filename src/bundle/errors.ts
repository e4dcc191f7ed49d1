// A bundling failure the user can act on: what went wrong, and what to do next. (When src/errors.ts'
// GocondadError lands on main this becomes a subclass of it, so the CLI prints both parts uniformly.)
export class BundleError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'BundleError';
  }
}

// A match spec's parse as the tables compare it: the spec conda would read, or conda's words refusing it.
import { InvalidMatchSpec, parseMatchSpec, type MatchSpec } from '../../src/sync/matchspec';

export function outcome(spec: string): MatchSpec | { refused: string } {
  try {
    return parseMatchSpec(spec);
  } catch (err) {
    if (err instanceof InvalidMatchSpec) return { refused: err.reason };
    throw err;
  }
}

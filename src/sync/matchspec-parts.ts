// What matchspec.ts and matchspec-url.ts both use: the parsed spec, conda's refusal of one, Python's
// rsplit and conda's normal form of a version. Apart, so that the two modules need not import each other.
import { InvalidVersionSpec, parseVersionSpec } from './condaversion';

export interface MatchSpec {
  name: string;
  /** conda's normal form of the version spec ("1.5.*", ">=4.8,<4.9"); null: none given. "*" stays "*". */
  version: string | null;
  build: string | null;
  /** the channel as written (without the subdir); null: none given */
  channel: string | null;
  subdir: string | null;
}

/** A string conda's MatchSpec refuses; `reason` is what is wrong, in conda's words where conda has them. */
export class InvalidMatchSpec extends Error {
  constructor(
    readonly spec: string,
    readonly reason: string,
  ) {
    super(`invalid match spec '${spec}': ${reason}`);
    this.name = 'InvalidMatchSpec';
  }
}

/** Python's str.rsplit(sep, max): at most `max` splits, counted from the right. */
export function rsplit(s: string, sep: string, max: number): string[] {
  const parts = s.split(sep);
  return parts.length <= max + 1 ? parts : [parts.slice(0, parts.length - max).join(sep), ...parts.slice(parts.length - max)];
}

/** conda's normal form of a spec's version (VersionSpec), or its refusal. */
export function normalVersion(version: string, raw: string): string {
  try {
    return parseVersionSpec(version).spec;
  } catch (err) {
    if (err instanceof InvalidVersionSpec) throw new InvalidMatchSpec(raw, err.python ? err.reason : `Invalid version '${err.spec}': ${err.reason}`);
    // parseVersionSpec recurses once per nesting level: thousands of nested groups run out of stack.
    // conda refuses those too (Python's RecursionError, from a few hundred levels on).
    if (err instanceof RangeError) throw new InvalidMatchSpec(raw, `Invalid version '${version}': nested too deeply`);
    throw err;
  }
}

// Conda version order and version specs ("1.5.*", ">=4.8,<4.9", "1.0rc1 < 1.0") by conda's own rules:
// condaversion.ts, a port of conda's version.py checked against the real conda (condaversion.test.ts).
// rattler's JS binding was used before; it disagrees with conda on specs people write (see
// condaversion.ts). Loaded on first use, so that commands other than sync never parse a version.
import type * as CV from './condaversion';

export interface CondaVersions {
  /** -1, 0, 1 in conda's order; throws for a string that is not a conda version. */
  compare(a: string, b: string): number;
  /** Whether `version` matches the version spec `spec`; throws for an invalid spec or version. */
  matches(spec: string, version: string): boolean;
  /** null when valid, else conda's complaint. */
  specError(spec: string): string | null;
  versionError(version: string): string | null;
}

let loaded: Promise<CondaVersions> | null = null;

export function loadCondaVersions(): Promise<CondaVersions> {
  loaded ??= import('./condaversion').then(wrap);
  return loaded;
}

function wrap(cv: typeof CV): CondaVersions {
  const complaint = (f: () => unknown): string | null => {
    try {
      f();
      return null;
    } catch (err) {
      if (err instanceof cv.InvalidVersionSpec) return err.message;
      throw err;
    }
  };
  return {
    compare: (a, b) => new cv.VersionOrder(a).compare(new cv.VersionOrder(b)),
    matches: (spec, version) => cv.parseVersionSpec(spec).match(version),
    specError: (spec) => complaint(() => cv.parseVersionSpec(spec)),
    versionError: (version) => complaint(() => new cv.VersionOrder(version)),
  };
}

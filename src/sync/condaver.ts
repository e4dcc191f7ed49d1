// Conda version order and version specs ("1.5.*", ">=4.8,<4.9", "1.0rc1 < 1.0") by conda's own rules, from
// rattler compiled to WebAssembly (@conda-org/rattler). It is loaded on first use only: the wasm costs
// ~20 ms to instantiate, which no command other than sync should pay.
import type * as Rattler from '@conda-org/rattler';

export interface CondaVersions {
  /** -1, 0, 1 in conda's order; throws for a string that is not a conda version. */
  compare(a: string, b: string): number;
  /** Whether `version` matches the version spec `spec`; throws for an invalid spec or version. */
  matches(spec: string, version: string): boolean;
  /** null when valid, else rattler's complaint (first line). */
  specError(spec: string): string | null;
  versionError(version: string): string | null;
}

let loaded: Promise<CondaVersions> | null = null;

export function loadCondaVersions(): Promise<CondaVersions> {
  loaded ??= import('@conda-org/rattler').then(wrap);
  return loaded;
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err)
    .split('\n')[0]!
    .replace(/^\d+: /, '');
}

function wrap(r: typeof Rattler): CondaVersions {
  // wasm objects are freed explicitly: their memory is outside the JS heap the GC sees.
  const withVersion = <T>(s: string, f: (v: Rattler.Version) => T): T => {
    const v = new r.Version(s);
    try {
      return f(v);
    } finally {
      v.free();
    }
  };
  return {
    compare: (a, b) => withVersion(a, (va) => withVersion(b, (vb) => va.compare(vb))),
    matches: (spec, version) => {
      const s = new r.VersionSpec(spec, 'lenient');
      try {
        return withVersion(version, (v) => s.matches(v));
      } finally {
        s.free();
      }
    },
    specError: (spec) => {
      try {
        new r.VersionSpec(spec, 'lenient').free();
        return null;
      } catch (err) {
        return firstLine(err);
      }
    },
    versionError: (version) => {
      try {
        withVersion(version, () => undefined);
        return null;
      } catch (err) {
        return firstLine(err);
      }
    },
  };
}

// Go module paths and versions (the "Go Modules Reference"): the major version a path names (/vN,
// gopkg.in .vN), pseudo-versions in their three forms, +incompatible. Module versions are semver with a
// leading "v", so ordering is semver's (a pseudo-version is a prerelease of the version after its base).
// Only the semver functions used: the whole package is ~50 modules on a cold start.
import semverCompare from 'semver/functions/compare';
import semverSatisfies from 'semver/functions/satisfies';

export type PseudoForm =
  /** vX.0.0-yyyymmddhhmmss-abcdefabcdef: no tagged ancestor */
  | 'no-base'
  /** vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef: the newest ancestor is the prerelease vX.Y.Z-pre */
  | 'prerelease-base'
  /** vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef: the newest ancestor is the release vX.Y.Z */
  | 'release-base';

export interface ModVersion {
  raw: string;
  major: number;
  minor: number;
  patch: number;
  /** semver prerelease, without the pseudo-version part */
  prerelease: string;
  incompatible: boolean;
  pseudo: { form: PseudoForm; time: string; rev: string } | null;
}

const VERSION = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(\+incompatible)?$/;
const PSEUDO_TAIL = /^(?:(.*)\.)?(\d{14})-([0-9a-f]{12})$/;

/** A module version, or null when it is not a canonical semantic version ("v1.2", "latest", "master"). */
export function parseModVersion(raw: string): ModVersion | null {
  const m = VERSION.exec(raw);
  if (!m) return null;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let prerelease = m[4] ?? '';
  let pseudo: ModVersion['pseudo'] = null;
  // "vX.0.0-2024...-abc" has no dot before the time; the other two forms end in ".0.2024...-abc" / "0.2024...".
  const p = PSEUDO_TAIL.exec(prerelease);
  if (p) {
    const before = p[1];
    if (before === undefined && minor === 0 && patch === 0) pseudo = { form: 'no-base', time: p[2], rev: p[3] };
    else if (before === '0') pseudo = { form: 'release-base', time: p[2], rev: p[3] };
    else if (before !== undefined && before.endsWith('.0')) pseudo = { form: 'prerelease-base', time: p[2], rev: p[3] };
    if (pseudo) prerelease = pseudo.form === 'prerelease-base' ? before!.slice(0, -2) : '';
  }
  return { raw, major, minor, patch, prerelease, incompatible: m[5] !== undefined, pseudo };
}

/** The tag a pseudo-version was derived from ("v1.2.3" for v1.2.4-0.2024...), or null (none / not pseudo). */
export function pseudoBase(v: ModVersion): string | null {
  // (a no-base version, vX.0.0-…, has patch 0: the last line gives it null)
  if (!v.pseudo) return null;
  if (v.pseudo.form === 'prerelease-base') return `v${v.major}.${v.minor}.${v.patch}-${v.prerelease}`;
  return v.patch === 0 ? null : `v${v.major}.${v.minor}.${v.patch - 1}`;
}

/** "2.15.0" for v2.15.0+incompatible: the version without the "v" and the build suffix. */
export function modCore(raw: string): string {
  return raw.replace(/^v/, '').replace(/\+incompatible$/, '');
}

/** semver order of two module versions (the +incompatible suffix is build metadata and does not order). */
export function compareModVersions(a: string, b: string): number {
  return semverCompare(modCore(a), modCore(b));
}

/** Whether a module version lies in a semver range written with or without "v" (">=0.37.0 <0.40.0"). */
export function modInRange(version: string, range: string): boolean {
  // node-semver itself reads a "v" before a range's versions, and answers false for a version that is not semver
  return semverSatisfies(modCore(version), range, { includePrerelease: true });
}

/**
 * The major version a module path names: /vN at the end (N >= 2), gopkg.in/x.vN, else null
 * (v0 or v1, or a +incompatible module whose path has no suffix).
 */
export function pathMajor(modPath: string): number | null {
  const gopkg = /^gopkg\.in\/.*\.v(\d+)(?:-unstable)?$/.exec(modPath);
  if (gopkg) return Number(gopkg[1]);
  const m = /\/v([2-9]|[1-9]\d+)$/.exec(modPath);
  return m ? Number(m[1]) : null;
}

/** The path without its /vN suffix ("github.com/libgit2/git2go/v34" -> "github.com/libgit2/git2go"). */
export function pathWithoutMajor(modPath: string): string {
  return modPath.replace(/\/v([2-9]|[1-9]\d+)$/, '');
}

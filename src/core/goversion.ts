// Go version strings -> semver strings whose semver order is Go's order.
//
// Go's rules (go/version, "Go Toolchains" document): from Go 1.21 on, "1.21" names the language version
// and sorts before every release candidate of it: 1.21 < 1.21rc1 < 1.21.0 < 1.21.1. Before 1.21 the
// bare "1.20" was the release itself: 1.20rc3 < 1.20 < 1.20.1. Betas sort before rcs, and anything after
// the version proper ("go1.21.0-custom", "go1.22.5 X:exp") is build metadata that does not order.
// Only the semver functions used: the whole package is 47 modules on the CLI's start-up path.
import semverCompare from 'semver/functions/compare';
import semverMinor from 'semver/functions/minor';
import semverSatisfies from 'semver/functions/satisfies';
import semverValidRange from 'semver/ranges/valid';

const GO_VERSION = /^(?:go)?1(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?$/;

/**
 * What a development build ("devel +abc", "devel go1.23-abc") maps to. go/version calls such strings
 * invalid: below every release and equal to each other, which is exactly where this sorts.
 */
export const DEVEL_SEMVER = '0.0.0-devel';

/** The semver form of a Go release or prerelease, DEVEL_SEMVER for a devel build, null for anything else. */
export function goToSemver(raw: string): string | null {
  if (/^\s*devel\b/.test(raw)) return DEVEL_SEMVER;
  return releaseToSemver(raw);
}

/** A Go release or prerelease (not devel) as semver, or null. */
export function releaseToSemver(raw: string): string | null {
  // split() gives at least one element (a '' for an empty text): no fallback needed.
  const trimmed = raw.trim().split(/\s/)[0]!;
  // "-custom" and similar suffixes are not prerelease markers in Go; they name a build of that version.
  const core = trimmed.replace(/-.*$/, '');
  const m = GO_VERSION.exec(core);
  if (!m) return null;
  const minor = m[1] === undefined ? 0 : Number(m[1]);
  const patch = m[2];
  const preKind = m[3];
  const preNum = m[4];
  if (patch !== undefined) {
    return `1.${minor}.${Number(patch)}${preKind ? `-${preKind}.${Number(preNum)}` : ''}`;
  }
  if (preKind) return `1.${minor}.0-${preKind}.${Number(preNum)}`;
  // A bare "1.N": the language version from 1.21 on (below every prerelease), the release before that.
  return minor >= 21 ? `1.${minor}.0-0` : `1.${minor}.0`;
}

/** Go's compare (go/version.Compare): invalid and devel versions sort below every release, equal to each other. */
export function compareGo(a: string, b: string): number {
  return semverCompare(goToSemver(a) ?? DEVEL_SEMVER, goToSemver(b) ?? DEVEL_SEMVER);
}

/** go/version.Lang: the language version of a release ("go1.21rc2" -> "go1.21", "go1" -> "go1"), null if invalid. */
export function goLang(raw: string): string | null {
  const sv = releaseToSemver(raw);
  if (sv === null || !raw.trim().startsWith('go')) return null;
  const minor = semverMinor(sv);
  return minor === 0 ? 'go1' : `go1.${minor}`;
}

/** Whether a Go version satisfies a user range such as "1.22", ">=1.21 <1.23" or "go1.22.5". */
export function goSatisfies(version: string, range: string): boolean {
  const v = releaseToSemver(version);
  const r = normalizeGoRange(range);
  if (v === null || r === null) return false;
  return semverSatisfies(v, r, { includePrerelease: true });
}

/**
 * Turns a pin into a semver range whose meaning is Go's. "go1.22.5" and "1.22.5" mean exactly that
 * release; Go prereleases ("1.23rc1") become semver prereleases; after a comparison operator a bare
 * "1.N" is Go's version 1.N: the release for N < 21 (so ">=1.20" excludes 1.20rc3), the language
 * version below every rc for N >= 21 (so ">=1.21" includes 1.21rc1). A bare "1.N" alone stays semver's
 * X-range: the whole 1.N line.
 */
export function normalizeGoRange(range: string): string | null {
  const text = range.trim().replace(/(^|[\s<>=~^|])go(?=\d)/g, '$1');
  if (text === '') return null;
  // One version alone ("go1.22.5", "1.23rc1") is exactly that release. Only then: releaseToSemver reads the
  // first word of a longer text, which cut "1.22 || 1.23rc1" down to its "1.22".
  const exact = /\s/.test(text) ? null : releaseToSemver(text);
  if (exact !== null && /rc|beta|alpha/.test(text)) return exact;
  const converted = text.replace(
    /(^|\s)(<=|>=|<|>|=|~|\^)?\s*(1(?:\.\d+){0,2}(?:(?:rc|beta|alpha)\d+)?)(?=\s|$)/g,
    (whole, lead: string, op: string | undefined, ver: string) => {
      if (/rc|beta|alpha/.test(ver) || (op && /^[<>=]/.test(op) && ver.split('.').length === 2)) return `${lead}${op ?? ''}${releaseToSemver(ver) ?? ver}`;
      return whole;
    },
  );
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: includePrerelease changes which versions satisfy a range, never whether it parses (300,000 random ranges: the same answer with and without).
  return semverValidRange(converted, { includePrerelease: true }) === null ? null : converted;
}

/** Reads the version from the first line of a toolchain's VERSION file ("go1.22.12\ntime ..."). */
export function versionFromVersionFile(contents: string): string | null {
  // split() gives at least one element (a '' for an empty file): no fallback needed.
  const first = contents.split(/\r?\n/)[0]!.trim();
  return releaseToSemver(first) === null ? null : first;
}

/** Go switches toolchains by name only from 1.21 on; older ones never look a launcher up. */
export const SWITCHING_SINCE = '1.21.0-0';

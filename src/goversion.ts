// Go version strings -> semver strings whose semver order is Go's order.
//
// Go's rules (go/version, "Go Toolchains" document): from Go 1.21 on, "1.21" names the language version
// and sorts before every release candidate of it: 1.21 < 1.21rc1 < 1.21.0 < 1.21.1. Before 1.21 the
// bare "1.20" was the release itself: 1.20rc3 < 1.20 < 1.20.1. Betas sort before rcs, and anything after
// the version proper ("go1.21.0-custom", "go1.22.5 X:exp") is build metadata that does not order.
import * as semver from 'semver';

const GO_VERSION = /^(?:go)?1(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?$/;

/** Returns the semver form, or null for strings that are not a Go release (e.g. "devel +abc"). */
export function goToSemver(raw: string): string | null {
  const trimmed = raw.trim().split(/\s/)[0] ?? '';
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

/** Go's compare: negative, zero or positive. Unparseable versions sort below every valid one. */
export function compareGo(a: string, b: string): number {
  const sa = goToSemver(a);
  const sb = goToSemver(b);
  if (sa === null || sb === null) return (sa === null ? 0 : 1) - (sb === null ? 0 : 1);
  return semver.compare(sa, sb);
}

/** Whether a Go version satisfies a user range such as "1.22", ">=1.21 <1.23" or "go1.22.5". */
export function goSatisfies(version: string, range: string): boolean {
  const v = goToSemver(version);
  const r = normalizeGoRange(range);
  if (v === null || r === null) return false;
  return semver.satisfies(v, r, { includePrerelease: true });
}

/** Turns a pin into a semver range: "go1.22.5" and "1.22.5" mean exactly that release. */
export function normalizeGoRange(range: string): string | null {
  const text = range.trim().replace(/(^|[\s<>=~^|])go(?=\d)/g, '$1');
  if (text === '') return null;
  // An exact Go version with a prerelease ("1.23rc1") is not semver syntax: convert it first.
  const exact = goToSemver(text);
  if (exact !== null && /rc|beta|alpha/.test(text)) return exact;
  return semver.validRange(text, { includePrerelease: true }) === null ? null : text;
}

/** Reads the version from the first line of a toolchain's VERSION file ("go1.22.12\ntime ..."). */
export function versionFromVersionFile(contents: string): string | null {
  const first = contents.split(/\r?\n/)[0]?.trim() ?? '';
  return goToSemver(first) === null ? null : first;
}

// Version-named launchers (`go1.22.0`, `go1.23.5`, ...) for every valid toolchain gocondad knows, in one
// per-user directory that activated envs put on PATH with GOTOOLCHAIN=local+path. A module whose go.mod
// asks for a newer Go then runs a local toolchain instead of downloading one.
//
// What `+path` looks up (Go's toolchain document, and measured with Debian's 1.21-1.23): the name of
// the toolchain the module needs, always with a patch number: `go 1.23` and `go 1.23.0` -> `go1.23.0`,
// `toolchain go1.23.5` -> `go1.23.5`. So each minor M gets `go1.M.0` ... `go1.M.P` up to its newest
// local patch P: an exact local toolchain where there is one, else the newest patch of M (Go's
// versions are minimums, so 1.23.5 may stand in for 1.23.2). Prereleases get their exact name only.
//
// A launcher is a script, not a symlink: the go that switches passes the version it wants in
// GOTOOLCHAIN_INTERNAL_SWITCH_VERSION, and a toolchain whose own version differs refuses to run
// ("toolchain go1.23.5 invoked to provide go1.23.0"). The script clears it, pins GOTOOLCHAIN=local so the
// stand-in does not switch again, sets GOROOT, and execs. test/integration/toolchain-switch.test.ts pins
// this behaviour for every Debian toolchain version.
import semverLt from 'semver/functions/lt';
import semverParse from 'semver/functions/parse';
import semverGt from 'semver/functions/gt';
import semverPatch from 'semver/functions/patch';
import { compareGo, SWITCHING_SINCE } from './goversion';
import type { Toolchain } from './toolchains';

/** name -> toolchain that serves it. Pure. */
export function launcherTable(toolchains: Toolchain[]): Map<string, Toolchain> {
  const table = new Map<string, Toolchain>();
  const byMinor = new Map<number, Toolchain[]>();
  for (const t of toolchains) {
    if (semverLt(t.semver, SWITCHING_SINCE)) continue;
    const v = semverParse(t.semver)!;
    if (v.prerelease.length > 0) {
      const [kind, n] = v.prerelease;
      table.set(`go1.${v.minor}${kind}${n}`, t);
      continue;
    }
    byMinor.set(v.minor, [...(byMinor.get(v.minor) ?? []), t]);
  }
  for (const [minor, list] of byMinor) {
    const newest = list.reduce((a, b) => (semverGt(b.semver, a.semver) ? b : a));
    for (let patch = 0; patch <= semverPatch(newest.semver); patch++) {
      const exact = list.find((t) => semverPatch(t.semver) === patch);
      table.set(`go1.${minor}.${patch}`, exact ?? newest);
    }
  }
  return table;
}

/** Which launcher name a go.mod / go.work needs, as Go computes it: max(go line, toolchain line). */
export function neededToolchain(goLine: string | null, toolchainLine: string | null): string | null {
  const asName = (v: string) => {
    const bare = v.replace(/^go/, '');
    // A go line without a patch names the .0 release (Go: "go 1.23" -> go1.23.0).
    return /^1\.\d+$/.test(bare) ? `go${bare}.0` : `go${bare}`;
  };
  const candidates = [goLine, toolchainLine].filter((v): v is string => !!v && v !== 'default').map(asName);
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (compareGo(b, a) > 0 ? b : a));
}

/** The `go` and `toolchain` lines of a go.mod or go.work text. */
export function readGoDirectives(text: string): { go: string | null; toolchain: string | null } {
  const line = (kw: string) => new RegExp(`^\\s*${kw}\\s+(\\S+)\\s*(?://.*)?$`, 'm').exec(text)?.[1] ?? null;
  return { go: line('go'), toolchain: line('toolchain') };
}

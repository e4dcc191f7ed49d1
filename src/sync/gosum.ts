// go.sum: the modules whose content a build has checked (`path version h1:…`; a `version/go.mod` line
// is only the module's go.mod). A go.mod before `go 1.17` lists only direct requirements, so a cgo module
// pulled in by a dependency shows up here alone; the highest version present is the one MVS picked.
import type { GoMod, Require } from './gomod';
import { compareModVersions, parseModVersion } from './modversion';

/** path -> the highest version with content in go.sum. Lines that are not `path version hash` are skipped. */
export function parseGoSum(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    // a trimmed line split on whitespace: a third word means a first and a second. A `version/go.mod`
    // line's version is no module version, so parseModVersion skips it too.
    const [p, v, hash] = line.trim().split(/\s+/) as [string, string, string | undefined];
    if (hash === undefined || parseModVersion(v) === null) continue;
    const had = out.get(p);
    if (!had || compareModVersions(v, had) > 0) out.set(p, v);
  }
  return out;
}

/** go.mod's requirements plus, for a pre-1.17 go.mod, the modules only go.sum names (marked indirect, no line). */
export function withGoSum(mod: GoMod, sum: Map<string, string> | null): GoMod {
  if (!sum || (mod.go !== null && Number(mod.go.split('.')[1] ?? 0) >= 17)) return mod;
  const listed = new Set(mod.require.map((r) => r.path));
  const extra: Require[] = [...sum].filter(([p]) => !listed.has(p)).map(([path, version]) => ({ path, version, indirect: true, line: 0 }));
  return extra.length === 0 ? mod : { ...mod, require: [...mod.require, ...extra] };
}

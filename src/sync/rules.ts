// Rules as data: which Go module couples to which conda package, and how a module version turns into
// the conda version spec it needs. Pure: evaluation gets the conda version library passed in.
import semverMinVersion from 'semver/ranges/min-version';
import { modCore, modInRange, parseModVersion, pathMajor, pathWithoutMajor } from './modversion';

export type VersionMap =
  /** conda version == module version without "v" and "+incompatible" (tensorflow v2.15.0+incompatible -> ==2.15.0) */
  | { kind: 'identity' }
  /** module version range -> conda spec, first match wins */
  | { kind: 'table'; entries: { go: string; conda: string }[] }
  /** the module's major version (/vN, else the version's major) -> conda spec */
  | { kind: 'major'; majors: Record<string, string> }
  /** conda >= a fixed version, or >= the module version itself when `version` is absent */
  | { kind: 'minimum'; version?: string }
  /** one spec whatever the module version ("*": the package must merely be there) */
  | { kind: 'spec'; spec: string };

export interface SyncRule {
  /** Module path; a trailing "/v*" matches the path with any /vN suffix (and without one). The toolchain rule uses "go". */
  go_module: string;
  /** The conda package --write adds when none of the rule's packages is there (libopencv for gocv). */
  conda_pkg: string;
  /** Other conda packages that satisfy the rule as well (opencv, which depends on libopencv). */
  also?: string[];
  version_map: VersionMap;
  /** The coupling exists only when all these build tags are set (e.g. confluent-kafka-go: dynamic). */
  tags?: string[];
  /** ... and none of these (git2go with -tags static links its own libgit2). */
  unless_tags?: string[];
  /**
   * The packages that link the C library; the coupling exists only when the project imports one of them
   * ("X/..." is X and every package under it). Absent: any package of the module.
   */
  packages?: string[];
  /** Said with every finding of this rule. */
  note?: string;
  /** A conda version matching `spec` has a known problem worth its own warning. */
  warn?: { spec: string; message: string };
  /** Where the rule came from: "built-in" or the rule file. */
  origin?: string;
  /** Where its facts come from (the Go project's README or build files, the conda-forge feedstock), with commits. */
  source?: string;
}

/**
 * conda-forge packages that carry a Go toolchain, all versioned as Go itself and pinned exactly to each
 * other (go-feedstock): go, go-cgo, go-nocgo; go-cgo_linux-64 & co. (2020–2023 activation packages);
 * go-core and go_linux-64 & co. (until 2019). `_go_select` is versioned by variant, not by Go: not here.
 */
export const GO_CARRIER = /^go(?:-core|-cgo|-nocgo)?(?:_(?:linux|osx|win)-[a-z0-9_]+)?$/;

/** Every conda package name that satisfies a rule. */
export function rulePackages(rule: SyncRule): string[] {
  return [rule.conda_pkg, ...(rule.also ?? [])];
}

/** Whether the imports include a package that links the rule's library, for a required module path. */
export function linksImported(rule: SyncRule, modPath: string, imports: Set<string>): boolean {
  const wanted = rule.packages ?? [`${modPath}/...`];
  for (const w of wanted) {
    if (w.endsWith('/...')) {
      const base = w.slice(0, -4);
      for (const i of imports) if (i === base || i.startsWith(`${base}/`)) return true;
    } else if (imports.has(w)) return true;
  }
  return false;
}

/** The toolchain pseudo-module: go.mod's `go` line. */
export const TOOLCHAIN_MODULE = 'go';

export function ruleMatches(rule: SyncRule, modPath: string): boolean {
  if (rule.go_module.endsWith('/v*')) {
    const base = rule.go_module.slice(0, -3);
    return pathWithoutMajor(modPath) === base;
  }
  return rule.go_module === modPath;
}

/** The build-tag conditions; which packages are imported is judged per required module (linksImported). */
export function ruleApplies(rule: SyncRule, tags: Set<string>): boolean {
  if (rule.tags && !rule.tags.every((t) => tags.has(t))) return false;
  if (rule.unless_tags && rule.unless_tags.some((t) => tags.has(t))) return false;
  return true;
}

/** Why a module version cannot be mapped: a pseudo-version names a commit, not a release any table knows. */
export function unmappable(rule: SyncRule, version: string): string | null {
  if (rule.go_module === TOOLCHAIN_MODULE) return null; // a go line, not a module version
  const v = parseModVersion(version);
  if (rule.version_map.kind === 'spec' || rule.version_map.kind === 'major') return null;
  if (rule.version_map.kind === 'minimum' && rule.version_map.version) return null;
  if (v === null) return `${version} is not a semantic version`;
  if (v.pseudo) return `${version} is a pseudo-version (a commit, not a release)`;
  return null;
}

/** The conda version spec a module version needs under a rule; null when the rule has no entry for it. */
export function neededSpec(rule: SyncRule, modPath: string, version: string): string | null {
  const vm = rule.version_map;
  if (unmappable(rule, version) !== null) return null;
  switch (vm.kind) {
    case 'identity':
      return `==${modCore(version)}`;
    case 'table':
      return vm.entries.find((e) => modInRange(version, e.go))?.conda ?? null;
    case 'major': {
      const major = pathMajor(modPath) ?? parseModVersion(version)?.major ?? null;
      return major === null ? null : (vm.majors[String(major)] ?? null);
    }
    case 'minimum':
      // from the first '-' on (no `$`: unmappable let only a semantic version through, which holds no line break to stop at)
      return `>=${vm.version ?? modCore(version).replace(/-.*/, '')}`;
    case 'spec':
      return vm.spec;
  }
}

export interface GoSideFix {
  /** What to run (`go get path@version`), or null when only a hand edit can fix it. */
  command: string | null;
  text: string;
}

/**
 * The Go-side change that would fit a conda version, by walking the map backwards; `matches` is
 * conda's spec match (condaver.ts).
 */
export function goSideFor(
  rule: SyncRule,
  modPath: string,
  modVersion: string,
  condaVersion: string,
  matches: (spec: string, v: string) => boolean,
): GoSideFix | null {
  const vm = rule.version_map;
  const incompatible = modVersion.endsWith('+incompatible') ? '+incompatible' : '';
  const get = (p: string, v: string) => ({ command: `go get ${p}@${v}`, text: `use ${p} ${v}` });
  switch (vm.kind) {
    case 'identity':
      return get(modPath, `v${condaVersion}${incompatible}`);
    case 'table': {
      const entry = vm.entries.find((e) => safeMatch(matches, e.conda, condaVersion));
      if (!entry) return null;
      // node-semver reads a "v" before a range's versions itself
      const min = semverMinVersion(entry.go);
      return min ? { command: `go get ${modPath}@v${min.version}`, text: `use ${modPath} ${entry.go} (e.g. v${min.version})` } : null;
    }
    case 'major': {
      const major = Object.entries(vm.majors).find(([, spec]) => safeMatch(matches, spec, condaVersion))?.[0];
      if (major === undefined) return null;
      const base = pathWithoutMajor(modPath);
      const target = Number(major) >= 2 ? `${base}/v${major}` : base;
      return { command: `go get ${target}@latest`, text: `move to ${target}; a new major, so the import paths change too` };
    }
    case 'minimum':
      return vm.version ? null : get(modPath, `v${condaVersion}`);
    case 'spec':
      return null;
  }
}

function safeMatch(matches: (spec: string, v: string) => boolean, spec: string, v: string): boolean {
  try {
    return matches(spec, v);
  } catch {
    return false;
  }
}

/** Rules in precedence order: the first rule file's rules for a module replace later ones for the same module. */
export function mergeRules(layers: { rules: SyncRule[]; disabled: string[] }[]): SyncRule[] {
  const taken = new Set<string>();
  const out: SyncRule[] = [];
  for (const layer of layers) {
    const here = new Set<string>();
    for (const rule of layer.rules) {
      if (taken.has(rule.go_module)) continue;
      out.push(rule);
      here.add(rule.go_module);
    }
    for (const d of layer.disabled) here.add(d);
    for (const m of here) taken.add(m);
  }
  return out;
}

/** Build tags named in a GOFLAGS value (-tags=a,b / -tags 'a b' / --tags=a). */
export function tagsFromGoflags(goflags: string | null | undefined): string[] {
  if (!goflags) return [];
  const m = /(?:^|\s)--?tags(?:=|\s+)(?:'([^']*)'|"([^"]*)"|(\S+))/.exec(goflags);
  // one of the three alternatives always matched
  const list = m ? (m[1] ?? m[2] ?? m[3]!) : '';
  // (no `+` after the class: a run of separators leaves empty strings between them, which filter drops)
  return list.split(/[,\s]/).filter(Boolean);
}

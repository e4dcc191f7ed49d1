// What the daemon watches, and what a change there means: pure decisions (which paths are wanted, what a
// change at a path asks for), unit-tested without a file system; watch.ts wires them to chokidar.
//
// Cost is bounded by construction: chokidar only ever sees paths `isWanted` accepts, so an env costs at
// most five inotify watches (its dir, conda-meta/ while the env is new, conda-meta/history, etc/,
// etc/gocondad.yml), never its 100k files. See docs/architecture.md for the formula.
import * as path from 'node:path';

export type Kind =
  | 'file' // a config file or env list, watched by exact path
  | 'envsDir' // its child directories are envs
  | 'env'
  | 'condaMeta'
  | 'history'
  | 'etc'
  | 'pin'
  | 'toolchainDir' // its child directories (matching a pattern) are toolchain roots
  | 'toolchainRoot'
  | 'toolchainVersion';

export interface WatchInput {
  files: string[];
  envsDirs: string[];
  envs: string[];
  /**
   * conda-meta/history of envs already known: watched as files, so that their conda-meta dirs (hundreds
   * of package records each) are never listed. A new env's conda-meta is listed once, while it is small.
   */
  histories: string[];
  toolchainDirs: { dir: string; match?: RegExp }[];
  toolchainRoots: string[];
}

export interface WatchSpec {
  explicit: Map<string, Kind>;
  /** Envs whose history is watched directly: their conda-meta dir is not wanted. */
  knownEnvs: Set<string>;
  match: Map<string, RegExp>;
  /** Directories on the way to an explicit path (watched so that its creation is noticed). */
  ancestors: Set<string>;
}

export function buildWatchSpec(input: WatchInput): WatchSpec {
  const explicit = new Map<string, Kind>();
  const match = new Map<string, RegExp>();
  for (const d of input.toolchainDirs) {
    explicit.set(path.resolve(d.dir), 'toolchainDir');
    if (d.match) match.set(path.resolve(d.dir), d.match);
  }
  for (const r of input.toolchainRoots) explicit.set(path.resolve(r), 'toolchainRoot');
  for (const f of input.files) explicit.set(path.resolve(f), 'file');
  for (const d of input.envsDirs) explicit.set(path.resolve(d), 'envsDir');
  for (const e of input.envs) explicit.set(path.resolve(e), 'env');
  const knownEnvs = new Set<string>();
  for (const h of input.histories) {
    explicit.set(path.resolve(h), 'history');
    knownEnvs.add(path.dirname(path.dirname(path.resolve(h))));
  }
  const ancestors = new Set<string>();
  for (const p of explicit.keys()) {
    // Stops at the first ancestor already there; `/` ends it too (its dirname is itself, just added).
    for (let a = path.dirname(p); !ancestors.has(a); a = path.dirname(a)) ancestors.add(a);
  }
  return { explicit, knownEnvs, match, ancestors };
}

const CHILD_KIND: Partial<Record<Kind, Record<string, Kind>>> = {
  env: { 'conda-meta': 'condaMeta', etc: 'etc' },
  condaMeta: { history: 'history' },
  etc: { 'gocondad.yml': 'pin' },
  toolchainRoot: { VERSION: 'toolchainVersion' },
};

/** The kind of a path, explicit or derived from its parent's; null when it is of no interest. */
export function kindOf(spec: WatchSpec, p: string, depth = 0): Kind | null {
  const own = spec.explicit.get(p);
  if (own) return own;
  if (depth > 3) return null;
  const parent = path.dirname(p);
  if (parent === p) return null;
  const parentKind = kindOf(spec, parent, depth + 1);
  if (parentKind === null) return null;
  const name = path.basename(p);
  if (parentKind === 'file') return path.basename(parent) === 'condarc.d' && /\.ya?ml$/.test(name) ? 'file' : null;
  if (parentKind === 'envsDir') return name.startsWith('.') ? null : 'env';
  if (parentKind === 'toolchainDir') {
    const m = spec.match.get(parent);
    return !m || m.test(name) ? 'toolchainRoot' : null;
  }
  // Only an env has a conda-meta child kind (CHILD_KIND), so the parent's kind needs no check here.
  if (name === 'conda-meta' && spec.knownEnvs.has(parent)) return null;
  return CHILD_KIND[parentKind]?.[name] ?? null;
}

const DIR_KINDS = new Set<Kind>(['envsDir', 'env', 'condaMeta', 'etc', 'toolchainDir', 'toolchainRoot']);

/** chokidar asks this (through `ignored`) before it watches or reports anything. */
export function isWanted(spec: WatchSpec, p: string, isDirectory?: boolean): boolean {
  // conda-meta of a known env is on the way to its history file, yet must not be listed.
  if (spec.ancestors.has(p) && !(path.basename(p) === 'conda-meta' && spec.knownEnvs.has(path.dirname(p)))) return isDirectory !== false;
  const k = kindOf(spec, p);
  if (k === null) return false;
  if (isDirectory === undefined || spec.explicit.get(p) === k) return true;
  return DIR_KINDS.has(k) === isDirectory;
}

export interface Change {
  discovery: boolean;
  world: boolean;
  envs: Set<string>;
}

export function emptyChange(): Change {
  return { discovery: false, world: false, envs: new Set() };
}

/** What a change at `p` asks the daemon to redo. `worldFiles` are files whose change reloads the world. */
export function classify(spec: WatchSpec, p: string, worldFiles: Set<string>, into: Change = emptyChange()): Change {
  const k = kindOf(spec, p);
  switch (k) {
    case 'file':
      if (worldFiles.has(p)) into.world = true;
      else into.discovery = true;
      break;
    case 'envsDir':
    case 'env':
      into.discovery = true;
      break;
    case 'condaMeta':
    case 'etc':
      into.discovery = true;
      into.envs.add(path.dirname(p));
      break;
    case 'history':
    case 'pin':
      into.discovery = true;
      into.envs.add(path.dirname(path.dirname(p)));
      break;
    case 'toolchainDir':
    case 'toolchainRoot':
    case 'toolchainVersion':
      into.world = true;
      break;
    default:
      // A directory on the way to something watched appeared or went: re-resolve what to watch.
      into.discovery = true;
  }
  return into;
}

/**
 * The paths to hand chokidar: a known env's history file itself; for every other target its nearest
 * existing directory (a config file's directory, so that its creation and atomic replacement are seen).
 */
export function watchRoots(spec: WatchSpec, typeOf: (p: string) => 'dir' | 'file' | null): string[] {
  const roots = new Set<string>();
  for (const [p, kind] of spec.explicit) {
    if (kind === 'history' && typeOf(p) === 'file') {
      roots.add(p);
      continue;
    }
    let dir = kind === 'file' || kind === 'toolchainVersion' || kind === 'history' ? path.dirname(p) : p;
    while (typeOf(dir) !== 'dir' && path.dirname(dir) !== dir) dir = path.dirname(dir);
    roots.add(dir);
  }
  return [...roots].sort();
}

// setup.json in the state dir: what `gocondad setup` did, so that `gocondad uninstall` undoes exactly
// that (the plugin installs it made, the directories it created) and nothing the user had before.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../fsutil';
import type { Locations } from '../paths';
import { SERVICE_KINDS, type ServiceKind } from '../service/types';

export interface Manifest {
  version: 1;
  /** gocondad version of the last setup. */
  gocondad: string;
  updatedAt: string;
  service: ServiceKind | null;
  /** Conda roots the plugin was installed into by setup (with the python used). */
  plugins: { root: string; python: string }[];
  /** Envs setup wrote shims into. */
  envs: string[];
  /** Directories that did not exist before setup (removed by uninstall when empty). */
  createdDirs: string[];
}

export function manifestPath(loc: Locations): string {
  return path.join(loc.stateDir, 'setup.json');
}

export function readManifest(loc: Locations): Manifest | null {
  try {
    const m = JSON.parse(fs.readFileSync(manifestPath(loc), 'utf8')) as Partial<Manifest>;
    // Stryker disable next-line OptionalChaining: JSON `null` makes `m.version` throw inside this try, and the catch returns the same null.
    if (m?.version !== 1) return null;
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    const plugins = Array.isArray(m.plugins) ? m.plugins.filter((p) => typeof p?.root === 'string' && typeof p?.python === 'string') : [];
    return {
      version: 1,
      gocondad: String(m.gocondad ?? ''),
      updatedAt: String(m.updatedAt ?? ''),
      // A kind this gocondad does not know (a hand edit, a damaged file) is no service it could undo.
      service: SERVICE_KINDS.includes(m.service as ServiceKind) ? (m.service as ServiceKind) : null,
      plugins,
      envs: strings(m.envs),
      createdDirs: strings(m.createdDirs),
    };
  } catch {
    return null;
  }
}

export function writeManifest(loc: Locations, m: Manifest): void {
  ensurePrivateDir(loc.stateDir);
  writeFileAtomic(manifestPath(loc), `${JSON.stringify(m, null, 2)}\n`, 0o600);
}

/** A later setup adds to what an earlier one recorded; what was created first stays created. */
export function mergeManifest(old: Manifest | null, next: Omit<Manifest, 'version'>): Manifest {
  const union = <T>(a: T[], b: T[], key: (x: T) => string) => [...new Map([...a, ...b].map((x) => [key(x), x])).values()];
  return {
    version: 1,
    gocondad: next.gocondad,
    updatedAt: next.updatedAt,
    service: next.service ?? old?.service ?? null,
    plugins: union(old?.plugins ?? [], next.plugins, (p) => p.root),
    envs: union(old?.envs ?? [], next.envs, (e) => e).sort(),
    createdDirs: union(old?.createdDirs ?? [], next.createdDirs, (d) => d).sort(),
  };
}

/** `dir` and those of its ancestors that do not exist yet, deepest first. */
export function missingDirs(dir: string, exists: (p: string) => boolean = fs.existsSync): string[] {
  const out: string[] = [];
  let d = path.resolve(dir);
  while (!exists(d)) {
    out.push(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  return out;
}

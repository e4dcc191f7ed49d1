// What sync knows about the conda side, whatever file it came from.

export type CondaKind = 'environment.yml' | 'conda-lock' | 'pixi' | 'explicit' | 'prefix';

export interface CondaPkg {
  name: string;
  /** The spec the user wrote (environment.yml, pixi.toml); null: none written or "any version". */
  spec: string | null;
  /** The exact version that is locked or installed; null for a spec-only source. */
  version: string | null;
  build: string | null;
  file: string;
  line: number | null;
}

export interface CondaSide {
  kind: CondaKind;
  /** The file (or prefix) the facts came from, for messages. */
  file: string;
  packages: Map<string, CondaPkg>;
  /** GOFLAGS the env sets (environment.yml `variables:`, conda-meta/state env_vars), for build tags. */
  goflags: string | null;
  /** How to bring a lock up to date after the spec side changed; null when there is nothing to regenerate. */
  regenerate: string | null;
  /** The spec files a lock was made from (conda-lock's metadata.sources), relative to the lock. */
  sources?: string[];
  /** The env as a planned conda transaction will leave it (transaction.ts), not as it is. */
  planned?: boolean;
}

/** "libgit2-1.5.1-h1234_0.conda" -> name, version, build (conda's file names are name-version-build). */
export function splitPackageFile(url: string): { name: string; version: string; build: string } | null {
  // split always gives at least one element
  const base = url.split(/[/\\]/).pop()!;
  const stem = base.replace(/\.(conda|tar\.bz2)$/, '');
  if (stem === base) return null;
  const parts = stem.split('-');
  if (parts.length < 3) return null;
  const build = parts.pop()!;
  const version = parts.pop()!;
  return { name: parts.join('-'), version, build };
}

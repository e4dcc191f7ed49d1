// pixi.toml ([dependencies]: the specs) + pixi.lock (formats 6 and 7: `environments.<env>.packages.<platform>`
// lists `conda: <url>` references into the top-level `packages:` list; name, version and build are taken
// from the URL's file name unless the entry writes them out). Format 7 adds a top-level `platforms:` list.
import * as TOML from 'smol-toml';
import YAML from 'yaml';
import { SyncInputError } from '../errors';
import { parseMatchSpec } from '../matchspec';
import { splitPackageFile, type CondaPkg, type CondaSide } from './types';

const LOCK_HINT = 'regenerate it with `pixi lock` (pixi >= 0.39 writes format 6, >= 0.50 format 7)';

/** pixi.toml dependency specs: `name = "1.5.*"` or `name = { version = "1.5.*", channel = "..." }`. */
export function parsePixiToml(text: string, file: string): Map<string, string | null> {
  let raw: Record<string, unknown>;
  try {
    raw = TOML.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new SyncInputError(file, (err as { line?: number }).line, `TOML error: ${(err as Error).message.split('\n')[0]}`, 'fix the TOML syntax');
  }
  const specs = new Map<string, string | null>();
  const deps = (raw.dependencies ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(deps)) {
    const version = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? (value as { version?: unknown }).version : undefined;
    const spec = typeof version === 'string' ? parseMatchSpec(`${name} ${version}`) : null;
    specs.set(name.toLowerCase(), spec?.version ?? null);
  }
  return specs;
}

interface LockPackage {
  conda?: string;
  name?: string;
  version?: string;
  build?: string;
}

export function parsePixiLock(text: string, file: string, platform: string, environment = 'default', specs = new Map<string, string | null>()): CondaSide {
  let root: { version?: unknown; environments?: Record<string, { packages?: Record<string, { conda?: string }[]> }>; packages?: LockPackage[] };
  try {
    root = YAML.parse(text);
  } catch (err) {
    throw new SyncInputError(
      file,
      (err as { linePos?: { line: number }[] }).linePos?.[0]?.line,
      `YAML error: ${(err as Error).message.split('\n')[0]}`,
      LOCK_HINT,
    );
  }
  if (!root || typeof root !== 'object') throw new SyncInputError(file, 1, 'not a pixi lock file', LOCK_HINT);
  if (root.version !== 6 && root.version !== 7) {
    throw new SyncInputError(
      file,
      undefined,
      `unsupported pixi.lock format version ${JSON.stringify(root.version ?? null)} (gocondad reads 6 and 7)`,
      LOCK_HINT,
    );
  }
  const env = root.environments?.[environment];
  if (!env)
    throw new SyncInputError(
      file,
      undefined,
      `no environment "${environment}" in the lock`,
      `pass --pixi-env (it has ${Object.keys(root.environments ?? {}).join(', ')})`,
    );
  const refs = env.packages?.[platform];
  if (!refs)
    throw new SyncInputError(
      file,
      undefined,
      `environment "${environment}" has no packages for ${platform}`,
      'pass --platform, or add the platform to pixi.toml and run `pixi lock`',
    );
  const byUrl = new Map((root.packages ?? []).filter((p) => p.conda).map((p) => [p.conda!, p]));
  const packages = new Map<string, CondaPkg>();
  for (const ref of refs) {
    if (!ref.conda) continue; // pypi packages
    const entry = byUrl.get(ref.conda) ?? {};
    const fromName = splitPackageFile(ref.conda);
    const name = entry.name ?? fromName?.name;
    const version = entry.version ?? fromName?.version;
    if (!name || !version) throw new SyncInputError(file, undefined, `cannot tell the package of ${ref.conda}`, LOCK_HINT);
    packages.set(name, { name, spec: specs.get(name) ?? null, version, build: entry.build ?? fromName?.build ?? null, file, line: null });
  }
  // A spec in pixi.toml whose package the lock lacks: the lock is behind the manifest.
  for (const [name, spec] of specs) {
    if (!packages.has(name)) packages.set(name, { name, spec, version: null, build: null, file, line: null });
  }
  return { kind: 'pixi', file, packages, goflags: null, regenerate: 'pixi lock' };
}

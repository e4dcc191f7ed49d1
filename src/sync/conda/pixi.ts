// pixi.lock (rattler_lock's format; rattler/crates/rattler_lock/src/parse): formats 4 to 7 share
// `environments.<env>.packages.<platform>`, a list of `conda: <url>` / `pypi: <url>` references into the
// top-level `packages:` list. Formats 4 and 5 write each package as `kind: conda|pypi` with `url:`, name
// and version; 6 and 7 key it by `conda: <url>` and may leave name/version/build to the URL's file name
// (name-version-build). 5 adds pypi `indexes`, 7 a top-level `platforms:` list and relative paths.
// A package the manifest pins points at its pixi.toml line (pixitoml.ts); others at their lock entry.
import YAML from 'yaml';
import { describeYamlError, type YamlErrorLike } from '../../core/yaml-error';
import { SyncInputError } from '../errors';
import { splitDistName } from '../matchspec';
import type { ManifestSpec } from './pixitoml';
import type { CondaPkg, CondaSide } from './types';

export { parsePixiToml } from './pixitoml';

const LOCK_HINT = 'regenerate it with `pixi lock`';
const FORMATS = [4, 5, 6, 7];

interface LockPackage {
  kind?: string;
  conda?: string;
  url?: string;
  name?: string;
  version?: string;
  build?: string;
}

/**
 * Where each package's entry starts in `packages:` (by its URL), for findings about unpinned packages. An
 * entry starts at a `- ` as indented as the list's first one (pixi writes none; a tool that re-dumps the
 * YAML may indent it); a deeper `- ` is a list inside an entry (`depends:`, which a writer sorting the keys
 * puts before `url:`). The list ends at the next top-level key.
 */
function entryLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split('\n');
  // (no `packages:` line, start -1: the scan from the top stops at the first top-level key, before any entry)
  const start = lines.findIndex((l) => /^packages:\s*(?:#.*)?$/.test(l));
  let indent: number | null = null;
  let entry: number | null = null;
  for (const [j, l] of lines.slice(start + 1).entries()) {
    if (/^[^\s#-]/.test(l)) break;
    const item = /^( *)- /.exec(l);
    if (item) {
      indent ??= item[1]!.length;
      if (item[1]!.length === indent) entry = start + j + 2;
    }
    const m = /^\s*(?:- )?(?:conda|url):\s*['"]?([^'"\s]+)/.exec(l);
    if (m && entry !== null && !out.has(m[1]!)) out.set(m[1]!, entry);
  }
  return out;
}

export function parsePixiLock(text: string, file: string, platform: string, environment = 'default', specs = new Map<string, ManifestSpec>()): CondaSide {
  let root: { version?: unknown; environments?: Record<string, { packages?: Record<string, { conda?: string }[]> }>; packages?: LockPackage[] };
  try {
    // failsafe: every scalar a string, so `version: 1.20` stays 1.20 (the core schema would make it the number 1.2)
    root = YAML.parse(text, { schema: 'failsafe' });
  } catch (err) {
    const e = describeYamlError(err as YamlErrorLike, text);
    throw new SyncInputError(file, e.line, e.message, LOCK_HINT);
  }
  if (!root || typeof root !== 'object') throw new SyncInputError(file, 1, 'not a pixi lock file', LOCK_HINT);
  const format = Number(root.version);
  if (!FORMATS.includes(format)) {
    throw new SyncInputError(
      file,
      undefined,
      `unsupported pixi.lock format version ${root.version ?? '(none)'} (gocondad reads ${FORMATS.join(', ')})`,
      // only a number above ours says gocondad is the old one; none, or not a number, is an old or broken lock
      format > Math.max(...FORMATS) ? `${LOCK_HINT}, or update gocondad` : `${LOCK_HINT} with a pixi of 2024 or later`,
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
  // a mapping or a scalar where pixi writes a list: refused (iterating it would throw, or read its characters)
  if (!Array.isArray(refs)) throw new SyncInputError(file, undefined, `environment "${environment}": the packages for ${platform} are not a list`, LOCK_HINT);
  if (root.packages !== undefined && !Array.isArray(root.packages)) throw new SyncInputError(file, undefined, 'packages: is not a list', LOCK_HINT);
  // formats 4/5: `kind: conda` + `url:`; 6/7: `conda: <url>`
  const urlOf = (p: LockPackage): string | undefined => p.conda ?? (p.kind === 'conda' ? p.url : undefined);
  const byUrl = new Map<string, LockPackage>();
  for (const p of root.packages ?? []) {
    const u = p && urlOf(p);
    if (u) byUrl.set(u, p);
  }
  const lines = entryLines(text);
  const packages = new Map<string, CondaPkg>();
  for (const ref of refs) {
    if (!ref.conda) continue; // pypi packages
    const entry = byUrl.get(ref.conda) ?? {};
    const fromName = splitDistName(ref.conda);
    const name = entry.name ?? fromName?.name;
    const version = entry.version ?? fromName?.version;
    if (!name || !version) throw new SyncInputError(file, lines.get(ref.conda), `cannot tell the package of ${ref.conda}`, LOCK_HINT);
    const pinned = specs.get(name);
    packages.set(name, {
      name,
      spec: pinned?.spec ?? null,
      version: String(version),
      build: entry.build ?? fromName?.build ?? null,
      file: pinned?.file ?? file,
      line: pinned ? pinned.line : (lines.get(ref.conda) ?? null),
    });
  }
  // A spec in pixi.toml whose package the lock lacks: the lock is behind the manifest.
  for (const [name, m] of specs) {
    if (!packages.has(name)) packages.set(name, { name, spec: m.spec, version: null, build: null, file: m.file, line: m.line });
  }
  return { kind: 'pixi', file, packages, goflags: null, regenerate: 'pixi lock' };
}

// conda-lock.yml, conda-lock's unified lock format version 1: `package:` rows, one per package and
// platform, each with name, version, manager (conda | pip), platform and url.
import YAML from 'yaml';
import { SyncInputError } from '../errors';
import type { CondaPkg, CondaSide } from './types';

const HINT = 'regenerate it with `conda-lock lock -f environment.yml` (conda-lock >= 1.0 writes version 1)';

export function parseCondaLock(text: string, file: string, platform: string): CondaSide {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (err) {
    throw new SyncInputError(file, (err as { linePos?: { line: number }[] }).linePos?.[0]?.line, `YAML error: ${(err as Error).message.split('\n')[0]}`, HINT);
  }
  const root = raw as { version?: unknown; package?: unknown; metadata?: { platforms?: unknown; sources?: unknown } } | null;
  if (!root || typeof root !== 'object') throw new SyncInputError(file, 1, 'not a conda-lock file', HINT);
  if (root.version !== 1)
    throw new SyncInputError(file, undefined, `unsupported conda-lock format version ${JSON.stringify(root.version ?? null)} (gocondad reads version 1)`, HINT);
  if (!Array.isArray(root.package)) throw new SyncInputError(file, undefined, '`package` must be a list', HINT);
  const platforms = Array.isArray(root.metadata?.platforms) ? (root.metadata!.platforms as string[]) : [];
  if (platforms.length > 0 && !platforms.includes(platform)) {
    throw new SyncInputError(
      file,
      undefined,
      `no packages locked for ${platform} (it has ${platforms.join(', ')})`,
      'pass --platform, or lock for this platform: `conda-lock lock -p ' + platform + '`',
    );
  }
  const packages = new Map<string, CondaPkg>();
  root.package.forEach((row: Record<string, unknown>, i: number) => {
    if (!row || typeof row.name !== 'string' || typeof row.version !== 'string') {
      throw new SyncInputError(file, undefined, `package entry ${i + 1} lacks name or version`, HINT);
    }
    if (row.manager !== undefined && row.manager !== 'conda') return;
    if (row.platform !== platform) return;
    const build = typeof row.url === 'string' ? (/-([^-]+)\.(?:conda|tar\.bz2)$/.exec(row.url)?.[1] ?? null) : null;
    packages.set(row.name, { name: row.name, spec: null, version: row.version, build, file, line: null });
  });
  const sources =
    Array.isArray(root.metadata?.sources) && root.metadata!.sources.length > 0 ? (root.metadata!.sources as unknown[]).map(String) : ['environment.yml'];
  return { kind: 'conda-lock', file, packages, goflags: null, regenerate: `conda-lock lock ${sources.map((s) => `-f ${s}`).join(' ')}`, sources };
}

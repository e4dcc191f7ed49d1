// conda-lock.yml, conda-lock's unified lock format version 1: `package:` rows, one per package and
// platform, each with name, version, manager (conda | pip), platform and url.
import * as path from 'node:path';
import YAML, { isSeq, LineCounter, type Node } from 'yaml';
import { describeYamlError } from '../../core/yaml-error';
import { SyncInputError } from '../errors';
import type { CondaPkg, CondaSide } from './types';

/** conda-lock writes conda-lock.yml unless told: a lock of another name is regenerated with --lockfile NAME. */
function lockfileFlag(file: string): string {
  const name = path.basename(file);
  return name === 'conda-lock.yml' ? '' : ` --lockfile ${name}`;
}

export function parseCondaLock(text: string, file: string, platform: string): CondaSide {
  const HINT = `regenerate it with \`conda-lock lock -f environment.yml${lockfileFlag(file)}\` (conda-lock >= 1.0 writes version 1)`;
  const lc = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0) {
    const e = describeYamlError(doc.errors[0]!, text);
    throw new SyncInputError(file, e.line, e.message, HINT);
  }
  const raw: unknown = doc.toJS();
  // The line of each `package:` row, for messages that point into the lock.
  // Stryker disable next-line BooleanLiteral: keepScalar changes only what a scalar gives, and a scalar is no list (isSeq) either way
  const rows = doc.get('package', true);
  const lineOf = (i: number): number | null => {
    const range = isSeq(rows) ? (rows.items[i] as Node | undefined)?.range : undefined;
    return range ? lc.linePos(range[0]).line : null;
  };
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
      `pass --platform, or lock for this platform: \`conda-lock lock -p ${platform}${lockfileFlag(file)}\``,
    );
  }
  const packages = new Map<string, CondaPkg>();
  root.package.forEach((row: Record<string, unknown>, i: number) => {
    if (!row || typeof row.name !== 'string' || typeof row.version !== 'string') {
      throw new SyncInputError(file, lineOf(i) ?? undefined, `package entry ${i + 1} lacks name or version`, HINT);
    }
    if (row.manager !== undefined && row.manager !== 'conda') return;
    if (row.platform !== platform) return;
    const build = typeof row.url === 'string' ? (/-([^-]+)\.(?:conda|tar\.bz2)$/.exec(row.url)?.[1] ?? null) : null;
    packages.set(row.name, { name: row.name, spec: null, version: row.version, build, file, line: lineOf(i) });
  });
  const sources =
    Array.isArray(root.metadata?.sources) && root.metadata!.sources.length > 0 ? (root.metadata!.sources as unknown[]).map(String) : ['environment.yml'];
  const regenerate = `conda-lock lock ${sources.map((s) => `-f ${s}`).join(' ')}${lockfileFlag(file)}`;
  return { kind: 'conda-lock', file, packages, goflags: null, regenerate, sources };
}

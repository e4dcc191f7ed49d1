// A conda transaction before it is linked (what conda's post-solve hook sees): packages to link and
// to unlink. Applied to an installed env's facts, it gives the env as it will be, so sync can warn
// before anything changes.
import type { CondaSide } from './conda/types';
import { SyncInputError } from './errors';

export interface Transaction {
  link: { name: string; version: string; build?: string }[];
  unlink: { name: string }[];
}

const HINT = 'expected {"link": [{"name", "version", "build"?}], "unlink": [{"name"}]}';

export function parseTransaction(text: string, file: string): Transaction {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SyncInputError(file, undefined, `not JSON: ${(err as Error).message}`, HINT);
  }
  const r = raw as { link?: unknown; unlink?: unknown } | null;
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : null);
  const link = list(r?.link);
  const unlink = list(r?.unlink);
  if (!r || typeof r !== 'object' || Array.isArray(r) || link === null || unlink === null)
    throw new SyncInputError(file, undefined, '`link` and `unlink` must be lists', HINT);
  if (!link.every((p) => p && typeof p.name === 'string' && typeof p.version === 'string') || !unlink.every((p) => p && typeof p.name === 'string')) {
    throw new SyncInputError(file, undefined, 'every package needs a name (and, to link, a version)', HINT);
  }
  return {
    link: link.map((p) => ({ name: p.name, version: p.version, ...(typeof p.build === 'string' ? { build: p.build } : {}) })),
    unlink: unlink.map((p) => ({ name: p.name })),
  };
}

/** The env's facts after the transaction (unlinks first: an update unlinks the old build and links the new). */
export function applyTransaction(side: CondaSide, tx: Transaction): CondaSide {
  const packages = new Map(side.packages);
  for (const u of tx.unlink) packages.delete(u.name);
  for (const l of tx.link) packages.set(l.name, { name: l.name, spec: null, version: l.version, build: l.build ?? null, file: side.file, line: null });
  return { ...side, packages, planned: true };
}

export function changedNames(tx: Transaction): Set<string> {
  return new Set([...tx.link.map((p) => p.name), ...tx.unlink.map((p) => p.name)]);
}

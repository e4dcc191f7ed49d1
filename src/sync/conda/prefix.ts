// A live env: what is installed is conda-meta/<name>-<version>-<build>.json (name, version, build inside);
// env vars set with `conda env config vars set` are in conda-meta/state.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NOT_A_CONDA_ENV, notACondaEnvHint } from '../../core/env-arg';
import { SyncInputError } from '../errors';
import type { CondaPkg, CondaSide } from './types';

export function readPrefix(prefix: string): CondaSide {
  const meta = path.join(prefix, 'conda-meta');
  let names: string[];
  try {
    names = fs.readdirSync(meta);
  } catch {
    // The active env's prefix gone (sync falls back to it): the words every env argument gets.
    throw new SyncInputError(prefix, undefined, NOT_A_CONDA_ENV, notACondaEnvHint(prefix));
  }
  const packages = new Map<string, CondaPkg>();
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(meta, name);
    let rec: { name?: unknown; version?: unknown; build?: unknown };
    try {
      rec = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new SyncInputError(
        file,
        undefined,
        `unreadable package record: ${(err as Error).message}`,
        'repair the env: `conda install --force-reinstall <package>`',
      );
    }
    if (typeof rec.name !== 'string' || typeof rec.version !== 'string') continue;
    packages.set(rec.name, { name: rec.name, spec: null, version: rec.version, build: typeof rec.build === 'string' ? rec.build : null, file, line: null });
  }
  let goflags: string | null = null;
  try {
    const state = JSON.parse(fs.readFileSync(path.join(meta, 'state'), 'utf8')) as { env_vars?: Record<string, unknown> };
    // Stryker disable next-line OptionalChaining: a state without env_vars throws here, and the catch below gives the same null
    if (typeof state.env_vars?.GOFLAGS === 'string') goflags = state.env_vars.GOFLAGS;
  } catch {
    // no state file: no env vars
  }
  return { kind: 'prefix', file: prefix, packages, goflags, regenerate: null };
}

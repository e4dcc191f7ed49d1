// envs.json: which envs have gocondad's shims, and which the user opted out of auto-install.
import * as fs from 'node:fs';
import { ensurePrivateDir, writeFileAtomic } from '../fsutil';
import { withLockSync } from '../lockfile';
import type { Locations } from '../paths';

export interface Registry {
  /** Envs with shims written by gocondad. */
  installed: string[];
  /** Envs whose shims the user removed: auto-install leaves them alone. */
  excluded: string[];
}

export function readRegistry(loc: Locations): Registry {
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : []);
  try {
    const data = JSON.parse(fs.readFileSync(loc.registry, 'utf8'));
    // Version 0.1 wrote a bare list of installed prefixes.
    if (Array.isArray(data)) return { installed: strings(data), excluded: [] };
    // Stryker disable next-line OptionalChaining: a JSON null makes `data.installed` throw, and the catch below gives the same empty registry.
    return { installed: strings(data?.installed), excluded: strings(data?.excluded) };
  } catch {
    return { installed: [], excluded: [] };
  }
}

/**
 * Runs `fn` holding the lock every change to envs.json and to an env's shims takes, in the daemon and
 * the CLI alike: each reads the registry, decides and writes as one step (see lockfile.ts).
 */
export function withRegistryLock<T>(loc: Locations, fn: () => T, waitMs?: number): T {
  ensurePrivateDir(loc.stateDir);
  return withLockSync(`${loc.registry}.lock`, fn, waitMs);
}

/** `explicit`: the user asked (CLI), so an uninstall also opts the env out of auto-install. */
export function registerEnv(loc: Locations, prefix: string, present: boolean, explicit = false): void {
  withRegistryLock(loc, () => {
    const reg = readRegistry(loc);
    const installed = new Set(reg.installed);
    const excluded = new Set(reg.excluded);
    if (present) {
      installed.add(prefix);
      if (explicit) excluded.delete(prefix);
    } else {
      installed.delete(prefix);
      if (explicit) excluded.add(prefix);
    }
    writeRegistry(loc, { installed: [...installed], excluded: [...excluded] });
  });
}

function writeRegistry(loc: Locations, reg: Registry): void {
  ensurePrivateDir(loc.stateDir);
  writeFileAtomic(loc.registry, `${JSON.stringify({ installed: [...reg.installed].sort(), excluded: [...reg.excluded].sort() }, null, 2)}\n`, 0o600);
}

/** A removed env: drop it from the registry entirely. */
export function forgetEnv(loc: Locations, prefix: string): void {
  withRegistryLock(loc, () => {
    const reg = readRegistry(loc);
    if (!reg.installed.includes(prefix) && !reg.excluded.includes(prefix)) return;
    writeRegistry(loc, { installed: reg.installed.filter((p) => p !== prefix), excluded: reg.excluded.filter((p) => p !== prefix) });
  });
}

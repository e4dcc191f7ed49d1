// What conflict detection asks the disk (see core/conflicts.ts), for real, and a short-lived cache of it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StateFacts } from './state';
import { isExecutableFile } from '../../fsutil';
import { inspectToolchain } from '../../core/toolchains';

export const realFacts: StateFacts = {
  inspect: inspectToolchain,
  goIn(dir) {
    const go = path.join(dir, 'go');
    return isExecutableFile(go) ? go : null;
  },
  realpath(p) {
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  },
  readlink(p) {
    try {
      return fs.readlinkSync(p);
    } catch {
      return null;
    }
  },
  shellOf(pid) {
    try {
      return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() || null;
    } catch {
      return null;
    }
  },
};

/**
 * Memoizes each fact for `ttlMs`: under a burst of activations the same toolchains and PATH dirs are
 * asked about thousands of times, and a fact a second old is as good as a fresh one for naming a fix.
 * shellOf is not cached: pids are reused.
 */
export function cachedFacts(ttlMs: number, facts: StateFacts = realFacts, now: () => number = Date.now): StateFacts & { clear(): void } {
  const caches = {
    inspect: new Map<string, [number, ReturnType<StateFacts['inspect']>]>(),
    goIn: new Map<string, [number, string | null]>(),
    realpath: new Map<string, [number, string]>(),
  };
  const memo = <T>(cache: Map<string, [number, T]>, key: string, compute: () => T): T => {
    const hit = cache.get(key);
    const t = now();
    if (hit && t - hit[0] < ttlMs) return hit[1];
    // Bounded: a cache that outgrows a burst is dropped rather than kept around.
    if (cache.size > 10000) cache.clear();
    const value = compute();
    cache.set(key, [t, value]);
    return value;
  };
  return {
    inspect: (root) => memo(caches.inspect, root, () => facts.inspect(root)),
    goIn: (dir) => memo(caches.goIn, dir, () => facts.goIn(dir)),
    realpath: (p) => memo(caches.realpath, p, () => facts.realpath(p)),
    readlink: (p) => facts.readlink?.(p) ?? null,
    shellOf: (pid) => facts.shellOf(pid),
    clear() {
      for (const c of Object.values(caches)) c.clear();
    },
  };
}

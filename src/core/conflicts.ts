// Which conflicts an activation fixed. The shim always applies the same remedy (GOROOT set, the chosen
// toolchain's bin first on PATH, gocondad's leftovers taken out); this names what was wrong before it,
// from the state the shim saw. Pure: every fact about the disk comes from `facts`.
import * as path from 'node:path';
import type { Inspection } from './toolchains';

import { SHADOWED_GO, type ConflictKind } from './vocabulary';

export type { ConflictKind };

export interface Conflict {
  kind: ConflictKind;
  prefix: string;
  shellPid: number;
  before: string | null;
  after: string | null;
  at: string;
  /** Reported, not fixed (cross-compiling on purpose is legitimate). */
  warning?: true;
}

export interface ActivationSeen {
  prefix: string;
  shellPid: number;
  /** The chosen toolchain root. */
  goroot: string;
  /** GOROOT as inherited, null when unset. */
  gorootBefore: string | null;
  /** PATH after gocondad's leftovers were taken out, before its entry went first. */
  pathBefore: string;
  /** Leftover entries the shim took out (not the ones conda itself exported back: those are routine). */
  staleRemoved: string[];
  /** PATH entries that are aliases of toolchain dirs conda cannot quote (path-alias.ts). */
  aliases?: string[];
  /** GOOS/GOARCH as inherited, and the env's platform in Go's spelling (empty: unknown). */
  goos0?: string;
  goarch0?: string;
  goos?: string;
  goarch?: string;
  /** Variables a conda-forge go activation package had left behind, which the shim restored. */
  leaked?: string[];
  at: string;
}

export interface Facts {
  inspect(root: string): Inspection;
  /** The executable `go` in dir, or null. */
  goIn(dir: string): string | null;
  realpath(p: string): string;
  /** A symlink's target, or null. */
  readlink?(p: string): string | null;
}

export function detectConflicts(seen: ActivationSeen, facts: Facts): Conflict[] {
  const out: Conflict[] = [];
  const base = { prefix: seen.prefix, shellPid: seen.shellPid, at: seen.at };
  const chosenGo = path.join(seen.goroot, 'bin', 'go');
  const same = (a: string, b: string) => a === b || facts.realpath(a) === facts.realpath(b);

  if (seen.gorootBefore !== null && seen.gorootBefore !== '' && !same(seen.gorootBefore, seen.goroot)) {
    const inspected = facts.inspect(seen.gorootBefore);
    out.push({ ...base, kind: inspected.ok ? 'goroot-override' : 'invalid-goroot', before: seen.gorootBefore, after: seen.goroot });
  }
  for (const dir of seen.pathBefore.split(':')) {
    // An empty entry is the current directory; its contents say nothing about the env.
    if (dir === '') continue;
    const go = facts.goIn(dir);
    if (go === null) continue;
    if (!same(go, chosenGo)) out.push({ ...base, kind: SHADOWED_GO, before: go, after: chosenGo });
    break;
  }
  for (const entry of seen.staleRemoved) out.push({ ...base, kind: 'stale-path-entry', before: entry, after: null });
  for (const alias of seen.aliases ?? []) out.push({ ...base, kind: 'unquotable-path-alias', before: facts.readlink?.(alias) ?? null, after: alias });
  if (seen.leaked && seen.leaked.length > 0) out.push({ ...base, kind: 'leaked-go-activation', before: seen.leaked.join(' '), after: null });
  const inherited = `${seen.goos0 || '-'}/${seen.goarch0 || '-'}`;
  const differs = (had: string | undefined, want: string | undefined) => !!had && !!want && had !== want;
  if (differs(seen.goos0, seen.goos) || differs(seen.goarch0, seen.goarch)) {
    out.push({ ...base, kind: 'platform-mismatch', before: inherited, after: `${seen.goos}/${seen.goarch}`, warning: true });
  }
  return out;
}

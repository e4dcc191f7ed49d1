// Writes the version-named launchers (`go1.22.0`, ...) that core/launchers.ts decides on into the
// per-user launcher dir: the script each runs, and keeping the dir in step with the toolchains. Files and
// shell quoting live here, beside the shim installer; the decision (which names, which toolchain) is pure,
// in core/. Why a script and not a symlink: see core/launchers.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launcherTable } from '../core/launchers';
import type { World } from '../core/envs';
import type { Toolchain } from '../core/toolchains';
import { writeFileAtomic } from '../fsutil';
import { posix } from '../shell/posix';

export const LAUNCHER_MARKER = '# gocondad launcher';

export function launcherScript(name: string, t: Toolchain): string {
  return [
    '#!/bin/sh',
    `${LAUNCHER_MARKER}: ${name} served by ${t.version} at ${t.root} (written by \`gocondad shims install\` and the daemon)`,
    'unset GOTOOLCHAIN_INTERNAL_SWITCH_VERSION',
    `GOTOOLCHAIN=local GOROOT=${posix.quote(t.root)}`,
    'export GOTOOLCHAIN GOROOT',
    `exec ${posix.quote(path.join(t.root, 'bin', 'go'))} "$@"`,
    '',
  ].join('\n');
}

function ours(file: string): boolean {
  try {
    return fs.readFileSync(file, 'utf8').slice(0, 200).includes(LAUNCHER_MARKER);
  } catch {
    return false;
  }
}

/** Makes `dir` hold exactly the launchers for `toolchains` (others of ours removed, foreign files kept). */
export function syncLaunchers(dir: string, toolchains: Toolchain[]): { written: string[]; removed: string[] } {
  const table = launcherTable(toolchains);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const written: string[] = [];
  const removed: string[] = [];
  for (const [name, t] of table) {
    // 0755, never group/world writable: every activated shell runs these.
    if (writeFileAtomic(path.join(dir, name), launcherScript(name, t), 0o755)) written.push(name);
  }
  for (const name of fs.readdirSync(dir)) {
    if (!table.has(name) && /^go1\./.test(name) && ours(path.join(dir, name))) {
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: just read as ours; force matters only if it vanishes in between.
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return { written, removed };
}

/** The launchers of the world's toolchains in its launcher dir (none when launchers are off). */
export function syncWorldLaunchers(world: World): { written: string[]; removed: string[] } {
  if (world.launcherDir === null) return { written: [], removed: [] };
  return syncLaunchers(world.launcherDir, world.discovery.toolchains);
}

// The symlinks that stand in on PATH for toolchain dirs conda cannot quote (decided in core/path-alias.ts).
// Made before the shim that names them is written, so an activation never finds its alias missing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PathAlias } from '../core/path-alias';
import { ensurePrivateDir } from '../fsutil';

/** Creates or corrects each alias (atomically: a symlink under a temp name, renamed over). */
export function ensureAliases(aliases: PathAlias[]): string[] {
  const made: string[] = [];
  for (const { alias, target } of aliases) {
    ensurePrivateDir(path.dirname(alias));
    try {
      if (fs.readlinkSync(alias) === target) continue;
    } catch {
      /* absent, or not a symlink: (re)made below */
    }
    const tmp = `${alias}.${process.pid}.tmp`;
    fs.rmSync(tmp, { force: true });
    fs.symlinkSync(target, tmp);
    fs.renameSync(tmp, alias);
    made.push(alias);
  }
  return made;
}

// Is every required module already in the module cache? Go keeps downloads under
// $GOMODCACHE/cache/download/<escaped path>/@v/<escaped version>.{mod,zip}, upper-case letters escaped as
// "!" + lower case. With all of them there, `go_offline: true` (GOPROXY=file://…/cache/download,off) builds offline.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GoMod } from './gomod';

export function escapeModPath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

export interface ModcacheReport {
  dir: string;
  missing: { path: string; version: string }[];
  present: number;
}

/** Modules replaced by a directory need nothing from the cache and are not counted. */
export function modcacheReport(mod: GoMod, dir: string): ModcacheReport {
  const missing: ModcacheReport['missing'] = [];
  let present = 0;
  for (const req of mod.require) {
    const rep = mod.replace.find((r) => r.old.path === req.path && (r.old.version === undefined || r.old.version === req.version));
    if (rep && rep.new.version === undefined) continue;
    const p = rep ? rep.new.path : req.path;
    const v = rep?.new.version ?? req.version;
    const base = path.join(dir, 'cache', 'download', escapeModPath(p), '@v', escapeModPath(v));
    if (fs.existsSync(`${base}.mod`) && fs.existsSync(`${base}.zip`)) present++;
    else missing.push({ path: p, version: v });
  }
  return { dir, missing, present };
}

// The go lines of the modules a go.mod requires, read offline: each requirement's go.mod from the module
// cache ($GOMODCACHE/cache/download/<path>/@v/<version>.mod) or, when replaced by a directory, from there.
// A go line may not be lowered below the highest of them: `go mod tidy` would raise it again and the
// env's older toolchain (GOTOOLCHAIN=local) refuses to build.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GoMod } from './gomod';
import { compareGo } from './gover';
import { escapeModPath } from './modcache';

export interface DepGoLines {
  /** the requirement with the highest go line, null when none has one */
  max: { module: string; go: string } | null;
  /** requirements whose go.mod is not in the module cache: the check could not see them */
  missing: { path: string; version: string }[];
}

export function goLineOf(text: string): string | null {
  return /^go\s+(\S+)\s*(?:\/\/.*)?$/m.exec(text)?.[1] ?? null;
}

export function depGoLines(mod: GoMod, dir: string, modcache: string): DepGoLines {
  const out: DepGoLines = { max: null, missing: [] };
  for (const req of mod.require) {
    const rep = mod.replace.find((r) => r.old.path === req.path && (r.old.version === undefined || r.old.version === req.version));
    const p = rep ? rep.new.path : req.path;
    const v = rep?.new.version ?? req.version;
    const file =
      rep && rep.new.version === undefined
        ? path.resolve(dir, p, 'go.mod')
        : path.join(modcache, 'cache', 'download', escapeModPath(p), '@v', `${escapeModPath(v)}.mod`);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      out.missing.push({ path: p, version: v });
      continue;
    }
    const go = goLineOf(text);
    if (go && (out.max === null || compareGo(go, out.max.go) > 0)) out.max = { module: `${req.path}@${req.version}`, go };
  }
  return out;
}

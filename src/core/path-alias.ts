// PATH entries conda can carry. On every switch, reactivate and deactivate conda re-exports the whole
// PATH in the shell's syntax without escaping it (conda/activate.py): `export PATH='…'` (POSIX),
// `set -gx PATH "…" "…"` (fish), `setenv PATH "…"` (csh); micromamba 2.2.0 the same (libmamba's
// activation.cpp: `export PATH='…'`, `set -gx PATH "…"`, `setenv PATH '…'`; realmamba-hostile.test.ts). An entry gocondad put there that holds a
// character one of these cannot carry breaks the user's shell inside conda itself (`eval: unexpected EOF`)
// and leaves every variable set. Such an entry goes on PATH as a safe alias instead: a symlink named by a
// hash of the target in gocondad's private data dir. GOROOT keeps the true path (conda never re-exports
// it). Pure: the symlinks are made by the shim installer (shims/aliases.ts).
import * as crypto from 'node:crypto';
import * as path from 'node:path';

/** Why each character cannot be carried, and by which of conda's dialects. */
const UNSAFE: Record<string, string> = {
  "'": "ends conda's POSIX `export PATH='…'`",
  '"': 'ends the double quotes of conda’s fish `set -gx PATH "…"` and csh `setenv PATH "…"`',
  $: 'expands inside conda’s fish and csh double quotes',
  '`': 'runs a command inside conda’s csh double quotes',
  '\\': 'escapes inside conda’s fish and csh double quotes',
  '!': 'is history substitution inside csh double quotes',
  ':': 'splits a PATH entry in two in every shell',
  '\n': 'ends the command in conda’s csh and fish scripts',
};

/** The characters of `entry` that some dialect of conda cannot carry in PATH (control characters too). */
export function unquotableChars(entry: string): string[] {
  const found = new Set<string>();
  for (const ch of entry) {
    const code = ch.codePointAt(0)!;
    if (ch in UNSAFE || code < 0x20 || code === 0x7f) found.add(ch);
  }
  return [...found];
}

/** Why an entry needs an alias, in words (for the log and `gocondad explain`). */
export function unquotableWhy(chars: string[]): string {
  return chars.map((c) => `${JSON.stringify(c)} ${UNSAFE[c] ?? 'is a control character conda’s scripts cannot carry'}`).join('; ');
}

/** The alias of a target: the same target always gets the same name, so shims and daemon agree. */
export function aliasName(target: string): string {
  return crypto.createHash('sha256').update(target).digest('hex').slice(0, 16);
}

export interface PathAlias {
  /** What goes on PATH: `<aliasDir>/<hash>`, a symlink to `target`. */
  alias: string;
  target: string;
  /** The characters that made it necessary. */
  chars: string[];
}

export interface AliasedEntries {
  entries: string[];
  aliases: PathAlias[];
  /** Entries that needed an alias but could not get one (the alias dir is itself unquotable). */
  problems: string[];
}

/** Replaces each entry conda cannot carry by its alias in `aliasDir`; the others pass unchanged. */
export function aliasEntries(entries: string[], aliasDir: string | null): AliasedEntries {
  const out: AliasedEntries = { entries: [], aliases: [], problems: [] };
  const dirOk = aliasDir !== null && path.isAbsolute(aliasDir) && unquotableChars(aliasDir).length === 0;
  for (const entry of entries) {
    const chars = unquotableChars(entry);
    if (chars.length === 0) {
      out.entries.push(entry);
    } else if (!dirOk) {
      out.entries.push(entry);
      out.problems.push(
        `PATH entry ${JSON.stringify(entry)} cannot be carried by conda (${unquotableWhy(chars)}) and gocondad's alias dir ${JSON.stringify(aliasDir ?? '')} cannot either; set XDG_DATA_HOME to a plain path, or move the toolchain`,
      );
    } else {
      const alias = path.join(aliasDir, aliasName(entry));
      out.entries.push(alias);
      out.aliases.push({ alias, target: entry, chars });
    }
  }
  return out;
}

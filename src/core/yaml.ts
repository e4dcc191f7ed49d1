// YAML text → a plain value, or problems with file and line. The yaml package is 72 modules, most of a
// cold `gocondad` start (a stale shim's refresh, `conda go`, the plugin's hooks), so what it made of a
// text is remembered under the text's hash in a private cache file: it loads only for text not seen
// before. Content-addressed, so a cached answer can never be stale.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../fsutil';
import type { Problem } from './problem';
import { describeYamlError } from './yaml-error';

type Parsed = { value: unknown } | { errors: { line?: number; message: string }[] };

/** rc files, the user config, a few pins: more than this means old texts. */
const CACHE_ENTRIES = 64;

let cache: Map<string, Parsed> | null = null;
let dirty = false;
let disabled = false;

/** For `setup --dry-run` (writes nothing) and `uninstall` (removes the cache dir): this process saves no cache. */
export function stopSavingYamlCache(): void {
  disabled = true;
}

export function yamlCacheFile(env: NodeJS.ProcessEnv = process.env): string | null {
  const base = env.XDG_CACHE_HOME || (env.HOME ? path.join(env.HOME, '.cache') : null);
  return base ? path.join(base, 'gocondad', 'yaml-v2.json') : null;
}

/** An entry as saveCache writes it: a value, or errors (at least one) each with a message and perhaps a line. */
function isParsed(p: unknown): p is Parsed {
  if (typeof p !== 'object' || p === null) return false;
  if ('value' in p) return true;
  const errors = (p as { errors?: unknown }).errors;
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((e: { line?: unknown; message?: unknown } | null) => typeof e?.message === 'string' && (e.line === undefined || typeof e.line === 'number'))
  );
}

/** Only a file of this user's that no one else can write is believed, and of it only entries of the right shape. */
function loadCache(): Map<string, Parsed> {
  const map = new Map<string, Parsed>();
  const file = yamlCacheFile();
  if (!file) return map;
  try {
    const st = fs.statSync(file);
    if (st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) return map;
    const entries: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (Array.isArray(entries)) for (const e of entries) if (Array.isArray(e) && typeof e[0] === 'string' && isParsed(e[1])) map.set(e[0], e[1]);
  } catch {
    /* none yet, or damaged: parse afresh */
  }
  return map;
}

function saveCache(): void {
  const file = yamlCacheFile();
  if (disabled || !file || !cache || !dirty) return;
  try {
    ensurePrivateDir(path.dirname(file));
    writeFileAtomic(file, JSON.stringify([...cache].slice(-CACHE_ENTRIES)), 0o600);
    // Stryker disable next-line BooleanLiteral: saveCache runs on the process's 'exit', which comes once: no parse follows it to read this.
    dirty = false;
  } catch {
    /* a cache: without it the next start is slower, not wrong */
  }
}

// v2: errors are said whole (yaml-error.ts); a v1 file would give back the old wording for a text seen before.
function parseNow(text: string): Parsed {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  // logLevel: yaml's warnings (a collection as a key, ...) would go to the process's stderr.
  const doc = YAML.parseDocument(text, { prettyErrors: true, logLevel: 'error' });
  if (doc.errors.length > 0) return { errors: doc.errors.map((err) => describeYamlError(err, text)) };
  try {
    // Throws on an alias to no anchor, and on alias expansion past yaml's limit (a "billion laughs" file).
    // Stryker disable next-line ObjectLiteral: 100 is also yaml's default; said here so that an upgrade cannot loosen it unseen.
    return { value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (err) {
    return { errors: [{ message: `YAML error: ${(err as Error).message.split('\n')[0]}` }] };
  }
}

/** JSON gives it back unchanged (no NaN, infinities, undefined): only then is it cached. */
function jsonSafe(v: unknown, seen = new Set<unknown>()): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  // `a: &x [*x]` is a list that holds itself (found by fuzzing): recursing on it overflowed the stack.
  if (seen.has(v)) return false;
  seen.add(v);
  if (Array.isArray(v)) return v.every((x) => jsonSafe(x, seen));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).every((x) => jsonSafe(x, seen));
  return false;
}

export function parseYaml(text: string, file: string, problems: Problem[]): unknown {
  cache ??= loadCache();
  const key = crypto.createHash('sha256').update(text).digest('hex');
  let parsed = cache.get(key);
  if (!parsed) {
    parsed = parseNow(text);
    if ('errors' in parsed || jsonSafe(parsed.value)) {
      if (!dirty) process.once('exit', saveCache);
      cache.delete(key);
      cache.set(key, parsed);
      dirty = true;
    }
  }
  if ('errors' in parsed) {
    for (const e of parsed.errors) problems.push({ file, line: e.line, message: e.message });
    return undefined;
  }
  // A copy: callers may change what they get.
  return structuredClone(parsed.value);
}

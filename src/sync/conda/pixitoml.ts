// pixi.toml (or pyproject.toml's [tool.pixi.*]): the conda dependencies a pixi environment asks for, each
// with the line that pins it, so a finding points at the manifest line a user edits (pixi.lock is written
// by `pixi lock`, never by hand).
// Tables read: [dependencies], [host-dependencies], [build-dependencies], the same under
// [target.<platform>] and under the features the environment uses ([feature.<f>] and
// [feature.<f>.target.<platform>]); a more specific table wins, as pixi merges them.
import * as TOML from 'smol-toml';
import { SyncInputError } from '../errors';
import { specAt } from './envyml';

export interface ManifestSpec {
  /** conda's normal form of the version spec; null: any version */
  spec: string | null;
  file: string;
  line: number | null;
}

const DEP_TABLES = ['dependencies', 'host-dependencies', 'build-dependencies'];

/** "[feature.cuda.target.linux-64.dependencies]" -> ['feature', 'cuda', 'target', 'linux-64', 'dependencies'] */
function headerPath(header: string): string[] {
  return [...header.matchAll(/"([^"]*)"|'([^']*)'|([^.\s"']+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The line of each `key =` under each table header (dotted keys inside a table count as under it). */
export function keyLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let table: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const header = /^\[([^[\]]+)\]\s*(#.*)?$/.exec(line);
    if (header) {
      table = headerPath(header[1]!);
      return;
    }
    const key = /^("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=/.exec(line);
    if (!key) return;
    const parts = [...table, ...headerPath(key[1]!)];
    const k = parts.join('\u0000');
    if (!out.has(k)) out.set(k, i + 1);
  });
  return out;
}

function featuresOf(raw: Record<string, unknown>, environment: string): string[] {
  const envs = (raw.environments ?? {}) as Record<string, unknown>;
  const e = envs[environment];
  // a table's `features`; any other value (a string, a number) has none. TOML has no null, so no value needs a guard.
  const list = Array.isArray(e) ? e : (e as { features?: unknown } | undefined)?.features;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * pixi.toml specs for one environment and platform: `name = "1.5.*"` or `name = { version = "1.5.*", ... }`.
 * `root` is where the manifest's tables live: [] in pixi.toml, ['tool', 'pixi'] in pyproject.toml.
 */
export function parsePixiToml(text: string, file: string, platform = 'linux-64', environment = 'default', root: string[] = []): Map<string, ManifestSpec> {
  let doc: Record<string, unknown>;
  try {
    doc = TOML.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new SyncInputError(file, (err as { line?: number }).line, `TOML error: ${(err as Error).message.split('\n')[0]}`, 'fix the TOML syntax');
  }
  const lines = keyLines(text);
  // The value at a key path; undefined when a step is missing. A step that is a string, number or date has
  // no such key (no table name is a property of theirs), and TOML has no null, so no step needs a type check.
  const get = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
  const raw = (get(doc, ...root) ?? {}) as Record<string, unknown>;
  // least specific first: later tables override earlier ones
  const scopes: string[][] = [[], ['target', platform]];
  for (const f of featuresOf(raw, environment)) scopes.push(['feature', f], ['feature', f, 'target', platform]);
  const specs = new Map<string, ManifestSpec>();
  for (const scope of scopes) {
    for (const table of DEP_TABLES) {
      const deps = get(raw, ...scope, table);
      if (!deps || typeof deps !== 'object') continue;
      for (const [name, value] of Object.entries(deps as Record<string, unknown>)) {
        const line = lines.get([...root, ...scope, table, name].join('\u0000')) ?? null;
        // (TOML has no null: an object here is a table, an array or a date)
        const v = typeof value === 'string' ? { version: value } : typeof value === 'object' ? (value as Record<string, unknown>) : {};
        if ('path' in v || 'git' in v || 'url' in v) continue; // a source package: no conda version to compare
        const version = typeof v.version === 'string' ? v.version : '*';
        const build = typeof v.build === 'string' ? ` ${v.build}` : '';
        const ms = specAt(`${name} ${version}${build}`, file, line ?? undefined);
        specs.set(ms.name, { spec: ms.version === '*' ? null : ms.version, file, line });
      }
    }
  }
  return specs;
}

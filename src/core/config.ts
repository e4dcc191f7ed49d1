// User config ($XDG_CONFIG_HOME/gocondad/config.yml) and per-env pin files ($PREFIX/etc/gocondad.yml).
// Parsing is pure (text in, values and problems out); a bad file never stops gocondad, it is reported.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSmallFile } from '../fsutil';
import { DEFAULT_CONFIG, PIN_KEYS, USER_CONFIG_KEYS, type CgoPolicy, type GopathMode, type PinFile, type UserConfig } from './config-keys';
import type { Problem } from './problem';
import { parseYaml } from './yaml';

export type { Problem };

export type { CgoPolicy, GopathMode, PinFile, UserConfig };
export { DEFAULT_CONFIG };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** config.yml: each key read by its entry in USER_CONFIG_KEYS, problems in the file's order, unknown keys reported. */
export function parseUserConfig(text: string, file: string, home: string): { config: UserConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const config: UserConfig = { ...DEFAULT_CONFIG, toolchains: [] };
  const raw = parseYaml(text, file, problems);
  if (raw === undefined || raw === null) return { config, problems };
  if (!isRecord(raw)) {
    problems.push({ file, message: 'expected a mapping of keys (toolchains, default, gopath, ...); file ignored' });
    return { config, problems };
  }
  const fields = Object.keys(USER_CONFIG_KEYS) as (keyof UserConfig)[];
  for (const [key, value] of Object.entries(raw)) {
    const field = fields.find((f) => USER_CONFIG_KEYS[f].key === key);
    if (field === undefined) {
      problems.push({ file, message: `unknown key \`${key}\` ignored` });
      continue;
    }
    const r = USER_CONFIG_KEYS[field].read(value, home);
    if (r.problem !== undefined) problems.push({ file, message: r.problem });
    if (r.value !== undefined) (config as unknown as Record<string, unknown>)[field] = r.value;
  }
  return { config, problems };
}

/** A pin file: the keys of PIN_KEYS in the table's order; other keys are left to the parts that read them (bundle). */
export function parsePinFile(text: string, file: string): { pin: PinFile; problems: Problem[] } {
  const problems: Problem[] = [];
  const raw = parseYaml(text, file, problems);
  const pin: PinFile = {};
  if (problems.length > 0) {
    const p = problems[0]!;
    pin.unreadable = `${file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
    return { pin, problems };
  }
  // parseYaml gives undefined only along with a problem, returned above; null is a pin with no value (empty, comments, `~`).
  if (raw === null) return { pin, problems };
  if (!isRecord(raw)) {
    problems.push({ file, message: 'expected `go: "<range>"`, `goroot: <path>` or `cgo: auto|on|off`' });
    pin.unreadable = `${file}: not a mapping (expected \`go: "<range>"\`, \`goroot: <path>\` or \`cgo: auto|on|off\`)`;
    return { pin, problems };
  }
  for (const field of Object.keys(PIN_KEYS) as (keyof typeof PIN_KEYS)[]) {
    const spec = PIN_KEYS[field];
    if (raw[spec.key] === undefined) continue;
    // Stryker disable next-line StringLiteral: no pin key's reader expands `~` (a pin names absolute paths), so this home is never read.
    const r = spec.read(raw[spec.key], '');
    if (r.problem !== undefined) problems.push({ file, message: r.problem });
    if (r.value !== undefined) (pin as Record<string, unknown>)[field] = r.value;
  }
  return { pin, problems };
}

export function pinFilePath(prefix: string): string {
  return path.join(prefix, 'etc', 'gocondad.yml');
}

/** Config and pin files are a few lines; anything bigger is not one (and is not read into memory). */
export const MAX_CONFIG_BYTES = 64 * 1024;

export interface FileOwnership {
  uid: number;
  mode: number;
}

/**
 * direnv's rule: never evaluate what another user could have written. A file writable by group or
 * others, or owned by anyone but `owner.uid` or root, is untrusted. Returns why, or null when trusted.
 */
export function untrustedReason(file: FileOwnership, owner: { uid: number; label: string }): string | null {
  const w = file.mode & 0o022;
  if (w !== 0) {
    const who = w === 0o022 ? 'group and others' : w === 0o020 ? 'its group' : 'others';
    return `writable by ${who} (mode ${(file.mode & 0o777).toString(8).padStart(4, '0')}), so another user could have written it; ignored — run \`chmod go-w\` on it`;
  }
  if (file.uid !== owner.uid && file.uid !== 0)
    return `owned by uid ${file.uid}, not by ${owner.label} (uid ${owner.uid}) or root; ignored — chown it to ${owner.label}, or remove it`;
  return null;
}

/** `refused`: there, but not readable as a file (permissions, a directory, too big); `problem`: not trusted. */
type Loaded = { text: string } | { text: null } | { problem: string } | { problem: string; refused: string };

/** Reads a config or pin file FIFO-safe and size-capped, then applies the trust rule. */
function loadTrusted(file: string, owner: { uid: number; label: string }): Loaded {
  const r = readSmallFile(file, MAX_CONFIG_BYTES);
  if (r.kind === 'missing') return { text: null };
  if (r.kind === 'refused') return { problem: `${r.reason}; ignored`, refused: r.reason };
  const why = untrustedReason(r.st, owner);
  return why === null ? { text: r.text } : { problem: why };
}

const myUid = (): number => process.getuid?.() ?? 0;

export function loadUserConfig(file: string, home: string): { config: UserConfig; problems: Problem[] } {
  const r = loadTrusted(file, { uid: myUid(), label: 'you' });
  if ('problem' in r) return { config: { ...DEFAULT_CONFIG }, problems: [{ file, message: r.problem }] };
  return r.text === null ? { config: { ...DEFAULT_CONFIG }, problems: [] } : parseUserConfig(r.text, file, home);
}

/** The env's pin, trusted only when its owner (the owner of the prefix) or root wrote it. */
export function loadPinFile(prefix: string): { pin: PinFile | null; problems: Problem[] } {
  const file = pinFilePath(prefix);
  let envOwner: number;
  try {
    envOwner = fs.statSync(prefix).uid;
  } catch {
    return { pin: null, problems: [] };
  }
  const r = loadTrusted(file, { uid: envOwner, label: "the env's owner" });
  // A pin that is there but cannot be read (another user's 0600, a directory in its place) may exclude
  // what gocondad would choose without it: an unsatisfiable pin, as one that does not parse. An untrusted
  // one (direnv's rule) is ignored: its text is not the env owner's word.
  if ('refused' in r)
    return { pin: { unreadable: `${file}: ${r.refused}` }, problems: [{ file, message: `${r.refused}; nothing is applied until it can be read` }] };
  if ('problem' in r) return { pin: null, problems: [{ file, message: r.problem }] };
  if (r.text === null) return { pin: null, problems: [] };
  return parsePinFile(r.text, file);
}

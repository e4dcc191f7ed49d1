// User config ($XDG_CONFIG_HOME/gocondad/config.yml) and per-env pin files ($PREFIX/etc/gocondad.yml).
// Parsing is pure (text in, values and problems out); a bad file never stops gocondad, it is reported.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSmallFile } from '../fsutil';
import { normalizeGoRange } from './goversion';
import type { Problem } from './problem';
import { parseYaml } from './yaml';

export type { Problem };

export type CgoPolicy = 'auto' | 'on' | 'off';

export type GopathMode = { kind: 'per-env' } | { kind: 'shared' } | { kind: 'template'; template: string };

export interface UserConfig {
  /** Extra dirs to search: a toolchain root itself, or a dir holding toolchain roots. */
  toolchains: string[];
  /** Range used when an env has no pin and no Go of its own. */
  default: string | null;
  /** Also search /usr/local/go, /usr/lib/go-*, ~/sdk/go*, Homebrew, ... */
  systemToolchains: boolean;
  gopath: GopathMode;
  /** true: GOMODCACHE per env under $PREFIX/share/gomodcache; false: the user's shared one. */
  isolateModcache: boolean;
  /** The daemon installs shims into every env it discovers (unless the user uninstalled them there). */
  autoInstall: boolean;
  /** cgo flags pointing into the env: auto = when the env has include/ or lib/ and CGO_ENABLED is not 0. */
  cgo: CgoPolicy;
  /** GOTOOLCHAIN=local+path and version-named launchers, so go.mod toolchain lines resolve offline. */
  launchers: boolean;
  /** GOPROXY=file://<module cache>/cache/download,off: modules come from the cache only (`go_offline`). */
  goOffline: boolean;
}

export interface PinFile {
  /**
   * Why the file could not be read as a pin (YAML error, not a mapping). Set, the env gets no toolchain:
   * a pin gocondad cannot read may exclude what it would otherwise choose, so it is an unsatisfiable pin.
   */
  unreadable?: string;
  go?: string;
  goroot?: string;
  cgo?: CgoPolicy;
  goOffline?: boolean;
}

export const DEFAULT_CONFIG: UserConfig = {
  toolchains: [],
  default: null,
  systemToolchains: true,
  gopath: { kind: 'per-env' },
  isolateModcache: false,
  autoInstall: true,
  cgo: 'auto',
  launchers: true,
  goOffline: false,
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A cgo policy from YAML, where some readers turn a bare on/off into booleans. */
function cgoPolicy(value: unknown): CgoPolicy | null {
  const v = value === true ? 'on' : value === false ? 'off' : value;
  return v === 'auto' || v === 'on' || v === 'off' ? v : null;
}

export function parseUserConfig(text: string, file: string, home: string): { config: UserConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const config: UserConfig = { ...DEFAULT_CONFIG, toolchains: [] };
  const raw = parseYaml(text, file, problems);
  if (raw === undefined || raw === null) return { config, problems };
  if (!isRecord(raw)) {
    problems.push({ file, message: 'expected a mapping of keys (toolchains, default, gopath, ...); file ignored' });
    return { config, problems };
  }
  const bool = (key: string, value: unknown, current: boolean): boolean => {
    if (typeof value === 'boolean') return value;
    problems.push({ file, message: `\`${key}\` must be true or false` });
    return current;
  };
  const expand = (p: string) => (p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p);
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'toolchains':
        if (Array.isArray(value) && value.every((v) => typeof v === 'string')) config.toolchains = value.map(expand);
        else problems.push({ file, message: '`toolchains` must be a list of directories' });
        break;
      case 'default':
        if (typeof value === 'string' || typeof value === 'number') {
          const range = String(value);
          if (normalizeGoRange(range) === null)
            problems.push({ file, message: `\`default: ${range}\` is not a Go version range (try "1.22" or ">=1.21 <1.23")` });
          else config.default = range;
        } else if (value !== null) problems.push({ file, message: '`default` must be a version range such as "1.22"' });
        break;
      case 'system_toolchains':
        config.systemToolchains = bool(key, value, config.systemToolchains);
        break;
      case 'gopath':
        if (value === 'per-env') config.gopath = { kind: 'per-env' };
        else if (value === 'shared') config.gopath = { kind: 'shared' };
        else if (typeof value === 'string' && value.includes('{')) config.gopath = { kind: 'template', template: expand(value) };
        else problems.push({ file, message: '`gopath` must be per-env, shared, or a template with {prefix} or {name}' });
        break;
      case 'auto_install':
        config.autoInstall = bool(key, value, config.autoInstall);
        break;
      case 'cgo': {
        const policy = cgoPolicy(value);
        if (policy) config.cgo = policy;
        else problems.push({ file, message: '`cgo` must be auto, on or off' });
        break;
      }
      case 'launchers':
        config.launchers = bool(key, value, config.launchers);
        break;
      case 'go_offline':
        config.goOffline = bool(key, value, config.goOffline);
        break;
      case 'modcache':
        if (value === 'shared' || value === 'per-env') config.isolateModcache = value === 'per-env';
        else problems.push({ file, message: '`modcache` must be shared or per-env' });
        break;
      default:
        problems.push({ file, message: `unknown key \`${key}\` ignored` });
    }
  }
  return { config, problems };
}

export function parsePinFile(text: string, file: string): { pin: PinFile; problems: Problem[] } {
  const problems: Problem[] = [];
  const raw = parseYaml(text, file, problems);
  const pin: PinFile = {};
  if (problems.length > 0) {
    const p = problems[0]!;
    pin.unreadable = `${file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
    return { pin, problems };
  }
  if (raw === undefined || raw === null) return { pin, problems };
  if (!isRecord(raw)) {
    problems.push({ file, message: 'expected `go: "<range>"`, `goroot: <path>` or `cgo: auto|on|off`' });
    pin.unreadable = `${file}: not a mapping (expected \`go: "<range>"\`, \`goroot: <path>\` or \`cgo: auto|on|off\`)`;
    return { pin, problems };
  }
  if (raw.go !== undefined) {
    const range = String(raw.go);
    if (normalizeGoRange(range) === null) problems.push({ file, message: `\`go: ${range}\` is not a Go version range` });
    pin.go = range;
  }
  if (raw.cgo !== undefined) {
    const policy = cgoPolicy(raw.cgo);
    if (policy) pin.cgo = policy;
    else problems.push({ file, message: '`cgo` must be auto, on or off' });
  }
  if (raw.go_offline !== undefined) {
    if (typeof raw.go_offline === 'boolean') pin.goOffline = raw.go_offline;
    else problems.push({ file, message: '`go_offline` must be true or false' });
  }
  if (raw.goroot !== undefined) {
    if (typeof raw.goroot === 'string' && path.isAbsolute(raw.goroot)) pin.goroot = raw.goroot;
    else problems.push({ file, message: '`goroot` must be an absolute path' });
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
type Loaded = { text: string } | { text: null } | { problem: string; refused?: string };

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
  if ('refused' in r && r.refused !== undefined)
    return { pin: { unreadable: `${file}: ${r.refused}` }, problems: [{ file, message: `${r.refused}; nothing is applied until it can be read` }] };
  if ('problem' in r) return { pin: null, problems: [{ file, message: r.problem }] };
  if (r.text === null) return { pin: null, problems: [] };
  return parsePinFile(r.text, file);
}

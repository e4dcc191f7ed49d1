// Every key of the user config ($XDG_CONFIG_HOME/gocondad/config.yml) and of an env's pin file
// ($PREFIX/etc/gocondad.yml), once: its YAML name, what it takes, its default, what it does, an example,
// and the reader that turns a YAML value into the setting (or a problem). config.ts parses both files by
// walking these tables, and docs/config.md is generated from them (`npm run docs:gen`; a test fails when
// the file is stale), so a key cannot be parsed without being documented, nor documented as it is not read.
import * as path from 'node:path';
import { normalizeGoRange } from './goversion';

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

/** What a reader makes of one YAML value: the setting, a problem, both (kept but reported), or neither (ignored). */
export interface Reading<T> {
  value?: T;
  problem?: string;
}

export interface KeySpec<T> {
  /** The key as written in the YAML file. */
  key: string;
  /** What it takes, for people. */
  values: string;
  /** What it does, for people (one sentence or two; docs/config.md). */
  doc: string;
  /** A YAML value that the reader accepts without a problem (docs/config.md's example file; tested). */
  example: string;
  /** `home` expands a leading `~`. */
  read(value: unknown, home: string): Reading<T>;
}

export interface UserKeySpec<T> extends KeySpec<T> {
  default: T;
}

/** A cgo policy from YAML, where some readers turn a bare on/off into booleans. */
function cgoPolicy(value: unknown): CgoPolicy | null {
  const v = value === true ? 'on' : value === false ? 'off' : value;
  return v === 'auto' || v === 'on' || v === 'off' ? v : null;
}

const expand = (p: string, home: string) => (p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p);

function bool(key: string): (value: unknown) => Reading<boolean> {
  return (value) => (typeof value === 'boolean' ? { value } : { problem: `\`${key}\` must be true or false` });
}

const cgo: KeySpec<CgoPolicy> = {
  key: 'cgo',
  values: '`auto` | `on` | `off`',
  doc: 'cgo flags into the env: `auto` appends `-I$PREFIX/include` to `CGO_CPPFLAGS` and `-L$PREFIX/lib -Wl,-rpath,$PREFIX/lib` to `CGO_LDFLAGS` when the env has `include/` or `lib/` and the shell has no `CGO_ENABLED=0`; `on` also sets `CGO_ENABLED=1`; `off` adds nothing',
  example: 'auto',
  read: (value) => {
    const policy = cgoPolicy(value);
    return policy ? { value: policy } : { problem: '`cgo` must be auto, on or off' };
  },
};

const goOfflineDoc =
  '`true`: `GOPROXY=file://<module cache>/cache/download,off` on activation, so modules come from the module cache only, never a download (restored exactly on deactivate)';

/** The keys of config.yml, in the order docs/config.md lists them; one entry per UserConfig field. */
export const USER_CONFIG_KEYS: { [F in keyof UserConfig]: UserKeySpec<UserConfig[F]> } = {
  toolchains: {
    key: 'toolchains',
    values: 'a list of directories',
    default: [],
    doc: 'extra places to find Go toolchains: a Go root itself, or a directory of Go roots (`~` is your home)',
    example: '[~/sdk, /opt/go-1.23]',
    read: (value, home) =>
      Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? { value: value.map((v: string) => expand(v, home)) }
        : { problem: '`toolchains` must be a list of directories' },
  },
  default: {
    key: 'default',
    values: 'a Go version range',
    default: null,
    doc: 'the toolchain for envs with no pin and no Go of their own (`"1.22"`, `">=1.21 <1.23"`); when nothing matches, the newest toolchain found',
    example: '"1.22"',
    read: (value) => {
      if (typeof value === 'string' || typeof value === 'number') {
        const range = String(value);
        return normalizeGoRange(range) === null
          ? { problem: `\`default: ${range}\` is not a Go version range (try "1.22" or ">=1.21 <1.23")` }
          : { value: range };
      }
      return value === null ? {} : { problem: '`default` must be a version range such as "1.22"' };
    },
  },
  systemToolchains: {
    key: 'system_toolchains',
    values: '`true` | `false`',
    default: true,
    doc: 'also search the usual places: `/usr/local/go`, `/usr/lib/go-*`, `/usr/lib/go`, `~/sdk/go*`, `~/go/sdk/*`, Homebrew',
    example: 'true',
    read: bool('system_toolchains'),
  },
  gopath: {
    key: 'gopath',
    values: '`per-env` | `shared` | a template with `{name}` or `{prefix}`',
    default: { kind: 'per-env' },
    doc: '`GOPATH` in an activated env: `per-env` is `$PREFIX/share/gopath`; `shared` leaves yours; a template such as `~/go-envs/{name}`',
    example: 'per-env',
    read: (value, home) => {
      if (value === 'per-env') return { value: { kind: 'per-env' } };
      if (value === 'shared') return { value: { kind: 'shared' } };
      if (typeof value === 'string' && value.includes('{')) return { value: { kind: 'template', template: expand(value, home) } };
      return { problem: '`gopath` must be per-env, shared, or a template with {prefix} or {name}' };
    },
  },
  isolateModcache: {
    key: 'modcache',
    values: '`shared` | `per-env`',
    default: false,
    doc: '`GOMODCACHE`: `shared` keeps your one module cache when `GOPATH` moves into the env; `per-env` is `$PREFIX/share/gomodcache`',
    example: 'shared',
    read: (value) => (value === 'shared' || value === 'per-env' ? { value: value === 'per-env' } : { problem: '`modcache` must be shared or per-env' }),
  },
  autoInstall: {
    key: 'auto_install',
    values: '`true` | `false`',
    default: true,
    doc: 'the daemon installs the shims into every env it discovers (not into envs you opted out with `gocondad shims uninstall`)',
    example: 'true',
    read: bool('auto_install'),
  },
  cgo: { ...cgo, default: 'auto', doc: `${cgo.doc} (an env's pin file can say otherwise)` },
  launchers: {
    key: 'launchers',
    values: '`true` | `false`',
    default: true,
    doc: 'version-named launchers on `PATH` and `GOTOOLCHAIN=local+path` for Go ≥ 1.21, so go.mod `go`/`toolchain` lines run a local toolchain, never a download',
    example: 'true',
    read: bool('launchers'),
  },
  goOffline: {
    key: 'go_offline',
    values: '`true` | `false`',
    default: false,
    doc: `${goOfflineDoc} (an env's pin file can say otherwise)`,
    example: 'false',
    read: bool('go_offline'),
  },
};

/** A key of the pin file that another part reads (its reader lives there). */
export interface ForeignKeySpec {
  key: string;
  values: string;
  doc: string;
  example: string;
  readBy: string;
}

/** The keys of an env's pin file that config.ts reads, in the order it reports their problems. */
export const PIN_KEYS: { [F in keyof Omit<PinFile, 'unreadable'>]-?: KeySpec<NonNullable<PinFile[F]>> } = {
  go: {
    key: 'go',
    values: 'a Go version range',
    doc: 'the toolchain this env gets (`"1.22"`, `">=1.21 <1.23"`, `"go1.22.5"`); one nothing satisfies makes gocondad touch nothing in the env, and say why',
    example: '"1.22"',
    // Kept even when it is no range: a pin gocondad cannot satisfy leaves the env alone rather than giving it another Go.
    read: (value) => {
      const range = String(value);
      return normalizeGoRange(range) === null ? { value: range, problem: `\`go: ${range}\` is not a Go version range` } : { value: range };
    },
  },
  cgo,
  goOffline: { key: 'go_offline', values: '`true` | `false`', doc: goOfflineDoc, example: 'true', read: bool('go_offline') },
  goroot: {
    key: 'goroot',
    values: 'an absolute path',
    doc: 'this Go root, whatever its version (instead of `go:`)',
    example: '/usr/lib/go-1.22',
    read: (value) => (typeof value === 'string' && path.isAbsolute(value) ? { value } : { problem: '`goroot` must be an absolute path' }),
  },
};

/** Pin file keys read elsewhere; listed here so that docs/config.md names every key a pin file takes. */
export const PIN_FOREIGN_KEYS: ForeignKeySpec[] = [
  {
    key: 'bundle',
    values: '`{extra_libs: [file names]}`',
    doc: 'libraries the program opens with `dlopen` (named by no DT_NEEDED), bundled by `gocondad bundle` with their own dependencies ([bundle.md](bundle.md))',
    example: '{extra_libs: [libfoo_plugin.so]}',
    readBy: 'src/bundle/config.ts',
  },
];

/** The defaults, from the table. */
export const DEFAULT_CONFIG: UserConfig = Object.fromEntries(
  Object.entries(USER_CONFIG_KEYS).map(([field, spec]) => [field, spec.default]),
) as unknown as UserConfig;

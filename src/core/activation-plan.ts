// What activating an env should do to the environment, as data (no shell code here).
// `set` maps a variable to its value or to null (= unset), so unset-vs-empty lives in the type;
// PATH is never set wholesale, only edited: entries to put first, entries to take out.
import * as path from 'node:path';
// Only the semver functions used: the whole package is 47 modules on the CLI's start-up path.
import semverGte from 'semver/functions/gte';
import type { Choice, ChoiceSource } from './choose-toolchain';
import type { CgoPolicy, UserConfig } from './config';
import { SWITCHING_SINCE } from './goversion';
import { aliasEntries, unquotableWhy, type PathAlias } from './path-alias';

export interface EnvChange {
  set: Record<string, string | null>;
  /** Set only where the shell has the variable unset or empty: a value the user chose wins. */
  defaults: Record<string, string>;
  /**
   * Appended, space-separated, to the shell's value; `base` stands in for an unset variable (Go's own
   * default, e.g. "-O2 -g" for CGO_LDFLAGS, which replacing it would lose).
   */
  append: Record<string, { value: string; base: string }>;
  /** `append` applies only where the shell does not have CGO_ENABLED=0. */
  appendUnlessCgoOff: boolean;
  path: { prepend: string[]; remove: string[] };
}

export interface Plan {
  prefix: string;
  envName: string;
  ok: boolean;
  why: string;
  source: ChoiceSource | null;
  goroot: string | null;
  goVersion: string | null;
  change: EnvChange;
  /**
   * GOMODCACHE is shared by default, but a per-env GOPATH would move Go's default module cache into the
   * env. The user's cache depends on the shell's inherited GOPATH, so the shim fills it in at activation.
   */
  keepUserModcache: boolean;
  /** Variables the env itself declares (conda env vars): conda owns them, gocondad leaves them alone. */
  leftToConda: string[];
  /** The env's conda platform and its Go spelling: an inherited GOOS/GOARCH that differs is reported. */
  platform: { subdir: string | null; goos: string | null; goarch: string | null };
  /** Why each variable (and each PATH entry) is in the change: what `gocondad explain` prints. */
  sources: Record<string, string>;
  /** PATH entries conda cannot quote, put on PATH as symlinks instead (path-alias.ts); made by the installer. */
  aliases: PathAlias[];
}

// Stryker disable next-line ArrayDeclaration: a stand-in entry is no absolute path, and a prefix always is, so it names no root.
export function envNameOf(prefix: string, rootPrefixes: string[] = []): string {
  if (rootPrefixes.includes(prefix)) return 'base';
  return path.basename(prefix);
}

export interface PlanInput {
  prefix: string;
  envName: string;
  choice: Choice;
  config: UserConfig;
  /** Names set by the env's conda-meta/state or etc/conda/env_vars.d. */
  envDeclaredVars: string[];
  /** The launcher dir to put on PATH (null: no launchers). */
  launcherDir: string | null;
  /** Where aliases of PATH entries conda cannot quote live (absent/null: none are made). */
  aliasDir?: string | null;
  /** cgo policy (the pin's, else the user config's) and what the env has to link against. */
  cgo: { policy: CgoPolicy; hasInclude: boolean; hasLib: boolean };
  /** From conda-meta (platform.ts); absent: not known. */
  platform?: { subdir: string | null; goos: string | null; goarch: string | null };
  /** `go_offline` (pin, else config) and the module cache it reads: the env's own, or the user's. */
  offline?: { on: boolean; userModcache: string };
}

/** Go reads modules from its own download cache and nowhere else (the layout GOPROXY file:// serves). */
export function offlineGoproxy(modcache: string): string {
  return `file://${path.join(modcache, 'cache', 'download')},off`;
}

/** One flag for CGO_*FLAGS, which Go splits like a shell would (quotes keep a path with spaces whole). */
export function cgoFlag(flag: string): string {
  if (!/[\s'"\\]/.test(flag)) return flag;
  return flag.includes("'") ? `"${flag.replace(/(["\\])/g, '\\$1')}"` : `'${flag}'`;
}

export function emptyChange(): EnvChange {
  return { set: {}, defaults: {}, append: {}, appendUnlessCgoOff: false, path: { prepend: [], remove: [] } };
}

export function planEnv(input: PlanInput): Plan {
  const { prefix, envName, choice, config } = input;
  const sources: Record<string, string> = {};
  const base = {
    prefix,
    envName,
    leftToConda: [] as string[],
    platform: input.platform ?? { subdir: null, goos: null, goarch: null },
    sources,
    aliases: [] as PathAlias[],
  };
  if (!choice.ok) {
    return { ...base, ok: false, why: choice.why, source: null, goroot: null, goVersion: null, change: emptyChange(), keepUserModcache: false };
  }
  const goroot = choice.toolchain.root;
  const wanted: Record<string, string | null> = { GOROOT: goroot, GOBIN: path.join(prefix, 'bin') };
  sources.GOROOT = `the chosen toolchain (${choice.source}: ${choice.why})`;
  sources.GOBIN = 'the env’s bin: `go install`ed tools live and die with the env';
  if (config.gopath.kind === 'per-env') {
    wanted.GOPATH = path.join(prefix, 'share', 'gopath');
    sources.GOPATH = 'config `gopath: per-env` (the default)';
  } else if (config.gopath.kind === 'template') {
    wanted.GOPATH = config.gopath.template.split('{prefix}').join(prefix).split('{name}').join(envName);
    sources.GOPATH = `config \`gopath: ${config.gopath.template}\``;
  }
  if (config.isolateModcache) {
    wanted.GOMODCACHE = path.join(prefix, 'share', 'gomodcache');
    sources.GOMODCACHE = 'config `modcache: per-env`';
  }
  if (input.offline?.on) {
    wanted.GOPROXY = offlineGoproxy(config.isolateModcache ? path.join(prefix, 'share', 'gomodcache') : input.offline.userModcache);
    sources.GOPROXY = '`go_offline: true`: modules come from the module cache only, as conda’s `offline: true` does for packages';
  }

  const declared = new Set(input.envDeclaredVars);
  const set: Record<string, string | null> = {};
  const leftToConda: string[] = [];
  for (const [name, value] of Object.entries(wanted)) {
    if (declared.has(name)) leftToConda.push(name);
    else set[name] = value;
  }
  const keepUserModcache = !config.isolateModcache && 'GOPATH' in set && !declared.has('GOMODCACHE');
  const change = emptyChange();
  change.set = set;
  change.path.prepend.push(path.join(goroot, 'bin'));
  sources[`PATH ${path.join(goroot, 'bin')}`] = 'the chosen toolchain first, ahead of any other go';
  if (keepUserModcache) sources.GOMODCACHE = 'your own module cache, kept (filled in at activation from the GOPATH you had)';
  for (const name of leftToConda) sources[name] = 'declared by the env itself (conda env vars): left to conda';
  // Go 1.21+ switches toolchains by go.mod; local+path keeps that offline and on this machine's toolchains.
  if (input.launcherDir !== null && semverGte(choice.toolchain.semver, SWITCHING_SINCE)) {
    change.path.prepend.push(input.launcherDir);
    sources[`PATH ${input.launcherDir}`] = 'version-named launchers of the local toolchains, for GOTOOLCHAIN=local+path';
    if (declared.has('GOTOOLCHAIN')) {
      leftToConda.push('GOTOOLCHAIN');
      sources.GOTOOLCHAIN = 'declared by the env itself (conda-forge go sets local): left to conda';
    } else {
      change.defaults.GOTOOLCHAIN = 'local+path';
      sources.GOTOOLCHAIN = 'Go ≥ 1.21: go.mod go/toolchain lines run a local toolchain, never a download; only where the shell has none';
    }
  }
  const { policy, hasInclude, hasLib } = input.cgo;
  if (policy !== 'off' && (hasInclude || hasLib)) {
    const add = (name: string, value: string, baseValue: string) => {
      if (declared.has(name)) leftToConda.push(name);
      else {
        change.append[name] = { value, base: baseValue };
        sources[name] =
          `cgo: ${policy} and the env has ${name === 'CGO_LDFLAGS' ? 'lib/' : 'include/'}: appended to your flags${policy === 'auto' ? ' unless CGO_ENABLED=0' : ''}`;
      }
    };
    const lib = path.join(prefix, 'lib');
    if (hasInclude) add('CGO_CPPFLAGS', cgoFlag(`-I${path.join(prefix, 'include')}`), '');
    if (hasLib) add('CGO_LDFLAGS', [cgoFlag(`-L${lib}`), cgoFlag(`-Wl,-rpath,${lib}`)].join(' '), '-O2 -g');
    if (policy === 'on') {
      if (declared.has('CGO_ENABLED')) leftToConda.push('CGO_ENABLED');
      else {
        change.set.CGO_ENABLED = '1';
        sources.CGO_ENABLED = 'cgo: on';
      }
    } else change.appendUnlessCgoOff = true;
  }
  const aliased = aliasEntries(change.path.prepend, input.aliasDir ?? null);
  change.path.prepend = aliased.entries;
  for (const a of aliased.aliases) {
    sources[`PATH ${a.alias}`] =
      `alias of ${a.target} (${sources[`PATH ${a.target}`] ?? 'gocondad’s entry'}): conda re-exports PATH unescaped, and ${unquotableWhy(a.chars)}`;
    delete sources[`PATH ${a.target}`];
  }
  return {
    ...base,
    aliases: aliased.aliases,
    leftToConda,
    ok: true,
    why: choice.why,
    source: choice.source,
    goroot,
    goVersion: choice.toolchain.version,
    change,
    keepUserModcache,
  };
}

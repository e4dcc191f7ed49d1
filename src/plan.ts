// What activating an env should do to the environment, as data (no shell code here).
// `set` maps a variable to its value or to null (= unset), so unset-vs-empty lives in the type;
// PATH is never set wholesale, only edited: entries to put first, entries to take out.
import * as path from 'node:path';
import type { Choice, ChoiceSource } from './choose';
import type { UserConfig } from './config';

export interface EnvChange {
  set: Record<string, string | null>;
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
}

/** The variables gocondad may ever set; conflict cleanup and status use the same list. */
export const MANAGED_VARS = ['GOROOT', 'GOPATH', 'GOBIN', 'GOMODCACHE'] as const;

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
}

export function planEnv(input: PlanInput): Plan {
  const { prefix, envName, choice, config } = input;
  const base = { prefix, envName, leftToConda: [] as string[] };
  if (!choice.ok) {
    return { ...base, ok: false, why: choice.why, source: null, goroot: null, goVersion: null, change: { set: {}, path: { prepend: [], remove: [] } }, keepUserModcache: false };
  }
  const goroot = choice.toolchain.root;
  const wanted: Record<string, string | null> = { GOROOT: goroot, GOBIN: path.join(prefix, 'bin') };
  if (config.gopath.kind === 'per-env') wanted.GOPATH = path.join(prefix, 'share', 'gopath');
  else if (config.gopath.kind === 'template') wanted.GOPATH = config.gopath.template.split('{prefix}').join(prefix).split('{name}').join(envName);
  if (config.isolateModcache) wanted.GOMODCACHE = path.join(prefix, 'share', 'gomodcache');

  const declared = new Set(input.envDeclaredVars);
  const set: Record<string, string | null> = {};
  const leftToConda: string[] = [];
  for (const [name, value] of Object.entries(wanted)) {
    if (declared.has(name)) leftToConda.push(name);
    else set[name] = value;
  }
  const keepUserModcache = !config.isolateModcache && 'GOPATH' in set && !declared.has('GOMODCACHE');
  return {
    ...base,
    leftToConda,
    ok: true,
    why: choice.why,
    source: choice.source,
    goroot,
    goVersion: choice.toolchain.version,
    change: { set, path: { prepend: [path.join(goroot, 'bin')], remove: [] } },
    keepUserModcache,
  };
}

// Installing and removing the per-env shim files (the registry of envs that have them: registry.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EnvPlan } from '../core/envs';
import type { Locations } from '../paths';
import { PACKAGE_ROOT } from '../pkg';
import { DIALECTS } from '../shell';
import type { ShimContext } from '../shell/dialect';
import { mtimeMs, writeFileAtomic } from '../fsutil';
import { ensureAliases } from './aliases';
import { readRegistry, registerEnv, withRegistryLock } from './registry';
import { CONDA_FORGE_GO_BACKUPS, MANAGED_VARS } from '../core/go-vars';
import { judgeStamp, parseStamp, SHIM_MARKER, type ShimStamp } from '../core/shim-version';

export const SHIM_BASENAME = 'zzz-gocondad';

export function shimPaths(prefix: string): { kind: 'activate' | 'deactivate'; file: string; ext: string }[] {
  const out: { kind: 'activate' | 'deactivate'; file: string; ext: string }[] = [];
  for (const d of DIALECTS) {
    for (const kind of ['activate', 'deactivate'] as const) {
      out.push({ kind, ext: d.extension, file: path.join(prefix, 'etc', 'conda', `${kind}.d`, `${SHIM_BASENAME}${d.extension}`) });
    }
  }
  return out;
}

export function hasShims(prefix: string): boolean {
  return shimPaths(prefix).some(({ file }) => isOurs(file));
}

function isOurs(file: string): boolean {
  try {
    return fs.readFileSync(file, 'utf8').slice(0, 600).includes(SHIM_MARKER);
  } catch {
    return false;
  }
}

/** The stamp of the env's shims (the activate .sh shim, else any of ours), or null when it has none. */
export function readShimStamp(prefix: string): ShimStamp | null {
  for (const { file } of shimPaths(prefix)) {
    try {
      const stamp = parseStamp(fs.readFileSync(file, 'utf8').slice(0, 600));
      if (stamp) return stamp;
    } catch {
      /* absent */
    }
  }
  return null;
}

/** The env has shims of a newer gocondad: not replaced unless the user asks for this env by name. */
export class NewerShimsError extends Error {
  constructor(
    readonly prefix: string,
    readonly stamp: ShimStamp,
  ) {
    super(`${prefix} has shims of a newer gocondad (${stamp.version}, format ${stamp.format}); left as they are`);
  }
}

export interface InstallResult {
  prefix: string;
  changed: string[];
  /** Not written: the user opted this env out (`gocondad shims uninstall`) after the caller decided to. */
  optedOut?: true;
}

/**
 * `explicit`: the user named this env (CLI); only then are a newer gocondad's shims replaced, and only
 * then is an env the user opted out of written (which opts it back in). Under the registry lock, so the
 * opt-out is judged at the moment of writing, not when the caller (a daemon refresh) read the registry.
 */
export function installShims(envPlan: EnvPlan, loc: Locations, explicit = false, lockWaitMs?: number): InstallResult {
  return withRegistryLock(
    loc,
    () => {
      if (!explicit && readRegistry(loc).excluded.includes(envPlan.plan.prefix)) return { prefix: envPlan.plan.prefix, changed: [], optedOut: true };
      return writeShims(envPlan, loc, explicit);
    },
    lockWaitMs,
  );
}

function writeShims(envPlan: EnvPlan, loc: Locations, explicit: boolean): InstallResult {
  const changed: string[] = [];
  const stamp = readShimStamp(envPlan.plan.prefix);
  if (stamp && !explicit && judgeStamp(stamp) === 'newer') throw new NewerShimsError(envPlan.plan.prefix, stamp);
  // Refused before anything is written: a file of someone else's at any shim path leaves the env as it
  // was (checked in the loop below, the runner and the shims before it were left behind).
  for (const { file } of shimPaths(envPlan.plan.prefix))
    if (fs.existsSync(file) && !isOurs(file))
      throw new Error(`${file} exists and was not written by gocondad; move it away, then run \`gocondad shims install\` again`);
  // Before the shims that name it: a shell activating meanwhile finds it there (or no new shim yet).
  const runner = foreignRunnerPath(envPlan.plan.prefix);
  if (writeForeignRunner(runner)) changed.push(runner);
  ensureAliases(envPlan.plan.aliases);
  for (const d of DIALECTS) {
    for (const kind of ['activate', 'deactivate'] as const) {
      const file = path.join(envPlan.plan.prefix, 'etc', 'conda', `${kind}.d`, `${SHIM_BASENAME}${d.extension}`);
      const text = d.shim(kind, envPlan.plan, shimContext(envPlan, loc, file));
      // Not group/world writable: whoever can write this file runs code in every shell that activates.
      if (writeFileAtomic(file, text, 0o644)) {
        changed.push(file);
        dateShim(file, envPlan.readAt);
      } else if (olderThanEnv(file, envPlan.plan.prefix)) dateShim(file, envPlan.readAt);
    }
  }
  registerEnv(loc, envPlan.plan.prefix, true, explicit);
  return { prefix: envPlan.plan.prefix, changed };
}

/**
 * dash where there is one (starts in about a millisecond), else the system sh. `exists` is a parameter so
 * that every machine's answer can be tested on this one.
 */
export function pickForeignSh(exists: (file: string) => boolean = fs.existsSync): string {
  return ['/bin/dash', '/usr/bin/dash'].find((p) => exists(p)) ?? '/bin/sh';
}

/** The sh that runs the fish/csh runner on this machine. */
export const FOREIGN_SH = pickForeignSh();

export function shimContext(envPlan: EnvPlan, loc: Locations, shimFile: string): ShimContext {
  const posixShim = path.join(path.dirname(shimFile), `${SHIM_BASENAME}.sh`);
  return {
    planId: envPlan.planId,
    shimFile,
    node: process.execPath,
    cli: path.join(PACKAGE_ROOT, 'dist', 'cli.js'),
    foreign: { posixShim, runner: foreignRunnerPath(envPlan.plan.prefix), sh: FOREIGN_SH },
  };
}

let runnerText: string | null = null;

/**
 * The runner the env's fish and csh shims start (a copy of shell/foreign.sh). In the env, beside its
 * shims, written by the same owner with the same mode: every user who can activate the env can read it
 * (a copy in the installer's private data dir left other users of a shared env with no activation at
 * all in fish and tcsh). Outside activate.d, where no activator sources it.
 */
export function foreignRunnerPath(prefix: string): string {
  return path.join(prefix, 'etc', 'conda', 'gocondad-foreign.sh');
}

/** shell/foreign.sh with the variable lists of core/go-vars.ts filled in. */
export function foreignRunnerText(): string {
  const managed: readonly string[] = MANAGED_VARS;
  const condaForge = [...CONDA_FORGE_GO_BACKUPS.map(([v]) => v).filter((v) => !managed.includes(v)), ...CONDA_FORGE_GO_BACKUPS.map(([, m]) => m)];
  return fs
    .readFileSync(path.join(PACKAGE_ROOT, 'shell', 'foreign.sh'), 'utf8')
    .replace('@MANAGED_VARS@', managed.join(' '))
    .replace('@CONDA_FORGE_VARS@', condaForge.join(' '));
}

function writeForeignRunner(file: string): boolean {
  runnerText ??= foreignRunnerText();
  return writeFileAtomic(file, runnerText, 0o644);
}

/**
 * A shim older than the env's history or pin file makes its shell ask for a fresh plan (see the shim);
 * once the plan is known to be current, the shim is dated so that this happens once per change.
 */
function olderThanEnv(file: string, prefix: string): boolean {
  const shim = mtimeMs(file);
  return mtimeMs(path.join(prefix, 'conda-meta', 'history')) > shim || mtimeMs(path.join(prefix, 'etc', 'gocondad.yml')) > shim;
}

/**
 * Dates a shim when its plan's env files were read, not now: if the env changed after that read, its
 * history or pin stays newer than the shim and the next activation still refreshes. (Dated now, a
 * refresh racing `conda install go` left a shim that looked current with the plan from before.)
 */
function dateShim(file: string, readAt: number): void {
  const when = new Date(Math.min(readAt, Date.now()));
  fs.utimesSync(file, when, when);
}

export function uninstallShims(prefix: string, loc: Locations, explicit = false): InstallResult {
  return withRegistryLock(loc, () => removeShims(prefix, loc, explicit));
}

function removeShims(prefix: string, loc: Locations, explicit: boolean): InstallResult {
  const changed: string[] = [];
  for (const { file } of shimPaths(prefix)) {
    if (isOurs(file)) {
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: the file was just read; force matters only if it vanishes in between (a race no test can time).
      fs.rmSync(file, { force: true });
      changed.push(file);
    }
  }
  const runner = foreignRunnerPath(prefix);
  if (fs.existsSync(runner)) {
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: it exists (checked above); force matters only if it vanishes in between.
    fs.rmSync(runner, { force: true });
    changed.push(runner);
  }
  registerEnv(loc, prefix, false, explicit);
  return { prefix, changed };
}

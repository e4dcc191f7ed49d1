// Installing and removing the per-env shim files, and keeping the list of envs that have them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EnvPlan } from '../core/envs';
import type { Locations } from '../paths';
import { PACKAGE_ROOT } from '../pkg';
import { DIALECTS } from '../shell';
import type { ShimContext } from '../shell/dialect';
import { ensurePrivateDir, mtimeMs, writeFileAtomic } from '../fsutil';

export const SHIM_BASENAME = 'zzz-gocondad';
const MARKER = 'gocondad-shim-version:';

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
    return fs.readFileSync(file, 'utf8').slice(0, 600).includes(MARKER);
  } catch {
    return false;
  }
}

export interface InstallResult {
  prefix: string;
  changed: string[];
}

export function installShims(envPlan: EnvPlan, loc: Locations, explicit = false): InstallResult {
  const changed: string[] = [];
  writeForeignRunner(loc);
  for (const d of DIALECTS) {
    for (const kind of ['activate', 'deactivate'] as const) {
      const file = path.join(envPlan.plan.prefix, 'etc', 'conda', `${kind}.d`, `${SHIM_BASENAME}${d.extension}`);
      if (fs.existsSync(file) && !isOurs(file)) {
        throw new Error(`${file} exists and was not written by gocondad; move it away, then run \`gocondad shims install\` again`);
      }
      const text = d.shim(kind, envPlan.plan, shimContext(envPlan, loc, file));
      // Not group/world writable: whoever can write this file runs code in every shell that activates.
      if (writeFileAtomic(file, text, 0o644)) changed.push(file);
      else if (olderThanEnv(file, envPlan.plan.prefix)) touch(file);
    }
  }
  registerEnv(loc, envPlan.plan.prefix, true, explicit);
  return { prefix: envPlan.plan.prefix, changed };
}

/** dash where there is one (starts in about a millisecond), else the system sh. */
export const FOREIGN_SH = ['/bin/dash', '/usr/bin/dash', '/bin/sh'].find((p) => fs.existsSync(p)) ?? '/bin/sh';

export function shimContext(envPlan: EnvPlan, loc: Locations, shimFile: string): ShimContext {
  const posixShim = path.join(path.dirname(shimFile), `${SHIM_BASENAME}.sh`);
  return {
    runtimeFallback: loc.runtimeFallback,
    planId: envPlan.planId,
    shimFile,
    node: process.execPath,
    cli: path.join(PACKAGE_ROOT, 'dist', 'cli.js'),
    foreign: { posixShim, runner: loc.foreignRunner, sh: FOREIGN_SH },
  };
}

let runnerText: string | null = null;

/** The runner fish and csh shims use (a copy of shell/foreign.sh owned by the user). */
export function writeForeignRunner(loc: Locations): boolean {
  runnerText ??= fs.readFileSync(path.join(PACKAGE_ROOT, 'shell', 'foreign.sh'), 'utf8');
  ensurePrivateDir(path.dirname(loc.foreignRunner));
  return writeFileAtomic(loc.foreignRunner, runnerText, 0o644);
}

/**
 * A shim older than the env's history or pin file makes its shell ask for a fresh plan (see the shim);
 * once the plan is known to be current, the shim is touched so that this happens once per change.
 */
function olderThanEnv(file: string, prefix: string): boolean {
  const shim = mtimeMs(file);
  return mtimeMs(path.join(prefix, 'conda-meta', 'history')) > shim || mtimeMs(path.join(prefix, 'etc', 'gocondad.yml')) > shim;
}

function touch(file: string): void {
  const now = new Date();
  fs.utimesSync(file, now, now);
}

export function uninstallShims(prefix: string, loc: Locations, explicit = false): InstallResult {
  const changed: string[] = [];
  for (const { file } of shimPaths(prefix)) {
    if (isOurs(file)) {
      fs.rmSync(file, { force: true });
      changed.push(file);
    }
  }
  registerEnv(loc, prefix, false, explicit);
  return { prefix, changed };
}

export interface Registry {
  /** Envs with shims written by gocondad. */
  installed: string[];
  /** Envs whose shims the user removed: auto-install leaves them alone. */
  excluded: string[];
}

export function readRegistry(loc: Locations): Registry {
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : []);
  try {
    const data = JSON.parse(fs.readFileSync(loc.registry, 'utf8'));
    // Version 0.1 wrote a bare list of installed prefixes.
    if (Array.isArray(data)) return { installed: strings(data), excluded: [] };
    return { installed: strings(data?.installed), excluded: strings(data?.excluded) };
  } catch {
    return { installed: [], excluded: [] };
  }
}

export function registeredEnvs(loc: Locations): string[] {
  return readRegistry(loc).installed;
}

/** `explicit`: the user asked (CLI), so an uninstall also opts the env out of auto-install. */
function registerEnv(loc: Locations, prefix: string, present: boolean, explicit = false): void {
  const reg = readRegistry(loc);
  const installed = new Set(reg.installed);
  const excluded = new Set(reg.excluded);
  if (present) {
    installed.add(prefix);
    if (explicit) excluded.delete(prefix);
  } else {
    installed.delete(prefix);
    if (explicit) excluded.add(prefix);
  }
  writeRegistry(loc, { installed: [...installed], excluded: [...excluded] });
}

function writeRegistry(loc: Locations, reg: Registry): void {
  ensurePrivateDir(loc.stateDir);
  writeFileAtomic(loc.registry, `${JSON.stringify({ installed: [...reg.installed].sort(), excluded: [...reg.excluded].sort() }, null, 2)}\n`, 0o600);
}

/** A removed env: drop it from the registry entirely. */
export function forgetEnv(loc: Locations, prefix: string): void {
  const reg = readRegistry(loc);
  if (!reg.installed.includes(prefix) && !reg.excluded.includes(prefix)) return;
  writeRegistry(loc, { installed: reg.installed.filter((p) => p !== prefix), excluded: reg.excluded.filter((p) => p !== prefix) });
}

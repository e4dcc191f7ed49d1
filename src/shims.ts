// Installing and removing the per-env shim files, and keeping the list of envs that have them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EnvPlan } from './envs';
import type { Locations } from './paths';
import { DIALECTS } from './shell';

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

/** Write via a temp file and rename, so a shell sourcing the shim never sees half a file. */
export function writeFileAtomic(file: string, text: string, mode: number): boolean {
  try {
    if (fs.readFileSync(file, 'utf8') === text) return false;
  } catch {
    /* new file */
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode });
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
  return true;
}

export interface InstallResult {
  prefix: string;
  changed: string[];
}

export function installShims(envPlan: EnvPlan, loc: Locations): InstallResult {
  const changed: string[] = [];
  for (const d of DIALECTS) {
    for (const kind of ['activate', 'deactivate'] as const) {
      const file = path.join(envPlan.plan.prefix, 'etc', 'conda', `${kind}.d`, `${SHIM_BASENAME}${d.extension}`);
      if (fs.existsSync(file) && !isOurs(file)) {
        throw new Error(`${file} exists and was not written by gocondad; move it away, then run \`gocondad shims install\` again`);
      }
      const text = d.shim(kind, envPlan.plan, { runtimeFallback: loc.runtimeFallback, planId: envPlan.planId });
      // Not group/world writable: whoever can write this file runs code in every shell that activates.
      if (writeFileAtomic(file, text, 0o644)) changed.push(file);
    }
  }
  registerEnv(loc, envPlan.plan.prefix, true);
  return { prefix: envPlan.plan.prefix, changed };
}

export function uninstallShims(prefix: string, loc: Locations): InstallResult {
  const changed: string[] = [];
  for (const { file } of shimPaths(prefix)) {
    if (isOurs(file)) {
      fs.rmSync(file, { force: true });
      changed.push(file);
    }
  }
  registerEnv(loc, prefix, false);
  return { prefix, changed };
}

export function registeredEnvs(loc: Locations): string[] {
  try {
    const list = JSON.parse(fs.readFileSync(loc.registry, 'utf8'));
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.statSync(dir);
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw new Error(`${dir} belongs to uid ${st.uid}, not to you; remove it (or set XDG_RUNTIME_DIR / XDG_STATE_HOME elsewhere) and retry`);
  }
  if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}

function registerEnv(loc: Locations, prefix: string, present: boolean): void {
  const set = new Set(registeredEnvs(loc));
  if (present) set.add(prefix);
  else set.delete(prefix);
  ensurePrivateDir(loc.stateDir);
  writeFileAtomic(loc.registry, `${JSON.stringify([...set].sort(), null, 2)}\n`, 0o600);
}

// `gocondad uninstall [--purge]`: what to remove is planned from facts (pure), then removed. Shims go
// from every env that has them (conda's own files are never touched), the service and login line, the
// plugin where setup put it, runtime files and launchers; logs, envs.json and config stay unless purge.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Env, Locations } from '../paths';
import { MANAGERS, serviceContext } from '../service';
import type { Runner, ServiceKind } from '../service/types';
import { uninstallShims } from '../shims/install';
import { manifestPath, type Manifest } from './manifest';
import { shq } from './setup-plan';
import { uninstallPlugin } from './plugin';

export interface UninstallFacts {
  loc: Locations;
  manifest: Manifest | null;
  installedServices: ServiceKind[];
  /** Envs that have gocondad's shims now, and whether we may remove them. */
  shimmedEnvs: { prefix: string; writable: boolean }[];
  /** How an admin runs this gocondad (quoted node and CLI). */
  command: string;
  /** Roots of the manifest's plugin installs that still have the plugin. */
  pluginsPresent: string[];
  purge: boolean;
  /** gocondad's cache dir (parsed YAML): always removed. */
  cacheDir: string | null;
  /** Whether a path is there now: the plan lists only what removing would change. */
  exists(p: string): boolean;
}

export interface UninstallPlan {
  services: ServiceKind[];
  shims: string[];
  /** Shims in envs we cannot write (an admin installed them): the command an admin runs. */
  adminShims: { prefix: string; command: string }[];
  plugins: { root: string; python: string }[];
  /** Removed whole (files or directory trees of gocondad's own). */
  remove: string[];
  /** Kept unless --purge. */
  keep: string[];
  /** Directories setup created: removed when empty, deepest first. */
  emptyDirs: string[];
}

export function planUninstall(f: UninstallFacts): UninstallPlan {
  const { loc } = f;
  const dataDir = path.dirname(loc.launcherDir);
  const runtime = [...new Set([loc.runtimeDir, loc.runtimeFallback])];
  const always = [...runtime, dataDir, ...(f.cacheDir ? [f.cacheDir] : []), loc.stateFile, manifestPath(loc)];
  const mine = [loc.stateDir, loc.configDir];
  return {
    services: f.installedServices,
    shims: f.shimmedEnvs.filter((e) => e.writable).map((e) => e.prefix),
    adminShims: f.shimmedEnvs.filter((e) => !e.writable).map((e) => ({ prefix: e.prefix, command: `sudo ${f.command} shims uninstall ${shq(e.prefix)}` })),
    plugins: (f.manifest?.plugins ?? []).filter((p) => f.pluginsPresent.includes(p.root)),
    remove: (f.purge ? [...always, ...mine] : always).filter((p) => f.exists(p)),
    keep: f.purge ? [] : [`${loc.stateDir} (log, envs.json)`, `${loc.configDir} (config)`],
    emptyDirs: [...(f.manifest?.createdDirs ?? [])].sort((a, b) => b.length - a.length),
  };
}

export interface UninstallHooks {
  run: Runner;
  stopDaemon(): Promise<string | null>;
  print(line: string): void;
  /** Between two whole steps: throws to stop there when the user interrupted (cli/signals.ts). */
  checkpoint?(state: string): Promise<void>;
}

/** Every step is idempotent and the plan is made again from what is there: a rerun finishes the rest. */
const UNINSTALL_RERUN = 'each step done so far is whole; run `gocondad uninstall` again to finish';

/** Removes `p` if it is ours to remove: never a path owned by another user. */
function removeOwned(p: string): boolean {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
  } catch {
    return false;
  }
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false;
  fs.rmSync(p, { recursive: true, force: true });
  return true;
}

export async function executeUninstall(plan: UninstallPlan, loc: Locations, env: Env, hooks: UninstallHooks): Promise<{ failures: number }> {
  const { print } = hooks;
  const checkpoint = async () => hooks.checkpoint?.(UNINSTALL_RERUN);
  let failures = 0;
  const ctx = serviceContext(loc, env);
  for (const k of plan.services) for (const n of MANAGERS[k].uninstall(ctx, hooks.run).notes) print(`service  ${n}`);
  await checkpoint();
  const stopped = await hooks.stopDaemon();
  if (stopped) print(`daemon   ${stopped}`);
  for (const prefix of plan.shims) {
    await checkpoint();
    try {
      const r = uninstallShims(prefix, loc, false);
      print(`shims    removed  ${prefix}  (${r.changed.length} file(s))`);
    } catch (err) {
      failures += 1;
      print(`shims    FAILED   ${prefix}: ${(err as Error).message}`);
    }
  }
  for (const e of plan.adminShims) print(`shims    not writable by you: ${e.prefix}; an admin can run: ${e.command}`);
  for (const p of plan.plugins) {
    await checkpoint();
    const r = uninstallPlugin(p.python, env, hooks.run);
    if (r.status === 0) print(`plugin   removed  ${p.root}`);
    else {
      failures += 1;
      print(
        `plugin   FAILED   ${p.root}: pip exited ${r.status}: ${r.stderr.trim().split('\n').slice(-1)[0]!}; run: ${p.python} -m pip uninstall gocondad-conda`,
      );
    }
  }
  await checkpoint();
  for (const p of plan.remove) if (removeOwned(p)) print(`removed  ${p}`);
  for (const d of plan.emptyDirs) {
    try {
      fs.rmdirSync(d);
    } catch {
      /* not empty (something else lives there now), or already gone */
    }
  }
  for (const k of plan.keep) print(`kept     ${k}; \`gocondad uninstall --purge\` removes it`);
  return { failures };
}

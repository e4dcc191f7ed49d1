// Doing what a SetupPlan says, in an order that keeps a half-done setup undoable: the manifest of what
// will be created is written first, then shims, plugin, service. Prints what it did and where.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverEnvs } from '../core/discovery';
import { loadWorld, planForPrefix } from '../core/envs';
import { syncWorldLaunchers } from '../shims/launchers';
import { yamlCacheFile } from '../core/yaml';
import type { Env, Locations } from '../paths';
import { VERSION } from '../pkg';
import { MANAGERS, serviceContext, serviceSpec } from '../service';
import { loginFileFor } from '../service/login-line';
import { plistPath } from '../service/launchd';
import { unitPath } from '../service/systemd-user';
import type { Runner, ServiceKind } from '../service/types';
import { installShims, NewerShimsError } from '../shims/install';
import { mergeManifest, missingDirs, writeManifest, type Manifest } from './manifest';
import { shimDirs } from './facts';
import { condaWorks, installPlugin, uninstallPlugin } from './plugin';
import type { PluginStep, SetupPlan } from './setup-plan';

export interface SetupHooks {
  run: Runner;
  /** Asks the user (only called for plan steps that say `ask`). */
  confirm(question: string): Promise<boolean>;
  /** Starts the daemon in the background; returns what happened, one line. */
  startDaemon(): Promise<string>;
  /** Stops a running daemon (a service manager is about to start its own); null when none ran. */
  stopDaemon(): Promise<string | null>;
  print(line: string): void;
  /** Says a long step as it starts (pip, the service manager), for a person at a terminal only. */
  progress?(step: string): void;
  /** Between two whole steps: throws to stop there when the user interrupted (cli/signals.ts). */
  checkpoint?(state: string): Promise<void>;
}

/** What an interrupted setup leaves: the record is written before each checkpoint. */
const SETUP_RERUN = 'what was done so far is whole and recorded in setup.json; run `gocondad setup` again to finish, or `gocondad uninstall` to undo it';

/** Where the service of `kind` writes, for the record of created directories. */
function serviceDir(kind: ServiceKind, loc: Locations, env: Env): string {
  if (kind === 'systemd-user') return path.dirname(unitPath({ home: loc.home, env }));
  if (kind === 'launchd') return path.dirname(plistPath({ home: loc.home }));
  // Stryker disable next-line StringLiteral,ArrowFunction: loginFileFor reads an empty shell as sh; `exists` only picks among bash's files, all in HOME.
  return path.dirname(loginFileFor(env.SHELL || '/bin/sh', loc.home, env, (f) => fs.existsSync(f)).file);
}

// split always returns at least one element, so the last one is always there.
const lastLine = (text: string) => text.trim().split('\n').slice(-1)[0]!;

/** Never break conda: a conda that works before and fails after the install gets the plugin taken out. Null when all went well. */
export function installVerified(step: Pick<PluginStep, 'root' | 'python' | 'command'>, env: Env, run: Runner, source?: string): string | null {
  const before = condaWorks(step.root, env, run);
  if (before.status !== 0)
    return `conda there does not work even now (\`conda info\` exit ${before.status}: ${lastLine(before.stderr)}); not installing into it`;
  const r = installPlugin(step.python, env, run, source);
  if (r.status !== 0) return `pip exited ${r.status}: ${lastLine(r.stderr)}; run it yourself: ${step.command}`;
  const after = condaWorks(step.root, env, run);
  if (after.status === 0) return null;
  const undo = uninstallPlugin(step.python, env, run);
  return `this conda cannot load the plugin (\`conda info\` exit ${after.status}: ${lastLine(after.stderr)}); ${undo.status === 0 ? 'removed it again' : `and removing it failed: run ${step.python} -m pip uninstall gocondad-conda`}`;
}

export async function executeSetup(plan: SetupPlan, loc: Locations, env: Env, hooks: SetupHooks, old: Manifest | null): Promise<{ failures: number }> {
  const { print } = hooks;
  let failures = 0;
  const dataDir = path.dirname(loc.launcherDir);
  const cache = yamlCacheFile(env);
  const willCreate = [
    loc.stateDir,
    dataDir,
    ...(cache ? [path.dirname(cache)] : []),
    ...plan.shims.install.flatMap(shimDirs),
    ...(plan.service ? [serviceDir(plan.service.kind, loc, env)] : []),
  ];
  const created = willCreate.flatMap((d) => missingDirs(d));
  const manifest = (service: ServiceKind | null, plugins: Manifest['plugins'], envs: string[]) =>
    mergeManifest(old, { gocondad: VERSION, updatedAt: new Date().toISOString(), service, plugins, envs, createdDirs: created });
  writeManifest(loc, manifest(null, [], []));

  const world = loadWorld(loc);
  syncWorldLaunchers(world);
  const roots = discoverEnvs(env, loc.home).roots;
  const shimmed: string[] = [];
  const checkpoint = async (plugins: Manifest['plugins']) => {
    // The record first, so that a stop here (or a SIGKILL) leaves it true for uninstall and the rerun.
    writeManifest(loc, manifest(null, plugins, shimmed));
    await hooks.checkpoint?.(SETUP_RERUN);
  };
  for (const prefix of plan.shims.install) {
    await checkpoint([]);
    try {
      const envPlan = planForPrefix(prefix, world, roots);
      const r = installShims(envPlan, loc, false);
      shimmed.push(prefix);
      const what = envPlan.plan.ok ? envPlan.plan.goVersion : `no toolchain yet: ${envPlan.plan.why}`;
      print(`shims    ${r.changed.length > 0 ? 'installed ' : 'up to date'}  ${prefix}  (${what})`);
    } catch (err) {
      if (err instanceof NewerShimsError) {
        print(
          `shims    kept newer  ${prefix}  (gocondad ${err.stamp.version} wrote them; upgrade this gocondad, or replace them: gocondad shims install ${prefix})`,
        );
        continue;
      }
      failures += 1;
      print(`shims    FAILED      ${prefix}: ${(err as Error).message}`);
    }
  }
  for (const e of plan.shims.notWritable) print(`shims    not writable ${e.prefix}; an admin can run: ${e.command}`);
  writeManifest(loc, manifest(null, [], shimmed));

  const plugins: Manifest['plugins'] = [];
  for (const step of plan.plugins) {
    await checkpoint(plugins);
    let go = step.action === 'install' || step.action === 'upgrade';
    if (step.action === 'ask')
      go = await hooks.confirm(
        `Install gocondad's conda plugin into ${step.root} (adds \`conda go\`, keeps shims current right after conda changes an env)? [y/N] `,
      );
    if (!go) {
      print(
        `plugin   ${step.action === 'keep' ? 'kept      ' : 'not installed'}  ${step.root}  (${step.action === 'ask' ? `declined; to install later: ${step.command}` : step.why})`,
      );
      continue;
    }
    hooks.progress?.(`installing the conda plugin into ${step.root} (${step.python} -m pip)`);
    const r = installVerified(step, env, hooks.run);
    if (r === null) {
      plugins.push({ root: step.root, python: step.python });
      print(`plugin   installed  ${step.root}  (${step.python} -m pip; \`conda info\` still works)`);
    } else {
      failures += 1;
      print(`plugin   FAILED     ${step.root}: ${r}`);
    }
  }
  await checkpoint(plugins);

  let service: ServiceKind | null = null;
  if (plan.service) {
    const ctx = serviceContext(loc, env);
    const manager = MANAGERS[plan.service.kind];
    // A daemon started by hand would hold the lock the managed one needs.
    if (manager.kind !== 'login-line') {
      const stopped = await hooks.stopDaemon();
      if (stopped) print(`daemon   ${stopped} (the service starts it now)`);
    }
    hooks.progress?.(`installing the ${manager.kind} service`);
    const out = manager.install(serviceSpec(loc, env), ctx, hooks.run);
    for (const n of out.notes) print(`service  ${n}`);
    if (out.failed) failures += 1;
    // What was installed before goes only once the new one is in: a failed install keeps it working.
    else for (const k of plan.service.remove) for (const n of MANAGERS[k].uninstall(ctx, hooks.run).notes) print(`service  ${n}`);
    if (!out.started) print(`daemon   ${await hooks.startDaemon()}`);
    service = out.failed ? null : plan.service.kind;
  }
  writeManifest(loc, manifest(service, plugins, shimmed));
  print(`record   ${path.join(loc.stateDir, 'setup.json')}`);
  print(`undo all of it: ${plan.undo}`);
  return { failures };
}

// `gocondad shims install|refresh|uninstall`. `refresh --print` is on a stale shim's path (the one time a
// shim starts a process), so this file loads only what that needs.
import type { Command } from 'commander';
import { EXIT, GocondadError, invalidValue, systemError } from '../../errors';
import { loc, print, warn } from '../context';

async function targetPrefixes(prefixes: string[], all: boolean | undefined, verb: string): Promise<string[]> {
  const { discoverEnvs } = await import('../../core/discovery');
  const { isCondaEnv, notACondaEnv } = await import('../../core/env-arg');
  const { resolveEnvArg } = await import('../env-arg');
  // Every env checked before any is touched: a wrong one stops the command with nothing changed.
  const chosen = prefixes.map((p) => resolveEnvArg(p, { usage: `gocondad shims ${verb} ENV`, activeByDefault: false }));
  if (all) for (const e of discoverEnvs(process.env, loc().home).envs) chosen.push(e.prefix);
  if (chosen.length === 0 && !all) throw new GocondadError('no env given', 'name the envs, or pass --all for every env conda knows', EXIT.USAGE);
  // --all where conda knows no env: nothing to do, as `git add -A` in a clean tree; said, not an error.
  if (chosen.length === 0) warn('no conda env found (no conda root, envs dir or environments.txt); nothing to do');
  for (const p of chosen) if (!isCondaEnv(p)) throw notACondaEnv(p);
  return [...new Set(chosen)];
}

/**
 * What `--print` renders the fresh plan as: POSIX code, the one plan renderer (shell/posix.ts). fish and
 * csh shims run the POSIX shim and never call refresh themselves, so there is no `--print fish|csh`.
 */
const PRINTS = ['posix'] as const;

/** How long `shims refresh` (run by a shim, inside an activation) waits for the registry lock. */
const REFRESH_LOCK_WAIT_MS = 200;

/** Each env's shims are written whole (one env at a time); a stop between two envs leaves the rest to the rerun. */
const RERUN = 'every env done so far is whole, the others untouched; run the same command again to finish';

/** An env the user cannot write: say so, with the command an admin can run (as `setup --dry-run` does). */
async function notWritable(err: unknown, verb: 'install' | 'uninstall', prefix: string): Promise<Error> {
  const { adminCommand } = await import('../../setup/facts');
  const { adminShimsCommand } = await import('../../setup/setup-plan');
  const code = (err as NodeJS.ErrnoException).code;
  const hint = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `an admin can run: ${adminShimsCommand(adminCommand(), verb, prefix)}` : undefined;
  const words = systemError(err, { action: 'write', hint });
  return words ? new Error(words.hint ? `${words.message}; ${words.hint}` : words.message) : (err as Error);
}

async function shimsInstall(prefixes: string[], opts: { all?: boolean; auto?: boolean }): Promise<void> {
  const { discoverEnvs } = await import('../../core/discovery');
  const { loadWorld, planForPrefix } = await import('../../core/envs');
  const { syncWorldLaunchers } = await import('../../shims/launchers');
  const { installShims } = await import('../../shims/install');
  const { readRegistry } = await import('../../shims/registry');
  const { formatProblem } = await import('../render');
  const { notifyDaemon } = await import('../client');
  const world = loadWorld(loc());
  const excluded = readRegistry(loc()).excluded;
  for (const p of world.configProblems) warn(formatProblem(p));
  syncWorldLaunchers(world);
  let failed = false;
  const { checkpoint } = await import('../signals');
  const { stepLine, styleFor } = await import('../style');
  const s = styleFor(process.stdout);
  for (const prefix of await targetPrefixes(prefixes, opts.all, 'install')) {
    await checkpoint(RERUN);
    // --auto: what the daemon's auto_install would do (the conda plugin calls this after `conda create`).
    if (opts.auto && (!world.config.autoInstall || excluded.includes(prefix))) {
      print(stepLine(s, `skipped  ${prefix}  (${world.config.autoInstall ? 'opted out: gocondad shims install PREFIX opts back in' : 'auto_install: false'})`));
      continue;
    }
    const envPlan = planForPrefix(prefix, world, discoverEnvs(process.env, loc().home).roots);
    for (const p of envPlan.problems) warn(formatProblem(p));
    try {
      const result = installShims(envPlan, loc(), !opts.auto);
      const what = envPlan.plan.ok ? `${envPlan.plan.goVersion} (${envPlan.plan.source})` : `no toolchain: ${envPlan.plan.why}`;
      print(stepLine(s, `${result.changed.length > 0 ? 'installed' : 'up to date'}  ${prefix}  ${what}`));
    } catch (err) {
      failed = true;
      warn(`${prefix}: ${(await notWritable(err, 'install', prefix)).message}`);
    }
  }
  await notifyDaemon(loc().socket);
  if (failed) process.exitCode = 1;
}

/**
 * Called by a stale activate shim (the env changed after the shim was written): rewrites the env's shims
 * and prints the fresh plan in the shim's dialect for it to evaluate. Never contacts the daemon, so that a
 * hung daemon cannot slow an activation down; the daemon's own watch notices the rewrite.
 */
export async function shimsRefresh(prefix: string, opts: { print?: string }): Promise<void> {
  // Commander checks this too (.choices); the fast path does not load commander, and says it alike.
  if (opts.print !== undefined && !(PRINTS as readonly string[]).includes(opts.print))
    throw invalidValue('--print', opts.print, PRINTS, 'gocondad shims refresh');
  const { discoverEnvs } = await import('../../core/discovery');
  const { loadWorld, planForPrefix } = await import('../../core/envs');
  const { syncWorldLaunchers } = await import('../../shims/launchers');
  const { hasShims, installShims } = await import('../../shims/install');
  const { resolveEnvArg } = await import('../env-arg');
  const target = resolveEnvArg(prefix, { usage: 'gocondad shims refresh ENV', activeByDefault: false });
  if (!hasShims(target)) throw new GocondadError(`${target} has no gocondad shims`, `install them with: gocondad shims install ${target}`);
  const world = loadWorld(loc());
  syncWorldLaunchers(world);
  const envPlan = planForPrefix(target, world, discoverEnvs(process.env, loc().home).roots);
  try {
    // Inside an activation: never wait long on a daemon (hung, or stopped) that holds the lock. The
    // fresh plan is printed all the same; the daemon's watch rewrites the shims once it runs.
    installShims(envPlan, loc(), false, REFRESH_LOCK_WAIT_MS);
  } catch (err) {
    const { LockBusyError } = await import('../../lockfile');
    if (!(err instanceof LockBusyError)) throw err;
  }
  if (opts.print !== undefined) {
    const { planHeader } = await import('../../shell/posix');
    print(planHeader(envPlan.plan, envPlan));
  }
}

async function shimsUninstall(prefixes: string[], opts: { all?: boolean }): Promise<void> {
  const { uninstallShims } = await import('../../shims/install');
  const { notifyDaemon } = await import('../client');
  let failed = false;
  const { checkpoint } = await import('../signals');
  const { stepLine, styleFor } = await import('../style');
  const s = styleFor(process.stdout);
  for (const prefix of await targetPrefixes(prefixes, opts.all, 'uninstall')) {
    await checkpoint(RERUN);
    try {
      const result = uninstallShims(prefix, loc(), true);
      print(stepLine(s, `${result.changed.length > 0 ? 'removed' : 'none found'}  ${prefix}`));
    } catch (err) {
      failed = true;
      warn(`${prefix}: ${(await notWritable(err, 'uninstall', prefix)).message}`);
    }
  }
  await notifyDaemon(loc().socket);
  if (failed) process.exitCode = EXIT.FAILED;
}

export function register(program: Command): void {
  const shims = program.command('shims').description('install or remove the activation shims of envs');
  shims
    .command('install')
    .description('write the activation shims into envs (idempotent); opts an env back in to auto_install')
    .argument('[prefix...]', 'envs, by name or prefix')
    .option('--all', 'every env conda knows')
    .option('--auto', 'only where auto_install would: not with auto_install: false, not in envs opted out')
    .action(shimsInstall);
  const refresh = shims
    .command('refresh')
    .description('rewrite one env’s shims now (stale shims call this themselves)')
    .argument('<prefix>', 'the env, by name or prefix');
  refresh.addOption(refresh.createOption('--print <dialect>', 'print the fresh plan as shell code of that dialect').choices(PRINTS)).action(shimsRefresh);
  shims
    .command('uninstall')
    .description('remove the shims from envs, and opt them out of auto_install')
    .argument('[prefix...]', 'envs, by name or prefix')
    .option('--all', 'every env conda knows')
    .action(shimsUninstall);
}

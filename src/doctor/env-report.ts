// The rows behind `gocondad envs`: every env conda knows, its shims and its toolchain choice. It reads
// the same files the daemon reads, so it works with no daemon running.
import type { ChoiceSource } from '../core/vocabulary';
import type { Problem } from '../core/config';
import { discoverEnvs } from '../core/discovery';
import { loadWorld, planForPrefix } from '../core/envs';
import type { Env, Locations } from '../paths';
import { hasShims } from '../shims/install';
import { readRegistry } from '../shims/registry';

export interface EnvRow {
  envName: string;
  prefix: string;
  foundVia: string;
  shims: boolean;
  /** The user removed the shims here: auto-install leaves the env alone. */
  optedOut: boolean;
  ok: boolean;
  goVersion: string | null;
  goroot: string | null;
  chosenBy: ChoiceSource | null;
  why: string;
  problems: Problem[];
}

export function envReport(loc: Locations, env: Env): { envs: EnvRow[]; problems: Problem[]; autoInstall: boolean } {
  const world = loadWorld(loc);
  const layout = discoverEnvs(env, loc.home);
  const reg = readRegistry(loc);
  const known = new Map(layout.envs.map((e) => [e.prefix, e]));
  // Envs given to `shims install` by path count too, even where no conda file lists them.
  for (const prefix of reg.installed) if (!known.has(prefix)) known.set(prefix, { prefix, name: prefix, foundVia: 'shims installed by path' });
  const envs = [...known.values()].map((e): EnvRow => {
    const { plan, problems } = planForPrefix(e.prefix, world, layout.roots);
    return {
      envName: e.name,
      prefix: e.prefix,
      foundVia: e.foundVia,
      shims: hasShims(e.prefix),
      optedOut: reg.excluded.includes(e.prefix),
      ok: plan.ok,
      goVersion: plan.goVersion,
      goroot: plan.goroot,
      chosenBy: plan.source,
      why: plan.why,
      problems: plan.ok ? problems : [...problems, { file: e.prefix, message: plan.why }],
    };
  });
  return { envs, problems: [...world.configProblems, ...layout.problems], autoInstall: world.config.autoInstall };
}

/**
 * The `envs` header's word on auto_install. It is the daemon that installs shims into new envs, so "on"
 * with no daemon running promised what nothing does: say so, with the command that makes it true.
 */
export function autoInstallNote(on: boolean, daemonRunning: boolean): string {
  if (!on) return 'auto_install off';
  if (daemonRunning) return 'auto_install on';
  return 'auto_install on, but no daemon runs: new envs get no shims until `gocondad start` (`gocondad setup` starts one at every login)';
}

// The I/O half of setup's planning: what is on disk and on this machine, as SetupFacts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverEnvs } from '../core/discovery';
import type { Env, Locations } from '../paths';
import { PACKAGE_ROOT } from '../pkg';
import { chooseServiceKind, probeServiceFacts } from '../service/choose-kind';
import { MANAGERS, serviceContext } from '../service';
import { SERVICE_KINDS, type Runner, type ServiceKind } from '../service/types';
import { readRegistry } from '../shims/registry';
import type { Manifest } from './manifest';
import { condaRoots, installedPluginVersion, PLUGIN_SOURCE, pluginVersion } from './plugin';
import { shq, type SetupFacts } from './setup-plan';

/**
 * Whether we may create or replace files at `dir`: the nearest existing ancestor is writable. `access` is
 * a parameter for the tests, which run as root: access(2) never refuses root a directory on a writable fs.
 */
export function writableAt(dir: string, access: (p: string, mode: number) => void = fs.accessSync): boolean {
  let d = dir;
  for (;;) {
    if (fs.existsSync(d)) {
      try {
        access(d, fs.constants.W_OK);
        return fs.statSync(d).isDirectory();
      } catch {
        return false;
      }
    }
    const up = path.dirname(d);
    // Stryker disable next-line ConditionalExpression,BooleanLiteral: unreachable: the walk meets "/" or "." first, which always stat (even a removed working dir).
    if (up === d) return false;
    d = up;
  }
}

export function shimDirs(prefix: string): string[] {
  return ['activate.d', 'deactivate.d'].map((k) => path.join(prefix, 'etc', 'conda', k));
}

/** This gocondad as an admin would run it: node and the CLI by absolute path (sudo's PATH may not have it). */
export function adminCommand(): string {
  return `${shq(process.execPath)} ${shq(path.join(PACKAGE_ROOT, 'dist', 'cli.js'))}`;
}

export function gatherSetupFacts(loc: Locations, env: Env, run: Runner, manifest: Manifest | null, forced: ServiceKind | null): SetupFacts {
  const layout = discoverEnvs(env, loc.home);
  const excluded = new Set(readRegistry(loc).excluded);
  const envs = layout.envs.map((e) => ({
    prefix: e.prefix,
    name: e.name,
    writable: shimDirs(e.prefix).every((d) => writableAt(d)),
    optedOut: excluded.has(e.prefix),
  }));
  const ours = new Set((manifest?.plugins ?? []).map((p) => p.root));
  const condas = condaRoots(env, loc.home, layout.roots).map((c) => {
    const version = installedPluginVersion(c.root);
    return { ...c, plugin: version, writable: writableAt(path.join(c.root, 'lib')), ours: ours.has(c.root) };
  });
  const ctx = serviceContext(loc, env);
  const service = forced ? { kind: forced, why: '--manager' } : chooseServiceKind(probeServiceFacts(env, run));
  const installedServices = SERVICE_KINDS.filter((k) => MANAGERS[k].status(ctx, run).installed);
  return {
    envs,
    condas,
    service,
    installedServices,
    command: adminCommand(),
    pluginSource: PLUGIN_SOURCE,
    pluginVersion: pluginVersion(),
  };
}

// The live facts behind core/env-arg.ts for the commands: $CONDA_PREFIX, and the envs a name may mean
// (conda's, and those given shims by path), read from disk only when a name is given — a stale shim's
// `shims refresh /abs/prefix` reads none of them.
import * as path from 'node:path';
import { discoverEnvs } from '../core/discovery';
import { envByName, whichEnv, type EnvArgFacts, type EnvArgRules } from '../core/env-arg';
import { isDir } from '../fsutil';
import { readRegistry } from '../shims/registry';
import { loc } from './context';

export function liveEnvFacts(): EnvArgFacts {
  return {
    active: process.env.CONDA_PREFIX,
    known: () => [
      ...discoverEnvs(process.env, loc().home).envs.map((e) => ({ name: e.name, prefix: e.prefix })),
      ...readRegistry(loc()).installed.map((p) => ({ name: path.basename(p), prefix: p })),
    ],
    isDir,
  };
}

/** The env a command works on (the argument, or the active env where the command allows), checked. */
export function resolveEnvArg(arg: string | undefined, rules: EnvArgRules): string {
  return whichEnv(arg, liveEnvFacts(), rules);
}

/** Only the name-or-path part (doctor reports a path that is no env as a finding of its own). */
export function envOfArg(arg: string): string {
  return envByName(arg, liveEnvFacts());
}

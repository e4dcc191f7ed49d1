// The I/O around the pure planner: reading an env's facts from disk, and finding the envs conda knows.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chooseToolchain } from './choose';
import { loadPinFile, loadUserConfig, type Problem, type UserConfig } from './config';
import type { Locations } from './paths';
import { envNameOf, planEnv, type Plan } from './plan';
import { discoverToolchains, expandSearchDir, inspectToolchain, systemToolchainCandidates, type Discovery } from './toolchains';

/** Variables an env declares through conda (`conda env config vars set`, env_vars.d): conda owns them. */
export function envDeclaredVars(prefix: string): string[] {
  const names = new Set<string>();
  const take = (file: string, pick: (json: any) => unknown) => {
    try {
      const value = pick(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (value && typeof value === 'object') for (const k of Object.keys(value)) names.add(k);
    } catch {
      /* absent or not JSON: conda would ignore it too */
    }
  };
  take(path.join(prefix, 'conda-meta', 'state'), (j) => j?.env_vars);
  const dir = path.join(prefix, 'etc', 'conda', 'env_vars.d');
  let files: string[] = [];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    /* none */
  }
  for (const f of files) take(path.join(dir, f), (j) => j);
  return [...names];
}

export interface World {
  config: UserConfig;
  configProblems: Problem[];
  discovery: Discovery;
}

/** Reads the user config and scans for toolchains once; planning many envs reuses the result. */
export function loadWorld(loc: Locations): World {
  const { config, problems } = loadUserConfig(loc.configFile, loc.home);
  const candidates = config.toolchains.flatMap(expandSearchDir);
  if (config.systemToolchains) candidates.push(...systemToolchainCandidates(loc.home));
  return { config, configProblems: problems, discovery: discoverToolchains(candidates) };
}

export interface EnvPlan {
  plan: Plan;
  planId: string;
  problems: Problem[];
}

export function planForPrefix(prefix: string, world: World, rootPrefixes: string[] = []): EnvPlan {
  const { pin, problems } = loadPinFile(prefix);
  const envGoRoot = path.join(prefix, 'go');
  const envGo = fs.existsSync(path.join(envGoRoot, 'bin', 'go')) ? inspectToolchain(envGoRoot) : null;
  const pinnedRoot = pin?.goroot ? inspectToolchain(pin.goroot) : null;
  const choice = chooseToolchain({ pin, pinnedRoot, envGo, defaultRange: world.config.default, found: world.discovery.toolchains });
  const plan = planEnv({ prefix, envName: envNameOf(prefix, rootPrefixes), choice, config: world.config, envDeclaredVars: envDeclaredVars(prefix) });
  const planId = crypto.createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 12);
  return { plan, planId, problems };
}

export function isCondaEnv(prefix: string): boolean {
  return fs.existsSync(path.join(prefix, 'conda-meta'));
}

/** Every env conda knows: ~/.conda/environments.txt, plus the envs dirs (~/.conda/envs, <root>/envs). */
export function knownEnvs(home: string): string[] {
  const out = new Set<string>();
  const add = (p: string) => {
    const clean = path.resolve(p);
    if (isCondaEnv(clean)) out.add(clean);
  };
  const listed: string[] = [];
  try {
    for (const line of fs.readFileSync(path.join(home, '.conda', 'environments.txt'), 'utf8').split(/\r?\n/)) {
      const p = line.trim();
      if (p && path.isAbsolute(p)) listed.push(p);
    }
  } catch {
    /* conda never ran for this user */
  }
  const envsDirs = [path.join(home, '.conda', 'envs'), ...listed.map((p) => path.join(p, 'envs'))];
  for (const p of listed) add(p);
  for (const dir of envsDirs) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) add(path.join(dir, n));
  }
  return [...out].sort();
}

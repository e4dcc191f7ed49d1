// The I/O around the pure planner: reading an env's facts from disk, and finding the envs conda knows.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decide, type TraceStep } from './choose-toolchain';
import { envGo as envGoOf } from './env-go';
import { loadPinFile, loadUserConfig, type Problem, type UserConfig } from './config';
import { isDir } from '../fsutil';
import { goModcache, type Locations } from '../paths';
import { envNameOf, planEnv, type Plan } from './activation-plan';
import { unquotableChars, unquotableWhy } from './path-alias';
import { envPlatform } from './platform';
import { discoverToolchains, expandSearchDir, inspectToolchain, systemToolchainCandidates, toolchainWatchDirs, type Discovery } from './toolchains';

/**
 * Variables an env declares through conda (`conda env config vars set`, env_vars.d): the activator owns
 * them. conda and micromamba both upper-case the names (`gobin` exports GOBIN; verified with both), and
 * both read every file of env_vars.d, not only *.json (conda 24.11 to 26.9: a `c.txt` there is exported).
 */
export function envDeclaredVars(prefix: string): string[] {
  const names = new Set<string>();
  const take = (file: string, pick: (json: { env_vars?: unknown } | null) => unknown) => {
    try {
      const value = pick(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (value && typeof value === 'object') for (const k of Object.keys(value)) names.add(k.toUpperCase());
    } catch {
      /* absent or not JSON: conda would ignore it too */
    }
  };
  take(path.join(prefix, 'conda-meta', 'state'), (j) => j?.env_vars);
  for (const f of envVarsFiles(prefix)) take(f, (j) => j);
  return [...names];
}

/**
 * The files of the env's etc/conda/env_vars.d, as conda applies them: every entry whatever its name (not
 * only *.json; conda 24.11 to 26.9 reads each), in code point order (Python's sorted(); JS's default sort
 * compares UTF-16 units, which puts a name with an emoji before one with U+FFFD). None when unreadable.
 */
export function envVarsFiles(prefix: string): string[] {
  const dir = path.join(prefix, 'etc', 'conda', 'env_vars.d');
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  // Stryker disable next-line MethodExpression,ArrowFunction: readdirSync already lists names in this order (libuv's scandir sorts them by their UTF-8 bytes); the sort says so instead of relying on it
  names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return names.map((n) => path.join(dir, n));
}

export interface World {
  config: UserConfig;
  configProblems: Problem[];
  discovery: Discovery;
  /** Where the version-named launchers live; null when `launchers: false`. */
  launcherDir: string | null;
  /** Where aliases of PATH entries conda cannot quote are made. */
  aliasDir: string;
  /** The user's module cache (this process's GOMODCACHE / GOPATH / ~/go), read by `go_offline` envs. */
  userModcache: string;
}

/** Reads the user config and scans for toolchains once; planning many envs reuses the result. */
export function loadWorld(loc: Locations): World {
  const { config, problems } = loadUserConfig(loc.configFile, loc.home);
  const candidates = config.toolchains.flatMap(expandSearchDir);
  if (config.systemToolchains) candidates.push(...systemToolchainCandidates(loc.home));
  return {
    config,
    configProblems: problems,
    discovery: discoverToolchains(candidates),
    launcherDir: config.launchers ? loc.launcherDir : null,
    aliasDir: loc.aliasDir,
    userModcache: goModcache(process.env, loc.home),
  };
}

/** What decides which toolchains exist: configured roots and the dirs holding roots (system ones too). */
export function toolchainWatchInput(world: World, home: string): { toolchainDirs: { dir: string; match?: RegExp }[]; toolchainRoots: string[] } {
  const roots = world.discovery.toolchains.map((t) => t.root);
  const dirs: { dir: string; match?: RegExp }[] = [];
  for (const d of toolchainWatchDirs(world.config.toolchains, world.config.systemToolchains, home)) {
    if (d.match === undefined && expandSearchDir(d.dir)[0] === d.dir) roots.push(d.dir);
    else dirs.push(d);
  }
  return { toolchainDirs: dirs, toolchainRoots: [...new Set(roots)] };
}

export interface EnvPlan {
  plan: Plan;
  planId: string;
  problems: Problem[];
  /**
   * When the env's files were read (epoch ms), just before. Shims written from this plan are dated
   * then, not when written: an env change in between (`conda install go` racing a refresh) must still
   * look newer than the shim, so that the next activation asks for a fresh plan.
   */
  readAt: number;
  /** How the plan's toolchain was chosen, step by step (`gocondad explain`); not part of the plan or its id. */
  trace: TraceStep[];
}

// Stryker disable next-line ArrayDeclaration: a stand-in entry is no absolute path, and a prefix always is, so it names no env's root.
export function planForPrefix(prefix: string, world: World, rootPrefixes: string[] = []): EnvPlan {
  const readAt = Date.now();
  const { pin, problems } = loadPinFile(prefix);
  const envGo = envGoOf(prefix);
  const pinnedRoot = pin?.goroot ? inspectToolchain(pin.goroot) : null;
  // The trace comes from the same walk as the choice: `explain` shows how this very plan was decided.
  const { choice, trace } = decide({ pin, pinnedRoot, envGo, defaultRange: world.config.default, found: world.discovery.toolchains });
  const cgo = { policy: pin?.cgo ?? world.config.cgo, hasInclude: isDir(path.join(prefix, 'include')), hasLib: isDir(path.join(prefix, 'lib')) };
  const found = envPlatform(prefix);
  if ('problem' in found && found.problem) problems.push({ file: path.join(prefix, 'conda-meta'), message: found.problem });
  const platform = { subdir: found.subdir, goos: found.go?.goos ?? null, goarch: found.go?.goarch ?? null };
  const plan = planEnv({
    prefix,
    envName: envNameOf(prefix, rootPrefixes),
    choice,
    config: world.config,
    envDeclaredVars: envDeclaredVars(prefix),
    launcherDir: world.launcherDir,
    aliasDir: world.aliasDir,
    cgo,
    platform,
    offline: { on: pin?.goOffline ?? world.config.goOffline, userModcache: world.userModcache },
  });
  for (const entry of plan.change.path.prepend) {
    const chars = unquotableChars(entry);
    if (chars.length > 0)
      problems.push({
        file: path.join(prefix, 'etc', 'conda'),
        message: `PATH entry ${JSON.stringify(entry)} cannot be carried by conda (${unquotableWhy(chars)}) and no alias could be made for it: gocondad's data dir is not a plain path; set XDG_DATA_HOME to one`,
      });
  }
  const planId = crypto.createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 12);
  return { plan, planId, problems, readAt, trace };
}

// The one answer to "which env?" for every command taking an env argument (explain, export, restore,
// doctor, sync-env, bundle -p, shims): a name `gocondad envs` shows or a path, the active env
// ($CONDA_PREFIX) when none is given and the command allows it, and the conda-meta check, each with one
// error that says what to do next. Pure but for the conda-meta check; the envs known by name come in
// as a function, read only when a name is given (cli/env-arg.ts reads them from disk).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT, GocondadError } from '../errors';

export interface NamedEnv {
  name: string;
  prefix: string;
}

export interface EnvArgFacts {
  /** $CONDA_PREFIX: the active env, if any. */
  active: string | undefined;
  /** The envs a name may mean: conda's, and the ones given shims by path. */
  known: () => NamedEnv[];
  /** A directory of that absolute path exists (a bare word no env is named may be a dir here). */
  isDir: (dir: string) => boolean;
}

export interface EnvArgRules {
  /** How the command is typed with its env, for the next step of "no env given": `gocondad explain ENV`. */
  usage: string;
  /** With no argument, the active env; false: an argument is required (the command line says so). */
  activeByDefault: boolean;
  /** Skip the conda-meta check (sync-env --planned: an env conda is about to create). */
  mayNotExistYet?: boolean;
  /** Exit code of "is not a conda env" (sync-env, called by conda's hooks, says 2: its argument was wrong). */
  notAnEnvExit?: number;
}

/** A word that is a path, not a name: it has a slash, or is `.` or `..`. */
function isPathLike(arg: string): boolean {
  return arg.includes('/') || arg === '.' || arg === '..';
}

/** conda-meta/ is there, history or not (an env whose first transaction is under way counts). */
export function isCondaEnv(prefix: string): boolean {
  return fs.existsSync(path.join(prefix, 'conda-meta'));
}

/** The words for a path that is no conda env, in every command (sync's bad-input answer too). */
export const NOT_A_CONDA_ENV = 'not a conda env (no conda-meta/ in it)';

/** What to do about it: where the envs are, or how to make this one. */
export function notACondaEnvHint(prefix: string): string {
  return `give an env's name or prefix (\`gocondad envs\` lists them), or make it one first: conda create -p ${/^[\w@%+=:,./-]+$/.test(prefix) ? prefix : `'${prefix.replace(/'/g, `'\\''`)}'`}`;
}

/** What a command says when given a path that is no conda env: what is wrong, and where the envs are. */
export function notACondaEnv(prefix: string, exitCode: number = EXIT.FAILED): GocondadError {
  return new GocondadError(`${prefix} is ${NOT_A_CONDA_ENV}`, notACondaEnvHint(prefix), exitCode);
}

/**
 * The prefix an env argument means. A path is resolved from the current directory; a bare word is the env
 * of that name, or else a directory of that name here (`shims install myenv` beside it), or else an error.
 */
export function envByName(arg: string, facts: Pick<EnvArgFacts, 'known' | 'isDir'>): string {
  if (isPathLike(arg)) return path.resolve(arg);
  const named = facts.known().filter((e) => e.name === arg || path.basename(e.prefix) === arg);
  const prefixes = [...new Set(named.map((e) => e.prefix))];
  if (prefixes.length === 1) return prefixes[0]!;
  if (prefixes.length > 1) throw new GocondadError(`several envs are named ${arg} (${prefixes.join(', ')})`, 'give the prefix');
  if (facts.isDir(path.resolve(arg))) return path.resolve(arg);
  throw new GocondadError(`no env named ${arg}`, '`gocondad envs` lists the envs found, or give its prefix');
}

/** The env a command works on: the argument (or the active env), checked to be a conda env. */
export function whichEnv(arg: string | undefined, facts: EnvArgFacts, rules: EnvArgRules): string {
  let prefix: string;
  if (arg !== undefined && arg !== '') prefix = envByName(arg, facts);
  else if (rules.activeByDefault && facts.active) prefix = path.resolve(facts.active);
  else throw new GocondadError('no env given, and none is active', `name one (\`gocondad envs\` lists them) or activate it: ${rules.usage}`, EXIT.USAGE);
  if (!rules.mayNotExistYet && !isCondaEnv(prefix)) throw notACondaEnv(prefix, rules.notAnEnvExit);
  return prefix;
}

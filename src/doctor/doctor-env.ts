// Doctor checks of an env's Go surroundings that the conda plugin reports through `conda doctor`: a GOROOT
// into a tree without a standard library, leftovers of conda-forge's go activation packages, and a stray
// `go` in the env's bin that no package owns (which `--fix` may move aside). Kept apart from doctor.ts so
// that the checks and their one fix stay together.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { activateWord } from './activator';
import type { Env } from '../paths';
import { CONDA_FORGE_GO_MARKERS as MARKERS, GO_ACTIVATION_SCRIPT } from '../core/go-vars';
import { shellWord as q, type Finding } from './context';
import { envVarsFiles } from '../core/envs';

/** A finding of these checks: their one safe fix is moving a file aside. */
export type EnvFinding = Omit<Finding, 'safeFix'> & { safeFix?: 'move-aside' };

/** Where `--fix` moves files aside: out of every place conda, a shim or PATH looks (restore by moving back). */
export const ASIDE_DIR = '.gocondad-aside';
/** conda's marker in conda-meta/state for a variable `conda env config vars unset` removed. */
const CONDA_UNSET = '***unset***';

export function asidePath(prefix: string, file: string): string {
  return path.join(prefix, ASIDE_DIR, path.relative(prefix, file));
}

/**
 * The one pasteable command that moves `files` (inside `prefix`) where `moveAside` puts them: it makes the
 * folders first (a bare `mv` into .gocondad-aside/ fails until they exist) and names the prefix once.
 */
export function moveAsideCommand(prefix: string, files: string[]): string {
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const rel = path.relative(prefix, f);
    const dir = path.join(ASIDE_DIR, path.dirname(rel));
    byDir.set(dir, [...(byDir.get(dir) ?? []), rel]);
  }
  const moves = [...byDir].map(([dir, rels]) => `mv ${rels.map(q).join(' ')} ${q(dir)}/`);
  return `(cd ${q(prefix)} && mkdir -p ${[...byDir.keys()].map(q).join(' ')} && ${moves.join(' && ')})`;
}

type Json = { [key: string]: Json } | Json[] | string | number | boolean | null;

function readJson(file: string): Record<string, Json | undefined> | null {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function field(obj: Json | undefined | null, key: string): Json | undefined {
  return obj && typeof obj === 'object' && !Array.isArray(obj) ? obj[key] : undefined;
}

/** Every file some installed package owns (conda-meta/*.json `files`), relative to the prefix. */
export function packageFiles(prefix: string): Set<string> {
  const owned = new Set<string>();
  let records: string[];
  try {
    records = fs.readdirSync(path.join(prefix, 'conda-meta')).filter((f) => f.endsWith('.json'));
  } catch {
    return owned;
  }
  for (const r of records) {
    const files = readJson(path.join(prefix, 'conda-meta', r))?.files;
    if (Array.isArray(files)) for (const f of files) if (typeof f === 'string') owned.add(f);
  }
  return owned;
}

function hasStdlib(goroot: string): boolean {
  try {
    return fs.statSync(path.join(goroot, 'src', 'runtime')).isDirectory();
  } catch {
    return false;
  }
}

function within(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return !rel.startsWith('..') && !path.isAbsolute(rel); // '' (the parent itself) is within
}

/** GOROOT declared by the env (conda env config vars, env_vars.d) or inherited, pointing at no stdlib. */
export function gorootFindings(prefix: string, env: Env): EnvFinding[] {
  const out: EnvFinding[] = [];
  const add = (message: string, fix: string, source?: string) =>
    out.push({ kind: 'goroot-without-stdlib', severity: 'problem', prefix, message, fix, ...(source ? { source } : {}) });
  const state = path.join(prefix, 'conda-meta', 'state');
  const raw = field(readJson(state)?.env_vars, 'GOROOT');
  const declared = raw === CONDA_UNSET ? undefined : raw;
  if (typeof declared === 'string' && !hasStdlib(declared)) {
    add(
      `the env sets GOROOT=${declared} (conda env config vars) but that has no standard library (src/runtime); go fails with "cannot find GOROOT" or "package fmt is not in std"`,
      `conda env config vars unset GOROOT -p ${q(prefix)}`,
      state,
    );
  }
  for (const file of envVarsFiles(prefix)) {
    const value = readJson(file)?.GOROOT;
    if (typeof value === 'string' && value !== CONDA_UNSET && !hasStdlib(value))
      add(`${file} sets GOROOT=${value}, which has no standard library (src/runtime)`, `remove GOROOT from ${q(file)}`, file);
  }
  const inherited = env.GOROOT;
  const active = env.CONDA_PREFIX && path.resolve(env.CONDA_PREFIX) === prefix;
  if (inherited && declared === undefined && (active || within(path.resolve(inherited), prefix)) && !hasStdlib(inherited)) {
    add(
      `GOROOT=${inherited} in this shell has no standard library (src/runtime)${within(path.resolve(inherited), prefix) ? ', and it points into this env' : ''}; a gocondad shim replaces it on activation, \`conda run\` and scripts do not`,
      `unset GOROOT, then ${activateWord(env)} activate the env again`,
    );
  }
  return out;
}

/** conda-forge go-cgo/go-nocgo/platform activation scripts that no installed package owns any more. */
export function goActivationFindings(prefix: string, env: Env): EnvFinding[] {
  const out: EnvFinding[] = [];
  const scripts: string[] = [];
  for (const kind of ['activate.d', 'deactivate.d']) {
    try {
      for (const f of fs.readdirSync(path.join(prefix, 'etc', 'conda', kind)))
        if (GO_ACTIVATION_SCRIPT.test(f)) scripts.push(path.join('etc', 'conda', kind, f));
    } catch {
      /* none */
    }
  }
  // With no scripts the filter below would find no stray either: the guard spares reading every package's
  // record in conda-meta, for each env doctor visits (a unit test counts the listings).
  if (scripts.length > 0) {
    const owned = packageFiles(prefix);
    const stray = scripts.filter((s) => !owned.has(s)).map((s) => path.join(prefix, s));
    if (stray.length > 0) {
      out.push({
        kind: 'go-activation-leftovers',
        severity: 'problem',
        prefix,
        message: `conda-forge go activation scripts that no installed package owns: ${stray.join(', ')}; they set GOROOT/CGO_ENABLED/GOOS/GOARCH behind gocondad's back`,
        fix: moveAsideCommand(prefix, stray),
        safeFix: 'move-aside',
        paths: stray,
      });
    }
  }
  const active = env.CONDA_PREFIX && path.resolve(env.CONDA_PREFIX) === prefix;
  const markers = MARKERS.filter((m) => env[m] !== undefined);
  if (active && markers.length > 0 && scripts.length === 0) {
    out.push({
      kind: 'go-activation-leftovers',
      severity: 'warning',
      prefix,
      message: `${markers.join(', ')} set in this shell, but this env has no go activation scripts to restore them (a go-cgo/go-nocgo package was removed while active)`,
      fix: `${activateWord(env)} activate the env again: the gocondad shim restores them`,
    });
  }
  return out;
}

/** A `go` in the env's bin that is not the chosen toolchain and that no package owns: movable aside. */
export function strayGo(prefix: string): string | null {
  const rel = path.join('bin', 'go');
  return packageFiles(prefix).has(rel) ? null : path.join(prefix, rel);
}

/** Moves each file of `prefix` to PREFIX/.gocondad-aside/<same relative path>; returns what was done. */
export function moveAside(prefix: string, paths: string[]): string[] {
  const done: string[] = [];
  for (const p of paths) {
    const dest = asidePath(prefix, p);
    try {
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.renameSync(p, dest);
      done.push(`moved ${p} to ${dest}`);
    } catch (err) {
      done.push(`could not move ${p} aside: ${(err as Error).message}`);
    }
  }
  return done;
}

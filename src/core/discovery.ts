// Finding every env conda, mamba and micromamba know, from the same files they read. Parsing is pure
// (bytes in, paths and problems out); `discoverEnvs` is the I/O around it. Nothing here throws: a bad
// file becomes a Problem with its file and line, and discovery goes on without it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from './problem';
import { parseYaml } from './yaml';
import type { Env } from '../paths';
import { systemError } from '../errors';
import { isDir } from '../fsutil';
import { MAMBA_INIT_FILES, mambaInitRoots } from './mamba-init';

/**
 * The usual install roots, checked whether or not any variable points at them. ~/.local/share/mamba is
 * micromamba 2's root prefix when MAMBA_ROOT_PREFIX is unset (1.x used ~/micromamba).
 */
export const USUAL_ROOTS = ['miniconda3', 'miniforge3', 'mambaforge', 'anaconda3', 'micromamba', path.join('.local', 'share', 'mamba')];
export const SYSTEM_ROOTS = ['/opt/conda'];

export interface RcSettings {
  envsDirs: string[];
  rootPrefix: string | null;
}

/** `~` and `$VAR`/`${VAR}` as conda expands them in .condarc paths; unknown variables stay as written. */
export function expandCondaPath(value: string, env: Env, home: string): string {
  let out = value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? whole);
  if (out === '~' || out.startsWith('~/')) out = path.join(home, out.slice(1));
  return out;
}

export function parseRc(text: string, file: string, env: Env, home: string): { settings: RcSettings; problems: Problem[] } {
  const problems: Problem[] = [];
  const settings: RcSettings = { envsDirs: [], rootPrefix: null };
  const raw = parseYaml(text, file, problems);
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ file, message: 'not a mapping of settings; ignored (conda would refuse it too)' });
    return { settings, problems };
  }
  const rc = raw as Record<string, unknown>;
  // conda accepts the older name envs_path as an alias of envs_dirs.
  for (const key of ['envs_dirs', 'envs_path']) {
    const value = rc[key];
    if (value === undefined || value === null) continue;
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
      problems.push({ file, message: `\`${key}\` must be a list of directories; ignored` });
      continue;
    }
    for (const dir of list) {
      const expanded = expandCondaPath(dir, env, home);
      if (path.isAbsolute(expanded)) settings.envsDirs.push(path.resolve(expanded));
      else problems.push({ file, message: `\`${key}\` entry ${JSON.stringify(dir)} is not an absolute path; ignored` });
    }
  }
  const root = rc.root_prefix;
  if (typeof root === 'string') {
    const expanded = expandCondaPath(root, env, home);
    if (path.isAbsolute(expanded)) settings.rootPrefix = path.resolve(expanded);
    else problems.push({ file, message: '`root_prefix` is not an absolute path; ignored' });
  } else if (root !== undefined && root !== null) problems.push({ file, message: '`root_prefix` must be a path; ignored' });
  return { settings, problems };
}

/**
 * ~/.conda/environments.txt: one prefix per line, as conda writes it. Read as bytes because a line that
 * is not UTF-8 must be reported, not silently mangled into U+FFFD and looked up.
 */
export function parseEnvironmentsTxt(bytes: Buffer, file: string): { prefixes: string[]; problems: Problem[] } {
  const prefixes: string[] = [];
  const problems: Problem[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let line = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    line += 1;
    const chunk = bytes.subarray(start, end);
    start = end + 1;
    let text: string;
    try {
      // trim() also drops a CRLF file's "\r".
      text = decoder.decode(chunk).trim();
    } catch {
      problems.push({ file, line, message: 'line is not UTF-8; skipped' });
      continue;
    }
    if (text === '' || text.startsWith('#')) continue;
    if (!path.isAbsolute(text) || text.includes('\0'))
      problems.push({ file, line, message: `${JSON.stringify(text.slice(0, 80))} is not an absolute path; skipped` });
    else prefixes.push(path.resolve(text));
  }
  return { prefixes, problems };
}

/** Splits CONDA_ENVS_PATH / CONDA_ENVS_DIRS: os.pathsep-separated, as conda reads them. */
export function envsDirsFromVars(env: Env): string[] {
  const out: string[] = [];
  for (const key of ['CONDA_ENVS_DIRS', 'CONDA_ENVS_PATH']) {
    // Stryker disable next-line StringLiteral: an unset variable's stand-in is skipped like any relative entry, whatever its text.
    for (const p of (env[key] ?? '').split(path.delimiter)) if (p && path.isAbsolute(p)) out.push(path.resolve(p));
  }
  return out;
}

/** The root a conda/mamba executable belongs to: <root>/bin/conda or <root>/condabin/conda. */
export function rootOfExe(exe: string | undefined): string | null {
  if (!exe || !path.isAbsolute(exe)) return null;
  return path.dirname(path.dirname(exe));
}

/** conda's own search path for .condarc files (lowest precedence first), given the roots known so far. */
export function condarcSearchPath(env: Env, home: string, roots: string[]): string[] {
  const trio = (dir: string) => [path.join(dir, '.condarc'), path.join(dir, 'condarc'), path.join(dir, 'condarc.d')];
  const xdg = env.XDG_CONFIG_HOME || path.join(home, '.config');
  const out = [...trio('/etc/conda'), ...trio('/var/lib/conda')];
  for (const r of roots) out.push(...trio(r));
  out.push(...trio(path.join(xdg, 'conda')));
  // Also when XDG_CONFIG_HOME is ~/.config: the Set below keeps each path once, at its first place.
  out.push(...trio(path.join(home, '.config', 'conda')));
  out.push(...trio(path.join(home, '.conda')), path.join(home, '.condarc'));
  if (env.CONDA_PREFIX) out.push(...trio(env.CONDA_PREFIX));
  if (env.CONDARC) out.push(env.CONDARC);
  // mamba and micromamba read these as well.
  out.push(path.join(home, '.mambarc'));
  if (env.MAMBA_ROOT_PREFIX) out.push(path.join(env.MAMBA_ROOT_PREFIX, '.mambarc'));
  if (env.MAMBARC) out.push(env.MAMBARC);
  return [...new Set(out)];
}

export function isEnvPrefix(prefix: string): boolean {
  try {
    return fs.statSync(path.join(prefix, 'conda-meta', 'history')).isFile();
  } catch {
    return false;
  }
}

export interface KnownEnv {
  prefix: string;
  name: string;
  /** Where it was found: "root", "envs dir <dir>", "environments.txt". */
  foundVia: string;
}

export interface CondaLayout {
  roots: string[];
  envsDirs: string[];
  /** Every rc file (or condarc.d dir) that could exist; watched so that a new one is noticed. */
  rcCandidates: string[];
  /** Shell rc files whose `micromamba shell init` block may name a root prefix; watched too. */
  initFiles: string[];
  envLists: string[];
  envs: KnownEnv[];
  problems: Problem[];
}

/** An rc file or condarc.d that is there but cannot be read is a problem; one that is gone, or no file, is not. */
function noteUnreadable(err: unknown, file: string, problems: Problem[]): void {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR')
    problems.push({ file, message: systemError(err, { action: 'read', path: null })?.message ?? `cannot read: ${(err as Error).message}` });
}

function readRcCandidate(candidate: string, env: Env, home: string, problems: Problem[]): RcSettings[] {
  let files: string[] = [candidate];
  if (isDir(candidate)) {
    try {
      files = fs
        .readdirSync(candidate)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(candidate, f));
    } catch (err) {
      // A condarc.d that cannot be listed may hide settings: said, as an rc file that cannot be read is.
      noteUnreadable(err, candidate, problems);
      return [];
    }
  }
  const out: RcSettings[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      noteUnreadable(err, file, problems);
      continue;
    }
    const parsed = parseRc(text, file, env, home);
    problems.push(...parsed.problems);
    out.push(parsed.settings);
  }
  return out;
}

/** Every env the conda family knows for this user. Reads only small files and directory listings. */
export function discoverEnvs(env: Env, home: string): CondaLayout {
  const problems: Problem[] = [];
  // Stryker disable next-line ArrayDeclaration: an entry put here is no absolute path (addRoot adds only those); it would count only if the current directory held a folder of that name with conda-meta/ or envs/.
  const roots: string[] = [];
  const addRoot = (r: string | null | undefined) => {
    if (r && path.isAbsolute(r) && !roots.includes(path.resolve(r))) roots.push(path.resolve(r));
  };
  addRoot(env.CONDA_ROOT);
  addRoot(rootOfExe(env.CONDA_EXE));
  addRoot(env.MAMBA_ROOT_PREFIX);
  const initFiles = MAMBA_INIT_FILES.map((f) => path.join(home, f));
  for (const file of initFiles) {
    try {
      for (const r of mambaInitRoots(fs.readFileSync(file, 'utf8'))) addRoot(r);
    } catch {
      /* no such rc file */
    }
  }
  for (const name of USUAL_ROOTS) addRoot(path.join(home, name));
  for (const r of SYSTEM_ROOTS) addRoot(r);

  // Root-independent rc files first: they may name another root_prefix, whose own .condarc then counts.
  const envsDirs: string[] = [];
  let candidates = condarcSearchPath(env, home, []);
  const settings = candidates.flatMap((c) => readRcCandidate(c, env, home, problems));
  for (const s of settings) addRoot(s.rootPrefix);
  // A micromamba root holds only envs/ (and pkgs/) until something is installed into base.
  const existingRoots = roots.filter((r) => isDir(path.join(r, 'conda-meta')) || isDir(path.join(r, 'envs')));
  const rootRcs = condarcSearchPath(env, home, existingRoots).filter((c) => !candidates.includes(c));
  settings.push(...rootRcs.flatMap((c) => readRcCandidate(c, env, home, problems)));
  candidates = [...candidates, ...rootRcs];

  for (const s of settings) envsDirs.push(...s.envsDirs);
  envsDirs.push(...envsDirsFromVars(env));
  for (const r of existingRoots) envsDirs.push(path.join(r, 'envs'));
  envsDirs.push(path.join(home, '.conda', 'envs'));

  const envLists = [path.join(home, '.conda', 'environments.txt')];
  const found = new Map<string, KnownEnv>();
  const add = (prefix: string, name: string, foundVia: string) => {
    if (!found.has(prefix) && isEnvPrefix(prefix)) found.set(prefix, { prefix, name, foundVia });
  };
  for (const r of existingRoots) add(r, existingRoots.length === 1 ? 'base' : `base (${r})`, 'root');
  const uniqueDirs = [...new Set(envsDirs)];
  for (const dir of uniqueDirs) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const n of names) add(path.join(dir, n), n, `envs dir ${dir}`);
  }
  for (const file of envLists) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue;
    }
    const parsed = parseEnvironmentsTxt(bytes, file);
    problems.push(...parsed.problems);
    for (const p of parsed.prefixes) {
      if (!isEnvPrefix(p)) {
        problems.push({ file, message: `${p} is listed but is not an env (no conda-meta/history): removed without conda, or not created yet` });
        continue;
      }
      // A root listed here was already added as base above (a root that is no env is not one here either).
      add(p, uniqueDirs.includes(path.dirname(p)) ? path.basename(p) : p, 'environments.txt');
    }
  }
  return { roots: existingRoots, envsDirs: uniqueDirs, rcCandidates: candidates, initFiles, envLists, envs: [...found.values()], problems };
}

export function problemKey(p: Problem): string {
  return `${p.file}\0${p.line ?? ''}\0${p.message}`;
}

// Which shared libraries an ELF executable loads, found the way glibc's dynamic loader finds them, and
// which of them come from the env. Pure: every disk fact comes in through `inspect` and `systemLookup`.
//
// The loader's rules (glibc elf/dl-load.c, ld.so(8)), reproduced here:
// - libraries are mapped breadth-first: the executable's DT_NEEDED in order, then each new object's;
// - a name already loaded (by the name it was asked for, or its SONAME) is not searched again;
// - a name with a '/' is a path; otherwise, for the object O that needs it:
//   1. when O has no DT_RUNPATH: the DT_RPATH of O, then of the object that loaded O, and so on up to
//      the executable (an object that has DT_RUNPATH has its DT_RPATH ignored);
//   2. (LD_LIBRARY_PATH: not used here, a bundle must not depend on it);
//   3. O's own DT_RUNPATH — only O's: RUNPATH is not inherited by what O's libraries load;
//   4. ld.so.cache, then the default dirs (`systemLookup`);
// - $ORIGIN / ${ORIGIN} is the directory of the object whose RPATH/RUNPATH it is; $LIB and $PLATFORM come
//   from `tokens`; a directory with another token is skipped, as the loader skips it;
// - a candidate of another ELF class or machine is skipped (the loader skips it and goes on).
import * as path from 'node:path';

export interface ObjectInfo {
  elfClass: 32 | 64;
  machine: number;
  needed: string[];
  rpath: string[] | null;
  runpath: string[] | null;
  soname: string | null;
}

export type LibKind = 'env' | 'system' | 'base';

export interface ResolvedLib {
  /** The name it was asked for (DT_NEEDED, or an extra lib). */
  name: string;
  file: string;
  soname: string | null;
  /** The object that first needed it (the executable's path for its own needs and for extras). */
  neededBy: string;
  /** How it was found: `rpath`, `runpath`, `system` (cache/default dirs), `path` (a name with '/'). */
  via: 'rpath' | 'runpath' | 'system' | 'path';
  /** env: inside the env, to bundle; base: glibc and friends, always the system's; system: elsewhere. */
  kind: LibKind;
  /** Asked for as an extra (dlopen'ed by the program, listed by the user), not by any DT_NEEDED. */
  extra: boolean;
}

export interface MissingLib {
  name: string;
  neededBy: string;
  /** Every directory looked in, in order, for the error message. */
  searched: string[];
}

export interface ResolveInput {
  /** The executable (its real path: the loader's $ORIGIN for it comes from /proc/self/exe). */
  root: { file: string; info: ObjectInfo };
  /** An object's facts, or null when the file does not exist or is not ELF. */
  inspect: (file: string) => ObjectInfo | null;
  /** ld.so.cache and the default dirs; null when the system has no such library. */
  systemLookup: (name: string, like: ObjectInfo) => string | null;
  /** The env's prefix: a library under it is bundled. */
  envPrefix: string;
  /** SONAMEs that are always the system's (glibc and its loader), even when a copy sits in the env. */
  baseSonames: ReadonlySet<string>;
  /** Libraries the program loads with dlopen, which no DT_NEEDED names: looked up as a dlopen from the executable. */
  extras?: string[];
  /** Fallback dirs for extras the loader's search would not find at bundle time (the env's lib/). */
  extraDirs?: string[];
  tokens?: { LIB?: string; PLATFORM?: string };
}

export interface Resolution {
  libs: ResolvedLib[];
  missing: MissingLib[];
}

interface Loaded {
  file: string;
  info: ObjectInfo;
  loader: Loaded | null;
  names: Set<string>;
}

/** RPATH/RUNPATH entries of `obj` as directories, tokens expanded; entries the loader would skip are dropped. */
export function expandSearchPath(entries: string[], objectFile: string, tokens: { LIB?: string; PLATFORM?: string } = {}): string[] {
  const origin = path.dirname(objectFile);
  const out: string[] = [];
  for (const entry of entries) {
    if (entry === '') continue; // an empty entry means the current dir: never what a bundle wants
    let unknown = false;
    const dir = entry.replace(/\$(\{(\w+)\}|(\w+))/g, (whole, _b, braced: string | undefined, bare: string | undefined) => {
      // Stryker disable next-line StringLiteral: the pattern's two groups are alternatives, one always matches, so the fallback is never taken
      const name = braced ?? bare ?? '';
      if (name === 'ORIGIN') return origin;
      const value = name === 'LIB' || name === 'PLATFORM' ? tokens[name] : undefined;
      if (value === undefined) unknown = true;
      return value ?? whole;
    });
    if (!unknown) out.push(path.normalize(dir));
  }
  return out;
}

export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  // `..` and `../…` are outside; a name that starts with two dots (`..libs/`) is inside; the dir itself
  // (rel '') passes all three checks, so it needs no case of its own.
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

export function resolveLibraries(input: ResolveInput): Resolution {
  const tokens = input.tokens ?? {};
  const root: Loaded = { file: input.root.file, info: input.root.info, loader: null, names: new Set() };
  const loaded: Loaded[] = [root];
  const libs: ResolvedLib[] = [];
  const missing: MissingLib[] = [];
  const compatible = (info: ObjectInfo) => info.elfClass === root.info.elfClass && info.machine === root.info.machine;
  // A null SONAME equals no name: no null check needed.
  const byName = (name: string) => loaded.find((l) => l.names.has(name) || l.info.soname === name);

  const tryDirs = (name: string, dirs: string[], searched: string[]): { file: string; info: ObjectInfo } | null => {
    for (const dir of dirs) {
      searched.push(dir);
      const file = path.join(dir, name);
      const info = input.inspect(file);
      if (info && compatible(info)) return { file, info };
    }
    return null;
  };

  /** One lookup, as the loader does it for `name` requested by `obj`. */
  const search = (name: string, obj: Loaded, extraDirs: string[]): { file: string; info: ObjectInfo; via: ResolvedLib['via'] } | MissingLib => {
    const searched: string[] = [];
    if (name.includes('/')) {
      const info = input.inspect(name);
      if (info && compatible(info)) return { file: name, info, via: 'path' };
      return { name, neededBy: obj.file, searched: [name] };
    }
    if (obj.info.runpath === null) {
      for (let l: Loaded | null = obj; l; l = l.loader) {
        if (l.info.runpath !== null || l.info.rpath === null) continue;
        const hit = tryDirs(name, expandSearchPath(l.info.rpath, l.file, tokens), searched);
        if (hit) return { ...hit, via: 'rpath' };
      }
    } else {
      const hit = tryDirs(name, expandSearchPath(obj.info.runpath, obj.file, tokens), searched);
      if (hit) return { ...hit, via: 'runpath' };
    }
    const sys = input.systemLookup(name, root.info);
    if (sys !== null) {
      const info = input.inspect(sys);
      if (info && compatible(info)) return { file: sys, info, via: 'system' };
    }
    searched.push('ld.so.cache and the system’s default dirs');
    const fallback = tryDirs(name, extraDirs, searched);
    if (fallback) return { ...fallback, via: 'path' };
    return { name, neededBy: obj.file, searched };
  };

  const kindOf = (name: string, file: string, info: ObjectInfo): LibKind => {
    if (input.baseSonames.has(info.soname ?? name) || input.baseSonames.has(name)) return 'base';
    return isInside(file, input.envPrefix) ? 'env' : 'system';
  };

  const queue: Loaded[] = [root];
  const request = (name: string, by: Loaded, extra: boolean, extraDirs: string[]) => {
    const already = byName(name);
    if (already) {
      already.names.add(name);
      return;
    }
    const found = search(name, by, extraDirs);
    if ('searched' in found) {
      if (!missing.some((m) => m.name === name)) missing.push(found);
      return;
    }
    const kind = kindOf(name, found.file, found.info);
    libs.push({ name, file: found.file, soname: found.info.soname, neededBy: by.file, via: found.via, kind, extra });
    const obj: Loaded = { file: found.file, info: found.info, loader: by, names: new Set([name]) };
    loaded.push(obj);
    // The system's libraries are the system's business: what they load in turn is not followed.
    if (kind === 'env') queue.push(obj);
  };

  let next = 0;
  const drain = () => {
    for (; next < queue.length; next += 1) for (const name of queue[next]!.info.needed) request(name, queue[next]!, false, []);
  };
  drain();
  // dlopen'ed extras are opened by the running program, after the whole DT_NEEDED graph is loaded.
  for (const name of input.extras ?? []) request(name, root, true, input.extraDirs ?? []);
  drain();
  return { libs, missing };
}

// The bundle on disk: DIR/bin/<program>, DIR/lib/<libraries>, DIR/gocondad-bundle.json (the manifest),
// and the RUNPATHs that make it find itself: $ORIGIN/../lib in the program, $ORIGIN in each library
// (RUNPATH is not inherited, so a library's own dependencies need their own).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BundleError } from './errors';

export const MANIFEST = 'gocondad-bundle.json';
export const PROGRAM_RUNPATH = '$ORIGIN/../lib';
export const LIBRARY_RUNPATH = '$ORIGIN';

/** Two different files the loader would ask for by the same name cannot both sit in DIR/lib. */
function checkNameClash(libs: { name: string; file: string }[]): void {
  const seen = new Map<string, string>();
  for (const lib of libs) {
    const real = fs.realpathSync(lib.file);
    const other = seen.get(lib.name);
    if (other !== undefined && other !== real)
      throw new BundleError(
        `two different libraries would both be DIR/lib/${lib.name}: ${other} and ${real}`,
        'remove one of them from the env, or from bundle.extra_libs',
      );
    seen.set(lib.name, real);
  }
}

/**
 * Copies libraries into DIR/lib under the names the loader asks for. Two names of one file (a NEEDED
 * name and a SONAME link) become one file and a relative symlink. Returns the written paths, relative to DIR.
 */
export function copyLibraries(dir: string, libs: { name: string; file: string }[]): string[] {
  checkNameClash(libs);
  const written: string[] = [];
  const byReal = new Map<string, string>();
  for (const lib of libs) {
    const target = path.join(dir, 'lib', lib.name);
    const real = fs.realpathSync(lib.file);
    const first = byReal.get(real);
    // The same name twice for one file: already copied (a symlink to itself would be a loop).
    if (first === lib.name) continue;
    fs.rmSync(target, { force: true });
    if (first !== undefined) fs.symlinkSync(first, target);
    else {
      fs.copyFileSync(real, target);
      fs.chmodSync(target, (fs.statSync(real).mode & 0o755) | 0o600); // patchelf must write it; no group/world write
      byReal.set(real, lib.name);
    }
    written.push(path.join('lib', lib.name));
  }
  return written;
}

export function patchelfAvailable(): boolean {
  // Stryker disable next-line ObjectLiteral: only the exit status is read; the encoding changes how output nobody reads is decoded
  return spawnSync('patchelf', ['--version'], { encoding: 'utf8' }).status === 0;
}

export const PATCHELF_HINT = 'install patchelf: apt-get install patchelf (Debian/Ubuntu), or conda install -c conda-forge patchelf';

/**
 * How a patchelf failure names its file, which is in the staging dir, removed by the time the error is
 * read: `inDir` names it (and patchelf's words about it) where it would be in DIR, `notWritten` leads the
 * message, and `original` is the env's file it is a copy of, which readelf can still read (the program,
 * built into the staging dir, has none). Without them (a file patched in place) it is named as it is.
 */
export interface PatchedAs {
  inDir: (text: string) => string;
  notWritten: string;
  original?: string;
}

/** Sets DT_RUNPATH (patchelf turns a DT_RPATH into DT_RUNPATH unless asked not to). */
export function setRunpath(file: string, runpath: string, as?: PatchedAs): void {
  patchelf(['--set-rpath', runpath, file], `patchelf --set-rpath failed on`, 'the file may not be a dynamic ELF object; ', as);
}

/** Points a DT_NEEDED that names a file by path at a plain name (found through the RUNPATH). */
export function replaceNeeded(file: string, from: string, to: string, as?: PatchedAs): void {
  patchelf(['--replace-needed', from, to, file], `patchelf --replace-needed ${from} failed on`, '', as);
}

function patchelf(args: string[], failed: string, hintLead: string, as: PatchedAs | undefined): void {
  const file = args[args.length - 1]!;
  const r = spawnSync('patchelf', args, { encoding: 'utf8' });
  if (r.error) throw new BundleError(`cannot run patchelf: ${r.error.message}`, PATCHELF_HINT);
  if (r.status === 0) return;
  const inDir = as?.inDir ?? ((t: string) => t);
  const lead = as ? `${as.notWritten}: ` : '';
  const copy = as?.original === undefined ? '' : ` (a copy of ${as.original})`;
  const readelf = as === undefined ? 'FILE' : as.original;
  throw new BundleError(
    `${lead}${failed} ${inDir(file)}${copy}: ${inDir(r.stderr.trim())}`,
    readelf === undefined
      ? `${hintLead}report this as a bug with this message and the output of patchelf --version`
      : `${hintLead}report it with the output of: readelf -d ${readelf}`,
  );
}

/** Bytes of regular files under `dir`, hard links counted once (an env's pkgs/ hard-links into it). */
export function treeSize(dir: string): number {
  let total = 0;
  // By inode: a file reached twice (hard link, or a symlink and its target both in the env) counts once;
  // a directory reached twice (a symlink loop) is walked once.
  const seen = new Set<string>();
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = fs.readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries) {
      const p = path.join(d, name);
      let st: fs.Stats;
      try {
        // Symlinks followed, as the bundle follows them: conda-forge's go and many libraries are symlinks
        // (the trial's env with a symlinked Go measured 40 KiB, a 1.8 MiB bundle "4558% of the env").
        st = fs.statSync(p);
      } catch {
        continue; // dangling
      }
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) total += st.size;
    }
  };
  try {
    const st = fs.statSync(dir);
    seen.add(`${st.dev}:${st.ino}`);
  } catch {
    return 0;
  }
  walk(dir);
  return total;
}

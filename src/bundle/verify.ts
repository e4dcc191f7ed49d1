// The finished bundle as the real dynamic loader sees it: `ld.so --list PROGRAM` (what ldd runs) maps
// every DT_NEEDED library exactly as a start of the program would, without running it. Checking the
// bundle with our own resolver could never disagree with the resolver that built it; the loader can.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { systemError } from '../errors';
import { BundleError } from './errors';
import { isInside } from './resolve';
import { bundleDirOf } from './staging';

/** One line of `ld.so --list`: a name and the file it was mapped from (null: "not found"). */
export function parseLoaderList(text: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\S+) => (not found|(\S.*?)) \(0x[0-9a-f]+\)\s*$/.exec(line) ?? /^\s*(\S+) => (not found)\s*$/.exec(line);
    if (m) out.set(m[1]!, m[2] === 'not found' ? null : m[3]!);
  }
  return out;
}

/**
 * The library a loader stopped at: glibc's `ld.so --list` (2.36 here) lists nothing when one is missing,
 * exits 127 and says on stderr `PROGRAM: error while loading shared libraries: NAME: cannot open shared
 * object file: No such file or directory` (the first it missed, at whatever depth). Null for any other
 * failure: a library it found but could not load is named by its path and stays the loader's words.
 */
export function stoppedAt(stderr: string): string | null {
  return /error while loading shared libraries: (.+?): cannot open shared object file/.exec(stderr)?.[1] ?? null;
}

/** The bundled names the loader did not map from libDir (wrong) or did not find (missing); unlisted: not NEEDED. */
export function loaderVerdict(
  listing: Map<string, string | null>,
  names: string[],
  libDir: string,
): { wrong: string[]; missing: string[]; unlisted: string[] } {
  const wrong: string[] = [];
  const unlisted: string[] = [];
  for (const n of names) {
    if (!listing.has(n)) unlisted.push(n);
    else {
      const file = listing.get(n);
      if (file && !isInside(file, libDir)) wrong.push(n);
    }
  }
  const missing = [...listing].filter(([, file]) => file === null).map(([n]) => n);
  return { wrong, missing, unlisted };
}

/**
 * How a refusal of the bundle in staging dir `stage` names things: DIR (the dir the user asked for), every
 * path under the staging dir as it would be under DIR (`/` too: its files are `/bin/…`, not `//bin/…`),
 * and the words that lead the message.
 */
export function inBundleDir(stage: string): { dir: string; inDir: (text: string) => string; notWritten: string } {
  const dir = bundleDirOf(stage);
  return { dir, inDir: (text) => text.split(`${stage}/`).join(path.join(dir, '/')), notWritten: `the bundle was not written to ${dir}` };
}

/** How long the loader may take to list a program's libraries (it answers in milliseconds; a hang is a broken loader). */
export const LOADER_TIMEOUT_MS = 30_000;

/** Why the loader gave no listing, in words: never a bare errno code. */
function spawnFailure(err: Error, timeoutMs: number): string {
  if ((err as NodeJS.ErrnoException).code === 'ETIMEDOUT') return `no answer in ${timeoutMs / 1000} s; stopped`;
  const words = systemError(err, { path: null });
  // "you cannot run it (permission denied)" inside the caller's own parentheses: one level of them.
  return words ? words.message.replace(/ \((.+)\)$/, ': $1') : err.message;
}

/**
 * Runs the program's own interpreter in list mode with nothing from the caller's environment (no
 * LD_LIBRARY_PATH: the bundle must stand alone). Returns the names it did not list (dlopen'ed
 * extras, which only a run would load) for the caller to check otherwise.
 *
 * It runs on the bundle in its staging dir (staging.ts), which the user never sees: renamed into DIR when
 * whole, removed when refused here. So a refusal names the files as they would be in DIR, says DIR did not
 * get the bundle, and hints at nothing that needs the removed files (no `readelf` on the program).
 */
export function verifyWithLoader(program: string, interp: string, outDir: string, names: string[], timeoutMs = LOADER_TIMEOUT_MS): string[] {
  const { dir, inDir, notWritten } = inBundleDir(outDir);
  if (!fs.existsSync(interp))
    throw new BundleError(
      `${notWritten}: ${inDir(program)} names the loader ${interp}, which this machine does not have`,
      'bundle on a machine of the target platform',
    );
  // SIGKILL: a loader that hangs has no cleanup worth waiting for, and one that ignored SIGTERM would hang the bundle.
  const r = spawnSync(interp, ['--list', program], { encoding: 'utf8', env: {}, timeout: timeoutMs, killSignal: 'SIGKILL' });
  const failed = (why: string) =>
    new BundleError(
      `${notWritten}: ${interp} --list ${inDir(program)} failed (${why})`,
      "check the file the loader names (the bundle's libraries are copies of the env's lib/) with readelf -h, or report this as a bug with this message",
    );
  // Not started (EACCES) or stopped by the timeout: no listing, and no exit status, to judge.
  if (r.error) throw failed(spawnFailure(r.error, timeoutMs));
  // A loader that stops at a missing library (glibc 2.36) or one that lists it "not found" (ldd's trace
  // mode, older glibc): either way a missing library is our verdict, not the loader's failure. A loader
  // that exits 0 listed everything: its stderr is no verdict.
  const stopped = r.status !== 0 ? stoppedAt(r.stderr) : null;
  if (r.status !== 0 && stopped === null && !/not found/.test(r.stdout)) throw failed(`exit ${r.status}: ${inDir(r.stderr.trim())}`);
  const listing = parseLoaderList(r.stdout);
  if (stopped !== null) listing.set(stopped, null);
  const v = loaderVerdict(listing, names, path.join(outDir, 'lib'));
  const refused = [...v.wrong, ...v.missing];
  if (refused.length > 0)
    throw new BundleError(
      `${notWritten}: the loader does not find ${refused.join(', ')} in ${path.join(dir, 'lib')} (${interp} --list ${inDir(program)}: ${refused.map((n) => `${n} => ${inDir(listing.get(n) ?? 'not found')}`).join(', ')})`,
      'report this as a bug with this message and the output of patchelf --version (it set the RUNPATHs the loader followed)',
    );
  return v.unlisted;
}

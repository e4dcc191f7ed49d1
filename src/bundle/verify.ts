// The finished bundle as the real dynamic loader sees it: `ld.so --list PROGRAM` (what ldd runs) maps
// every DT_NEEDED library exactly as a start of the program would, without running it. Checking the
// bundle with our own resolver could never disagree with the resolver that built it; the loader can.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BundleError } from './errors';
import { isInside } from './resolve';

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
 * Runs the program's own interpreter in list mode with nothing from the caller's environment (no
 * LD_LIBRARY_PATH: the bundle must stand alone). Returns the names it did not list (dlopen'ed
 * extras, which only a run would load) for the caller to check otherwise.
 */
export function verifyWithLoader(program: string, interp: string, outDir: string, names: string[]): string[] {
  if (!fs.existsSync(interp))
    throw new BundleError(`${program} names the loader ${interp}, which this machine does not have`, 'bundle on a machine of the target platform');
  // r.stdout and r.stderr are null only when the loader did not start (status null): no "not found" and no
  // stop in them either way, and the check below throws before stdout is parsed; so no `?? ''` for stdout.
  const r = spawnSync(interp, ['--list', program], { encoding: 'utf8', env: {}, timeout: 30000 });
  // A loader that stops at a missing library (glibc 2.36) or one that lists it "not found" (ldd's trace
  // mode, older glibc): either way a missing library is our verdict, not the loader's failure.
  const stopped = r.status !== 0 ? stoppedAt(r.stderr ?? '') : null;
  if (r.status !== 0 && stopped === null && !/not found/.test(r.stdout))
    throw new BundleError(
      `${interp} --list ${program} failed (exit ${r.status}): ${(r.stderr ?? String(r.error)).trim()}`,
      `inspect with: readelf -d ${program}`,
    );
  const listing = parseLoaderList(r.stdout);
  if (stopped !== null) listing.set(stopped, null);
  const v = loaderVerdict(listing, names, path.join(outDir, 'lib'));
  if (v.wrong.length > 0 || v.missing.length > 0)
    throw new BundleError(
      `the loader does not find ${[...v.wrong, ...v.missing].join(', ')} in ${path.join(outDir, 'lib')} (${interp} --list ${program})`,
      `inspect with: readelf -d ${program}; report this as a bug with that output`,
    );
  return v.unlisted;
}

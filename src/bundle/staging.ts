// A bundle is built in a hidden dir beside DIR and moved into place only when whole: Ctrl-C, a failed
// build or a missing library leaves DIR as it was (an interrupted bundle used to leave empty bin/ and
// lib/ in DIR, and the rerun refused it). The staging dir sits in DIR's parent so that the move is a
// rename on one file system; a staging dir left by a killed run (its pid gone) is removed by the next.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { systemError } from '../errors';
import { BundleError } from './errors';
import { MANIFEST } from './layout';

const PARTIAL = '.gocondad-partial-';

/** What DIR holds: nothing yet, nothing that matters (empty, or the empty bin/ lib/ of an older interrupted run), or a previous bundle. */
export type OutDirState = { kind: 'absent' } | { kind: 'empty' } | { kind: 'previous'; files: string[] };

export function outDirState(dir: string): OutDirState {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'absent' };
    // DIR itself a file (`-o app` where the program was built): said in words, never a raw "ENOTDIR … scandir".
    if (code === 'ENOTDIR' && isFile(dir)) throw new BundleError(`${dir} is a file, not a directory`, 'choose a new or empty directory with -o');
    // Stryker disable next-line ObjectLiteral: readdirSync's errors all carry syscall 'scandir', which systemError reads as 'read' without being told
    const words = systemError(err, { action: 'read' });
    if (!words) throw err;
    throw new BundleError(`output directory: ${words.message}`, words.hint ?? 'choose another output directory with -o');
  }
  const emptyDir = (n: string) => {
    try {
      return fs.readdirSync(path.join(dir, n)).length === 0;
    } catch {
      return false;
    }
  };
  if (entries.every((n) => (n === 'bin' || n === 'lib') && emptyDir(n))) return { kind: 'empty' };
  let previous: { files?: unknown } | null;
  try {
    previous = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8'));
  } catch {
    throw new BundleError(`${dir} is not empty and holds no previous bundle (${MANIFEST})`, 'choose a new or empty directory with -o');
  }
  const files = Array.isArray(previous?.files) ? (previous.files as unknown[]).filter((f): f is string => typeof f === 'string') : [];
  // A tampered manifest deletes nothing outside DIR.
  return { kind: 'previous', files: files.map((f) => path.normalize(f)).filter((f) => !f.startsWith('..') && !path.isAbsolute(f)) };
}

function isFile(p: string): boolean {
  try {
    return !fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function removeEmptyDir(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    /* absent, or it holds files that are not ours: left as it is */
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A fresh staging dir beside `outDir` (with bin/ and lib/), after removing those of dead runs. */
export function makeStagingDir(outDir: string): string {
  const parent = path.dirname(outDir);
  const prefix = `.${path.basename(outDir)}${PARTIAL}`;
  const stage = path.join(parent, `${prefix}${process.pid}`);
  try {
    fs.mkdirSync(parent, { recursive: true });
    for (const name of fs.readdirSync(parent)) {
      if (!name.startsWith(prefix)) continue;
      const pid = Number(name.slice(prefix.length));
      if (Number.isInteger(pid) && pid > 0 && !pidAlive(pid)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    }
    fs.rmSync(stage, { recursive: true, force: true });
    fs.mkdirSync(path.join(stage, 'bin'), { recursive: true });
    fs.mkdirSync(path.join(stage, 'lib')); // stage was made just above, with bin/: nothing to make before lib/
  } catch (err) {
    // The bundle is built beside DIR: name the dir the user chose, not the hidden staging dir.
    const at = (err as NodeJS.ErrnoException).path;
    const where = at === undefined || at.startsWith(stage) ? parent : at;
    const words = systemError(err, { action: 'write', path: where, hint: 'choose an output directory you can write with -o' });
    if (!words) throw err;
    throw new BundleError(`output directory ${outDir}: ${words.message}`, words.hint!);
  }
  return stage;
}

/**
 * Moves the finished bundle from `stage` to `outDir`. A new or empty DIR is replaced by one rename; a
 * previous bundle loses the files its manifest lists (nothing else in it) and gets the new ones, the
 * manifest last, so that DIR always holds a manifest the rerun accepts. Synchronous: a held Ctrl-C
 * (cli/signals.ts) waits for it.
 */
export function moveIntoPlace(stage: string, outDir: string): void {
  const state = outDirState(outDir);
  if (state.kind !== 'previous') {
    if (state.kind === 'empty') fs.rmSync(outDir, { recursive: true });
    fs.renameSync(stage, outDir);
    return;
  }
  for (const f of state.files) if (f !== MANIFEST) fs.rmSync(path.join(outDir, f), { force: true });
  // A static program now, where the previous bundle had libraries: no empty lib/ beside it. rmdir, not
  // rmSync (which refuses any directory without `recursive`): only an empty lib/ goes, a user's file stays.
  if (!fs.existsSync(path.join(stage, 'lib'))) removeEmptyDir(path.join(outDir, 'lib'));
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(stage, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) {
        fs.mkdirSync(path.join(outDir, r), { recursive: true });
        walk(r);
      } else if (r !== MANIFEST) fs.renameSync(path.join(stage, r), path.join(outDir, r));
    }
  };
  walk('');
  fs.renameSync(path.join(stage, MANIFEST), path.join(outDir, MANIFEST));
  fs.rmSync(stage, { recursive: true, force: true });
}

// A bundle is built in a hidden dir beside DIR and moved into place only when whole: Ctrl-C, a failed
// build or a missing library leaves DIR as it was (an interrupted bundle used to leave empty bin/ and
// lib/ in DIR, and the rerun refused it). The staging dir sits in DIR's parent so that the move is a
// rename on one file system; a staging dir left by a killed run (its pid gone) is removed by the next.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { systemError } from '../errors';
import { BundleError } from './errors';
import { MANIFEST } from './layout';
import { isMountPoint } from '../core/mounts';

const PARTIAL = '.gocondad-partial-';
/** A staging dir inside DIR (DIR a mount point, see stagingPlace): never counted among DIR's files. */
const INSIDE = new RegExp(`^${PARTIAL.replace(/\./g, '\\.')}[0-9]+$`);

/** What DIR holds: nothing yet, nothing that matters (empty, or the empty bin/ lib/ of an older interrupted run), or a previous bundle. */
export type OutDirState = { kind: 'absent' } | { kind: 'empty' } | { kind: 'previous'; files: string[] };

export function outDirState(dir: string): OutDirState {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // A symlink to nowhere: the final rename would fail on it (ENOTDIR) after the whole build; said now.
      const target = readlinkOrNull(dir);
      if (target !== null)
        throw new BundleError(`${dir} is a symlink to ${target}, which does not exist`, 'remove the symlink, or choose another directory with -o');
      return { kind: 'absent' };
    }
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
  if (entries.every((n) => ((n === 'bin' || n === 'lib') && emptyDir(n)) || INSIDE.test(n))) return { kind: 'empty' };
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

function readlinkOrNull(p: string): string | null {
  try {
    return fs.readlinkSync(p);
  } catch {
    return null;
  }
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

/** The parent dirs a staging dir's run made (the first one made, from mkdir -p; none: undefined), for removeStagingDir. */
const madeParents = new Map<string, string | undefined>();

/** A fresh staging dir beside `outDir` (with bin/ and lib/), after removing those of dead runs. */
export function makeStagingDir(outDir: string): string {
  const { parent, prefix } = stagingPlace(outDir);
  const stage = path.join(parent, `${prefix}${process.pid}`);
  try {
    // Set even when nothing was made: an entry an earlier run of this stage left (its removeStagingDir
    // never called) must not make this run remove parents it found there.
    madeParents.set(stage, fs.mkdirSync(parent, { recursive: true }));
    for (const name of fs.readdirSync(parent)) {
      if (!name.startsWith(prefix)) continue;
      const pid = Number(name.slice(prefix.length));
      if (Number.isInteger(pid) && pid > 0 && !pidAlive(pid)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    }
    fs.rmSync(stage, { recursive: true, force: true });
    fs.mkdirSync(path.join(stage, 'bin'), { recursive: true });
    fs.mkdirSync(path.join(stage, 'lib')); // stage was made just above, with bin/: nothing to make before lib/
  } catch (err) {
    // A failed run leaves nothing of its own: the staging dir (made before its bin/ failed) and the parents it made.
    removeStagingDir(stage);
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
 * Where DIR's staging dir goes: beside DIR, so that moving the bundle in is a rename on one file system.
 * A DIR that is a symlink to a dir is filled through the link (moveIntoPlace), so its staging dir goes
 * beside the dir it names, which may be on another file system than the link (`-o out`, out → /mnt/disk/app):
 * beside the link, every rename into it failed with EXDEV after the whole build. A DIR that is a mount
 * point (`-v vol:/out`, `-o /out`) is on another mount than anything beside it: its staging dir goes
 * inside it, hidden, and is filled in like a symlink's (an empty one used to fail, and a previous bundle
 * lost its files to EXDEV).
 */
function stagingPlace(outDir: string): { parent: string; prefix: string } {
  let at = outDir;
  if (lstatOrNull(outDir)?.isSymbolicLink() === true) {
    try {
      at = fs.realpathSync(outDir);
    } catch {
      /* a symlink to nowhere (outDirState refuses it before the build): beside the link, as any DIR */
    }
  }
  if (isMountPoint(path.resolve(at))) return { parent: at, prefix: PARTIAL };
  return { parent: path.dirname(at), prefix: `.${path.basename(at)}${PARTIAL}` };
}

/**
 * Removes a staging dir and the parents of DIR its run made (`-o new/sub/out`), as far as they are
 * empty: after a bundle moved into place DIR is in them, and they stay. Never throws: it runs on the
 * way out of a failure, whose error is the one to show.
 */
export function removeStagingDir(stage: string): void {
  try {
    fs.rmSync(stage, { recursive: true });
  } catch {
    /* absent (moved into place; so no `force`), or a path too long to remove: one that was never made */
  }
  const made = madeParents.get(stage);
  madeParents.delete(stage);
  if (made === undefined) return;
  // Up to the first dir the run made, whatever fails on the way: a dir that is not empty (DIR is in it, or
  // another run's files) is kept, and so is every dir above it, which holds it; one removed meanwhile (`rm -r
  // new/sub` during the build) fails too, but the dirs above it that the run made may be empty by then.
  for (let d = path.dirname(stage); ; d = path.dirname(d)) {
    try {
      fs.rmdirSync(d);
    } catch {
      /* kept, or gone already */
    }
    if (d === made) return;
  }
}

/**
 * Moves the finished bundle from `stage` to `outDir`. A new or empty DIR is replaced by one rename (an
 * empty one named by a symlink is filled like a previous bundle with nothing listed); a previous bundle loses the files its manifest lists (nothing else in it) and gets the new ones, the
 * manifest last, so that DIR always holds a manifest the rerun accepts. Whatever in DIR would stop the
 * move half way is found first (checkMove): then DIR is left exactly as it was. Synchronous: a held
 * Ctrl-C (cli/signals.ts) waits for it.
 */
export function moveIntoPlace(stage: string, outDir: string): void {
  const state = outDirState(outDir);
  try {
    // An empty DIR that is a symlink (`-o` naming a link to a dir elsewhere) is filled, not replaced: rm
    // would take the link and the rename put a plain dir in its place, leaving the dir it named empty.
    // Asked whatever the state: an absent DIR is no symlink (outDirState refuses a dangling one), and a
    // previous bundle is filled anyway.
    const linked = lstatOrNull(outDir)?.isSymbolicLink() === true;
    // Staged inside DIR (a mount point): DIR stays, filled like a symlink's.
    const inside = INSIDE.test(path.basename(stage));
    if (state.kind !== 'previous' && !linked && !inside) {
      if (state.kind === 'empty') fs.rmSync(outDir, { recursive: true });
      fs.renameSync(stage, outDir);
      return;
    }
    // Stryker disable next-line ArrayDeclaration: an empty DIR holds only empty bin/ lib/, so no listed name reaches a file to delete
    const remove = checkMove(stage, outDir, state.kind === 'previous' ? state.files : []);
    for (const f of remove) fs.rmSync(path.join(outDir, f), { force: true }); // force: a manifest may list one file twice
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
    // No `force`: the manifest was just renamed out of stage, so it is there (force only excuses an absent path).
    fs.rmSync(stage, { recursive: true });
  } catch (err) {
    // checkMove's refusals (BundleErrors) are no system errors: systemError gives null and they go on as they are.
    // A failed rename names its source, in the hidden staging dir (removed by the time the error is read):
    // named where it was going, in DIR, as the user will look for it.
    const at = (err as NodeJS.ErrnoException).path;
    const where = at !== undefined && (at === stage || at.startsWith(`${stage}${path.sep}`)) ? path.join(outDir, path.relative(stage, at)) : at;
    const words = systemError(err, { action: 'write', path: where, hint: 'choose an output directory you can write with -o' });
    if (!words) throw err;
    throw new BundleError(`output directory ${outDir}: ${words.message}`, words.hint!);
  }
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch {
    return null;
  }
}

/**
 * A file the previous manifest lists that the move may delete: there, not a directory, and reached
 * through no symlink (a symlinked lib/ could lead out of DIR: its files are not the bundle's to delete).
 */
function removable(outDir: string, file: string): boolean {
  const parts = file.split(path.sep);
  let at = outDir;
  for (const [i, part] of parts.entries()) {
    at = path.join(at, part);
    const st = lstatOrNull(at);
    // lstat: a symlink is no directory, so a symlinked dir on the way stops here too.
    if (st === null || i < parts.length - 1 !== st.isDirectory()) return false;
  }
  return true;
}

/**
 * Everything in a previous bundle's DIR the move would meet, checked before anything changes: a
 * directory where the new bundle puts a file (rename fails with EISDIR), a file or symlink where it puts
 * a directory, a file of the user's where it puts one (the manifest does not list it: never
 * overwritten), a directory it cannot write. Returns the listed files to delete.
 */
function checkMove(stage: string, outDir: string, listed: string[]): string[] {
  const ours = listed.filter((f) => f !== MANIFEST && removable(outDir, f));
  const changed = new Set([outDir, ...ours.map((f) => path.dirname(path.join(outDir, f)))]);
  const refuse = (rel: string, what: string) =>
    new BundleError(`${path.join(outDir, rel)} ${what}`, `move it out of ${outDir}, or choose another directory with -o`);
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(stage, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      const there = lstatOrNull(path.join(outDir, r));
      changed.add(path.join(outDir, rel));
      if (there === null) continue; // made or moved in new; a new dir has nothing below it to meet
      if (e.isDirectory()) {
        if (there.isDirectory()) walk(r);
        else throw refuse(r, `is ${there.isSymbolicLink() ? 'a symlink' : 'a file'}, where the new bundle puts a directory`);
      } else if (there.isDirectory()) throw refuse(r, 'is a directory, where the new bundle puts a file');
      else if (r !== MANIFEST && !ours.includes(r))
        throw refuse(r, 'is not a file of the previous bundle (its manifest does not list it), where the new bundle puts one');
    }
  };
  walk('');
  // A directory that cannot be written fails its first unlink or rename: found here instead, before any.
  for (const d of changed) fs.accessSync(d, fs.constants.W_OK);
  return ours;
}

/**
 * The DIR a staging dir is built for (makeStagingDir's name, `.NAME.gocondad-partial-PID` beside DIR or
 * `.gocondad-partial-PID` inside it, read back); any other dir as it is. For errors about the bundle that name its files where the user
 * will look for them, not in the hidden staging dir, which is gone by the time the error is read.
 */
export function bundleDirOf(dir: string): string {
  const base = path.basename(dir);
  if (INSIDE.test(base)) return path.dirname(dir);
  const at = base.lastIndexOf(PARTIAL);
  if (!base.startsWith('.') || at < 1 || !/^\d+$/.test(base.slice(at + PARTIAL.length))) return dir;
  return path.join(path.dirname(dir), base.slice(1, at));
}

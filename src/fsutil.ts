// Small file-system helpers every part uses; they import nothing of gocondad but errors.ts (system errors in words).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT, GocondadError, systemError } from './errors';

/** Write via a temp file and rename, so a shell sourcing the shim never sees half a file. */
export function writeFileAtomic(file: string, text: string, mode: number): boolean {
  try {
    if (fs.readFileSync(file, 'utf8') === text) return false;
  } catch {
    /* new file */
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text, { mode });
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, file);
  } catch (err) {
    // A full disk, a rename refused: the error goes on, and no `.tmp` file stays beside the user's.
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* not ours to remove (a dir of that name): the first error is the one to show */
    }
    throw err;
  }
  return true;
}

export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.statSync(dir);
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw new Error(`${dir} belongs to uid ${st.uid}, not to you; remove it (or set XDG_RUNTIME_DIR / XDG_STATE_HOME elsewhere) and retry`);
  }
  if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}

export function mtimeMs(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** An executable regular file (what PATH lookup and GOROOT/bin/go both need). */
export function isExecutableFile(file: string): boolean {
  try {
    const st = fs.statSync(file);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** The first executable file `name` in a PATH list (empty entries skipped; a directory is no command), or null. */
export function commandOnPath(name: string, pathList: string): string | null {
  for (const dir of pathList.split(':')) if (dir && isExecutableFile(path.join(dir, name))) return path.join(dir, name);
  return null;
}

/** Why a file was not read, in words (the caller names the file). */
function inWords(err: unknown): string {
  return systemError(err, { action: 'read', path: null })?.message ?? `cannot read: ${(err as Error).message}`;
}

export type SmallRead = { kind: 'ok'; text: string; st: fs.Stats } | { kind: 'missing' } | { kind: 'refused'; reason: string };

/**
 * Reads a small regular file that someone else may have tampered with: a FIFO or device in its place
 * must not block the daemon (opened O_NONBLOCK, type checked before any read), and a huge file must not
 * fill its memory (size capped). `noFollow` also refuses a symlink.
 */
export function readSmallFile(file: string, maxBytes: number, opts: { noFollow?: boolean } = {}): SmallRead {
  const flags = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (opts.noFollow ? fs.constants.O_NOFOLLOW : 0);
  let fd: number;
  try {
    fd = fs.openSync(file, flags);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    if (code === 'ELOOP') return { kind: 'refused', reason: 'is a symlink; not followed' };
    return { kind: 'refused', reason: inWords(err) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { kind: 'refused', reason: 'is not a regular file (a FIFO, device or directory?); not read' };
    if (st.size > maxBytes) return { kind: 'refused', reason: `is ${st.size} bytes, over the limit of ${maxBytes}; not read` };
    // One byte more than the limit: a file that grew since fstat is caught too.
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let got = 0;
    for (let n; got < buf.length && (n = fs.readSync(fd, buf, got, buf.length - got, got)) > 0;) got += n;
    if (got > maxBytes) return { kind: 'refused', reason: `grew over the limit of ${maxBytes} bytes while read; not read` };
    return { kind: 'ok', text: buf.subarray(0, got).toString('utf8'), st };
  } catch (err) {
    return { kind: 'refused', reason: inWords(err) };
  } finally {
    fs.closeSync(fd);
  }
}

/** Nothing but blank lines and `#` comments: no content for YAML, JSON-free lock or @EXPLICIT readers. */
export function isBlankText(text: string): boolean {
  return text.split('\n').every((line) => /^\s*(#.*)?$/.test(line));
}

/**
 * A file the user named or owns, read as input: its text, or bad input (exit 2) in words naming it —
 * `FILE: you cannot read it (permission denied)`, `FILE: it is a directory, not a file`, `FILE: no such
 * file or directory`, and with `empty` (what to write instead) `FILE: it is empty`. No errno code.
 */
export function readInputFile(file: string, opts: { empty?: string; hint?: string } = {}): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw inputFileError(err, file, opts.hint);
  }
  if (opts.empty !== undefined && isBlankText(text)) throw new GocondadError(`${file}: it is empty`, opts.empty, EXIT.USAGE);
  return text;
}

/** Why an input file could not be read, as bad input (exit 2) naming it; a non-system error as it was. */
export function inputFileError(err: unknown, file: string, hint?: string): unknown {
  const words = systemError(err, { action: 'read', path: null });
  return words ? new GocondadError(`${file}: ${words.message}`, hint ?? words.hint, EXIT.USAGE) : err;
}

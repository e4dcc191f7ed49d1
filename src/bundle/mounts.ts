// Whether a dir is a mount point: a bundle staged beside such a DIR (a Docker volume, a tmpfs, a bind
// mount) is on another mount than DIR, and every rename into DIR fails with EXDEV after the whole build.
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The mount points listed in a /proc/self/mountinfo text (its 5th field, with the kernel's octal escapes
 * of space, tab, newline and backslash undone). A bind mount of a dir on the same file system keeps the
 * device number, so only this list names it.
 */
export function mountPoints(mountinfo: string): Set<string> {
  const points = new Set<string>();
  for (const line of mountinfo.split('\n')) {
    const field = line.split(' ')[4];
    if (field) points.add(field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8))));
  }
  return points;
}

function readMountinfo(): string {
  try {
    return fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return ''; // no /proc (macOS, a chroot): the device numbers still tell a mount of another file system
  }
}

/** `dir` (a real path, no symlink in it) is an existing dir on another mount than its parent. */
export function isMountPoint(dir: string, mountinfo: () => string = readMountinfo): boolean {
  let st: fs.Stats;
  let up: fs.Stats;
  try {
    st = fs.statSync(dir);
    up = fs.statSync(path.dirname(dir));
  } catch {
    return false;
  }
  if (!st.isDirectory()) return false;
  return st.dev !== up.dev || mountPoints(mountinfo()).has(dir);
}

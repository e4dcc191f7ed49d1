// Whether a path is a mount point. Nothing can be renamed onto or into one from beside it: a bundle staged
// beside such a DIR (a Docker volume, a tmpfs, a bind mount) failed with EXDEV after the whole build, and
// an environment.yml bind-mounted on its own (`-v ./environment.yml:/app/environment.yml`) cannot be
// replaced by a rename (EBUSY), only rewritten in place.
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

/** `p` (a real path, no symlink in it) exists, a dir or a file, and is on another mount than its parent dir. */
export function isMountPoint(p: string, mountinfo: () => string = readMountinfo): boolean {
  let st: fs.Stats;
  let up: fs.Stats;
  try {
    st = fs.statSync(p);
    up = fs.statSync(path.dirname(p));
  } catch {
    return false;
  }
  return st.dev !== up.dev || mountPoints(mountinfo()).has(p);
}

// User files (environment.yml, go.mod, the state file) are replaced atomically and keep their mode:
// a crash leaves the old file or the new one, never half of either. Two kinds of user file cannot be
// replaced by a rename, and are written where they are instead:
// - a symlink (dotfiles managers, a monorepo's shared environment.yml): the rename would put a plain
//   file in the link's place and leave the file it names as it was; its target is replaced instead;
// - a file bind-mounted on its own (`docker run -v ./environment.yml:/app/environment.yml`): a rename
//   onto a mount point fails (EBUSY), and its dir may be mounted read-only around it (`-v .:/app:ro`),
//   so it is rewritten in place, the one way to change it.
import * as fs from 'node:fs';
import { isMountPoint } from '../core/mounts';
import { writeFileAtomic as writeAtomic } from '../fsutil';

export function writeFileAtomic(file: string, content: string): void {
  const target = linkTarget(file);
  let mode = 0o644;
  try {
    mode = fs.statSync(target).mode & 0o777;
  } catch {
    /* new file */
  }
  if (isMountPoint(target)) fs.writeFileSync(target, content);
  else writeAtomic(target, content, mode);
}

/** The file a symlink names, through every link; the path itself when it is no symlink or names nothing. */
function linkTarget(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file; // new, or a symlink to nowhere: replaced as a new file would be
  }
}

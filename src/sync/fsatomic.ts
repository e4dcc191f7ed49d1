// User files (environment.yml, go.mod, the state file) are replaced atomically and keep their mode:
// a crash leaves the old file or the new one, never half of either.
import * as fs from 'node:fs';
import { writeFileAtomic as writeAtomic } from '../fsutil';

export function writeFileAtomic(file: string, content: string): void {
  let mode = 0o644;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    /* new file */
  }
  writeAtomic(file, content, mode);
}

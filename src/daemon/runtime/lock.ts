// One daemon per user: a lock file holding the owner's pid, created with O_EXCL. A lock whose pid is
// dead is taken over by renaming it aside first, so that of two daemons starting at once exactly one
// wins the takeover (rename of the same source succeeds once).
import * as fs from 'node:fs';
import { pidAlive, readPid } from '../../lockfile';

export { pidAlive };

export type LockResult = { ok: true; release: () => void } | { ok: false; holder: number };

export function acquireLock(file: string): LockResult {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return {
        ok: true,
        release: () => {
          // Stryker disable next-line ObjectLiteral,BooleanLiteral: `force` on a file just read is never needed (a race that removes it between the two is the only difference)
          if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readPid(file);
    if (pidAlive(holder) && holder !== process.pid) return { ok: false, holder };
    // A freshly created lock may not hold its pid yet: give its writer a moment before calling it stale.
    if (Number.isNaN(holder)) {
      const waitUntil = Date.now() + 50;
      while (Date.now() < waitUntil) {
        /* spin briefly; this runs once at start-up */
      }
      const again = readPid(file);
      if (pidAlive(again)) return { ok: false, holder: again };
    }
    const aside = `${file}.stale.${process.pid}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      continue; // someone else moved it first; try again
    }
    const moved = readPid(aside);
    if (pidAlive(moved) && moved !== process.pid) {
      // We moved a live daemon's fresh lock: put it back and step aside.
      try {
        fs.linkSync(aside, file);
      } catch {
        /* a third daemon took the slot; it will be the one */
      }
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: the file was renamed there just above and only this process knows its name
      fs.rmSync(aside, { force: true });
      return { ok: false, holder: moved };
    }
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: the file was renamed there just above and only this process knows its name
    fs.rmSync(aside, { force: true });
  }
  return { ok: false, holder: readPid(file) };
}

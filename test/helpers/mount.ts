// A real mount for the time of `body` (mount ARGS..., then umount): tests of a DIR that is a mount point
// (a Docker volume, a tmpfs, a bind mount). Needs root, as `.ci/run` has; says so otherwise.
import { spawnSync } from 'node:child_process';

export function mounted<T>(args: string[], body: () => T): T {
  const at = args[args.length - 1]!;
  const m = spawnSync('mount', args, { encoding: 'utf8' });
  if (m.status !== 0)
    throw new Error(
      `mount ${args.join(' ')} failed (${(m.stderr || String(m.error)).trim()}): these tests need root and mount(8); run them as root, as .ci/run does`,
    );
  try {
    return body();
  } finally {
    spawnSync('umount', ['-l', at]);
  }
}

// Where this package's own files are (shell templates), from both dist/ and src/ (tests run src/).
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'shell'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`gocondad: cannot find its package root above ${start}; reinstall gocondad`);
    dir = up;
  }
}

export const PACKAGE_ROOT = findRoot(__dirname);
export const VERSION: string = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
/**
 * Node flags the daemon runs with (`gocondad start`, `npm start`). A 2 MiB young generation instead of
 * V8's 16 MiB keeps a long-lived, mostly idle process small: with 500 envs resident memory drops by
 * about 20 MiB, and the extra scavenges cost nothing measurable (BENCHMARKS.md).
 */
export const DAEMON_NODE_FLAGS = ['--max-semi-space-size=2'];

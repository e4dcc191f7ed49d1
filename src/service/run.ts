// The real Runner: a child process with a hard timeout, never throwing.
import type { Runner } from './types';

export const runCommand: Runner = (cmd, args, opts = {}) => {
  // Loaded on first use: `gocondad status` builds a runner on every call but seldom spawns anything,
  // and child_process (with dgram behind it) is about 2 ms of start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: opts.timeoutMs ?? 15000, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) return { status: -1, stdout: '', stderr: r.error.message };
  // Stryker disable next-line StringLiteral: both are pipes read as utf8, so spawnSync always gives strings (null only for an ignored stream)
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
};

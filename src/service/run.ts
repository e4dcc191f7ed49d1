// The real Runner: a child process with a hard timeout, never throwing.
import { spawnSync } from 'node:child_process';
import type { Runner } from './types';

export const runCommand: Runner = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: opts.timeoutMs ?? 15000, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) return { status: -1, stdout: '', stderr: r.error.message };
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
};

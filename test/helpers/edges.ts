// The "edges" suites (issue 19): the built CLI as a real process, with a real pipe whose reader has
// gone before the CLI writes anything, or interrupted as a terminal's Ctrl-C interrupts it.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, type World } from './world';

/** What a Node crash or an unhandled stream error prints; none of it may ever reach the user. */
export const TRACE = /^\s+at \S|node:internal|node:events|Unhandled 'error'|Error: write|EPIPE|ERR_STREAM/m;

export interface Run {
  /** The exit status as a shell sees it: 128+n when killed by signal n. */
  code: number;
  /** What the other stream (the one still read) carried. */
  other: string;
}

/**
 * Runs `gocondad ARGS` with `gone` (stdout or stderr) a real pipe whose only reader has closed it before
 * the CLI starts: the right-hand side closes its stdin, marks a file, and exits; only then does the
 * left-hand side exec the CLI. Deterministic, unlike `| head -c0`, which may still be reading.
 */
export function readerGone(world: World, args: string[], gone: 'stdout' | 'stderr', opts: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const mark = path.join(world.dir, `closed.${process.pid}.${(counter += 1)}`);
  const other = `${mark}.other`;
  const redirect = gone === 'stdout' ? '2>"$OTHER"' : '2>&1 >"$OTHER"';
  const script = `( while [ ! -e "$MARK" ]; do sleep 0.01; done; exec "$NODE" "$CLI" "$@" ${redirect} ) </dev/null | { exec 0<&-; : >"$MARK"; }; exit "\${PIPESTATUS[0]}"`;
  const r = spawnSync('bash', ['-c', script, 'edges', ...args], {
    cwd: opts.cwd ?? world.dir,
    env: { ...world.env, ...opts.env, MARK: mark, OTHER: other, NODE: process.execPath, CLI },
    encoding: 'utf8',
    timeout: 120000,
  });
  if (r.error) throw r.error;
  const text = fs.existsSync(other) ? fs.readFileSync(other, 'utf8') : '';
  fs.rmSync(other, { force: true });
  fs.rmSync(mark, { force: true });
  return { code: r.status ?? -1, other: text };
}
let counter = 0;

/** The same command line with both streams read: the exit status a reader gone must not change. */
export function normally(world: World, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Run & { stdout: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? world.dir, env: { ...world.env, ...opts.env }, encoding: 'utf8', timeout: 120000 });
  return { code: r.status ?? 128 + 2, other: r.stderr, stdout: r.stdout };
}

export interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `gocondad ARGS` in a process group of its own, as a shell starts a foreground job, and sends
 * `signal` when `when()` first holds (polled every 10 ms): to the whole group (`group`, what Ctrl-C in a
 * terminal does: children such as `go build` get it too) or to the CLI's process alone.
 */
export function interrupt(
  world: World,
  args: string[],
  opts: { when: () => boolean; signal?: NodeJS.Signals; group?: boolean; cwd?: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<Interrupted & { sent: boolean }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? world.dir,
    env: { ...world.env, ...opts.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  let sent = false;
  const timer = setInterval(() => {
    if (sent || child.exitCode !== null || !opts.when()) return;
    sent = true;
    process.kill(opts.group === false ? child.pid! : -child.pid!, opts.signal ?? 'SIGINT');
  }, 10);
  const limit = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120000);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearInterval(timer);
      clearTimeout(limit);
      resolve({ code, signal, stdout, stderr, sent });
    }),
  );
}

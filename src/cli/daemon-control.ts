// Starting and stopping the background daemon, shared by `start`/`stop`, `setup` and `uninstall`.
// Each returns the line to print, so that callers decide how to show it.
import * as path from 'node:path';
import { GocondadError } from '../errors';
import { loc } from './context';

/** One line saying what happened; throws when the daemon did not come up. */
export async function startInBackground(): Promise<string> {
  const { spawn } = await import('node:child_process');
  const { daemonAlive, handshake } = await import('./client');
  const { DAEMON_NODE_FLAGS, PACKAGE_ROOT } = await import('../pkg');
  const { socket, log } = loc();
  if (await daemonAlive(socket)) return `gocondad daemon already running (pid ${(await handshake(socket)).pid})`;
  // The executable, bundled: this module's own __dirname is not where it was compiled to.
  const entry = path.join(PACKAGE_ROOT, 'dist', 'cli.js');
  const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, entry, 'daemon', '--quiet'], { detached: true, stdio: 'ignore', env: process.env });
  child.unref();
  const deadline = Date.now() + 8000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (await daemonAlive(socket)) return `gocondad daemon started (pid ${(await handshake(socket)).pid}, socket ${socket})`;
    if (child.exitCode !== null) break;
  }
  throw new GocondadError('the daemon did not come up', `its log is ${log} (try \`gocondad daemon\` to see it in the foreground)`);
}

/** Stops a running daemon and waits for its process to exit; null when none was running. */
export async function stopRunning(): Promise<string | null> {
  const { call, DaemonUnavailable, handshake } = await import('./client');
  const { isStopReply } = await import('../protocol');
  const { pidAlive } = await import('../daemon/runtime/lock');
  const { socket } = loc();
  let pid: number;
  try {
    pid = (await handshake(socket, 2000)).pid;
    await call(socket, 'POST', 'stop', isStopReply);
  } catch (err) {
    if (err instanceof DaemonUnavailable) return null;
    throw err;
  }
  // Done when the process is gone, so that a `start` right after never meets the old lock.
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && pidAlive(pid)) await new Promise((r) => setTimeout(r, 20));
  if (pidAlive(pid)) throw new GocondadError(`the daemon (pid ${pid}) did not exit within 5 s`, `kill it: kill ${pid}`);
  return `gocondad daemon stopped (pid ${pid})`;
}

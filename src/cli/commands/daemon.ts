// `gocondad daemon|start|stop`: the daemon's lifecycle as the user drives it.
import type { Command } from 'commander';
import * as path from 'node:path';
import { GocondadError } from '../../errors';
import { loc, print } from '../context';

async function runDaemon(opts: { quiet?: boolean }): Promise<void> {
  const { Daemon } = await import('../../daemon/daemon');
  const daemon = new Daemon({ loc: loc(), pretty: !opts.quiet, onStopped: () => process.exit(0) });
  try {
    await daemon.start();
  } catch (err) {
    if (err instanceof GocondadError) throw err;
    throw new GocondadError(`cannot start the daemon: ${(err as Error).message}`, `its log is ${loc().log}`);
  }
  const shutdown = (signal: string) => void daemon.stop(signal);
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => daemon.refresh('SIGHUP'));
}

async function startBackground(): Promise<void> {
  const { spawn } = await import('node:child_process');
  const { daemonAlive, handshake } = await import('../client');
  const { DAEMON_NODE_FLAGS } = await import('../../pkg');
  const { socket, log } = loc();
  if (await daemonAlive(socket)) {
    print(`gocondad daemon already running (pid ${(await handshake(socket)).pid})`);
    return;
  }
  // dist/cli.js, the executable (this file is dist/cli/commands/daemon.js).
  const entry = path.join(__dirname, '..', '..', 'cli.js');
  const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, entry, 'daemon', '--quiet'], { detached: true, stdio: 'ignore', env: process.env });
  child.unref();
  const deadline = Date.now() + 8000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (await daemonAlive(socket)) {
      print(`gocondad daemon started (pid ${(await handshake(socket)).pid}, socket ${socket})`);
      return;
    }
    if (child.exitCode !== null) break;
  }
  throw new GocondadError('the daemon did not come up', `its log is ${log} (try \`gocondad daemon\` to see it in the foreground)`);
}

async function stopDaemon(): Promise<void> {
  const { call, DaemonUnavailable, handshake } = await import('../client');
  const { isStopReply } = await import('../../protocol');
  const { pidAlive } = await import('../../daemon/lock');
  const { socket } = loc();
  let pid: number;
  try {
    pid = (await handshake(socket, 2000)).pid;
    await call(socket, 'POST', 'stop', isStopReply);
  } catch (err) {
    if (err instanceof DaemonUnavailable) {
      print('gocondad daemon is not running');
      return;
    }
    throw err;
  }
  // Done when the process is gone, so that a `start` right after never meets the old lock.
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && pidAlive(pid)) await new Promise((r) => setTimeout(r, 20));
  if (pidAlive(pid)) throw new GocondadError(`the daemon (pid ${pid}) did not exit within 5 s`, `kill it: kill ${pid}`);
  print(`gocondad daemon stopped (pid ${pid})`);
}

export function register(program: Command): void {
  program.command('daemon').description('run the daemon in the foreground').option('--quiet', 'log only to the log file').action(runDaemon);
  program.command('start').description('start the daemon in the background (exit 0 if already running)').action(startBackground);
  program.command('stop').description('stop the daemon').action(stopDaemon);
}

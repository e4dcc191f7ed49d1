// `gocondad daemon|start|stop`: the daemon's lifecycle as the user drives it.
import type { Command } from 'commander';
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
  const { startInBackground } = await import('../daemon-control');
  print(await startInBackground());
}

async function stopDaemon(): Promise<void> {
  const { stopRunning } = await import('../daemon-control');
  print((await stopRunning()) ?? 'gocondad daemon is not running');
}

export function register(program: Command): void {
  program.command('daemon').description('run the daemon in the foreground').option('--quiet', 'log only to the log file').action(runDaemon);
  program.command('start').description('start the daemon in the background (exit 0 if already running)').action(startBackground);
  program.command('stop').description('stop the daemon').action(stopDaemon);
}

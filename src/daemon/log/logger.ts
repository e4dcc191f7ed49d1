// The daemon's log: pino JSON lines in a private file, plus pretty lines on stderr in the foreground.
import * as fs from 'node:fs';
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(file: string, pretty: boolean): Logger {
  const dest = pino.destination({ dest: file, mkdir: true, sync: true });
  // A full disk (ENOSPC) or a removed state dir makes a write fail: that line is lost, the daemon is not.
  // Unhandled, the destination's 'error' event would be thrown and stop the daemon; later lines are
  // written again once there is room.
  dest.on('error', () => {});
  fs.chmodSync(file, 0o600);
  const streams: pino.StreamEntry[] = [{ stream: dest }];
  if (pretty) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    streams.push({ stream: require('pino-pretty')({ colorize: process.stderr.isTTY, destination: 2, sync: true }) });
  }
  return pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.multistream(streams));
}

/** What the daemon's parts need of the log: one line at a level. pino's Logger is one; tests pass a recorder. */
export type LogSink = Record<'debug' | 'info' | 'warn' | 'error', (obj: Record<string, unknown>, msg: string) => void>;

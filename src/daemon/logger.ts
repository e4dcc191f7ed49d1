// The daemon's log: pino JSON lines in a private file, plus pretty lines on stderr in the foreground.
import * as fs from 'node:fs';
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(file: string, pretty: boolean): Logger {
  const dest = pino.destination({ dest: file, mkdir: true, sync: true });
  fs.chmodSync(file, 0o600);
  const streams: pino.StreamEntry[] = [{ stream: dest }];
  if (pretty) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    streams.push({ stream: require('pino-pretty')({ colorize: process.stderr.isTTY, destination: 2, sync: true }) });
  }
  return pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.multistream(streams));
}

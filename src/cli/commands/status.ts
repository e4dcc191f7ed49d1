// `gocondad status [--watch]` and `gocondad logs`: what the daemon knows and what it logged.
// Types only from commander: the fast path (../fast/) loads this file without it.
import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT, GocondadError, seeHelp } from '../../errors';
import { loc, print, printJson } from '../context';
import { readerGone, whenReaderGone } from '../pipes';

export async function showStatus(opts: { json?: boolean; watch?: boolean }): Promise<void> {
  if (opts.watch) return watchStatus(opts);
  const { call, handshake, DaemonUnavailable } = await import('../client');
  const { isStatusReply, upgradeStatus } = await import('../../protocol');
  const { renderStatus } = await import('../render');
  const { serviceReport, serviceContext, describeService } = await import('../../service');
  const { runCommand } = await import('../../service/run');
  const { socket } = loc();
  const service = serviceReport(loc(), serviceContext(loc(), process.env), runCommand);
  try {
    await handshake(socket, 2000);
  } catch (err) {
    // Whether anything would start it at login is the next thing the user needs to know: in the one line.
    if (err instanceof DaemonUnavailable) throw new DaemonUnavailable(err.message, `${err.hint ? `${err.hint}; ` : ''}${describeService(service)}`);
    throw err;
  }
  // A daemon of gocondad 0.1.0, still running after an upgrade, says `level` and `source`: shown in this
  // version's words (core/vocabulary.ts) all the same.
  const status = upgradeStatus(await call(socket, 'GET', 'status', isStatusReply));
  if (opts.json) printJson({ ...status, service });
  else print([describeService(service), ...renderStatus(status, (await import('../style')).styleFor(process.stdout))]);
}

/** Live view: the daemon's WebSocket stream, one line per event (or one JSON object per line). */
async function watchStatus(opts: { json?: boolean }): Promise<void> {
  const { handshake } = await import('../client');
  const { routeUrl } = await import('../../protocol');
  const { renderEvent } = await import('../render');
  const { default: WebSocket } = await import('ws');
  const { socket } = loc();
  await handshake(socket, 2000);
  const ws = new WebSocket(`ws+unix://${socket}:${routeUrl('stream')}`);
  ws.on('message', (data) => {
    let ev: unknown;
    try {
      ev = JSON.parse(String(data));
    } catch {
      return;
    }
    print(opts.json ? JSON.stringify(ev) : renderEvent(ev));
  });
  // Ctrl-C is how a person ends a live view: the stream closes and the command ends quietly (exit 0).
  let interrupted = false;
  await new Promise<void>((resolve, reject) => {
    ws.on('close', () => resolve());
    ws.on('error', (err) => reject(new GocondadError(`stream from the daemon failed: ${err.message}`, 'is it running? gocondad status', EXIT.NO_DAEMON)));
    process.on('SIGINT', () => {
      interrupted = true;
      ws.close();
    });
    // Nobody reads any more (`status --watch | head -3`): the stream ends, exit 0 (../pipes.ts).
    void whenReaderGone().then(() => ws.close());
  });
  // Only a stream the daemon ended is news.
  if (!opts.json && !interrupted && !readerGone()) process.stderr.write('gocondad: the daemon closed the stream (stopped?)\n');
}

/** Pretty-prints the daemon's JSON log with pino-pretty; `follow` keeps reading as it grows. */
export async function showLogs(opts: { follow?: boolean; lines: number; json?: boolean }): Promise<void> {
  const { log } = loc();
  const { upgradeLogLine } = await import('../log-lines');
  const prettify: (line: string) => string = opts.json
    ? (l) => `${l}\n`
    : (await import('pino-pretty')).prettyFactory({
        colorize: (await import('../style')).wantsColour(process.stdout.isTTY === true, process.env),
        // The one style for people (render.ts localTime): local, to the second.
        translateTime: 'SYS:yyyy-mm-dd HH:MM:ss',
        ignore: 'pid,hostname',
      });
  const pretty = (line: string) => prettify(upgradeLogLine(line));
  let offset = 0;
  let partial = '';
  const emit = (text: string, first: boolean) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    const shown = first && opts.lines > 0 ? lines.slice(-opts.lines) : lines;
    for (const line of shown) if (line.trim() !== '' && !readerGone()) process.stdout.write(pretty(line));
  };
  const readMore = (first: boolean) => {
    let fd: number;
    try {
      fd = fs.openSync(log, 'r');
    } catch {
      if (first && !opts.follow) throw new GocondadError(`no log yet at ${log}`, 'the daemon writes it when it runs: gocondad start');
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size < offset) offset = 0; // truncated or replaced
      if (size === offset) return;
      const buf = Buffer.alloc(size - offset);
      fs.readSync(fd, buf, 0, buf.length, offset);
      offset = size;
      emit(buf.toString('utf8'), first);
    } finally {
      fs.closeSync(fd);
    }
  };
  readMore(true);
  if (!opts.follow) return;
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const watcher = fs.watch(path.dirname(log), () => readMore(false));
  await new Promise<void>((resolve) => {
    process.on('SIGINT', () => resolve());
    void whenReaderGone().then(resolve);
  });
  watcher.close();
}

function wholeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new GocondadError(`-n/--lines takes a whole number, not ${JSON.stringify(v)}`, seeHelp('gocondad logs'), EXIT.USAGE);
  return n;
}

export function register(program: Command): void {
  program
    .command('status')
    .description('the daemon, live shells, each env’s toolchain, fixes made')
    .option('--json', 'machine-readable output')
    .option('-w, --watch', 'live view of activations, deactivations, fixes and refreshes as they happen')
    .action(showStatus);
  program
    .command('logs')
    .description('the daemon log, pretty-printed')
    .option('-f, --follow', 'keep printing as the log grows')
    .option('-n, --lines <n>', 'only the last n lines first (0 = all)', wholeNumber, 0)
    .option('--json', 'the raw JSON lines')
    .action(showLogs);
}

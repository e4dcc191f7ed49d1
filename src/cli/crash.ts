// An error gocondad did not expect is a bug: the user gets one line, and the stack goes to a report file
// for the issue, with the versions and the command line, instead of a trace on their terminal.
// Reports live in $XDG_CACHE_HOME/gocondad/ (default ~/.cache/gocondad/), crash-<time>-<pid>.txt, mode
// 0600 (they hold paths); the newest KEEP are kept. Where that cannot be written, in the temp dir.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VERSION } from '../pkg';

const KEEP = 10;

export function crashDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'gocondad');
}

/** The report's text: what a maintainer needs to find the bug. */
export function crashReport(err: unknown, now: Date, argv: readonly string[]): string {
  const stack = (e: unknown): string => (e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : `thrown (not an Error): ${String(e)}`);
  const causes: string[] = [];
  for (let c = err instanceof Error ? err.cause : undefined; c !== undefined && causes.length < 5; c = c instanceof Error ? c.cause : undefined)
    causes.push(`caused by: ${stack(c)}`);
  return [
    `gocondad ${VERSION} crashed at ${now.toISOString()}`,
    `command: gocondad ${argv.join(' ')}`,
    `cwd: ${process.cwd()}`,
    `node ${process.version} on ${process.platform}-${process.arch} (${os.release()})`,
    '',
    stack(err),
    ...causes,
    '',
  ].join('\n');
}

function writeIn(dir: string, name: string, text: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  return file;
}

/** Drops the oldest reports beyond KEEP; a failure here never matters. */
function prune(dir: string): void {
  try {
    const old = fs
      .readdirSync(dir)
      .filter((f) => /^crash-.*\.txt$/.test(f))
      .sort()
      .slice(0, -KEEP);
    for (const f of old) fs.rmSync(path.join(dir, f), { force: true });
  } catch {
    // nothing to prune
  }
}

/** Writes the report; returns its path, or null when no place would take it. */
export function writeCrashReport(err: unknown, env: NodeJS.ProcessEnv = process.env): string | null {
  const now = new Date();
  const name = `crash-${now.toISOString().replace(/[:.]/g, '-')}-${process.pid}.txt`;
  const text = crashReport(err, now, process.argv.slice(2));
  for (const dir of [crashDir(env), path.join(os.tmpdir(), `gocondad-crash-${process.getuid?.() ?? 'user'}`)]) {
    try {
      const file = writeIn(dir, name, text);
      prune(dir);
      return file;
    } catch {
      // the next place
    }
  }
  return null;
}

/** The one line the user sees for a crash. */
export function crashLine(err: unknown, report: string | null): string {
  const what = err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err).split('\n')[0];
  return report
    ? `gocondad: unexpected error (a bug in gocondad): ${what}; the report is in ${report}, please attach it to an issue\n`
    : `gocondad: unexpected error (a bug in gocondad): ${what}; no report could be written, please rerun and copy this line into an issue\n`;
}

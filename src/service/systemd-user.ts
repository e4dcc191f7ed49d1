// A systemd user unit for the daemon. The unit text is pure (`unitText`); install/uninstall/status are
// `systemctl --user` calls through the injected Runner.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../fsutil';
import type { ServiceContext, ServiceManager, ServiceSpec } from './types';

export const UNIT_NAME = 'gocondad.service';

export function unitPath(ctx: Pick<ServiceContext, 'home' | 'env'>): string {
  return path.join(ctx.env.XDG_CONFIG_HOME || path.join(ctx.home, '.config'), 'systemd', 'user', UNIT_NAME);
}

/** A word of a unit file's quoted syntax: C escapes inside double quotes; `%` is a specifier, `$` (in Exec) a variable. */
export function unitQuote(value: string, exec: boolean): string {
  let q = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/%/g, '%%');
  if (exec) q = q.replace(/\$/g, '$$$$');
  return `"${q}"`;
}

/**
 * systemd refuses an executable path holding quotes, backslashes or `$` (any argument may hold them):
 * such a node is started through /bin/sh, which gets it as an argument.
 */
export function execWords(spec: Pick<ServiceSpec, 'node' | 'nodeFlags' | 'cli'>): string[] {
  const words = [spec.node, ...spec.nodeFlags, spec.cli, 'daemon'];
  return /["'\\$]/.test(spec.node) ? ['/bin/sh', '-c', 'exec "$@"', 'sh', ...words] : words;
}

export function unitText(spec: ServiceSpec): string {
  const exec = execWords(spec)
    .map((w) => unitQuote(w, true))
    .join(' ');
  return [
    `# gocondad ${spec.version}: the daemon that keeps Go right in conda envs. Written by \`gocondad setup\`;`,
    '# remove with `gocondad uninstall` (or `gocondad service uninstall`).',
    '[Unit]',
    'Description=gocondad: keeps Go toolchains right in conda envs',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${exec}`,
    ...Object.keys(spec.env)
      .sort()
      .map((k) => `Environment=${unitQuote(`${k}=${spec.env[k]}`, false)}`),
    // A crash restarts it; `gocondad stop` (exit 0) does not.
    'Restart=on-failure',
    'RestartSec=2',
    // A small, mostly idle daemon: about 20-60 MiB with hundreds of envs (BENCHMARKS.md), bursts of CPU
    // only when many envs are planned at once.
    'MemoryHigh=160M',
    'MemoryMax=256M',
    'CPUQuota=50%',
    'TasksMax=64',
    'Nice=5',
    // The JSON log goes to the daemon's own file; its readable stderr lines go to the journal. A newline in
    // the path would end the comment and make the rest a directive: written as \n, like the quoted words.
    `# JSON log: ${spec.log.replace(/\n/g, '\\n')}`,
    'StandardOutput=journal',
    'StandardError=journal',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

/** systemd/user and systemd above the unit, when the unit was all they held (switching managers leaves no husk). */
function removeEmptyDirs(unit: string): void {
  for (const dir of [path.dirname(unit), path.dirname(path.dirname(unit))]) {
    try {
      // Stryker disable BlockStatement: (the catch's body) when the unit's dir cannot go, its parent still holds it and cannot go either
      fs.rmdirSync(dir);
    } catch {
      // Stryker restore BlockStatement
      return; // not empty (other units, the user's own files), or not there
    }
  }
}

function failed(what: string, r: { status: number; stderr: string }): string {
  return `${what} failed (exit ${r.status}): ${r.stderr.trim().split('\n')[0]!}`;
}

export const systemdUser: ServiceManager = {
  kind: 'systemd-user',
  install(spec, ctx, run) {
    const file = unitPath(ctx);
    let before: string | null = null;
    try {
      before = fs.readFileSync(file, 'utf8');
    } catch {
      /* a new unit */
    }
    const changed = writeFileAtomic(file, unitText(spec), 0o644);
    const notes = [`${changed ? 'wrote' : 'kept'} the systemd user unit ${file}`];
    const sc = (...args: string[]) => run('systemctl', ['--user', ...args], { env: ctx.env });
    const reload = sc('daemon-reload');
    if (reload.status !== 0) {
      // No manager loads it: a unit that can never run is worse than none. Put back what was there.
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: the file was written a moment ago; force only matters for a missing one
      if (before === null) fs.rmSync(file, { force: true });
      else writeFileAtomic(file, before, 0o644);
      return {
        files: [],
        notes: [failed('systemctl --user daemon-reload', reload), `so the unit was not installed (${file} left as it was)`],
        started: false,
        failed: true,
      };
    }
    const enable = sc('enable', UNIT_NAME);
    notes.push(enable.status === 0 ? `enabled ${UNIT_NAME} (starts at every login)` : failed(`systemctl --user enable ${UNIT_NAME}`, enable));
    // restart, not start: a changed unit (new node or gocondad path) must take effect now.
    const start = sc(changed ? 'restart' : 'start', UNIT_NAME);
    notes.push(start.status === 0 ? `started ${UNIT_NAME}` : failed(`systemctl --user start ${UNIT_NAME}`, start));
    return { files: [file], notes, started: start.status === 0 };
  },
  uninstall(ctx, run) {
    const file = unitPath(ctx);
    if (!fs.existsSync(file)) return { files: [], notes: [], started: false };
    const notes: string[] = [];
    const stop = run('systemctl', ['--user', 'disable', '--now', UNIT_NAME], { env: ctx.env });
    if (stop.status === 0) notes.push(`stopped and disabled ${UNIT_NAME}`);
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: existsSync found the file above; force only matters for a missing one
    fs.rmSync(file, { force: true });
    notes.push(`removed ${file}`);
    removeEmptyDirs(file);
    if (stop.status === 0) run('systemctl', ['--user', 'daemon-reload'], { env: ctx.env });
    return { files: [file], notes, started: false };
  },
  status(ctx, run) {
    const file = unitPath(ctx);
    const installed = fs.existsSync(file);
    if (!installed) return { kind: 'systemd-user', installed, files: [], active: null, detail: 'no unit' };
    const r = run('systemctl', ['--user', 'is-active', UNIT_NAME], { timeoutMs: 5000, env: ctx.env });
    const state = r.stdout.trim();
    if (!state) return { kind: 'systemd-user', installed, files: [file], active: null, detail: 'unit installed, but no user manager answers: it cannot run' };
    return { kind: 'systemd-user', installed, files: [file], active: state === 'active', detail: `unit ${state}` };
  },
  logsCommand(_ctx, follow, lines) {
    return ['journalctl', '--user', '-u', UNIT_NAME, ...(lines > 0 ? ['-n', String(lines)] : []), ...(follow ? ['-f'] : [])];
  },
};

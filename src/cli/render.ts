// What the CLI shows, as text: tables, the status report, one line per stream event. Pure.
import type { Problem } from '../core/config';
import type { StatusReply, StreamEvent } from '../protocol';
import { isStreamEvent } from '../protocol';
import * as path from 'node:path';
import { CHOICE_SOURCE_TEXT } from '../core/vocabulary';
import type { Style } from './style';

export function formatProblem(p: Problem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
}

/**
 * Columns padded to their widths. `paint` colours a cell (row 0 is the header) after its width is
 * measured, so colour codes never push a column out of line.
 */
export function table(rows: string[][], paint?: (cell: string, row: number, col: number) => string): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const cell = (c: string, ri: number, i: number) => (paint && c ? paint(c, ri, i) : c) + ' '.repeat(widths[i]! - c.length);
  return rows.map((r, ri) => `  ${r.map((c, i) => cell(c, ri, i)).join('  ')}`.trimEnd()).join('\n');
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A time for people, in one style everywhere text is shown (status, status --watch, logs): local time
 * to the second, `2026-12-04 14:05:09`, or only `14:05:09` for a live stream. JSON keeps ISO 8601 (UTC).
 */
export function localTime(at: unknown, withDate = true): string {
  const d = typeof at === 'string' ? new Date(at) : new Date();
  if (Number.isNaN(d.getTime())) return String(at);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withDate ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}` : time;
}

const clock = (at: unknown) => localTime(at, false);

/** One line for a stream event; events of unknown types are shown as their JSON rather than dropped. */
export function renderEvent(raw: unknown): string {
  if (!isStreamEvent(raw)) return `${clock(undefined)}  ${JSON.stringify(raw)}`;
  const ev: StreamEvent = raw;
  const t = clock('at' in ev ? ev.at : undefined);
  switch (ev.type) {
    case 'hello':
      return `connected to gocondad ${ev.version} (protocol ${ev.protocol}); waiting for events, Ctrl-C to stop`;
    case 'error':
      return `${t}  error       ${ev.error} (${ev.hint})`;
    case 'activate': {
      const s = ev.session;
      return `${t}  activate    shell ${s.shellPid} (${s.shell})  env ${s.envName}  ${s.goVersion ?? 'no Go'}${s.goroot ? `  GOROOT=${s.goroot}` : ''}`;
    }
    case 'deactivate':
      return `${t}  deactivate  shell ${ev.shellPid}  ${ev.prefix} (shell level ${ev.shlvl})`;
    case 'conflict_fixed': {
      const c = ev.conflict;
      return `${t}  fixed       ${c.kind} in shell ${c.shellPid} (${c.prefix}): ${c.before ?? '-'} -> ${c.after ?? '-'}`;
    }
    case 'warning': {
      const c = ev.conflict;
      return `${t}  warning     ${c.kind} in shell ${c.shellPid} (${c.prefix}): ${c.before ?? '-'} vs env ${c.after ?? '-'}`;
    }
    case 'activation_skipped':
      return `${t}  skipped     shell ${ev.shellPid}  ${ev.prefix}: ${ev.why}`;
    case 'shims_installed':
    case 'shims_rewritten':
      return `${t}  ${ev.type === 'shims_installed' ? 'installed' : 'rewritten'}   shims of ${ev.envName ?? ev.prefix} (${ev.prefix}): ${ev.goVersion ?? 'no toolchain'} [${ev.reason}]`;
    case 'env_forgotten':
      return `${t}  forgotten   ${ev.prefix} (removed)`;
    case 'refresh':
      return `${t}  refresh     ${ev.reason}: ${ev.changed.length} env(s) changed`;
    case 'sync_drift':
      return `${t}  go.mod      ${ev.drift.project} disagrees with ${ev.drift.prefix}: ${ev.drift.findings[0]?.message ?? ''}`;
    case 'sync_drift_resolved':
      return `${t}  go.mod      ${ev.project} agrees with ${ev.prefix} again`;
  }
}

/** `gocondad status` as text. */
export function renderStatus(status: StatusReply, s: Pick<Style, 'bold' | 'yellow'> = { bold: (t) => t, yellow: (t) => t }): string[] {
  const d = status.daemon;
  const out: string[] = [
    `daemon    pid ${d.pid}, gocondad ${d.version} (protocol ${d.protocol}), since ${localTime(d.startedAt)}`,
    `          socket ${d.socket}`,
    `          log ${d.log}`,
  ];
  const up = status.upgrade;
  if (up && (up.newerShims.length > 0 || up.newerRecords > 0)) {
    out.push(
      '',
      s.yellow(
        `NEWER GOCONDAD: ${up.newerShims.length} env(s) have shims newer than this daemon (gocondad ${d.version}, shim format ${up.shimFormat}); they are left alone, not misread`,
      ),
    );
    for (const n of up.newerShims)
      out.push(`          ${n.prefix}: gocondad ${n.version}, format ${n.format}${n.format > up.shimFormat ? ' (its activations are not seen here)' : ''}`);
    if (up.newerRecords > 0) out.push(`          ${up.newerRecords} journal record(s) of a newer version ignored`);
    out.push('          upgrade gocondad (its daemon reads older shims and rewrites them), or rewrite them with this one: gocondad shims install PREFIX');
  }
  out.push('', s.bold(`shells (${status.sessions.length})`));
  if (status.sessions.length > 0)
    out.push(
      table([
        ['PID', 'SHELL', 'ENV', 'GO', 'GOROOT', 'SINCE'],
        ...status.sessions.map((s) => [String(s.shellPid), s.shell, s.envName, s.goVersion ?? '-', s.goroot ?? '-', localTime(s.since)]),
      ]),
    );
  out.push('', s.bold(`envs with shims (${status.envs.length})`));
  if (status.envs.length > 0)
    out.push(
      table([
        ['ENV', 'GO', 'CHOSEN BY', 'PREFIX'],
        ...status.envs.map((e) => [
          e.envName,
          e.ok ? (e.goVersion ?? '-') : 'none',
          (e.ok && e.chosenBy ? CHOICE_SOURCE_TEXT[e.chosenBy] : e.why) ?? '-',
          e.prefix,
        ]),
      ]),
    );
  const fixes = status.conflicts.slice(-20);
  out.push('', s.bold(`fixes made and warnings (${status.conflicts.length}${status.conflicts.length > fixes.length ? `, last ${fixes.length} shown` : ''})`));
  if (fixes.length > 0)
    out.push(
      table([
        ['AT', 'KIND', 'SHELL', 'ENV', 'BEFORE', 'AFTER'],
        ...fixes.map((c) => [
          localTime(c.at),
          c.warning ? `${c.kind} (warning, not changed)` : c.kind,
          String(c.shellPid),
          path.basename(c.prefix),
          c.before ?? '-',
          c.after ?? '-',
        ]),
      ]),
    );
  for (const d of status.syncDrift ?? [])
    out.push(
      '',
      s.yellow(`go.mod drift: ${d.project} vs ${d.prefix} (since ${localTime(d.at)})`),
      ...d.findings.map((f) => `  ${f.message}${f.fix ? `\n    fix: ${f.fix}` : ''}`),
    );
  return out;
}

// The daemon's memory: live shell sessions and the fixes made. Records from the journal go in, log
// entries and stream events come out; no I/O here, so every transition is unit-tested. A record's fields,
// its version and why one is refused (RecordError): core/shim-record.ts, the one reader of records.
import * as path from 'node:path';
import { detectConflicts, type Conflict, type Facts } from '../../core/conflicts';
import type { JournalRecord } from '../../core/journal';
import { parseShimRecord, type ShimRecord } from '../../core/shim-record';
import { upgradeSession, type Session, type UnstampedEvent } from '../../protocol';

export type { Session };

export interface Outcome {
  /** pino entries: [level, object]. */
  logs: ['debug' | 'info' | 'warn', Record<string, unknown>][];
  /** Events for WebSocket subscribers. */
  events: UnstampedEvent[];
}

export interface StateFacts extends Facts {
  shellOf(pid: number): string | null;
}

const MAX_CONFLICTS = 1000;
// A Map, not an object: a record's `why` of `constructor` or `__proto__` must not pick up Object's members.
const SKIP_REASONS = new Map<string | undefined, string>([
  ['plan', 'no valid toolchain for this env when its shims were written; see `gocondad status` and the log'],
  ['moved', 'the env is not at the prefix its shims were written for (moved or cloned); run `gocondad shims install` in it'],
  ['missing', 'the toolchain chosen for this env is gone; run `gocondad shims install` in it (the daemon does this on refresh)'],
]);

export function recordTime(rec: Pick<ShimRecord, 't'>, now: Date): string {
  const t = rec.t;
  // Past the range of a Date (year 275760), a time is not one: the record's arrival stands in.
  const at = t && /^\d+(\.\d+)?$/.test(t) ? new Date(Number(t) * 1000) : null;
  return at && Number.isFinite(at.getTime()) ? at.toISOString() : now.toISOString();
}

export class DaemonState {
  sessions = new Map<number, Map<number, Session>>();
  conflicts: Conflict[] = [];

  /** Applies one record as a shim wrote it; throws RecordError (nothing changed) when it is none. */
  apply(raw: JournalRecord, facts: StateFacts, now: Date): Outcome {
    const rec = parseShimRecord(raw);
    const out: Outcome = { logs: [], events: [] };
    const { ev, pid, lvl: level, prefix } = rec;
    const at = recordTime(rec, now);
    const shell = rec.sh || facts.shellOf(pid) || 'sh';
    const envName = rec.env || path.basename(prefix);
    const levels = this.sessions.get(pid) ?? new Map<number, Session>();
    for (const l of [...levels.keys()]) if (l > level || (l === level && ev !== 'activate')) levels.delete(l);

    if (ev === 'activate') {
      const goroot = rec.goroot || null;
      const inspected = goroot ? facts.inspect(goroot) : null;
      const previous = this.sessions.get(pid)?.get(level);
      const since = previous && previous.prefix === prefix ? previous.since : at;
      const session: Session = {
        shellPid: pid,
        shell,
        prefix,
        envName,
        shlvl: level,
        goroot,
        goVersion: inspected?.ok ? inspected.toolchain.version : null,
        since,
      };
      levels.set(level, session);
      out.logs.push(['info', { event: 'activate', shellPid: pid, shell, prefix, envName, shlvl: level, goroot, goVersion: session.goVersion }]);
      out.events.push({ type: 'activate', at, session });
      // conda exported back a PATH computed before the last deactivate script ran (switch, reactivate):
      // its own order, taken out as routine; not a fix of the user's setup.
      const reexported = (rec.reexp ?? '').split(':').filter((s) => s !== '');
      if (reexported.length > 0) out.logs.push(['debug', { event: 'path_reexport_trimmed', shellPid: pid, prefix, shlvl: level, entries: reexported }]);
      if (goroot) {
        const conflicts = detectConflicts(
          {
            prefix,
            shellPid: pid,
            goroot,
            gorootBefore: rec.had_goroot === '1' ? (rec.goroot0 ?? '') : null,
            // Stryker disable next-line StringLiteral: with no path0, any placeholder is one relative entry, where no go is found either: no conflict
            pathBefore: rec.path0 ?? '',
            staleRemoved: (rec.stale ?? '').split(':').filter((s) => s !== ''),
            aliases: (rec.alias ?? '').split(':').filter((s) => s !== ''),
            goos0: rec.goos0,
            goarch0: rec.goarch0,
            goos: rec.goos,
            goarch: rec.goarch,
            leaked: (rec.leaked ?? '').split(' ').filter((s) => s !== ''),
            at,
          },
          facts,
        );
        for (const c of conflicts) {
          this.conflicts.push(c);
          if (c.warning) {
            out.logs.push([
              'warn',
              {
                event: 'platform_mismatch',
                ...c,
                hint: 'GOOS/GOARCH inherited from the shell differ from the env’s platform; fine when cross-compiling, else unset them',
              },
            ]);
            out.events.push({ type: 'warning', at, conflict: c });
          } else {
            out.logs.push(['info', { event: 'conflict_fixed', ...c }]);
            out.events.push({ type: 'conflict_fixed', at, conflict: c });
          }
        }
        if (this.conflicts.length > MAX_CONFLICTS) this.conflicts.splice(0, this.conflicts.length - MAX_CONFLICTS);
      }
    } else if (ev === 'deactivate') {
      out.logs.push(['info', { event: 'deactivate', shellPid: pid, shell, prefix, shlvl: level }]);
      out.events.push({ type: 'deactivate', at, shellPid: pid, prefix, shlvl: level });
    } else {
      const why = SKIP_REASONS.get(rec.why) ?? `shim skipped (${rec.why ?? 'no reason given'})`;
      out.logs.push(['warn', { event: 'activation_skipped', shellPid: pid, prefix, shlvl: level, reason: rec.why, why }]);
      out.events.push({ type: 'activation_skipped', at, shellPid: pid, prefix, shlvl: level, why });
    }
    if (levels.size > 0) this.sessions.set(pid, levels);
    else this.sessions.delete(pid);
    return out;
  }

  /** Forgets shells that have exited. */
  prune(isAlive: (pid: number) => boolean): number[] {
    const gone: number[] = [];
    for (const pid of this.sessions.keys()) {
      if (!isAlive(pid)) {
        this.sessions.delete(pid);
        gone.push(pid);
      }
    }
    return gone;
  }

  /** One row per shell: its innermost active env. */
  sessionList(): Session[] {
    const out: Session[] = [];
    for (const levels of this.sessions.values()) {
      const top = Math.max(...levels.keys());
      const s = levels.get(top);
      if (s) out.push(s);
    }
    return out.sort((a, b) => a.shellPid - b.shellPid);
  }

  toJSON(): { sessions: Session[]; conflicts: Conflict[] } {
    const sessions: Session[] = [];
    for (const levels of this.sessions.values()) sessions.push(...levels.values());
    return { sessions, conflicts: this.conflicts };
  }

  static fromJSON(data: unknown): DaemonState {
    const state = new DaemonState();
    const d = data as { sessions?: unknown[]; conflicts?: Conflict[] };
    // Stryker disable next-line ArrayDeclaration: upgradeSession refuses anything that is no session object, so a placeholder element is skipped like no element
    for (const raw of Array.isArray(d?.sessions) ? d.sessions : []) {
      const s = upgradeSession(raw);
      if (s === null) continue;
      const levels = state.sessions.get(s.shellPid) ?? new Map<number, Session>();
      levels.set(s.shlvl, s);
      state.sessions.set(s.shellPid, levels);
    }
    if (Array.isArray(d?.conflicts)) state.conflicts = d.conflicts.slice(-MAX_CONFLICTS);
    return state;
  }
}

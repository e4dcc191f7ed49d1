// The daemon's sessions as shim records change them: each record applied to the state (state.ts), its log
// lines and stream events handed on, a bad one rejected and counted without harm, and the state saved
// shortly after a change (state-file.ts). It reaches the rest of the daemon only through its hooks.
import type { Conflict, Session, UnstampedEvent } from '../../protocol';
import type { JournalPosition } from '../journal/journal-tail';
import type { LogSink } from '../log/logger';
import { LatencyWindow, timed } from '../log/metrics';
import type { LimitedWarn } from '../log/ratelimit';
import { NewerRecordError, RecordError } from '../../core/shim-record';
import { DaemonState, type StateFacts } from './state';
import { saveStateFile } from './state-file';

/** Sessions are saved at most this long after a record changed them. */
export const SAVE_DELAY_MS = 200;

export interface SessionsHooks {
  facts: StateFacts;
  log: LogSink;
  broadcast(ev: UnstampedEvent): void;
  warn: LimitedWarn;
  /** Where each journal was read up to: saved with the state, so that a restart neither loses nor repeats. */
  positions(): { journal: JournalPosition; shellJournals: Record<string, JournalPosition> };
  isAlive(pid: number): boolean;
}

export class Sessions {
  private state = new DaemonState();
  private saveTimer: NodeJS.Timeout | null = null;
  private saving = true;
  /** Journal records of a newer gocondad's shims seen since start (status says so). */
  private newer = 0;
  /** How long applying one record takes (status `metrics.records`). */
  readonly latency = new LatencyWindow();

  constructor(
    private readonly file: string,
    private readonly hooks: SessionsHooks,
    private readonly saveDelayMs = SAVE_DELAY_MS,
  ) {}

  /** Starts from what the last daemon saved, without the sessions of shells that have exited since. */
  load(state: DaemonState): void {
    this.state = state;
    this.state.prune(this.hooks.isAlive);
  }

  /** Applies one shim record; a bad one is logged and dropped, never fatal. Returns the rejection. */
  apply(rec: Record<string, string>): string | null {
    try {
      const outcome = timed(this.latency, () => this.state.apply(rec, this.hooks.facts, new Date()));
      for (const [level, obj] of outcome.logs) this.hooks.log[level](obj, String(obj.event));
      for (const ev of outcome.events) this.hooks.broadcast(ev);
      this.scheduleSave();
      return null;
    } catch (err) {
      // Not even a bug in applying one record may stop the daemon (the journal is read from a callback).
      if (!(err instanceof RecordError)) {
        this.hooks.warn(
          'record_failed',
          { err: (err as Error).stack },
          'could not apply a shim record (a bug: please report it with this line)',
          'record_failed',
          'error',
        );
        return `internal error: ${(err as Error).message}`;
      }
      if (err instanceof NewerRecordError) this.newer += 1;
      this.hooks.warn('record_rejected', { err: err.message }, 'rejected a shim record');
      return err.message;
    }
  }

  /** Drops the sessions of shells that have exited; saves soon when there were any. */
  prune(): void {
    if (this.state.prune(this.hooks.isAlive).length > 0) this.scheduleSave();
  }

  sessionList(): Session[] {
    return this.state.sessionList();
  }

  get conflicts(): Conflict[] {
    return this.state.conflicts;
  }

  get newerRecords(): number {
    return this.newer;
  }

  /** The daemon stops: no save is scheduled any more; the caller saves once, after the last read. */
  stopSaving(): void {
    this.saving = false;
    if (this.saveTimer) clearTimeout(this.saveTimer);
  }

  save(): void {
    try {
      const { journal, shellJournals } = this.hooks.positions();
      saveStateFile(this.file, this.state, journal, shellJournals);
    } catch (err) {
      this.hooks.log.warn({ event: 'state_save_failed', err: (err as Error).message }, 'could not save daemon state');
    }
  }

  private scheduleSave(): void {
    if (!this.saving) return;
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = null;
      this.save();
    }, this.saveDelayMs);
  }
}

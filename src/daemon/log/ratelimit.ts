// Warnings about bad input are rate-limited per kind: a flood of garbage on the socket or in the journal
// must not fill the disk with log lines. The first `burst` occurrences of a kind in a window are logged
// (1 by default); the rest are only counted, and the next one after the window is logged with that count.
// No timers: the window is checked when the next occurrence comes (an idle daemon stays idle), and
// `drain` reports what is still counted when the daemon stops. Pure apart from the injected clock; the
// two helpers at the end write through a log handed in.
import type { LogSink } from './logger';

export const WARN_WINDOW_MS = 60_000;
/** Kinds come from the code, not from input; the cap only guards against a bug making them unbounded. */
const MAX_KINDS = 256;

export type Admission = { log: true; suppressed: number } | { log: false };

interface KindState {
  /** When the window of this kind began (its first logged line). */
  since: number;
  /** Lines logged in this window. */
  logged: number;
  /** Occurrences counted, not logged, since then. */
  suppressed: number;
}

export class WarnLimiter {
  private kinds = new Map<string, KindState>();

  constructor(
    private windowMs = WARN_WINDOW_MS,
    private now: () => number = Date.now,
    private burst = 1,
  ) {}

  /** Whether this occurrence of `kind` gets a log line; when it does, how many were held back before it. */
  admit(kind: string): Admission {
    const t = this.now();
    const state = this.kinds.get(kind);
    if (state && t - state.since < this.windowMs) {
      if (state.logged < this.burst) {
        state.logged += 1;
        return { log: true, suppressed: 0 };
      }
      state.suppressed += 1;
      return { log: false };
    }
    const suppressed = state?.suppressed ?? 0;
    this.kinds.delete(kind); // re-insert: the map stays in least-recently-logged order for the cap
    this.kinds.set(kind, { since: t, logged: 1, suppressed: 0 });
    if (this.kinds.size > MAX_KINDS) this.kinds.delete(this.kinds.keys().next().value as string);
    return { log: true, suppressed };
  }

  /** Kinds with occurrences counted but not yet logged; clears them. */
  drain(): { kind: string; suppressed: number }[] {
    const out: { kind: string; suppressed: number }[] = [];
    for (const [kind, state] of this.kinds) {
      if (state.suppressed > 0) out.push({ kind, suppressed: state.suppressed });
      state.suppressed = 0;
    }
    return out;
  }
}

/** A warning about bad input, rate-limited per kind (`key` when one kind has sub-kinds). */
export type LimitedWarn = (kind: string, fields: Record<string, unknown>, msg: string, key?: string, level?: 'warn' | 'error') => void;

/** The daemon's one `LimitedWarn`: `limiter` decides, `log` writes, the count held back rides on the next line. */
export function limitedWarner(limiter: WarnLimiter, log: Pick<LogSink, 'warn' | 'error'>): LimitedWarn {
  return (kind, fields, msg, key = kind, level = 'warn') => {
    const a = limiter.admit(key);
    if (!a.log) return;
    log[level]({ event: kind, ...fields, ...(a.suppressed > 0 ? { suppressedBefore: a.suppressed } : {}), rateLimit: 'one line per kind per minute' }, msg);
  };
}

/** At stop: one line per kind whose last occurrences were counted but not logged. */
export function logSuppressed(limiter: WarnLimiter, log: Pick<LogSink, 'warn'>): void {
  for (const { kind, suppressed } of limiter.drain())
    log.warn({ event: 'warnings_suppressed', kind, suppressed }, `${suppressed} more ${kind} warnings since the last one logged`);
}

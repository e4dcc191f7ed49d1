// What `GET /v1/status` answers. The daemon gathers the figures of its parts; one pure function gives them
// the reply's shape, so that shape is unit-tested without a running daemon.
import { SHIM_FORMAT } from '../../core/shim-stamp';
import { VERSION } from '../../pkg';
import {
  PROTOCOL,
  type Conflict,
  type EnvStatus,
  type LatencySummary,
  type Session,
  type StatusReply,
  type SyncDrift,
  type WatchFigures,
} from '../../protocol';

/** A latency window, or anything else that sums itself up the same way (log/metrics.ts). */
export interface Summarized {
  summary(): LatencySummary;
}

export interface StatusFigures {
  self: { pid: number; socket: string; log: string; startedAt: string; memory: { rss: number; heapUsed: number } };
  sessions: Session[];
  conflicts: Conflict[];
  syncDrift: SyncDrift[];
  envs: EnvStatus[];
  discovered: StatusReply['discovered'];
  newerShims: NonNullable<StatusReply['upgrade']>['newerShims'];
  /** Journal records of a newer gocondad's shims seen since start. */
  newerRecords: number;
  watch: WatchFigures;
  latency: { records: Summarized; refreshes: Summarized; requests: ReadonlyMap<string, Summarized> };
}

export function statusReply(f: StatusFigures): StatusReply {
  const { self } = f;
  return {
    daemon: {
      pid: self.pid,
      version: VERSION,
      protocol: PROTOCOL,
      socket: self.socket,
      startedAt: self.startedAt,
      log: self.log,
      rssBytes: self.memory.rss,
      heapUsedBytes: self.memory.heapUsed,
    },
    sessions: f.sessions,
    conflicts: f.conflicts,
    syncDrift: f.syncDrift,
    envs: f.envs,
    discovered: f.discovered,
    upgrade: { shimFormat: SHIM_FORMAT, newerShims: f.newerShims, newerRecords: f.newerRecords },
    watch: f.watch,
    metrics: {
      records: f.latency.records.summary(),
      refreshes: f.latency.refreshes.summary(),
      requests: Object.fromEntries([...f.latency.requests].map(([route, w]) => [route, w.summary()])),
    },
  };
}

/**
 * `compute`, run again only once its last value is older than `ttlMs`. The watch figures use it: counting
 * 2,000+ watches (in /proc and in chokidar) costs milliseconds, and status may be asked many times a second.
 */
export function cachedFor<T>(ttlMs: number, compute: () => T, now: () => number = Date.now): () => T {
  let last: { at: number; value: T } | null = null;
  return () => {
    const t = now();
    if (!last || t - last.at > ttlMs) last = { at: t, value: compute() };
    return last.value;
  };
}

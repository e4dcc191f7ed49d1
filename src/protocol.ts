// The wire between the daemon and its clients (the CLI, the conda plugin, `status --watch`): the
// protocol version, the routes, every request, reply and stream event, each with a type guard. The
// server, the client and the renderer all use these; nothing else spells a route or a version.
import type { Conflict } from './core/conflicts';
import type { ChoiceSource } from './core/vocabulary';

/** Bumped when a route or a reply shape changes incompatibly (the journal record's own: core/shim-record.ts). */
export const PROTOCOL = 1;

/** Route paths below `/v<PROTOCOL>`. */
export const ROUTES = {
  hello: '/hello',
  status: '/status',
  refresh: '/refresh',
  events: '/events',
  stop: '/stop',
  /** The conda plugin, right after conda changed an env. */
  env: '/env',
  /** WebSocket, one-way from the daemon. */
  stream: '/stream',
} as const;
export type RouteName = keyof typeof ROUTES;

export function routeUrl(name: RouteName, protocol: number = PROTOCOL): string {
  return `/v${protocol}${ROUTES[name]}`;
}

/** Every reply that is not 2xx. */
export interface ErrorReply {
  error: string;
  hint: string;
}

export interface Hello {
  protocol: number;
  version: string;
  pid: number;
}

export interface Session {
  shellPid: number;
  shell: string;
  prefix: string;
  envName: string;
  /** conda's shell level (CONDA_SHLVL) of this activation; `level` is pino's log level. */
  shlvl: number;
  goroot: string | null;
  goVersion: string | null;
  since: string;
}

export type { Conflict };

export interface EnvStatus {
  prefix: string;
  envName: string;
  ok: boolean;
  goroot: string | null;
  goVersion: string | null;
  chosenBy: ChoiceSource | null;
  why: string;
  planId: string;
}

/** Milliseconds over the daemon's recent window (0 when empty). */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface WatchFigures {
  roots: number;
  paths: number;
  inotifyWatches: number | null;
  /** When these were counted (ms since the epoch): the daemon counts at most once a second. */
  countedAt: number;
}

/** A go.mod project (registered by `gocondad sync`) that disagrees with its env since a conda change. */
export interface SyncDrift {
  kind: 'sync-drift';
  project: string;
  prefix: string;
  at: string;
  findings: { message: string; fix: string | null }[];
}

export interface StatusReply {
  daemon: { pid: number; version: string; protocol: number; socket: string; startedAt: string; log: string; rssBytes: number; heapUsedBytes: number };
  sessions: Session[];
  conflicts: Conflict[];
  /** absent from daemons before go.mod sync */
  syncDrift?: SyncDrift[];
  envs: EnvStatus[];
  discovered: { envs: number; roots: string[]; envsDirs: string[] };
  /** Shims and journal records of a newer gocondad than this daemon (left alone, not misread). */
  upgrade?: { shimFormat: number; newerShims: { prefix: string; version: string; format: number }[]; newerRecords: number };
  watch: WatchFigures;
  metrics: { records: LatencySummary; refreshes: LatencySummary; requests: Record<string, LatencySummary> };
}

export interface RefreshReply {
  changed: string[];
}

/**
 * POST /events: the journal's records as JSON, for clients that cannot append to the journal. Each record
 * is checked on its own (isRecordFields, then the daemon's record reader): the good ones are applied.
 */
export interface EventsRequest {
  records: unknown[];
}

export interface EventsReply {
  accepted: number;
}

/** POST /env: bring one env's shims up to date now (`auto`: install them where auto_install would; absent: false). */
export interface EnvRequest {
  prefix: string;
  auto?: boolean;
}

export interface EnvReply {
  prefix: string;
  action: 'installed' | 'rewritten' | 'up to date' | 'none';
  why?: string;
  goVersion?: string | null;
}

export interface StopReply {
  stopping: true;
}

/** Stream events; `at` is an ISO time stamp added by the daemon. */
export type StreamEvent =
  | { type: 'hello'; protocol: number; version: string }
  | { type: 'error'; error: string; hint: string }
  | { type: 'activate'; at: string; session: Session }
  | { type: 'deactivate'; at: string; shellPid: number; prefix: string; shlvl: number }
  | { type: 'conflict_fixed'; at: string; conflict: Conflict }
  | { type: 'warning'; at: string; conflict: Conflict }
  | { type: 'activation_skipped'; at: string; shellPid: number; prefix: string; shlvl: number; why: string }
  | { type: 'shims_installed' | 'shims_rewritten'; at: string; prefix: string; envName: string; goVersion: string | null; reason: string }
  | { type: 'env_forgotten'; at: string; prefix: string; reason: string }
  | { type: 'refresh'; at: string; reason: string; changed: string[] }
  | { type: 'sync_drift'; at: string; drift: SyncDrift }
  | { type: 'sync_drift_resolved'; at: string; project: string; prefix: string };
export type StreamEventType = StreamEvent['type'];
/** An event as its source makes it: `at` is set by the daemon when the source has no time of its own. */
export type UnstampedEvent = StreamEvent extends infer E ? (E extends { at: string } ? Omit<E, 'at'> & { at?: string } : never) : never;

const STREAM_TYPES: ReadonlySet<string> = new Set<StreamEventType>([
  'hello',
  'error',
  'activate',
  'deactivate',
  'conflict_fixed',
  'warning',
  'activation_skipped',
  'shims_installed',
  'shims_rewritten',
  'env_forgotten',
  'refresh',
  'sync_drift',
  'sync_drift_resolved',
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The body of a route that takes none (hello, status, refresh, stop): nothing, or `{}` from a client that always sends JSON. */
export function isEmptyRequest(v: unknown): v is undefined | Record<string, never> {
  return v === undefined || (isObject(v) && Object.keys(v).length === 0);
}

export function isEventsRequest(v: unknown): v is EventsRequest {
  return isObject(v) && Array.isArray(v.records);
}

/** One record of an EventsRequest: an object of strings, as the shims write them. */
export function isRecordFields(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every(isStr);
}

export function isEnvRequest(v: unknown): v is EnvRequest {
  return isObject(v) && isStr(v.prefix) && (v.auto === undefined || typeof v.auto === 'boolean');
}

export function isErrorReply(v: unknown): v is ErrorReply {
  return isObject(v) && isStr(v.error) && isStr(v.hint);
}

export function isHello(v: unknown): v is Hello {
  return isObject(v) && isNum(v.protocol) && isStr(v.version) && isNum(v.pid);
}

function isSession(v: unknown): v is Session {
  return isObject(v) && isNum(v.shellPid) && isStr(v.shell) && isStr(v.prefix) && isStr(v.envName) && (isNum(v.shlvl) || isNum(v.level)) && isStr(v.since);
}

export function isStatusReply(v: unknown): v is StatusReply {
  if (!isObject(v) || !isObject(v.daemon) || !Array.isArray(v.sessions) || !Array.isArray(v.conflicts) || !Array.isArray(v.envs)) return false;
  const d = v.daemon;
  return (
    isNum(d.pid) &&
    isStr(d.version) &&
    isNum(d.protocol) &&
    isStr(d.socket) &&
    v.sessions.every(isSession) &&
    v.envs.every((e) => isObject(e) && isStr(e.prefix) && isStr(e.envName) && typeof e.ok === 'boolean')
  );
}

export function isStopReply(v: unknown): v is StopReply {
  return isObject(v) && v.stopping === true;
}

/** A stream event of a known type (fields of unknown types are for the renderer to show raw). */
export function isStreamEvent(v: unknown): v is StreamEvent {
  return isObject(v) && isStr(v.type) && STREAM_TYPES.has(v.type);
}

/** A status reply in this version's words, from a daemon of this version or of 0.1.0 (`level`, `source`). */
export function upgradeStatus(status: StatusReply): StatusReply {
  return {
    ...status,
    sessions: status.sessions.map((s) => upgradeSession(s) ?? s),
    envs: status.envs.map((e) => {
      const { source, ...rest } = e as EnvStatus & { source?: ChoiceSource | null };
      return { ...rest, chosenBy: rest.chosenBy ?? source ?? null };
    }),
  };
}

/**
 * A session as a state file or a daemon's status holds it. Those of gocondad 0.1.0 named conda's shell level `level`, which
 * in the log collided with pino's own `level`; it is `shlvl` now, and the old name is still read.
 */
export function upgradeSession(raw: unknown): Session | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { level, ...rest } = raw as Partial<Session> & { level?: unknown };
  const s = { ...rest, shlvl: rest.shlvl ?? level } as Session;
  return typeof s.shellPid === 'number' && typeof s.shlvl === 'number' ? s : null;
}

// The per-user daemon's lifecycle: lock, state file, journal tail, reconciler, watches and socket, wired
// together; start and clean stop. Each part lives in its own module and knows nothing of this one.
import * as fs from 'node:fs';
import { ensurePrivateDir } from '../fsutil';
import type { Env, Locations } from '../paths';
import { VERSION } from '../pkg';
import { PROTOCOL, type EnvReply, type StatusReply, type SyncDrift, type UnstampedEvent } from '../protocol';
import { SHIM_FORMAT } from '../core/shim-version';
import { cachedFacts } from './facts';
import { JournalTail } from './journal-tail';
import { isShellJournal, ShellJournals } from './shell-journals';
import { acquireLock, pidAlive } from './lock';
import { createLogger, type Logger } from './logger';
import { LatencyWindow, timed } from './metrics';
import { WarnLimiter } from './ratelimit';
import { acceptEvents, envRequest } from './requests';
import { Reconciler } from './reconcile';
import { RuntimeGuard } from './runtime-guard';
import { HttpError, SocketServer, type RouteTable } from './server';
import { DaemonState, NewerRecordError, RecordError } from './state';
import { loadStateFile, saveStateFile } from './state-file';
import { countInotifyWatches, EnvWatcher, type Change } from './watch';

/** Sessions are saved at most this long after a record changed them. */
const SAVE_DELAY_MS = 200;

export { HttpError };

export interface DaemonOptions {
  loc: Locations;
  /** The environment discovery reads (CONDA_EXE, MAMBA_ROOT_PREFIX, CONDARC, ...). */
  env?: Env;
  /** Also log human-readable lines to stderr (foreground mode). */
  pretty: boolean;
  /** Called once the daemon has stopped, whatever stopped it (signal or request). */
  onStopped?: () => void;
}

export class Daemon {
  private state = new DaemonState();
  private readonly server: SocketServer;
  private readonly journal: JournalTail;
  /** journal.<pid>: one per shell (current shims); `journal` is the shared file of older shims. */
  private readonly shellJournals: ShellJournals;
  private pendingReads = new Set<string>();
  private readonly reconciler: Reconciler;
  private readonly guard: RuntimeGuard;
  /** Warnings about bad input: one line per kind per minute, so that a flood cannot fill the disk. */
  private readonly limiter = new WarnLimiter();
  private envWatcher: EnvWatcher | null = null;
  private watchFigures: { at: number; value: StatusReply['watch'] } | null = null;
  /** Disk facts behind conflict detection, cached briefly: 200 shells activating the same envs ask the same. */
  private facts = cachedFacts(2000);
  private releaseLock: (() => void) | null = null;
  private readScheduled = false;
  private recovering = false;
  private saveTimer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  /** Journal records of a newer gocondad's shims seen since start (status says so). */
  private newerRecords = 0;
  /** go.mod projects (gocondad sync) that disagree with their env since its last change, by project dir. */
  private syncDrift = new Map<string, SyncDrift>();
  readonly metrics = { records: new LatencyWindow(), refreshes: new LatencyWindow(1000) };
  readonly startedAt = new Date().toISOString();
  readonly log: Logger;

  constructor(private opts: DaemonOptions) {
    const { loc } = opts;
    ensurePrivateDir(loc.stateDir);
    this.log = createLogger(loc.log, opts.pretty);
    const broadcast = (ev: UnstampedEvent) => this.server.broadcast(ev);
    this.reconciler = new Reconciler(loc, opts.env ?? process.env, { log: this.log, broadcast });
    const hooks = (file: string) => ({
      onRecord: (rec: Record<string, string>) => void this.applyRecord(rec),
      onGarbage: (sample: string) => this.warnLimited('journal_garbage', { file, sample }, 'skipped unreadable bytes in the shim journal'),
      onRefused: (why: string) => this.warnLimited('journal_refused', { file, why }, `the shim journal ${why}; not read`),
    });
    this.journal = new JournalTail(loc.journal, hooks(loc.journal));
    this.shellJournals = new ShellJournals(loc.runtimeDir, hooks(`${loc.runtimeDir}/journal.<pid>`), pidAlive);
    this.server = new SocketServer({
      routes: this.routes(),
      logHint: `see the log at ${loc.log}`,
      onError: (err, req) => this.onRequestError(err, req),
      onClientProblem: (kind, detail) =>
        this.warnLimited(
          kind,
          { detail },
          kind === 'client_error' ? 'a client sent something that is not HTTP, or too slowly; connection closed' : 'too many connections at once; dropped one',
        ),
    });
    this.guard = new RuntimeGuard(
      { dir: loc.runtimeDir, socket: loc.socket, lock: loc.lock },
      {
        onEntry: (name) => {
          if (name === null || name === 'journal' || isShellJournal(name)) this.scheduleRead(name);
        },
        onLost: (what) => void this.recoverRuntime(what),
        onWatchError: (err) => this.log.warn({ event: 'watch_failed', err: err.message }, 'journal watch failed; events are read on each request'),
      },
    );
  }

  /** Resolves once the socket listens; rejects (without side effects) when another daemon runs. */
  async start(): Promise<void> {
    const { loc } = this.opts;
    ensurePrivateDir(loc.runtimeDir);
    const lock = acquireLock(loc.lock);
    if (!lock.ok)
      throw new HttpError(
        409,
        `another gocondad daemon (pid ${lock.holder}) is already running for this user`,
        'use `gocondad status`, or `gocondad stop` first',
      );
    this.releaseLock = lock.release;
    const saved = loadStateFile(loc.stateFile);
    if (saved.problem)
      this.log.warn(
        { event: 'state_unreadable', err: saved.problem },
        'the saved state could not be read; starting with no sessions (shells activated before show up again at their next activation)',
      );
    this.state = saved.state;
    // Resume the journal where the last daemon stopped: records before that are in the state already.
    if (saved.journal) this.journal.resumeAt(saved.journal);
    this.shellJournals.resume(saved.shellJournals);
    this.state.prune(pidAlive);
    this.envWatcher = new EnvWatcher({
      debounceMs: 100,
      maxWaitMs: 500,
      worldFiles: [loc.configFile],
      onChange: (change) => this.onFilesChanged(change),
      onError: (err) =>
        this.log.warn({ event: 'watch_failed', err: err.message }, 'a file watch failed; run `gocondad shims install` by hand until the daemon restarts'),
    });
    this.refresh('start');
    // Watches are in place before the socket answers, so that `gocondad start` returning means watching.
    await this.envWatcher.ready();
    try {
      await this.server.listen(loc.socket);
    } catch (err) {
      await this.envWatcher.close();
      lock.release();
      this.releaseLock = null;
      throw err;
    }
    this.log.info(
      {
        event: 'daemon_started',
        version: VERSION,
        protocol: PROTOCOL,
        socket: loc.socket,
        envs: this.reconciler.discovered().envs,
        inotifyWatches: countInotifyWatches(),
      },
      'gocondad daemon started',
    );
    this.guard.watch();
    this.readJournals();
  }

  /** Every journal: the shared one of older shims and each shell's. */
  private readJournals(): void {
    this.journal.read();
    this.shellJournals.readAll();
  }

  /**
   * The runtime dir, socket or lock went away under the daemon: put them back and listen again, unless
   * another daemon has taken the lock meanwhile — then that one serves and this one stops.
   */
  private async recoverRuntime(what: string): Promise<void> {
    if (this.stopping || this.recovering) return;
    this.recovering = true;
    const { loc } = this.opts;
    try {
      this.log.warn({ event: 'runtime_lost', what }, 'runtime files lost while running; recreating them');
      ensurePrivateDir(loc.runtimeDir);
      let holder = '';
      try {
        holder = fs.readFileSync(loc.lock, 'utf8').trim();
      } catch {
        /* gone */
      }
      if (holder !== String(process.pid)) {
        const lock = acquireLock(loc.lock);
        if (!lock.ok) {
          this.log.warn({ event: 'daemon_superseded', holder: lock.holder }, `another daemon (pid ${lock.holder}) took over; this one stops`);
          this.releaseLock = null;
          void this.stop('superseded');
          return;
        }
        this.releaseLock = lock.release;
      }
      await this.server.close();
      await this.server.listen(loc.socket);
      this.guard.watch();
      this.readJournals();
      this.log.info({ event: 'runtime_recovered', socket: loc.socket }, 'runtime dir, lock and socket back in place');
    } catch (err) {
      this.log.error(
        { event: 'runtime_recovery_failed', err: (err as Error).message },
        'could not recreate the runtime files; restart the daemon: gocondad stop; gocondad start',
      );
    } finally {
      this.recovering = false;
    }
  }

  /** A warning about bad input, rate-limited per kind (`key` when one kind has sub-kinds). */
  private warnLimited(kind: string, fields: Record<string, unknown>, msg: string, key = kind, level: 'warn' | 'error' = 'warn'): void {
    const a = this.limiter.admit(key);
    if (!a.log) return;
    this.log[level](
      { event: kind, ...fields, ...(a.suppressed > 0 ? { suppressedBefore: a.suppressed } : {}), rateLimit: 'one line per kind per minute' },
      msg,
    );
  }

  /** Re-reads everything: user config, toolchains, conda's files; replans every env with shims. */
  refresh(reason: string): { changed: string[] } {
    return timed(this.metrics.refreshes, () => {
      this.facts.clear();
      const result = this.reconciler.refresh(reason);
      this.updateWatches();
      return result;
    });
  }

  private onFilesChanged(change: Change): void {
    try {
      timed(this.metrics.refreshes, () => {
        if (change.world) this.facts.clear();
        this.reconciler.onFilesChanged(change);
        this.updateWatches();
      });
    } catch (err) {
      this.log.error({ event: 'refresh_failed', err: (err as Error).stack }, 'could not handle a file change');
    }
    if (change.envs.size > 0) void this.checkSyncDrift(change.envs);
  }

  /** Projects synced against these envs are judged again (src/sync/drift.ts, loaded only when needed). */
  private async checkSyncDrift(prefixes: Set<string>): Promise<void> {
    try {
      const { hasProjects } = await import('../sync/projects');
      // Most envs have no project synced against them: the checker (and rattler's wasm) stay unloaded.
      const wanted = [...prefixes].filter((p) => hasProjects(this.opts.loc.stateDir, p) || [...this.syncDrift.values()].some((d) => d.prefix === p));
      if (wanted.length === 0) return;
      const { checkDrift } = await import('../sync/drift');
      for (const r of await checkDrift(wanted, this.opts.loc)) {
        if (r.drift) {
          this.syncDrift.set(r.project, r.drift);
          this.log.warn(
            { event: 'sync_drift', project: r.project, prefix: r.prefix, findings: r.drift.findings },
            `go.mod and the env disagree after a conda change: ${r.drift.findings[0]!.message}`,
          );
          this.server.broadcast({ type: 'sync_drift', drift: r.drift });
        } else if (this.syncDrift.delete(r.project)) {
          this.log.info({ event: 'sync_drift_resolved', project: r.project, prefix: r.prefix }, 'go.mod and the env agree again');
          this.server.broadcast({ type: 'sync_drift_resolved', project: r.project, prefix: r.prefix });
        }
      }
    } catch (err) {
      this.log.error({ event: 'sync_drift_failed', err: (err as Error).message }, 'could not check the projects synced against a changed env');
    }
  }

  private updateWatches(): void {
    const input = this.reconciler.watchInput();
    if (this.envWatcher && input) this.envWatcher.update(input);
  }

  /** Reads the journals named by a burst of watch events once, on the next turn (null: all of them). */
  private scheduleRead(name: string | null): void {
    this.pendingReads.add(name ?? '*');
    if (this.readScheduled) return;
    this.readScheduled = true;
    setImmediate(() => {
      this.readScheduled = false;
      const names = [...this.pendingReads];
      this.pendingReads.clear();
      if (names.includes('*')) return this.readJournals();
      for (const n of names) {
        if (n === 'journal') this.journal.read();
        else this.shellJournals.read(n);
      }
    });
  }

  /** Applies one shim record; a bad one is logged and dropped, never fatal. Returns the rejection. */
  applyRecord(rec: Record<string, string>): string | null {
    try {
      const outcome = timed(this.metrics.records, () => this.state.apply(rec, this.facts, new Date()));
      for (const [level, obj] of outcome.logs) this.log[level](obj, String(obj.event));
      for (const ev of outcome.events) this.server.broadcast(ev);
      this.scheduleSave();
      return null;
    } catch (err) {
      // Not even a bug in applying one record may stop the daemon (the journal is read from a callback).
      if (!(err instanceof RecordError)) {
        this.warnLimited(
          'record_failed',
          { err: (err as Error).stack },
          'could not apply a shim record (a bug: please report it with this line)',
          'record_failed',
          'error',
        );
        return `internal error: ${(err as Error).message}`;
      }
      if (err instanceof NewerRecordError) this.newerRecords += 1;
      this.warnLimited('record_rejected', { err: err.message }, 'rejected a shim record');
      return err.message;
    }
  }

  private scheduleSave(): void {
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = null;
      this.saveState();
    }, SAVE_DELAY_MS);
  }

  private saveState(): void {
    try {
      saveStateFile(this.opts.loc.stateFile, this.state, this.journal.position, this.shellJournals.positions());
    } catch (err) {
      this.log.warn({ event: 'state_save_failed', err: (err as Error).message }, 'could not save daemon state');
    }
  }

  private routes(): RouteTable {
    return {
      hello: { GET: () => ({ protocol: PROTOCOL, version: VERSION, pid: process.pid }) },
      status: { GET: () => this.status() },
      refresh: { POST: () => this.refresh('request') },
      events: { POST: (body) => acceptEvents(body, (rec) => this.applyRecord(rec)) },
      env: { POST: (body) => this.envChanged(body) },
      stop: {
        POST: () => {
          setImmediate(() => void this.stop('request'));
          return { stopping: true };
        },
      },
    };
  }

  private onRequestError(err: Error, req: { method?: string; url?: string }): void {
    if (err instanceof HttpError)
      this.warnLimited(
        'bad_request',
        { method: req.method, url: req.url?.slice(0, 200), status: err.status, err: err.message.slice(0, 500) },
        'bad request',
        `bad_request:${err.status}`,
      );
    else this.warnLimited('request_failed', { url: req.url?.slice(0, 200), err: err.stack }, 'request failed', 'request_failed', 'error');
  }

  private envChanged(body: unknown): EnvReply {
    const { prefix, auto } = envRequest(body);
    const reply = this.reconciler.envChanged(prefix, auto);
    if (reply.action === 'installed') this.updateWatches();
    return reply;
  }

  status(): StatusReply {
    this.readJournals();
    if (this.state.prune(pidAlive).length > 0) this.scheduleSave();
    const mem = process.memoryUsage();
    return {
      daemon: {
        pid: process.pid,
        version: VERSION,
        protocol: PROTOCOL,
        socket: this.opts.loc.socket,
        startedAt: this.startedAt,
        log: this.opts.loc.log,
        rssBytes: mem.rss,
        heapUsedBytes: mem.heapUsed,
      },
      sessions: this.state.sessionList(),
      conflicts: this.state.conflicts,
      syncDrift: [...this.syncDrift.values()],
      envs: this.reconciler.envStatus(),
      discovered: this.reconciler.discovered(),
      upgrade: { shimFormat: SHIM_FORMAT, newerShims: this.reconciler.newerShims(), newerRecords: this.newerRecords },
      watch: this.watchStats(),
      metrics: {
        records: this.metrics.records.summary(),
        refreshes: this.metrics.refreshes.summary(),
        requests: Object.fromEntries([...this.server.latency].map(([route, w]) => [route, w.summary()])),
      },
    };
  }

  /** Counting 2,000+ watches (in /proc and in chokidar) costs milliseconds: done at most once a second. */
  private watchStats(): StatusReply['watch'] {
    const now = Date.now();
    if (!this.watchFigures || now - this.watchFigures.at > 1000) {
      this.watchFigures = {
        at: now,
        value: { roots: this.envWatcher?.rootCount() ?? 0, paths: this.envWatcher?.watchedPaths() ?? 0, inotifyWatches: countInotifyWatches() },
      };
    }
    return this.watchFigures.value;
  }

  stop(reason: string): Promise<void> {
    this.stopping ??= (async () => {
      this.log.info({ event: 'daemon_stopping', reason }, 'gocondad daemon stopping');
      this.guard.close();
      await this.envWatcher?.close();
      if (this.saveTimer) clearTimeout(this.saveTimer);
      this.readJournals();
      this.journal.close();
      this.shellJournals.close();
      this.saveState();
      await this.server.close();
      // Superseded (another daemon took the lock), the socket there is the other one's.
      if (this.releaseLock) fs.rmSync(this.opts.loc.socket, { force: true });
      this.releaseLock?.();
      for (const { kind, suppressed } of this.limiter.drain())
        this.log.warn({ event: 'warnings_suppressed', kind, suppressed }, `${suppressed} more ${kind} warnings since the last one logged`);
      this.log.info({ event: 'daemon_stopped', reason }, 'gocondad daemon stopped');
      this.opts.onStopped?.();
    })();
    return this.stopping;
  }
}

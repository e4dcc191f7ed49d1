// The per-user daemon's lifecycle: lock, state file, journals, sessions, the world's watch and the socket,
// wired together; start, recovery of lost runtime files, and clean stop. Each part lives in its own module,
// talks to the others through the callbacks wired here, and knows nothing of this one.
import * as fs from 'node:fs';
import { GocondadError } from '../errors';
import { ensurePrivateDir } from '../fsutil';
import type { Env, Locations } from '../paths';
import { VERSION } from '../pkg';
import { PROTOCOL, type StatusReply, type UnstampedEvent } from '../protocol';
import { cachedFacts } from './sessions/facts';
import { Journals } from './journal/journals';
import { acquireLock, pidAlive } from './runtime/lock';
import { createLogger, type Logger } from './log/logger';
import { limitedWarner, logSuppressed, WarnLimiter, type LimitedWarn } from './log/ratelimit';
import { daemonRoutes, requestWarnings } from './http/routes';
import { RuntimeGuard } from './runtime/runtime-guard';
import { SocketServer } from './http/server';
import { Sessions } from './sessions/sessions';
import { loadStateFile } from './sessions/state-file';
import { statusReply } from './http/status';
import { countInotifyWatches } from './world/watch';
import { WorldWatch } from './world/world-watch';

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
  private readonly server: SocketServer;
  private readonly journals: Journals;
  private readonly sessions: Sessions;
  private readonly world: WorldWatch;
  private readonly guard: RuntimeGuard;
  /** Warnings about bad input: one line per kind per minute, so that a flood cannot fill the disk. */
  private readonly limiter = new WarnLimiter();
  private readonly warn: LimitedWarn;
  /** Disk facts behind conflict detection, cached briefly: 200 shells activating the same envs ask the same. */
  private facts = cachedFacts(2000);
  private releaseLock: (() => void) | null = null;
  private recovering = false;
  private stopping: Promise<void> | null = null;
  readonly startedAt = new Date().toISOString();
  readonly log: Logger;

  constructor(private opts: DaemonOptions) {
    const { loc } = opts;
    ensurePrivateDir(loc.stateDir);
    this.log = createLogger(loc.log, opts.pretty);
    this.warn = limitedWarner(this.limiter, this.log);
    const broadcast = (ev: UnstampedEvent) => this.server.broadcast(ev);
    this.world = new WorldWatch(loc, opts.env ?? process.env, { log: this.log, broadcast, clearFacts: () => this.facts.clear() });
    this.sessions = new Sessions(loc.stateFile, {
      facts: this.facts,
      log: this.log,
      broadcast,
      warn: this.warn,
      positions: () => this.journals.positions(),
      isAlive: pidAlive,
    });
    this.journals = new Journals(
      loc,
      (file) => ({
        onRecord: (rec) => void this.sessions.apply(rec),
        onGarbage: (sample) => this.warn('journal_garbage', { file, sample }, 'skipped unreadable bytes in the shim journal'),
        onRefused: (why) => this.warn('journal_refused', { file, why }, `the shim journal ${why}; not read`),
      }),
      pidAlive,
    );
    this.server = new SocketServer({
      routes: daemonRoutes({
        status: () => this.status(),
        refresh: () => this.refresh('request'),
        applyRecord: (rec) => this.sessions.apply(rec),
        envChanged: (req) => this.world.envChanged(req),
        stop: () => void this.stop('request'),
      }),
      logHint: `see the log at ${loc.log}`,
      ...requestWarnings(this.warn),
    });
    this.guard = new RuntimeGuard(
      { dir: loc.runtimeDir, socket: loc.socket, lock: loc.lock },
      {
        onEntry: (name) => this.journals.onEntry(name),
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
      // The user's to resolve at start-up, not an HTTP reply: no request is being answered.
      throw new GocondadError(
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
    this.sessions.load(saved.state);
    this.journals.resume(saved.journal, saved.shellJournals);
    // Watches are in place before the socket answers, so that `gocondad start` returning means watching.
    await this.world.start();
    try {
      await this.server.listen(loc.socket);
    } catch (err) {
      await this.world.close();
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
        envs: this.world.discoveredEnvs(),
        inotifyWatches: countInotifyWatches(),
      },
      'gocondad daemon started',
    );
    this.guard.watch();
    this.journals.readAll();
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
      this.journals.readAll();
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

  /** Re-reads everything: user config, toolchains, conda's files; replans every env with shims. */
  refresh(reason: string): { changed: string[] } {
    return this.world.refresh(reason);
  }

  status(): StatusReply {
    this.journals.readAll();
    this.sessions.prune();
    const { loc } = this.opts;
    const { rss, heapUsed } = process.memoryUsage();
    return statusReply({
      self: { pid: process.pid, socket: loc.socket, log: loc.log, startedAt: this.startedAt, memory: { rss, heapUsed } },
      sessions: this.sessions.sessionList(),
      conflicts: this.sessions.conflicts,
      ...this.world.figures(),
      newerRecords: this.sessions.newerRecords,
      latency: { records: this.sessions.latency, refreshes: this.world.latency, requests: this.server.latency },
    });
  }

  stop(reason: string): Promise<void> {
    this.stopping ??= (async () => {
      this.log.info({ event: 'daemon_stopping', reason }, 'gocondad daemon stopping');
      this.guard.close();
      await this.world.close();
      this.sessions.stopSaving();
      this.journals.readAll();
      this.journals.close();
      this.sessions.save();
      await this.server.close();
      // Superseded (another daemon took the lock), the socket there is the other one's.
      if (this.releaseLock) fs.rmSync(this.opts.loc.socket, { force: true });
      this.releaseLock?.();
      logSuppressed(this.limiter, this.log);
      this.log.info({ event: 'daemon_stopped', reason }, 'gocondad daemon stopped');
      this.opts.onStopped?.();
    })();
    return this.stopping;
  }
}

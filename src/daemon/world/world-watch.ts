// The daemon's side that follows the disk: the reconciler (reconcile.ts) brought in line with the user
// config, the toolchains and conda's files at start, on request and after every debounced file change;
// the file watches (watch.ts) moved to what it names now; the disk-facts cache dropped when the world
// changes; go.mod drift judged again after a conda change (sync-drift.ts).
import type { Env, Locations } from '../../paths';
import type { EnvReply, EnvRequest, UnstampedEvent } from '../../protocol';
import type { LogSink } from '../log/logger';
import { LatencyWindow, timed } from '../log/metrics';
import { Reconciler } from './reconcile';
import { cachedFor, type StatusFigures } from '../http/status';
import { SyncDriftWatch, type DriftModules } from './sync-drift';
import { countInotifyWatches, EnvWatcher } from './watch';
import type { Change } from './watch-spec';

export interface WorldWatchHooks {
  log: LogSink;
  broadcast(ev: UnstampedEvent): void;
  /** Drops the cached disk facts (sessions/facts.ts): toolchains or the config may have changed. */
  clearFacts(): void;
}

export class WorldWatch {
  private readonly reconciler: Reconciler;
  private readonly drift: SyncDriftWatch;
  private watcher: EnvWatcher | null = null;
  /** How long a refresh or the handling of a file change took (status `metrics.refreshes`). */
  readonly latency = new LatencyWindow(1000);
  /** Counting 2,000+ watches (in /proc and in chokidar) costs milliseconds: done at most once a second. */
  private readonly watchFigures = cachedFor(1000, () => ({
    roots: this.watcher?.rootCount() ?? 0,
    paths: this.watcher?.watchedPaths() ?? 0,
    inotifyWatches: countInotifyWatches(),
    countedAt: Date.now(),
  }));

  constructor(
    private readonly loc: Locations,
    env: Env,
    private readonly hooks: WorldWatchHooks,
    driftModules?: DriftModules,
  ) {
    this.reconciler = new Reconciler(loc, env, hooks);
    this.drift = new SyncDriftWatch(loc, hooks, driftModules);
  }

  /** The first refresh; resolves once the watches are in place, so that a daemon that answers is watching. */
  async start(): Promise<void> {
    this.watcher = new EnvWatcher({
      debounceMs: 100,
      maxWaitMs: 500,
      followUpMs: 2000,
      worldFiles: [this.loc.configFile],
      onChange: (change) => this.onFilesChanged(change),
      onError: (err) =>
        this.hooks.log.warn({ event: 'watch_failed', err: err.message }, 'a file watch failed; run `gocondad shims install` by hand until the daemon restarts'),
    });
    this.refresh('start');
    await this.watcher.ready();
  }

  async close(): Promise<void> {
    await this.watcher?.close();
  }

  /** Re-reads everything: user config, toolchains, conda's files; replans every env with shims. */
  refresh(reason: string): { changed: string[] } {
    return timed(this.latency, () => {
      this.hooks.clearFacts();
      const result = this.reconciler.refresh(reason);
      this.updateWatches();
      return result;
    });
  }

  /** The conda plugin's word that a conda command changed one env. */
  envChanged({ prefix, auto = false }: EnvRequest): EnvReply {
    const reply = this.reconciler.envChanged(prefix, auto);
    if (reply.action === 'installed') this.updateWatches();
    return reply;
  }

  /** How many envs discovery found (the start line of the log). */
  discoveredEnvs(): number {
    return this.reconciler.discovered().envs;
  }

  figures(): Pick<StatusFigures, 'syncDrift' | 'envs' | 'discovered' | 'newerShims' | 'watch'> {
    return {
      syncDrift: this.drift.list(),
      envs: this.reconciler.envStatus(),
      discovered: this.reconciler.discovered(),
      newerShims: this.reconciler.newerShims(),
      watch: this.watchFigures(),
    };
  }

  private onFilesChanged(change: Change): void {
    try {
      timed(this.latency, () => {
        if (change.world) this.hooks.clearFacts();
        this.reconciler.onFilesChanged(change);
        this.updateWatches();
      });
    } catch (err) {
      this.hooks.log.error({ event: 'refresh_failed', err: (err as Error).stack }, 'could not handle a file change');
    }
    if (change.envs.size > 0) void this.drift.check(change.envs);
  }

  private updateWatches(): void {
    const input = this.reconciler.watchInput();
    if (this.watcher && input) this.watcher.update(input);
  }
}

// go.mod projects (`gocondad sync`) that disagree with their env since a conda change: judged again when
// the watcher reports a changed env, logged and streamed when they start or stop disagreeing, listed by
// status. The sync modules are loaded only when a changed env has a project synced against it, so most
// conda changes load neither the checker nor the conda version code.
import type { Locations } from '../../paths';
import type { SyncDrift, UnstampedEvent } from '../../protocol';
import type { LogSink } from '../log/logger';

export interface DriftResult {
  project: string;
  prefix: string;
  drift: SyncDrift | null;
}

/** What is needed of src/sync/: loaded on first use (tests hand in their own). */
export interface DriftModules {
  projects(): Promise<{ hasProjects(stateDir: string, prefix: string): boolean }>;
  drift(): Promise<{ checkDrift(prefixes: string[], loc: Locations): Promise<DriftResult[]> }>;
}

const SYNC_MODULES: DriftModules = { projects: () => import('../../sync/synced-projects'), drift: () => import('../../sync/drift') };

export interface SyncDriftHooks {
  log: LogSink;
  broadcast(ev: UnstampedEvent): void;
}

export class SyncDriftWatch {
  /** By project dir. */
  private drift = new Map<string, SyncDrift>();

  constructor(
    private readonly loc: Locations,
    private readonly hooks: SyncDriftHooks,
    private readonly modules: DriftModules = SYNC_MODULES,
  ) {}

  list(): SyncDrift[] {
    return [...this.drift.values()];
  }

  /** Judges again the projects synced against these envs, and those that drifted from them. Never throws. */
  async check(prefixes: Set<string>): Promise<void> {
    const { log, broadcast } = this.hooks;
    try {
      const { hasProjects } = await this.modules.projects();
      const wanted = [...prefixes].filter((p) => hasProjects(this.loc.stateDir, p) || this.list().some((d) => d.prefix === p));
      if (wanted.length === 0) return;
      const { checkDrift } = await this.modules.drift();
      for (const r of await checkDrift(wanted, this.loc)) {
        if (r.drift) {
          this.drift.set(r.project, r.drift);
          log.warn(
            { event: 'sync_drift', project: r.project, prefix: r.prefix, findings: r.drift.findings },
            `go.mod and the env disagree after a conda change: ${r.drift.findings[0]!.message}`,
          );
          broadcast({ type: 'sync_drift', drift: r.drift });
        } else if (this.drift.delete(r.project)) {
          log.info({ event: 'sync_drift_resolved', project: r.project, prefix: r.prefix }, 'go.mod and the env agree again');
          broadcast({ type: 'sync_drift_resolved', project: r.project, prefix: r.prefix });
        }
      }
    } catch (err) {
      log.error({ event: 'sync_drift_failed', err: (err as Error).message }, 'could not check the projects synced against a changed env');
    }
  }
}

// Keeps every env's shims in line with the world (user config, toolchains) and conda's layout: forgets
// envs that are gone, installs shims into new envs (auto_install), replans and rewrites the rest. It
// talks to the rest of the daemon only through its hooks, so it is tested without one.
import * as path from 'node:path';
import type { Problem } from '../../core/config';
import { discoverEnvs, problemKey, type CondaLayout } from '../../core/discovery';
import { isCondaEnv } from '../../core/env-arg';
import { loadWorld, planForPrefix, toolchainWatchInput, type EnvPlan, type World } from '../../core/envs';
import { syncWorldLaunchers } from '../../shims/launchers';
import type { Env, Locations } from '../../paths';
import type { EnvReply, EnvStatus, UnstampedEvent } from '../../protocol';
import { hasShims, installShims, NewerShimsError, readShimStamp } from '../../shims/install';
import { describeNewer, judgeStamp, type ShimStamp } from '../../core/shim-version';
import { forgetEnv, readRegistry } from '../../shims/registry';
import { WarnLimiter, WARN_WINDOW_MS } from '../log/ratelimit';
import type { Change, WatchInput } from './watch-spec';

const MAX_REPORTED = 2000;

export interface ReconcileLog {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface ReconcileHooks {
  log: ReconcileLog;
  broadcast(event: UnstampedEvent): void;
}

export class Reconciler {
  private world: World | null = null;
  private layout: CondaLayout | null = null;
  private plans = new Map<string, EnvPlan>();
  /** Problems already logged: each is reported once, not on every refresh. */
  private reported = new Set<string>();
  /** Problems of one kind: up to 20 lines a minute (a start may find that many broken files at once). */
  private limiter = new WarnLimiter(WARN_WINDOW_MS, Date.now, 20);
  /** Envs where auto-install failed (not writable): retried only when that env changes. */
  private installFailed = new Set<string>();
  /** Envs whose shims a newer gocondad wrote: left alone, and reported by status and doctor. */
  private newer = new Map<string, ShimStamp>();

  constructor(
    private loc: Locations,
    private env: Env,
    private hooks: ReconcileHooks,
  ) {}

  /** Re-reads everything: user config, toolchains, conda's files; replans every env with shims. */
  refresh(reason: string): { changed: string[] } {
    this.world = loadWorld(this.loc);
    this.report('config_problem', this.world.configProblems);
    try {
      const l = syncWorldLaunchers(this.world);
      if (l.written.length + l.removed.length > 0) {
        const names = l.written.length > 0 ? `${l.written[0]} … ${l.written[l.written.length - 1]}` : null;
        this.hooks.log.info(
          { event: 'launchers_updated', dir: this.world.launcherDir, written: l.written.length, removed: l.removed, names },
          'toolchain launchers updated',
        );
      }
    } catch (err) {
      // syncWorldLaunchers writes, and so can throw, only when there is a launcher dir.
      this.report('launchers_failed', [{ file: this.world.launcherDir as string, message: `cannot write launchers: ${(err as Error).message}` }]);
    }
    this.layout = discoverEnvs(this.env, this.loc.home);
    this.installFailed.clear();
    return this.sync(reason, null);
  }

  /** What the watcher saw, debounced: the least work that brings shims up to date. */
  onFilesChanged(change: Change): void {
    if (change.world || !this.world) {
      this.refresh('files changed');
      return;
    }
    for (const p of change.envs) this.installFailed.delete(p);
    if (change.discovery || !this.layout) this.layout = discoverEnvs(this.env, this.loc.home);
    this.sync('files changed', change.envs);
  }

  /** Forgets envs that are gone, installs into new ones, replans `only` (null: every env with shims). */
  private sync(reason: string, only: Set<string> | null): { changed: string[] } {
    const world = this.world!;
    const layout = this.layout!;
    this.report('discovery_problem', layout.problems);
    const reg = readRegistry(this.loc);
    const changed: string[] = [];

    for (const prefix of new Set([...reg.installed, ...reg.excluded, ...this.plans.keys()])) {
      if (isCondaEnv(prefix)) continue;
      // Logged before the registry changes, so that whoever sees it forgotten finds the log line too.
      this.hooks.log.info({ event: 'env_forgotten', prefix, reason }, 'env removed; forgotten');
      forgetEnv(this.loc, prefix);
      this.plans.delete(prefix);
      this.installFailed.delete(prefix);
      this.hooks.broadcast({ type: 'env_forgotten', prefix, reason });
    }

    const targets = new Map<string, string>();
    for (const prefix of reg.installed) if ((only === null || only.has(prefix)) && isCondaEnv(prefix) && hasShims(prefix)) targets.set(prefix, reason);
    // Shims the registry does not know (written by another version, or envs.json lost): kept current too,
    // so that no env is left with shims this daemon cannot read.
    for (const env of layout.envs) {
      if ((only === null || only.has(env.prefix)) && !targets.has(env.prefix) && !reg.excluded.includes(env.prefix) && hasShims(env.prefix))
        targets.set(env.prefix, reason);
    }
    if (world.config.autoInstall) {
      for (const env of layout.envs) {
        if (reg.excluded.includes(env.prefix) || this.installFailed.has(env.prefix) || targets.has(env.prefix) || hasShims(env.prefix)) continue;
        targets.set(env.prefix, reason === 'start' ? 'discovered' : 'env created');
      }
    }

    for (const [prefix, reasonGiven] of targets) {
      this.newer.delete(prefix);
      const stamp = readShimStamp(prefix);
      const why = stamp && judgeStamp(stamp) === 'older' ? `upgrade from gocondad ${stamp.version} (shim format ${stamp.format})` : reasonGiven;
      try {
        const envPlan = planForPrefix(prefix, world, layout.roots);
        const { plan } = envPlan;
        this.plans.set(prefix, envPlan);
        this.report('pin_problem', envPlan.problems, { prefix });
        if (!plan.ok) this.report('no_toolchain', [{ file: prefix, message: plan.why }], { prefix });
        const fresh = !hasShims(prefix);
        const result = installShims(envPlan, this.loc);
        // Opted out since the registry was read above (`gocondad shims uninstall` meanwhile): not ours now.
        if (result.optedOut) this.plans.delete(prefix);
        if (result.changed.length === 0) continue;
        changed.push(prefix);
        const event = fresh ? 'shims_installed' : 'shims_rewritten';
        this.hooks.log.info(
          { event, prefix, envName: plan.envName, goroot: plan.goroot, chosenBy: plan.source, why: plan.why, reason: why },
          fresh ? `shims installed (${why})` : 'shims rewritten',
        );
        this.hooks.broadcast({ type: event, prefix, envName: plan.envName, goVersion: plan.goVersion, reason: why });
      } catch (err) {
        if (err instanceof NewerShimsError) {
          this.newer.set(prefix, err.stamp);
          this.report('newer_shims', [{ file: prefix, message: describeNewer(prefix, err.stamp) }], {
            prefix,
            version: err.stamp.version,
            format: err.stamp.format,
          });
          continue;
        }
        this.installFailed.add(prefix);
        this.report('install_failed', [{ file: prefix, message: `cannot write shims: ${(err as Error).message}` }], { prefix });
      }
    }
    if (changed.length > 0) this.hooks.broadcast({ type: 'refresh', reason, changed });
    return { changed };
  }

  /**
   * The conda plugin, right after conda changed `prefix`: its shims rewritten now (installed when `auto`
   * and auto_install allow it and the user did not opt out), so conda's reactivation already sees them.
   */
  envChanged(prefix: string, auto: boolean): EnvReply {
    if (!isCondaEnv(prefix)) return { prefix, action: 'none', why: 'not a conda env (removed?)' };
    if (!this.world) this.refresh('start');
    const world = this.world!;
    const fresh = !hasShims(prefix);
    if (fresh && !(auto && world.config.autoInstall && !readRegistry(this.loc).excluded.includes(prefix)))
      return { prefix, action: 'none', why: 'no shims here, and auto_install does not apply' };
    // A new env is registered in conda's files by now: discovery names its root and name right.
    this.layout = discoverEnvs(this.env, this.loc.home);
    const envPlan = planForPrefix(prefix, world, this.layout.roots);
    const { plan } = envPlan;
    this.plans.set(prefix, envPlan);
    this.installFailed.delete(prefix);
    let changed: string[];
    try {
      const result = installShims(envPlan, this.loc);
      if (result.optedOut) {
        this.plans.delete(prefix);
        return { prefix, action: 'none', why: 'you opted this env out (gocondad shims install opts it back in)' };
      }
      changed = result.changed;
    } catch (err) {
      // A newer gocondad's shims are never replaced behind the user's back (see sync).
      if (err instanceof NewerShimsError) return { prefix, action: 'none', why: err.message };
      throw err;
    }
    if (changed.length === 0) return { prefix, action: 'up to date', goVersion: plan.goVersion };
    const event = fresh ? 'shims_installed' : 'shims_rewritten';
    this.hooks.log.info(
      { event, prefix, envName: plan.envName, goroot: plan.goroot, chosenBy: plan.source, why: plan.why, reason: 'conda command' },
      fresh ? 'shims installed (conda command)' : 'shims rewritten',
    );
    this.hooks.broadcast({ type: event, prefix, envName: plan.envName, goVersion: plan.goVersion, reason: 'conda command' });
    return { prefix, action: fresh ? 'installed' : 'rewritten', goVersion: plan.goVersion };
  }

  /** What the file watcher should watch now. */
  watchInput(): WatchInput | null {
    if (!this.world || !this.layout) return null;
    const layout = this.layout;
    const inEnvsDir = (p: string) => layout.envsDirs.includes(path.dirname(p));
    const envs = new Set([...layout.envs.map((e) => e.prefix), ...readRegistry(this.loc).installed].filter((p) => !inEnvsDir(p)));
    return {
      files: [...layout.rcCandidates, ...layout.initFiles, ...layout.envLists, this.loc.configFile],
      envsDirs: layout.envsDirs,
      envs: [...envs],
      histories: layout.envs.map((e) => path.join(e.prefix, 'conda-meta', 'history')),
      ...toolchainWatchInput(this.world, this.loc.home),
    };
  }

  envStatus(): EnvStatus[] {
    return [...this.plans.values()].map(({ plan, planId }) => ({
      prefix: plan.prefix,
      envName: plan.envName,
      ok: plan.ok,
      goroot: plan.goroot,
      goVersion: plan.goVersion,
      chosenBy: plan.source,
      why: plan.why,
      planId,
    }));
  }

  newerShims(): { prefix: string; version: string; format: number }[] {
    return [...this.newer].map(([prefix, st]) => ({ prefix, ...st }));
  }

  discovered(): { envs: number; roots: string[]; envsDirs: string[] } {
    return { envs: this.layout?.envs.length ?? 0, roots: this.layout?.roots ?? [], envsDirs: this.layout?.envsDirs ?? [] };
  }

  private report(event: string, problems: Problem[], extra: Record<string, unknown> = {}): void {
    for (const p of problems) {
      const key = problemKey(p);
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      // Bounded: a file rewritten with ever new mistakes must not grow the daemon (or its log) without end.
      if (this.reported.size > MAX_REPORTED) this.reported.delete(this.reported.values().next().value as string);
      const a = this.limiter.admit(event);
      if (a.log)
        this.hooks.log.warn({ event, ...extra, file: p.file, line: p.line, ...(a.suppressed > 0 ? { suppressedBefore: a.suppressed } : {}) }, p.message);
    }
  }
}

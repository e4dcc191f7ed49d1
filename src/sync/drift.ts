// Drift after a conda install/remove: the daemon asks, for an env whose conda-meta/history changed,
// whether a project registered with it (sync-projects.json) still agrees. Pure parts first; the hook
// reads the files and never throws (a broken project is skipped, the daemon keeps running).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locations } from '../paths';
import type { SyncDrift } from '../protocol';
import type { CheckResult } from './checker';
import { openProject } from './open-project';
import { readProjects } from './synced-projects';
import { applyTransaction, changedNames, type Transaction } from './transaction';

/** One line per disagreement, with its conda-side fix (the shape `status` carries). */
export type DriftConflict = SyncDrift;

/** The conflict a judged project amounts to, or null when it agrees (warnings alone are no drift). */
export function driftOf(project: string, prefix: string, result: Pick<CheckResult, 'findings'>, at: string): DriftConflict | null {
  const errors = result.findings.filter((f) => f.severity === 'problem');
  if (errors.length === 0) return null;
  return { kind: 'sync-drift', project, prefix, at, findings: errors.map((f) => ({ message: f.message, fix: f.fix.conda ?? f.fix.go })) };
}

/**
 * For each project registered with one of `prefixes`: its drift, or null (agrees again). With a planned
 * transaction, the env is judged as it will be, and only disagreements over packages it changes count.
 */
export async function checkDrift(
  prefixes: Iterable<string>,
  loc: Locations,
  now: () => string = () => new Date().toISOString(),
  planned?: Transaction,
): Promise<{ project: string; prefix: string; drift: DriftConflict | null; error?: string }[]> {
  const wanted = new Set(prefixes);
  const out: { project: string; prefix: string; drift: DriftConflict | null; error?: string }[] = [];
  for (const p of readProjects(loc.stateDir)) {
    if (p.prefix === null || !wanted.has(p.prefix) || !fs.existsSync(path.join(p.dir, 'go.mod'))) continue;
    try {
      const project = await openProject({ dir: p.dir, prefix: p.prefix, tags: p.tags ?? [] }, loc, {});
      const conda = planned ? applyTransaction(project.conda, planned) : project.conda;
      const { findings } = project.judge(project.mod, conda);
      // driftOf reads the findings alone (their severities), so only they are narrowed to the changed packages
      const changed = planned ? changedNames(planned) : null;
      const counted = changed ? findings.filter((f) => changed.has(f.condaPkg)) : findings;
      out.push({ project: p.dir, prefix: p.prefix, drift: driftOf(p.dir, p.prefix, { findings: counted }, now()) });
    } catch (err) {
      out.push({ project: p.dir, prefix: p.prefix, drift: null, error: (err as Error).message });
    }
  }
  return out;
}

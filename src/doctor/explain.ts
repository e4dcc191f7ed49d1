// `gocondad explain`: one env's decision trace — the toolchains found, each step of the choice and its
// verdict, the result, and every variable and PATH entry the plan sets with why. Also what `conda export`
// records of an env (export/). Decided by the same pure modules as the daemon; reads files, never the daemon.
import * as path from 'node:path';
import type { TraceStep } from '../core/choose-toolchain';
import type { Problem } from '../core/config';
import { planForPrefix, type EnvPlan } from '../core/envs';
import { activatorOf, type Activator } from './activator';
import type { Context } from './context';

export interface Explanation {
  prefix: string;
  envName: string;
  toolchains: { root: string; version: string }[];
  rejectedToolchains: { root: string; reason: string }[];
  trace: TraceStep[];
  result: { ok: boolean; goroot: string | null; goVersion: string | null; chosenBy: string | null; why: string };
  variables: { name: string; effect: string; source: string }[];
  path: { entry: string; source: string }[];
  leftToConda: string[];
  platform: EnvPlan['plan']['platform'];
  /** The front end that activated this env in the shell explain runs in (null: not active here, or not known). */
  activatedBy: Activator | null;
  problems: Problem[];
}

export function explain(ctx: Context, prefix: string): Explanation {
  const active = ctx.env.CONDA_PREFIX !== undefined && path.resolve(ctx.env.CONDA_PREFIX) === prefix;
  const { world, layout } = ctx;
  // The trace is the one the plan's choice was made by (core/choose.ts decide), not a second reading.
  const { plan, problems, trace } = planForPrefix(prefix, world, layout.roots);
  const variables: Explanation['variables'] = [];
  const { change } = plan;
  // Every variable and PATH entry the plan sets comes with its source (core/activation-plan.ts writes them
  // together); the fallback only keeps the type total.
  // Stryker disable next-line StringLiteral: unreachable, as said above
  const sourceOf = (key: string): string => plan.sources[key] ?? '';
  const assigned = (value: string) => `= ${value}`;
  // The plan never sets a variable to null (unset) today, so the condition's `false` mutant is equivalent (left
  // unmarked: its `true` is real), and so is the word's.
  // Stryker disable next-line StringLiteral: see above
  const effectOf = (value: string | null) => (value === null ? 'unset' : assigned(value));
  for (const [name, value] of Object.entries(change.set)) variables.push({ name, effect: effectOf(value), source: sourceOf(name) });
  for (const [name, value] of Object.entries(change.defaults)) variables.push({ name, effect: `= ${value} (only if unset or empty)`, source: sourceOf(name) });
  for (const [name, a] of Object.entries(change.append))
    variables.push({ name, effect: `+= ${a.value}${a.base ? ` (after Go's default "${a.base}" when unset)` : ''}`, source: sourceOf(name) });
  if (plan.keepUserModcache)
    variables.push({ name: 'GOMODCACHE', effect: '= $GOPATH/pkg/mod of the GOPATH you had (only if unset)', source: sourceOf('GOMODCACHE') });
  for (const name of plan.leftToConda) variables.push({ name, effect: 'not touched', source: sourceOf(name) });
  return {
    prefix,
    envName: plan.envName,
    toolchains: world.discovery.toolchains.map((t) => ({ root: t.root, version: t.version })),
    rejectedToolchains: world.discovery.rejected,
    trace,
    result: { ok: plan.ok, goroot: plan.goroot, goVersion: plan.goVersion, chosenBy: plan.source, why: plan.why },
    variables,
    path: change.path.prepend.map((entry) => ({ entry, source: sourceOf(`PATH ${entry}`) })),
    leftToConda: plan.leftToConda,
    platform: plan.platform,
    activatedBy: active ? activatorOf(ctx.env) : null,
    problems,
  };
}

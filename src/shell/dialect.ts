// The seam between decisions (data) and shell code. One module per dialect implements this; adding a
// shell means adding one file and registering it below.
import type { Plan } from '../core/activation-plan';

export interface ShimContext {
  /** Short id of the plan, echoed in journal records so the daemon knows what the shim applied. */
  planId: string;
  /** Where this shim is written: it compares its own age with the env's conda-meta/history and pin file. */
  shimFile: string;
  /** `node` and the CLI, to rewrite a stale shim on the spot (only after the env changed; never the hot path). */
  node: string;
  cli: string;
  /** For shells that are not POSIX: the env's POSIX shim of the same kind, the runner, and the sh to run it with. */
  foreign: { posixShim: string; runner: string; sh: string };
}

export interface Dialect {
  name: string;
  /** Extension conda looks for in activate.d / deactivate.d for this shell. */
  extension: string;
  /** A word the shell reads back as exactly `value`, byte for byte. */
  quote(value: string): string;
  /** Sets and exports a variable. */
  set(name: string, value: string): string;
  unset(name: string): string;
  /** Sets and exports a variable only where the shell has it unset or empty. */
  setDefault(name: string, value: string): string;
  /** Appends ` value` to a variable; `base` stands in for it when unset. */
  append(name: string, value: string, base: string): string;
  /** set() for a value, unset() for null: how a backup is restored. */
  restore(name: string, value: string | null): string;
  source(file: string): string;
  /** The whole shim file conda sources for this env. */
  shim(kind: 'activate' | 'deactivate', plan: Plan, ctx: ShimContext): string;
  /** Just the plan part of an activate shim: what a stale shim evaluates after `gocondad shims refresh`. */
  planHeader(plan: Plan, ctx: ShimContext): string;
}

/**
 * A plan's variable changes as lines of one dialect: sets and unsets, defaults, appends (through `cgoGate`
 * when the dialect guards them), then `pathLine` for dialects whose shim logic does not edit PATH itself.
 */
export function planLines(
  d: Dialect,
  plan: Plan,
  opts: { pathLine?: (entries: string[]) => string; cgoGate?: (appends: string[]) => string[] } = {},
): string[] {
  const c = plan.change;
  const appends = Object.entries(c.append).map(([n, a]) => d.append(n, a.value, a.base));
  return [
    ...Object.entries(c.set).map(([n, v]) => d.restore(n, v)),
    ...Object.entries(c.defaults).map(([n, v]) => d.setDefault(n, v)),
    ...(opts.cgoGate && c.appendUnlessCgoOff && appends.length > 0 ? opts.cgoGate(appends) : appends),
    ...(opts.pathLine && c.path.prepend.length > 0 ? [opts.pathLine(c.path.prepend)] : []),
  ];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Variable names go into generated code unquoted; refuse anything that is not an identifier. */
export function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error(`refusing to emit shell code for variable name ${JSON.stringify(name)}`);
  return name;
}

// The seam between decisions (data) and shell code. One module per dialect implements this; adding a
// shell means adding one file and registering it in index.ts.
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

/**
 * What differs between shells: the file conda sources, how a value is quoted, and the shim itself. The
 * plan is rendered once, as POSIX code (posix.ts planHeader): fish and csh shims run the POSIX shim in sh
 * and apply what it changed (shell/foreign.sh), so no dialect renders a plan of its own.
 */
export interface Dialect {
  name: string;
  /** Extension conda looks for in activate.d / deactivate.d for this shell. */
  extension: string;
  /** A word the shell reads back as exactly `value`, byte for byte. */
  quote(value: string): string;
  /** The whole shim file conda sources for this env. */
  shim(kind: 'activate' | 'deactivate', plan: Plan, ctx: ShimContext): string;
}

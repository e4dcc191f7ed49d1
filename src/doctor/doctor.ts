// `gocondad doctor`: every problem with the command that fixes it. This module runs the checks in the
// order they are reported and applies the safe fixes; the checks live by subject in world-checks.ts,
// shim-checks.ts, go-checks.ts and doctor-env.ts, the trace of `gocondad explain` in explain.ts. They
// read the same files as the daemon and decide with the same pure modules; nothing here needs the daemon.
import { isCondaEnv, notACondaEnv } from '../core/env-arg';
import { planForPrefix } from '../core/envs';
import { isSystemError } from '../errors';
import { syncWorldLaunchers } from '../shims/launchers';
import { installShims } from '../shims/install';
import type { Context, Finding } from './context';
import { goActivationFindings, gorootFindings, moveAside } from './doctor-env';
import { goFindings, moduleFindings, planFindings } from './go-checks';
import { shimFindings } from './shim-checks';

export { loadContext, type Context, type Finding, type SafeFix } from './context';
export { worldFindings } from './world-checks';

/** Every check of one env; `moduleDir` is where to look for a go.mod (null: nowhere). */
export function envFindings(ctx: Context, prefix: string, moduleDir: string | null): Finding[] {
  if (!isCondaEnv(prefix)) {
    // The one wording of every command given a path that is no env (core/env-arg.ts), as a finding.
    const err = notACondaEnv(prefix);
    return [{ kind: 'not-an-env', severity: 'problem', prefix, message: err.message, fix: err.hint ?? '' }];
  }
  const envPlan = planForPrefix(prefix, ctx.world, ctx.layout.roots);
  const { plan } = envPlan;
  return [
    ...planFindings(prefix, envPlan),
    ...shimFindings(ctx.loc, prefix, envPlan, ctx.adminInstall?.(prefix) ?? null),
    ...goFindings(ctx, prefix, plan),
    ...gorootFindings(prefix, ctx.env),
    ...goActivationFindings(prefix, ctx.env),
    ...moduleFindings(ctx.world, prefix, plan, moduleDir),
  ];
}

/**
 * Applies the safe fixes among `findings`; returns what was done. An env whose shims cannot be written
 * (an admin's env, a read-only one) goes to `cannotWrite` and the others are still fixed; without it, the
 * error ends the fixing.
 */
export function applySafeFixes(
  ctx: Context,
  findings: Finding[],
  opts: { moveAside?: boolean; cannotWrite?: (prefix: string, err: unknown) => void } = {},
): string[] {
  const done: string[] = [];
  if (findings.some((f) => f.safeFix === 'sync-launchers')) {
    const r = syncWorldLaunchers(ctx.world);
    done.push(`launchers: ${r.written.length} written, ${r.removed.length} removed`);
  }
  // Moving the user's files is done only when asked for by kind (`--fix --kind`; conda doctor's fixers
  // ask the user first): a plain `--fix` touches gocondad's own files alone.
  if (opts.moveAside) for (const f of findings) if (f.safeFix === 'move-aside' && f.paths && f.prefix) done.push(...moveAside(f.prefix, f.paths));
  for (const f of findings) {
    if ((f.safeFix === 'install-shims' || f.safeFix === 'refresh-shims') && f.prefix) {
      try {
        installShims(planForPrefix(f.prefix, ctx.world, ctx.layout.roots), ctx.loc, f.safeFix === 'install-shims');
      } catch (err) {
        if (!opts.cannotWrite || !isSystemError(err)) throw err;
        opts.cannotWrite(f.prefix, err);
        continue;
      }
      done.push(`${f.safeFix === 'install-shims' ? 'installed' : 'refreshed'} shims in ${f.prefix}`);
    }
  }
  return done;
}

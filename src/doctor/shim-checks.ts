// Doctor's check of an env's shims: missing (installable by `--fix`, unless the user opted out), written
// by a newer gocondad (never called stale, never rewritten), or written for an older plan (refreshable).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EnvPlan } from '../core/envs';
import { describeNewer, judgeStamp, type ShimStamp } from '../core/shim-version';
import type { Locations } from '../paths';
import { DIALECTS } from '../shell';
import { hasShims, readShimStamp, SHIM_BASENAME, shimContext, shimPaths } from '../shims/install';
import { readRegistry } from '../shims/registry';
import { findingsOf, shellWord as q, type Finding, type SafeFix } from './context';

/** Whether every shim file of the env is byte for byte what this gocondad would write for its plan now. */
export function shimIsCurrent(envPlan: EnvPlan, loc: Locations): boolean {
  return DIALECTS.every((d) =>
    (['activate', 'deactivate'] as const).every((kind) => {
      const file = path.join(envPlan.plan.prefix, 'etc', 'conda', `${kind}.d`, `${SHIM_BASENAME}${d.extension}`);
      try {
        return fs.readFileSync(file, 'utf8') === d.shim(kind, envPlan.plan, shimContext(envPlan, loc, file));
      } catch {
        return false;
      }
    }),
  );
}

/** The env's shims were written by a newer gocondad: never called stale, never rewritten by --fix. */
function newerStamp(prefix: string): ShimStamp | null {
  const stamp = readShimStamp(prefix);
  return stamp && judgeStamp(stamp) === 'newer' ? stamp : null;
}

/**
 * `adminInstall`: for an env whose shim dirs the user cannot write (an admin's), the command an admin runs
 * (setup-plan.ts adminShimsCommand); null when the user can. The fix lines name it instead of a command
 * the user would run only to be refused.
 */
export function shimFindings(loc: Locations, prefix: string, envPlan: EnvPlan, adminInstall: string | null = null): Finding[] {
  const { out, add } = findingsOf(prefix);
  const install = adminInstall === null ? `gocondad shims install ${q(prefix)}` : `an admin can run: ${adminInstall}`;
  // `doctor --fix` runs as the user: what only an admin can do is no fix of its
  const userFix = (fix: SafeFix): SafeFix | undefined => (adminInstall === null ? fix : undefined);
  if (!hasShims(prefix)) {
    if (readRegistry(loc).excluded.includes(prefix)) add('missing-shims', 'warning', 'no gocondad shims: you removed them (opted out)', install);
    else add('missing-shims', 'problem', 'no gocondad shims: activating this env does not set Go up', install, userFix('install-shims'));
    return out;
  }
  const stamp = newerStamp(prefix);
  // Some shim files gone (deleted by hand, a shell's file lost): activating in that shell does nothing, and
  // `shims install` (not refresh) is what puts them back, so it is named missing, not stale.
  const gone = stamp ? [] : shimPaths(prefix).filter(({ file }) => !fs.existsSync(file));
  if (gone.length > 0)
    add(
      'missing-shims',
      'problem',
      `shim file${gone.length === 1 ? '' : 's'} missing: ${gone.map(({ file }) => path.relative(prefix, file)).join(', ')} (activating in ${gone.length === 1 ? 'that shell' : 'those shells'} does not set Go up)`,
      install,
      userFix('install-shims'),
    );
  else if (stamp)
    add(
      'newer-shims',
      'problem',
      describeNewer(prefix, stamp),
      `upgrade gocondad to ${stamp.version} or later, or: ${adminInstall ?? `gocondad shims install ${q(prefix)}`}`,
    );
  else if (!shimIsCurrent(envPlan, loc))
    add(
      'stale-shims',
      'problem',
      'the shims were written for an older plan (the env, its pin or the toolchains changed since)',
      adminInstall === null ? `gocondad shims refresh ${q(prefix)}` : `an admin can run: ${adminInstall}`,
      userFix('refresh-shims'),
    );
  return out;
}

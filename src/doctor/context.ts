// What every doctor check is given (the files gocondad and conda read, once) and what it gives back (a
// finding with the command that fixes it).
import type { CondaLayout } from '../core/discovery';
import { discoverEnvs } from '../core/discovery';
import { loadWorld, type World } from '../core/envs';
import type { Severity } from '../core/vocabulary';
import type { Env, Locations } from '../paths';
import { posix } from '../shell/posix';
import type { FindingKind } from './kinds';

export type SafeFix = 'install-shims' | 'refresh-shims' | 'sync-launchers' | 'move-aside';

export interface Finding {
  kind: FindingKind;
  /** A warning is reported but does not make doctor fail. */
  severity: Severity;
  prefix: string | null;
  message: string;
  /** The exact command (or edit) that fixes it. */
  fix: string | null;
  /** What `doctor --fix` may do by itself. */
  safeFix?: SafeFix;
  /** safeFix 'move-aside': the files it renames (doctor-env.ts). */
  paths?: string[];
  /** The file a declared value comes from (doctor-env.ts). */
  source?: string;
}

export interface Context {
  loc: Locations;
  env: Env;
  world: World;
  layout: CondaLayout;
  /**
   * For an env whose shims the user cannot write (an admin's), the command an admin runs; null (or no
   * function) when the user can. The CLI gives it (it lives with setup, which doctor does not import).
   */
  adminInstall?: (prefix: string) => string | null;
}

export function loadContext(loc: Locations, env: Env, adminInstall?: (prefix: string) => string | null): Context {
  return { loc, env, world: loadWorld(loc), layout: discoverEnvs(env, loc.home), ...(adminInstall ? { adminInstall } : {}) };
}

/** A path as a shell word for fix commands: bare when that is unambiguous. */
export function shellWord(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : posix.quote(p);
}

/** Findings of one env, kept in the order they are added (the order doctor reports them in). */
export function findingsOf(prefix: string | null): {
  out: Finding[];
  add(kind: FindingKind, severity: Finding['severity'], message: string, fix: string | null, safeFix?: SafeFix): Finding;
} {
  const out: Finding[] = [];
  return {
    out,
    add(kind, severity, message, fix, safeFix) {
      const f: Finding = { kind, severity, prefix, message, fix, ...(safeFix ? { safeFix } : {}) };
      out.push(f);
      return f;
    },
  };
}

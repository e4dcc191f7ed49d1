// Which way of starting the daemon at login this machine gets. The decision is a pure function of facts
// probed once (`probeServiceFacts`), so that every branch is unit-tested without systemd or macOS.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commandOnPath } from '../fsutil';
import type { Env } from '../paths';
import type { Runner, ServiceKind } from './types';

export interface ServiceFacts {
  platform: NodeJS.Platform;
  /** `launchctl` is on PATH (macOS). */
  launchctl: boolean;
  /** `systemctl` is on PATH. */
  systemctl: boolean;
  /** What `systemctl --user is-system-running` printed; null when it printed nothing (no user bus). */
  userManagerState: string | null;
  /** `$XDG_RUNTIME_DIR/systemd` exists: a user manager runs for this login. */
  runtimeSystemdDir: boolean;
}

export interface ServiceChoice {
  kind: ServiceKind;
  why: string;
}

/** States in which `systemctl --user` reaches a user manager that will start units at the next login. */
const REACHABLE = new Set(['running', 'degraded', 'starting', 'initializing', 'maintenance']);

export function chooseServiceKind(f: ServiceFacts): ServiceChoice {
  if (f.platform === 'darwin') {
    if (f.launchctl) return { kind: 'launchd', why: 'macOS: a launchd agent in ~/Library/LaunchAgents' };
    return { kind: 'login-line', why: 'macOS without launchctl on PATH: a line in the login file' };
  }
  if (!f.systemctl) return { kind: 'login-line', why: 'no systemctl on PATH (no systemd): a line in the login file' };
  if (f.userManagerState === null || !REACHABLE.has(f.userManagerState)) {
    const state = f.userManagerState ? `says "${f.userManagerState}"` : 'cannot reach a user manager';
    return { kind: 'login-line', why: `systemctl --user ${state} (a container, or WSL without systemd): a line in the login file` };
  }
  if (!f.runtimeSystemdDir) return { kind: 'login-line', why: 'no $XDG_RUNTIME_DIR/systemd: no user manager runs for this login; a line in the login file' };
  return { kind: 'systemd-user', why: `systemd user manager (${f.userManagerState}): a user unit` };
}

/**
 * Why a kind forced with --manager cannot work here, or null. A systemd unit no user manager loads never
 * runs: installing it would trade a working start at login for none (and the old one was removed first).
 */
export function cannotUse(kind: ServiceKind, f: ServiceFacts): string | null {
  if (kind === 'login-line') return null;
  if (kind === 'launchd') return f.platform === 'darwin' && f.launchctl ? null : 'launchd is macOS only (and needs launchctl on PATH)';
  const chosen = chooseServiceKind(f);
  // Stryker disable next-line Regex: every why names "a line in the login file" once, at its end: with or without `$` the same
  return chosen.kind === 'systemd-user' ? null : chosen.why.replace(/: a line in the login file$/, '').replace(/; a line in the login file$/, '');
}

/** An executable file of that name on PATH (a directory has an x bit too: skipped, as execvp skips it). */
const onPath = (cmd: string, env: Env): boolean => commandOnPath(cmd, env.PATH ?? '/usr/bin:/bin') !== null;

export function probeServiceFacts(env: Env, run: Runner, platform: NodeJS.Platform = process.platform): ServiceFacts {
  const launchctl = platform === 'darwin' && onPath('launchctl', env);
  const systemctl = platform !== 'darwin' && onPath('systemctl', env);
  let userManagerState: string | null = null;
  if (systemctl) {
    const r = run('systemctl', ['--user', 'is-system-running'], { timeoutMs: 5000, env });
    userManagerState = r.stdout.trim().split('\n')[0] || null;
  }
  const runtimeSystemdDir = !!env.XDG_RUNTIME_DIR && fs.existsSync(path.join(env.XDG_RUNTIME_DIR, 'systemd'));
  return { platform, launchctl, systemctl, userManagerState, runtimeSystemdDir };
}

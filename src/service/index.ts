// The service managers behind one interface, the spec they start, and the report `status` and `doctor` show.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Env, Locations } from '../paths';
import { DAEMON_NODE_FLAGS, PACKAGE_ROOT, VERSION } from '../pkg';
import { launchd } from './launchd';
import { loginLine } from './login-line';
import { systemdUser } from './systemd-user';
import { SERVICE_KINDS, type Runner, type ServiceContext, type ServiceKind, type ServiceManager, type ServiceSpec, type ServiceStatus } from './types';

export const MANAGERS: Record<ServiceKind, ServiceManager> = { 'systemd-user': systemdUser, launchd, 'login-line': loginLine };

/** What discovery reads from the environment: a service started at login must see the same conda. */
export const CARRIED_VARS = [
  'CONDA_EXE',
  'CONDA_ROOT',
  'MAMBA_EXE',
  'MAMBA_ROOT_PREFIX',
  'CONDARC',
  'MAMBARC',
  'CONDA_ENVS_PATH',
  'CONDA_ENVS_DIRS',
  'XDG_CONFIG_HOME',
  'XDG_STATE_HOME',
  'XDG_DATA_HOME',
];

export function serviceSpec(loc: Locations, env: Env, node: string = process.execPath): ServiceSpec {
  const carried: Record<string, string> = {};
  for (const k of CARRIED_VARS) if (env[k]) carried[k] = env[k]!;
  return { node, nodeFlags: DAEMON_NODE_FLAGS, cli: path.join(PACKAGE_ROOT, 'dist', 'cli.js'), env: carried, log: loc.log, version: VERSION };
}

export function serviceContext(loc: Locations, env: Env, uid: number = process.getuid?.() ?? 0): ServiceContext {
  return { home: loc.home, env, uid, stateDir: loc.stateDir };
}

/** The daemon's pid when one holds the lock and is alive (no socket round trip: usable from sync code). */
export function runningDaemonPid(loc: Locations): number | null {
  try {
    // Stryker disable next-line MethodExpression: Number() skips leading and trailing white space itself
    const pid = Number(fs.readFileSync(loc.lock, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return null;
    process.kill(pid, 0);
    return fs.existsSync(loc.socket) ? pid : null;
  } catch {
    return null;
  }
}

export interface ServiceReport {
  /** Every kind found installed (normally one). */
  installed: ServiceStatus[];
  daemonPid: number | null;
}

export function serviceReport(loc: Locations, ctx: ServiceContext, run: Runner): ServiceReport {
  const installed = SERVICE_KINDS.map((k) => MANAGERS[k].status(ctx, run)).filter((s) => s.installed);
  return { installed, daemonPid: runningDaemonPid(loc) };
}

/** One line: what starts the daemon at login, and whether it runs now. */
export function describeService(r: ServiceReport): string {
  const running = r.daemonPid !== null ? `daemon running (pid ${r.daemonPid})` : 'daemon not running';
  if (r.installed.length === 0) return `service: not installed (gocondad setup installs it); ${running}`;
  const what = r.installed.map((s) => `${s.kind} (${s.detail})`).join(', ');
  return `service: ${what}; ${running}`;
}

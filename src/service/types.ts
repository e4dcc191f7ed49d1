// The one small interface every way of starting the daemon at login implements (systemd user unit,
// launchd agent, a guarded line in the login file), and what they all need to know.
import type { Env } from '../paths';

export type ServiceKind = 'systemd-user' | 'launchd' | 'login-line';
export const SERVICE_KINDS: ServiceKind[] = ['systemd-user', 'launchd', 'login-line'];

/** What a service starts, resolved when it is installed (a unit must not depend on PATH at login). */
export interface ServiceSpec {
  node: string;
  nodeFlags: string[];
  /** dist/cli.js of this installation. */
  cli: string;
  /** Variables discovery reads, carried from the shell that ran setup into the service's environment. */
  env: Record<string, string>;
  /** The daemon's own JSON log (the manager's own log, where it has one, gets its stderr too). */
  log: string;
  version: string;
}

export interface ServiceContext {
  home: string;
  env: Env;
  uid: number;
  /** Where the daemon's stderr goes when the manager has no journal of its own (launchd). */
  stateDir: string;
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}
/** Runs a command with a timeout; status -1 when it could not be started. Injected so tests see the calls. */
export type Runner = (cmd: string, args: string[], opts?: { timeoutMs?: number; env?: Env }) => RunResult;

export interface ServiceStatus {
  kind: ServiceKind;
  installed: boolean;
  /** The unit, plist or login file(s) holding it. */
  files: string[];
  /** The manager's own view (enabled and active / loaded); null when it cannot be asked here. */
  active: boolean | null;
  detail: string;
}

export interface ServiceOutcome {
  /** Files written or removed. */
  files: string[];
  /** What was done, one line each, for the user. */
  notes: string[];
  /** The manager started the daemon itself (else the caller starts it). */
  started: boolean;
  /** It could not be installed (the notes say why); what was there before is kept. */
  failed?: boolean;
}

export interface ServiceManager {
  kind: ServiceKind;
  install(spec: ServiceSpec, ctx: ServiceContext, run: Runner): ServiceOutcome;
  uninstall(ctx: ServiceContext, run: Runner): ServiceOutcome;
  status(ctx: ServiceContext, run: Runner): ServiceStatus;
  /** The command that shows this manager's logs of the daemon, or null when the daemon's own log is it. */
  logsCommand(ctx: ServiceContext, follow: boolean, lines: number): string[] | null;
}

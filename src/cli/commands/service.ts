// `gocondad service install|uninstall|status|logs`: the daemon started at login by the user's service
// manager (systemd user unit, launchd agent) or, where there is none, by a line in the login file.
import type { Command } from 'commander';
import { EXIT, GocondadError, seeHelp } from '../../errors';
import { loc, print, printJson } from '../context';
import { addManagerOption } from './setup';

async function services() {
  const svc = await import('../../service');
  const { runCommand } = await import('../../service/run');
  return { ...svc, run: runCommand, ctx: svc.serviceContext(loc(), process.env) };
}

async function install(opts: { manager?: string }): Promise<void> {
  const { chooseServiceKind, probeServiceFacts } = await import('../../service/choose');
  const { SERVICE_KINDS } = await import('../../service/types');
  const { MANAGERS, serviceSpec, run, ctx } = await services();
  const { startInBackground, stopRunning } = await import('../daemon-control');
  const choice = opts.manager ? { kind: opts.manager as 'login-line', why: '--manager' } : chooseServiceKind(probeServiceFacts(process.env, run));
  print(`service: ${choice.kind} (${choice.why})`);
  for (const k of SERVICE_KINDS) if (k !== choice.kind && MANAGERS[k].status(ctx, run).installed) print(MANAGERS[k].uninstall(ctx, run).notes);
  if (choice.kind !== 'login-line') {
    const stopped = await stopRunning();
    if (stopped) print(`${stopped} (the service starts it now)`);
  }
  const out = MANAGERS[choice.kind].install(serviceSpec(loc(), process.env), ctx, run);
  print(out.notes);
  if (!out.started) print(await startInBackground());
}

async function uninstall(): Promise<void> {
  const { MANAGERS, run, ctx } = await services();
  const { SERVICE_KINDS } = await import('../../service/types');
  const notes = SERVICE_KINDS.flatMap((k) => MANAGERS[k].uninstall(ctx, run).notes);
  print(notes.length > 0 ? notes : 'no gocondad service installed');
  print('the daemon keeps running until `gocondad stop` or the next logout');
}

async function status(opts: { json?: boolean }): Promise<void> {
  const { serviceReport, describeService, run, ctx } = await services();
  const report = serviceReport(loc(), ctx, run);
  if (opts.json) printJson(report);
  else print(describeService(report));
  process.exitCode = report.installed.length > 0 && report.daemonPid !== null ? EXIT.OK : EXIT.FAILED;
}

async function logs(opts: { follow?: boolean; lines: number }): Promise<void> {
  const { serviceReport, MANAGERS, run, ctx } = await services();
  const installed = serviceReport(loc(), ctx, run).installed[0];
  const cmd = installed ? MANAGERS[installed.kind].logsCommand(ctx, opts.follow === true, opts.lines) : null;
  if (!cmd) {
    const { showLogs } = await import('./status');
    return showLogs({ follow: opts.follow, lines: opts.lines });
  }
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(cmd[0]!, cmd.slice(1), { stdio: 'inherit' });
  if (r.error) throw new GocondadError(`cannot run ${cmd[0]}: ${r.error.message}`, `the daemon's own log: gocondad logs`);
  // journalctl shares our stdout: its reader gone, it dies of SIGPIPE, which is no failure (../pipes.ts).
  process.exitCode = r.signal === 'SIGPIPE' ? EXIT.OK : (r.status ?? EXIT.FAILED);
}

function wholeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new GocondadError(`-n/--lines takes a whole number, not ${JSON.stringify(v)}`, seeHelp('gocondad service logs'), EXIT.USAGE);
  return n;
}

export function register(program: Command): void {
  const service = program.command('service').description('the daemon started at login: systemd user unit, launchd agent, or a login-file line');
  addManagerOption(service.command('install').description('install and start it (the kind this machine supports)'), 'force this kind').action(install);
  service.command('uninstall').description('remove it (every kind found)').action(uninstall);
  service
    .command('status')
    .description('whether it is installed and the daemon runs; exit 1 if not both')
    .option('--json', 'machine-readable output')
    .action(status);
  service
    .command('logs')
    .description('the service’s log (journal, launchd’s file, else the daemon’s own log)')
    .option('-f, --follow', 'keep printing')
    .option('-n, --lines <n>', 'the last n lines (0 = all)', wholeNumber, 50)
    .action(logs);
}

// `gocondad service install|uninstall|status|logs`: the daemon started at login by the user's service
// manager (systemd user unit, launchd agent) or, where there is none, by a line in the login file.
import type { Command } from 'commander';
import { EXIT, GocondadError, seeHelp } from '../../errors';
import { loc, print, printJson } from '../context';
import { addManagerOption } from './setup';
import type { ServiceKind } from '../../service/types';

async function services() {
  const svc = await import('../../service');
  const { runCommand } = await import('../../service/run');
  return { ...svc, run: runCommand, ctx: svc.serviceContext(loc(), process.env) };
}

async function install(opts: { manager?: string }): Promise<void> {
  const { cannotUse, chooseServiceKind, probeServiceFacts } = await import('../../service/choose-kind');
  const { SERVICE_KINDS } = await import('../../service/types');
  const { MANAGERS, serviceSpec, run, ctx } = await services();
  const { startInBackground, stopRunning } = await import('../daemon-control');
  const { stepLine, styleFor } = await import('../style');
  const s = styleFor(process.stdout);
  const say = (lines: string | string[]) => print((Array.isArray(lines) ? lines : [lines]).map((l) => stepLine(s, l)));
  const facts = probeServiceFacts(process.env, run);
  const forced = opts.manager as ServiceKind | undefined;
  const why = forced ? cannotUse(forced, facts) : null;
  // Refused before anything changes: what starts the daemon today keeps doing so.
  if (forced && why)
    throw new GocondadError(`cannot install a ${forced} service here: ${why}`, 'nothing was changed; gocondad service install picks what works');
  const choice = forced ? { kind: forced, why: '--manager' } : chooseServiceKind(facts);
  print(`service: ${choice.kind} (${choice.why})`);
  if (choice.kind !== 'login-line') {
    const stopped = await stopRunning();
    if (stopped) print(`${stopped} (the service starts it now)`);
  }
  const out = MANAGERS[choice.kind].install(serviceSpec(loc(), process.env), ctx, run);
  say(out.notes);
  // The kind installed before goes only once the new one is in: a failed install keeps it working.
  if (!out.failed) for (const k of SERVICE_KINDS) if (k !== choice.kind && MANAGERS[k].status(ctx, run).installed) say(MANAGERS[k].uninstall(ctx, run).notes);
  if (!out.started) print(await startInBackground());
  if (out.failed)
    throw new GocondadError(
      `the ${choice.kind} service was not installed (above)`,
      'what was installed before is kept; gocondad service install picks what works',
    );
}

async function uninstall(): Promise<void> {
  const { MANAGERS, run, ctx } = await services();
  const { SERVICE_KINDS } = await import('../../service/types');
  const notes = SERVICE_KINDS.flatMap((k) => MANAGERS[k].uninstall(ctx, run).notes);
  const { stepLine, styleFor } = await import('../style');
  const s = styleFor(process.stdout);
  print(notes.length > 0 ? notes.map((n) => stepLine(s, n)) : 'no gocondad service installed');
  print('the daemon keeps running until `gocondad stop` or the next logout');
}

async function status(opts: { json?: boolean }): Promise<void> {
  const { serviceReport, describeService, run, ctx } = await services();
  const { serviceFindings } = await import('../../doctor/service-report');
  const report = serviceReport(loc(), ctx, run);
  // The same problems doctor reports (a unit that cannot run, a service with no daemon), in one line each.
  const problems = serviceFindings(report, ctx.uid);
  const ok = report.installed.length > 0 && report.daemonPid !== null && problems.length === 0;
  if (opts.json) printJson(report);
  else {
    const { badHead, okHead, severityHead, styleFor } = await import('../style');
    const s = styleFor(process.stdout);
    const said = describeService(report);
    print([ok ? okHead(s, said) : badHead(s, said), ...problems.map((f) => `${severityHead(s, f.severity)}  [${f.kind}] ${f.message}; fix: ${f.fix}`)]);
  }
  process.exitCode = ok ? EXIT.OK : EXIT.FAILED;
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

// `gocondad setup`: shims into every env it may write, the login service, the conda plugin (with
// consent), and a record so that `gocondad uninstall` undoes exactly that.
import type { Command } from 'commander';
import { EXIT, GocondadError } from '../../errors';
import { SERVICE_KINDS } from '../../service/types';
import { loc, print } from '../context';

/** `--manager KIND` of setup and service install: one of the service kinds, from their one table. */
export function addManagerOption(cmd: Command, description: string): Command {
  return cmd.addOption(cmd.createOption('--manager <kind>', description).choices(SERVICE_KINDS));
}

async function ask(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function runSetup(opts: { dryRun?: boolean; yes?: boolean; plugin: boolean; service: boolean; manager?: string }): Promise<void> {
  const { gatherSetupFacts } = await import('../../setup/facts');
  const { planSetup, renderPlan } = await import('../../setup/setup-plan');
  const { readManifest } = await import('../../setup/manifest');
  const { runCommand } = await import('../../service/run');
  if (opts.dryRun) (await import('../../core/yaml')).stopSavingYamlCache();
  if (opts.manager && opts.service) {
    // A forced kind that cannot run here is refused before anything changes (service/choose-kind.ts).
    const { cannotUse, probeServiceFacts } = await import('../../service/choose-kind');
    const why = cannotUse(opts.manager as 'login-line', probeServiceFacts(process.env, runCommand));
    if (why)
      throw new GocondadError(`cannot install a ${opts.manager} service here: ${why}`, 'nothing was changed; leave out --manager and setup picks what works');
  }
  const manifest = readManifest(loc());
  const facts = gatherSetupFacts(loc(), process.env, runCommand, manifest, (opts.manager as 'login-line' | undefined) ?? null);
  const plan = planSetup(facts, { plugin: !opts.plugin ? 'no' : opts.yes ? 'yes' : 'ask', interactive: process.stdin.isTTY === true, service: opts.service });
  if (opts.dryRun) {
    const { styleFor } = await import('../style');
    print([styleFor(process.stdout).bold('gocondad setup would do this (nothing was changed):'), ...renderPlan(plan)]);
    return;
  }
  const { executeSetup } = await import('../../setup/execute');
  const { startInBackground, stopRunning } = await import('../daemon-control');
  const { notifyDaemon } = await import('../client');
  const { checkpoint } = await import('../signals');
  const { stepLine, styleFor } = await import('../style');
  const { progressFor } = await import('../progress');
  const s = styleFor(process.stdout);
  const { failures } = await executeSetup(
    plan,
    loc(),
    process.env,
    {
      run: runCommand,
      confirm: ask,
      startDaemon: startInBackground,
      stopDaemon: stopRunning,
      print: (line) => print(stepLine(s, line)),
      progress: progressFor(),
      checkpoint,
    },
    manifest,
  );
  await notifyDaemon(loc().socket);
  if (failures > 0) process.exitCode = EXIT.FAILED;
}

export function register(program: Command): void {
  const setup = program
    .command('setup')
    .description('install shims into every env you can write, the login service, and (if you agree) the conda plugin')
    .option('--dry-run', 'print the plan; change nothing')
    .option('-y, --yes', 'accept every question (installs the conda plugin without asking)')
    .option('--no-plugin', 'do not install the conda plugin')
    .option('--no-service', 'do not install the login service');
  addManagerOption(setup, 'force the service manager').action(runSetup);
}

// Every gocondad command, as commander knows them. Built here, apart from main.ts which runs it, so that
// tests can walk the same definitions (test/integration/edges/ covers each command it finds).
import { EXIT } from '../errors';
import { VERSION } from '../pkg';
import * as bundle from './commands/bundle';
import * as daemon from './commands/daemon';
import * as doctor from './commands/doctor';
import * as envs from './commands/envs';
import * as service from './commands/service';
import * as setup from './commands/setup';
import * as exportCmd from './commands/export';
import * as shims from './commands/shims';
import * as status from './commands/status';
import * as uninstall from './commands/uninstall';
import * as sync from './commands/sync';
import { asCondaGo } from './conda-go';
import { UsageCommand } from './usage';

export function buildProgram(): UsageCommand {
  const program = new UsageCommand('gocondad');
  program.description('Keeps Go toolchains, GOROOT, GOPATH and PATH right in every conda env').version(VERSION);
  // Before the commands are added, so that they inherit it. Wrong command lines throw (usage.ts); what
  // reaches here is help or --version (exit 0) and `gocondad` alone, which prints its help (exit 2).
  program.exitOverride((err) => process.exit(err.exitCode === 0 ? EXIT.OK : EXIT.USAGE));
  for (const group of [daemon, status, envs, doctor, exportCmd, shims, bundle, setup, service, uninstall, sync]) group.register(program);
  asCondaGo(program, process.env);
  // Fault injection for the tests (test/integration/edges/): a bug inside a command, thrown in its action
  // or (=uncaught) from a callback no promise holds; either must end in one line and a crash report.
  const planted = process.env.GOCONDAD_TEST_CRASH;
  if (planted)
    program.hook('preAction', () => {
      const bug = new TypeError(`planted bug (GOCONDAD_TEST_CRASH=${planted})`);
      if (planted !== 'uncaught') throw bug;
      setImmediate(() => {
        throw bug;
      });
    });
  return program;
}

// The `gocondad` command wiring: one file per command group under commands/, each loading its heavy
// modules only when its command runs. The hottest command lines skip this file altogether (fast.ts).
import { Command } from 'commander';
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
import { asCondaGo } from './conda-go';
import { fail } from './context';
import * as sync from './commands/sync';

const program = new Command();
program.name('gocondad').description('Keeps Go toolchains, GOROOT, GOPATH and PATH right in every conda env').version(VERSION);
// Before the commands are added, so that they inherit it: a wrong command line exits 2, not commander's 1.
program.exitOverride((err) => process.exit(err.exitCode === 0 ? EXIT.OK : EXIT.USAGE));
for (const group of [daemon, status, envs, doctor, exportCmd, shims, bundle, setup, service, uninstall, sync]) group.register(program);
asCondaGo(program, process.env);

program.parseAsync(process.argv).catch(fail);

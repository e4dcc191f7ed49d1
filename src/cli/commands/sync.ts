// `gocondad sync [DIR]`: go.mod ↔ conda env agreement. Everything heavy (rattler's wasm, the readers)
// is imported inside the action, so other commands never load it.
import { InvalidArgumentError, type Command } from 'commander';
import { EXIT } from '../../errors';
import { loc, printJson } from '../context';

function side(value: string): 'auto' | 'go' | 'conda' {
  if (value === 'auto' || value === 'go' || value === 'conda') return value;
  throw new InvalidArgumentError('expected go, conda or auto');
}

interface Flags {
  check?: boolean;
  write?: 'auto' | 'go' | 'conda' | true;
  json?: boolean;
  prefix?: string;
  file?: string;
  platform?: string;
  pixiEnv?: string;
  tags?: string;
  offline?: boolean;
  state?: boolean;
}

async function runSyncCommand(dir: string, flags: Flags): Promise<void> {
  const { GocondadError } = await import('../../errors');
  if (flags.check && flags.write) throw new GocondadError('--check and --write exclude each other', null, EXIT.USAGE);
  const [{ runSync }, { renderText }, { SyncInputError }] = await Promise.all([import('../../sync/run'), import('../../sync/report'), import('../../sync/errors')]);
  try {
    const report = await runSync(
      {
        dir,
        file: flags.file,
        prefix: flags.prefix,
        platform: flags.platform,
        pixiEnv: flags.pixiEnv,
        write: flags.write === undefined ? null : flags.write === true ? 'auto' : flags.write,
        tags: (flags.tags ?? '').split(/[,\s]+/).filter(Boolean),
        offline: flags.offline === true,
        saveState: flags.state !== false,
      },
      loc(),
    );
    if (flags.json) printJson(report);
    else process.stdout.write(renderText(report));
    process.exitCode = report.ok ? EXIT.OK : EXIT.FAILED;
  } catch (err) {
    // --json callers get the bad input as data too; the error itself is printed by main like any other.
    if (flags.json && err instanceof SyncInputError) printJson({ error: { file: err.file, line: err.line ?? null, message: err.detail, hint: err.hint } });
    throw err;
  }
}

export function register(program: Command): void {
  program
    .command('sync')
    .description('check (or --write) that go.mod and the conda side (environment.yml, conda-lock.yml, pixi.lock, or an env) agree')
    .argument('[dir]', 'the module directory (holding go.mod)', '.')
    .option('--check', 'only judge (the default); exit 1 when out of sync, 2 on bad input')
    .option('--write [side]', 'mend: the side that did not change since the last sync (auto), or go / conda', side)
    .option('--json', 'machine-readable report')
    .option('-p, --prefix <prefix>', 'judge an installed env (its conda-meta) instead of the project files')
    .option('--file <file>', 'the conda-side file (environment.yml, conda-lock.yml, pixi.lock)')
    .option('--platform <subdir>', 'the platform read from lock files (default: this machine)')
    .option('--pixi-env <name>', 'the pixi environment (default: default)')
    .option('--tags <tags>', 'build tags to assume (comma-separated), on top of GOFLAGS and the rule files')
    .option('--offline', 'also fail when a required module is not in the module cache')
    .option('--no-state', 'do not record the in-sync view in .gocondad-sync.json')
    .action(runSyncCommand);
}

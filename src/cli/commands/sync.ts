// `gocondad sync [DIR]`: go.mod ↔ conda env agreement. Everything heavy (the conda grammar, the readers)
// is imported inside the action, so other commands never load it.
import type { Command } from 'commander';
import { CONDA_SUBDIRS } from '../../core/platform';
import { EXIT, GocondadError, systemError } from '../../errors';
import { loc, printJson } from '../context';

/** What `sync --write [side]` takes: the side to mend (auto: the one that did not change since the last sync). */
const WRITE_SIDES = ['auto', 'go', 'conda'] as const;

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

/** sync's -p: no default (without it the env files decide), and a wrong env is bad input (exit 2) as in sync-env. */
const ENV_OPTION = { usage: 'gocondad sync DIR -p ENV', activeByDefault: false, notAnEnvExit: EXIT.USAGE };

async function runSyncCommand(dir: string, flags: Flags): Promise<void> {
  if (flags.check && flags.write) throw new GocondadError('--check and --write exclude each other', 'give one; see gocondad sync --help', EXIT.USAGE);
  const [{ runSync }, { renderText }, { SyncInputError }, { heads, styleFor }, { progressFor }] = await Promise.all([
    import('../../sync/run'),
    import('../../sync/report'),
    import('../../sync/errors'),
    import('../style'),
    import('../progress'),
  ]);
  // -p names the env to judge like every env argument (a name or a path; the one "is not a conda env").
  const prefix = flags.prefix === undefined ? undefined : await envOfPrefix(flags.prefix, flags.json === true);
  try {
    const report = await runSync(
      {
        dir,
        file: flags.file,
        prefix,
        platform: flags.platform,
        pixiEnv: flags.pixiEnv,
        write: flags.write === undefined ? null : flags.write === true ? 'auto' : flags.write,
        tags: (flags.tags ?? '').split(/[,\s]+/).filter(Boolean),
        offline: flags.offline === true,
        saveState: flags.state !== false,
        progress: progressFor(),
      },
      loc(),
    );
    if (flags.json) printJson(report);
    else process.stdout.write(renderText(report, heads(styleFor(process.stdout))));
    process.exitCode = report.ok ? EXIT.OK : EXIT.FAILED;
  } catch (err) {
    // --json callers get the bad input as data too; the error itself is printed by main like any other.
    if (flags.json && err instanceof SyncInputError) printJson({ error: { file: err.file, line: err.line ?? null, message: err.detail, hint: err.hint } });
    throw err;
  }
}

/** -p's env; one that is none is bad input, which --json callers get as data like a bad file (the env in place of the file). */
async function envOfPrefix(arg: string, json: boolean): Promise<string> {
  const { resolveEnvArg } = await import('../env-arg');
  try {
    return resolveEnvArg(arg, ENV_OPTION);
  } catch (err) {
    if (json && err instanceof GocondadError) printJson({ error: { file: arg, line: null, message: err.message, hint: err.hint ?? '' } });
    throw err;
  }
}

/** A file given on the command line: one that cannot be read is bad input (exit 2), said in words. */
function readInput(fs: typeof import('node:fs'), file: string): string {
  try {
    return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    const words = systemError(err, { action: 'read', path: null });
    if (!words) throw err;
    throw new GocondadError(`${file === '-' ? '<stdin>' : file}: ${words.message}`, words.hint, EXIT.USAGE);
  }
}

/** `gocondad sync-env [PREFIX] [--planned FILE|-]`: every project synced against an env, judged again. */
async function runSyncEnv(prefixArg: string | undefined, flags: { planned?: string; json?: boolean }): Promise<void> {
  const { resolveEnvArg } = await import('../env-arg');
  // A planned transaction may be for an env conda is about to create; an env as it is must exist.
  // conda's hooks call this: a wrong env is a wrong argument (exit 2).
  const prefix = resolveEnvArg(prefixArg, {
    usage: 'gocondad sync-env ENV',
    activeByDefault: true,
    mayNotExistYet: flags.planned !== undefined,
    notAnEnvExit: EXIT.USAGE,
  });
  const { hasProjects } = await import('../../sync/synced-projects');
  let planned;
  if (flags.planned !== undefined) {
    const fs = await import('node:fs');
    const { parseTransaction } = await import('../../sync/transaction');
    const file = flags.planned === '-' ? '<stdin>' : flags.planned;
    planned = parseTransaction(readInput(fs, flags.planned), file);
  }
  // No project registered with this env (the usual case for conda's hooks): answer without loading the checker.
  const results = hasProjects(loc().stateDir, prefix) ? await (await import('../../sync/drift')).checkDrift([prefix], loc(), undefined, planned) : [];
  const drift = results.flatMap((r) => (r.drift ? [r.drift] : []));
  if (flags.json)
    printJson({
      prefix,
      planned: planned !== undefined,
      projects: results.map((r) => ({ project: r.project, ok: r.drift === null && !r.error, findings: r.drift?.findings ?? [], error: r.error ?? null })),
    });
  else {
    const { okHead, severityHead, styleFor } = await import('../style');
    const s = styleFor(process.stdout);
    const out: string[] = [];
    for (const r of results) {
      if (r.error) out.push(`${severityHead(s, 'warning')} ${r.project}: cannot judge: ${r.error}`);
      else if (!r.drift) out.push(`${okHead(s, 'ok')} ${r.project}: go.mod agrees with ${planned ? 'the env after this transaction' : 'the env'}`);
      else for (const f of r.drift.findings) out.push(`${severityHead(s, 'problem')} ${r.project}: ${f.message}${f.fix ? `\n    fix: ${f.fix}` : ''}`);
    }
    if (results.length === 0) out.push(`no go.mod project is synced against ${prefix} (run \`gocondad sync DIR -p ${prefix}\` to add one)`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
  // A project that cannot be judged (its go.mod or rule file unreadable, empty, broken) is bad input, not "ok".
  process.exitCode = results.some((r) => r.error) ? EXIT.USAGE : drift.length === 0 ? EXIT.OK : EXIT.FAILED;
}

export function register(program: Command): void {
  program
    .command('sync-env')
    .description('judge every go.mod project synced against an env (default: the active one), as it is or after a planned conda transaction')
    .argument('[prefix]', 'the env, by name or prefix (default: the active one)')
    .option('--planned <file>', 'JSON {link: [{name, version}], unlink: [{name}]} ("-": stdin): judge the env as it will be')
    .option('--json', 'machine-readable output')
    .action(runSyncEnv);
  program
    .command('sync')
    .description('check (or --write) that go.mod and the conda side (environment.yml, conda-lock.yml, pixi.lock, or an env) agree')
    .argument('[dir]', 'the module directory (holding go.mod)', '.')
    .option('--check', 'only judge (the default); exit 1 when out of sync, 2 on bad input')
    .addOption(program.createOption('--write [side]', 'mend: the side that did not change since the last sync (auto), or go / conda').choices(WRITE_SIDES))
    .option('--json', 'machine-readable report')
    .option('-p, --prefix <prefix>', 'judge an installed env (by name or prefix; its conda-meta) instead of the project files')
    .option('--file <file>', 'the conda-side file, a path from the current directory: environment.yml, a conda-lock file, pixi.lock, an @EXPLICIT file')
    .addOption(program.createOption('--platform <subdir>', 'the platform read from lock files (default: this machine)').choices(CONDA_SUBDIRS))
    .option('--pixi-env <name>', 'the pixi environment (default: default)')
    .option('--tags <tags>', 'build tags to assume (comma-separated), on top of GOFLAGS and the rule files')
    .option('--offline', 'also fail when a required module is not in the module cache')
    .option('--no-state', 'do not record the in-sync view in .gocondad-sync.json')
    .action(runSyncCommand);
}

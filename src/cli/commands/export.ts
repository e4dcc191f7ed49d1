// `gocondad export ENV` and `gocondad restore ENV --from FILE`: the Go side of `conda export --format
// gocondad` and of `conda env create --file` from such a file (the conda plugin calls both).
import type { Command } from 'commander';
import * as path from 'node:path';
import { EXIT, GocondadError, systemError } from '../../errors';
import { loc, print, printJson } from '../context';

async function targetEnv(arg: string | undefined, usage: string): Promise<{ ctx: import('../../doctor/doctor').Context; prefix: string }> {
  const d = await import('../../doctor/doctor');
  const { resolveEnvArg } = await import('../env-arg');
  const ctx = d.loadContext(loc(), process.env);
  // restore names its env always (commander requires it); export defaults to the active one.
  return { ctx, prefix: resolveEnvArg(arg, { usage, activeByDefault: true }) };
}

async function runExport(arg: string | undefined, opts: { json?: boolean }): Promise<void> {
  const { goState } = await import('../../export/gostate');
  const { ctx, prefix } = await targetEnv(arg, 'gocondad export ENV');
  const state = goState(ctx, prefix);
  if (opts.json) return printJson(state);
  const { default: YAML } = await import('yaml');
  process.stdout.write(YAML.stringify({ gocondad: state }));
}

/** An env the user cannot write (an admin's): in words, with the command an admin can run, as `shims install` says. */
async function cannotRestore(err: unknown, prefix: string, from: string): Promise<unknown> {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') return err;
  const { adminCommand } = await import('../../setup/facts');
  const { shq } = await import('../../setup/setup-plan');
  const hint = `an admin can run: sudo ${adminCommand()} restore ${shq(prefix)} --from ${shq(path.resolve(from))}`;
  const words = systemError(err, { action: 'write', hint });
  return words ? new GocondadError(`${prefix}: ${words.message}`, words.hint) : err;
}

async function runRestore(arg: string, opts: { from: string; json?: boolean }): Promise<void> {
  const { readStateFile, restoreGoState } = await import('../../export/restore');
  const { syncWorldLaunchers } = await import('../../shims/launchers');
  const { ctx, prefix } = await targetEnv(arg, 'gocondad restore ENV --from FILE');
  // A file that cannot be read or holds no state is the user's to fix: readStateFile says so (GocondadError).
  const state = readStateFile(opts.from);
  syncWorldLaunchers(ctx.world);
  let r;
  try {
    r = restoreGoState(ctx, prefix, state);
  } catch (err) {
    throw await cannotRestore(err, prefix, opts.from);
  }
  if (opts.json) printJson(r);
  else {
    const { badHead, okHead, styleFor } = await import('../style');
    const s = styleFor(process.stdout);
    const out = [okHead(s, `restored Go state into ${r.prefix}`) + `: pin ${r.pinWritten ? 'written' : 'none or kept'}, shims ${r.shims}`];
    out.push(
      r.agrees ? okHead(s, `toolchain: ${r.toolchain.goVersion} (${r.toolchain.chosenBy}), as exported`) : badHead(s, `toolchain differs: ${r.difference}`),
    );
    for (const t of r.restoredTools) out.push(okHead(s, `tool restored offline: ${t}`));
    for (const t of r.notRestored) out.push(`${s.mark.warning}${s.yellow(`not restored offline: ${t.what}`)}; restore with: ${t.command}`);
    print(out);
  }
  process.exitCode = r.agrees ? EXIT.OK : EXIT.FAILED;
}

export function register(program: Command): void {
  program
    .command('export')
    .description('an env’s Go state: toolchain and why, pin, GOPATH/GOBIN and cgo policy, GOBIN tools with module@version')
    .argument('[env]', 'env name or prefix (default: the active env)')
    .option('--json', 'machine-readable output (default: YAML, a `gocondad:` section)')
    .action(runExport);
  program
    .command('restore')
    .description('give a new env the Go state of an exported file: pin, shims, GOBIN tools the module cache can rebuild offline')
    .argument('<env>', 'env name or prefix')
    .requiredOption('--from <file>', 'a file written by `conda export --format gocondad` or `gocondad export`')
    .option('--json', 'machine-readable output')
    .action(runRestore);
}

// `gocondad envs`: every env conda knows, with its shims and toolchain choice; needs no daemon.
import type { Command } from 'commander';
import { CHOICE_SOURCE_TEXT } from '../../core/vocabulary';
import { loc, print, printJson } from '../context';

async function listEnvs(opts: { json?: boolean }): Promise<void> {
  const { autoInstallNote, envReport } = await import('../../doctor/env-report');
  const { formatProblem, table } = await import('../render');
  const { styleFor } = await import('../style');
  const report = envReport(loc(), process.env);
  if (opts.json) return printJson(report);
  const { daemonAlive } = await import('../client');
  const running = report.autoInstall && (await daemonAlive(loc().socket, 500));
  const s = styleFor(process.stdout);
  const out: string[] = [`${s.bold('envs')} (${report.envs.length}; ${autoInstallNote(report.autoInstall, running)})`];
  if (report.envs.length > 0) {
    out.push(
      table(
        [
          ['NAME', 'SHIMS', 'GO', 'CHOSEN BY', 'PREFIX'],
          ...report.envs.map((e) => [
            e.envName,
            e.shims ? 'yes' : e.optedOut ? 'opted out' : 'no',
            e.ok ? (e.goVersion ?? '-') : 'none',
            e.chosenBy ? CHOICE_SOURCE_TEXT[e.chosenBy] : '-',
            e.prefix,
          ]),
        ],
        (cell, row, col) =>
          row === 0 ? s.dim(cell) : col === 1 ? (cell === 'yes' ? s.green(cell) : s.yellow(cell)) : col === 2 && cell === 'none' ? s.red(cell) : cell,
      ),
    );
  }
  const problems = [...report.envs.flatMap((e) => e.problems), ...report.problems];
  if (problems.length > 0) out.push('', s.bold(`problems (${problems.length})`), ...problems.map((p) => `  ${s.mark.warning}${s.yellow(formatProblem(p))}`));
  print(out);
}

export function register(program: Command): void {
  program
    .command('envs')
    .description('every env conda knows: shims, chosen toolchain and why, problems')
    .option('--json', 'machine-readable output')
    .action(listEnvs);
}

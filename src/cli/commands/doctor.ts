// `gocondad doctor` (problems with exact fixes) and `gocondad explain` (one env's decision trace).
import type { Command } from 'commander';
import * as path from 'node:path';
import { FINDING_KINDS, kindTable, OLD_KIND_NAMES } from '../../doctor/kinds';
import { EXIT, GocondadError, invalidValue, seeHelp, systemError } from '../../errors';
import { loc, print, printJson, warn } from '../context';
import { SHADOWED_GO } from '../../core/vocabulary';

type Doctor = typeof import('../../doctor/doctor');

async function doctorTargets(ctx: ReturnType<Doctor['loadContext']>, args: string[], all: boolean | undefined, installed: string[]): Promise<string[]> {
  // A path that is no env is not refused here: doctor reports it as its not-an-env finding.
  if (args.length > 0) {
    const { envOfArg } = await import('../env-arg');
    return args.map(envOfArg);
  }
  if (!all && process.env.CONDA_PREFIX) return [path.resolve(process.env.CONDA_PREFIX)];
  return [...new Set([...ctx.layout.envs.map((e) => e.prefix), ...installed])];
}

/** `--kind a,b`: each one a kind doctor reports (a typo would otherwise filter everything out: "no problems"). */
function findingKinds(value: string): string {
  for (const k of value.split(',').map((s) => s.trim()))
    if (!(FINDING_KINDS as readonly string[]).includes(k) && !(k in OLD_KIND_NAMES)) throw invalidValue('--kind', k, FINDING_KINDS, 'gocondad doctor');
  return value;
}

/** go.mod projects synced against these envs that no longer agree with them (src/sync loads only when one exists). */
async function syncDriftFindings(targets: string[], progress: import('../progress').Progress): Promise<import('../../doctor/doctor').Finding[]> {
  const { hasProjects } = await import('../../sync/synced-projects');
  const withProjects = targets.filter((p) => hasProjects(loc().stateDir, p));
  if (withProjects.length === 0) return [];
  progress?.(`judging the go.mod projects synced against ${withProjects.length} env(s)`);
  const { checkDrift } = await import('../../sync/drift');
  return (await checkDrift(withProjects, loc())).flatMap((r) =>
    (r.drift?.findings ?? []).map((f) => ({
      kind: 'sync-drift',
      severity: 'problem' as const,
      prefix: r.prefix,
      message: `${r.project}: ${f.message}`,
      fix: f.fix,
    })),
  );
}

/** `--module DIR`: a directory that is there (a typo used to check nothing and say "ok"). */
async function moduleOption(dir: string): Promise<string> {
  const fs = await import('node:fs');
  let st;
  try {
    st = fs.statSync(dir);
  } catch (err) {
    const words = systemError(err, { action: 'read', path: null });
    if (!words) throw err;
    throw new GocondadError(`--module ${dir}: ${words.message}`, seeHelp('gocondad doctor'), EXIT.USAGE);
  }
  if (!st.isDirectory())
    throw new GocondadError(`--module ${dir}: it is a file, not a directory (give the module's directory)`, seeHelp('gocondad doctor'), EXIT.USAGE);
  return dir;
}

async function runDoctor(args: string[], opts: { all?: boolean; json?: boolean; fix?: boolean; module?: string; kind?: string }): Promise<void> {
  const d = await import('../../doctor/doctor');
  const { readRegistry } = await import('../../shims/registry');
  const { notifyDaemon } = await import('../client');
  const { adminCommand, shimDirs, writableAt } = await import('../../setup/facts');
  const { adminShimsCommand } = await import('../../setup/setup-plan');
  // An env the user cannot write: its fix lines name the command an admin runs, not one that is refused.
  const adminInstall = (prefix: string) => (shimDirs(prefix).every((dir) => writableAt(dir)) ? null : adminShimsCommand(adminCommand(), 'install', prefix));
  let ctx = d.loadContext(loc(), process.env, adminInstall);
  const targets = await doctorTargets(ctx, args, opts.all, readRegistry(loc()).installed);
  const moduleDir = opts.module === undefined ? process.cwd() : await moduleOption(opts.module);
  const { serviceReport, serviceContext, describeService } = await import('../../service');
  const { serviceFindings } = await import('../../doctor/service-report');
  const { runCommand } = await import('../../service/run');
  const sctx = serviceContext(loc(), process.env);
  let service = serviceReport(loc(), sctx, runCommand);
  // --kind: only these findings (the conda plugin runs one health check per group of kinds).
  // `shadowing-go` is 0.1.0's name of SHADOWED_GO (core/vocabulary.ts): scripts that name it still work.
  const kinds = opts.kind ? new Set(opts.kind.split(',').map((k) => (k.trim() === 'shadowing-go' ? SHADOWED_GO : k.trim()))) : null;
  const check = () =>
    [...d.worldFindings(ctx), ...serviceFindings(service, sctx.uid), ...targets.flatMap((p) => d.envFindings(ctx, p, moduleDir))].filter(
      (f) => !kinds || kinds.has(f.kind),
    );
  let findings = check();
  let fixed: string[] = [];
  const { progressFor } = await import('../progress');
  const progress = progressFor();
  if (opts.fix) {
    const fixable = findings.filter((f) => f.safeFix).length;
    if (fixable > 0) progress?.(`fixing ${fixable} finding(s)`);
    // An env the user cannot write stays a problem below; the line says who can fix it, and how.
    const cannotWrite = (prefix: string, err: unknown) => {
      const code = (err as NodeJS.ErrnoException).code;
      const admin =
        code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `an admin can run: ${adminShimsCommand(adminCommand(), 'install', prefix)}` : undefined;
      const words = systemError(err, { action: 'write', hint: admin })!;
      warn(`could not fix ${prefix}: ${words.message}${words.hint ? `; ${words.hint}` : ''}`);
    };
    fixed = d.applySafeFixes(ctx, findings, { moveAside: kinds !== null, cannotWrite });
    if (fixed.length > 0) {
      progress?.('checking again');
      ctx = d.loadContext(loc(), process.env, adminInstall);
      service = serviceReport(loc(), sctx, runCommand);
      findings = check();
      await notifyDaemon(loc().socket);
    }
  }
  findings.push(...(await syncDriftFindings(targets, progress)).filter((f) => !kinds || kinds.has(f.kind)));
  const problems = findings.filter((f) => f.severity === 'problem');
  if (opts.json) {
    // kinds: what each kind of finding is in conda doctor (the conda plugin reads its checks from it).
    printJson({ envs: targets, fixed, findings, service, ok: problems.length === 0, kinds: kindTable() });
  } else {
    const { severityHead, styleFor } = await import('../style');
    const s = styleFor(process.stdout);
    const out: string[] = [describeService(service)];
    for (const f of fixed) out.push(`${s.mark.ok}${s.green('fixed')}    ${f}`);
    for (const f of findings) {
      const head = severityHead(s, f.severity);
      out.push(`${head}  [${f.kind}]${f.prefix ? ` ${f.prefix}` : ''}`, `         ${f.message}`);
      const auto = f.safeFix === 'move-aside' ? `gocondad doctor --fix --kind ${f.kind}` : 'gocondad doctor --fix';
      if (f.fix) out.push(`         fix: ${f.fix}${f.safeFix ? `   (${auto} does this)` : ''}`);
    }
    out.push(
      problems.length === 0
        ? `${s.mark.ok}${s.green('ok')}: ${targets.length} env(s) checked, no problems${findings.length > 0 ? ` (${findings.length} warning(s))` : ''}`
        : `${s.mark.problem}${s.red(`${problems.length} problem(s)`)} in ${targets.length} env(s) checked`,
    );
    print(out);
  }
  process.exitCode = problems.length === 0 ? EXIT.OK : EXIT.FAILED;
}

async function runExplain(arg: string | undefined, opts: { json?: boolean }): Promise<void> {
  const d = await import('../../doctor/doctor');
  const { explain } = await import('../../doctor/explain');
  const { resolveEnvArg } = await import('../env-arg');
  const { formatProblem, table } = await import('../render');
  const ctx = d.loadContext(loc(), process.env);
  const prefix = resolveEnvArg(arg, { usage: 'gocondad explain ENV', activeByDefault: true });
  const e = explain(ctx, prefix);
  if (opts.json) return printJson(e);
  const { badHead, okHead, styleFor } = await import('../style');
  const s = styleFor(process.stdout);
  const head = (row: number, cell: string) => (row === 0 ? s.dim(cell) : cell);
  const out: string[] = [`${s.bold(`env ${e.envName}`)}  ${e.prefix}`, '', s.bold(`toolchains found (${e.toolchains.length})`)];
  // One table, so versions of different lengths and the rejected ones line up in their columns.
  const found = [...e.toolchains.map((t) => [t.version, t.root, '']), ...e.rejectedToolchains.map((r) => ['rejected', r.root, r.reason])];
  if (found.length > 0)
    out.push(table([['VERSION', 'ROOT', 'WHY NOT'], ...found], (c, row, col) => (col === 0 && c === 'rejected' && row > 0 ? s.yellow(c) : head(row, c))));
  out.push('', s.bold('decision (first match wins: pin goroot, pin range, Go in the env, user default, newest)'));
  const verdict = (c: string) => (c === 'chosen' ? s.green(c) : c === 'rejected' ? s.yellow(c) : s.dim(c));
  if (e.trace.length > 0)
    out.push(
      table([['STEP', 'CANDIDATE', 'VERDICT', 'WHY'], ...e.trace.map((t) => [t.step, t.candidate, t.verdict, t.reason])], (c, row, col) =>
        row > 0 && col === 2 ? verdict(c) : head(row, c),
      ),
    );
  out.push(
    '',
    e.result.ok
      ? okHead(s, `=> ${e.result.goVersion} at ${e.result.goroot} (${e.result.chosenBy}): ${e.result.why}`)
      : badHead(s, `=> no toolchain: ${e.result.why}`),
  );
  if (e.variables.length > 0)
    out.push(
      '',
      s.bold('variables on activation (all restored exactly on deactivate)'),
      table([['NAME', 'EFFECT', 'WHY'], ...e.variables.map((v) => [v.name, v.effect, v.source])], (c, row) => head(row, c)),
    );
  if (e.path.length > 0)
    out.push(
      '',
      s.bold('PATH, in front'),
      table([['ENTRY', 'WHY'], ...e.path.map((p) => [p.entry, p.source])], (c, row) => head(row, c)),
    );
  out.push(
    '',
    `platform: ${e.platform.subdir ?? 'unknown (no platform-specific package in conda-meta)'}${e.platform.goos ? ` = ${e.platform.goos}/${e.platform.goarch}` : ''}`,
  );
  // micromamba and conda treat env_vars.d and package removal differently (docs/how-it-works.md, "micromamba"): say whose.
  if (e.activatedBy) out.push(`activated here by: ${e.activatedBy.name} (${e.activatedBy.basis})`);
  for (const p of e.problems) out.push(`${s.mark.problem}${s.red('problem')}: ${formatProblem(p)}`);
  print(out);
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description('every problem per env, with the command that fixes it; exit 1 while problems remain')
    .argument('[env...]', 'env names or prefixes (default: the active env, else all)')
    .option('--all', 'every env found')
    .option('--json', 'machine-readable output')
    .option('--fix', 'apply the safe fixes (shims, launchers), then check again')
    .option('--module <dir>', 'check the go.mod/go.work found from this dir upwards (default: the current dir)')
    .option('--kind <kinds>', `only findings of these kinds (comma-separated): ${FINDING_KINDS.join(', ')}`, findingKinds)
    .action(runDoctor);
  program
    .command('explain')
    .description('the decision trace of an env: candidates, verdicts, every variable and why')
    .argument('[env]', 'env name or prefix (default: the active env)')
    .option('--json', 'machine-readable output')
    .action(runExplain);
}

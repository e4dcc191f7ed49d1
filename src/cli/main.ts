// The `gocondad` command wiring. Argument parsing by commander (well kept, typed, Node >= 20 in v14).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import WebSocket from 'ws';
import { DaemonUnavailable, handshake, request } from './client';
import { Daemon, HttpError } from '../daemon/daemon';
import { pidAlive } from '../daemon/lock';
import { discoverEnvs } from '../core/discovery';
import { isCondaEnv, loadWorld, planForPrefix, syncWorldLaunchers } from '../core/envs';
import { resolveLocations } from '../paths';
import { DAEMON_NODE_FLAGS, PROTOCOL, VERSION } from '../pkg';
import { DIALECTS } from '../shell';
import { hasShims, installShims, readRegistry, SHIM_BASENAME, shimContext, uninstallShims } from '../shims/install';
import { applySafeFixes, envFindings, explain, loadContext, resolveEnv, worldFindings, type Context } from '../doctor/doctor';
import { envReport, formatProblem, renderEvent, table } from './render';

const EXIT_NO_DAEMON = 3;
const loc = resolveLocations();

function fail(message: string, code = 1): never {
  process.stderr.write(`gocondad: ${message}\n`);
  process.exit(code);
}

async function daemonAlive(): Promise<boolean> {
  try {
    await handshake(loc.socket, 1000);
    return true;
  } catch {
    return false;
  }
}

async function runDaemon(opts: { quiet?: boolean }): Promise<void> {
  const daemon = new Daemon({ loc, pretty: !opts.quiet, onStopped: () => process.exit(0) });
  try {
    await daemon.start();
  } catch (err) {
    if (err instanceof HttpError) fail(`${err.message}; ${err.hint}`);
    fail(`cannot start the daemon: ${(err as Error).message}`);
  }
  const shutdown = (signal: string) => void daemon.stop(signal);
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => daemon.refresh('SIGHUP'));
}

async function startBackground(): Promise<void> {
  if (await daemonAlive()) {
    const hello = await handshake(loc.socket);
    process.stdout.write(`gocondad daemon already running (pid ${hello.pid})\n`);
    return;
  }
  const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, path.join(__dirname, '..', 'cli.js'), 'daemon', '--quiet'], { detached: true, stdio: 'ignore', env: process.env });
  child.unref();
  const deadline = Date.now() + 8000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (await daemonAlive()) {
      const hello = await handshake(loc.socket);
      process.stdout.write(`gocondad daemon started (pid ${hello.pid}, socket ${loc.socket})\n`);
      return;
    }
    if (child.exitCode !== null) break;
  }
  fail(`the daemon did not come up; its log is ${loc.log} (try \`gocondad daemon\` to see it in the foreground)`);
}

async function stopDaemon(): Promise<void> {
  let pid: number;
  try {
    pid = (await handshake(loc.socket, 2000)).pid;
    await request(loc.socket, 'POST', '/v1/stop');
  } catch (err) {
    if (err instanceof DaemonUnavailable) {
      process.stdout.write('gocondad daemon is not running\n');
      return;
    }
    throw err;
  }
  // Done when the process is gone, so that a `start` right after never meets the old lock.
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && pidAlive(pid)) await new Promise((r) => setTimeout(r, 20));
  if (pidAlive(pid)) fail(`the daemon (pid ${pid}) did not exit within 5 s; kill it: kill ${pid}`);
  process.stdout.write(`gocondad daemon stopped (pid ${pid})\n`);
}

async function showStatus(opts: { json?: boolean; watch?: boolean }): Promise<void> {
  if (opts.watch) return watchStatus(opts);
  let status: any;
  try {
    await handshake(loc.socket, 2000);
    status = (await request(loc.socket, 'GET', '/v1/status')).body;
  } catch (err) {
    if (err instanceof DaemonUnavailable) fail(err.message, EXIT_NO_DAEMON);
    throw err;
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return;
  }
  const d = status.daemon;
  const out: string[] = [`daemon    pid ${d.pid}, gocondad ${d.version} (protocol ${d.protocol}), since ${d.startedAt}`, `          socket ${d.socket}`, `          log ${d.log}`];
  out.push('', `shells (${status.sessions.length})`);
  if (status.sessions.length > 0) out.push(table([['PID', 'SHELL', 'ENV', 'GO', 'GOROOT', 'SINCE'], ...status.sessions.map((s: any) => [String(s.shellPid), s.shell, s.envName, s.goVersion ?? '-', s.goroot ?? '-', s.since])]));
  out.push('', `envs with shims (${status.envs.length})`);
  if (status.envs.length > 0) out.push(table([['ENV', 'GO', 'CHOSEN BY', 'PREFIX'], ...status.envs.map((e: any) => [e.envName, e.ok ? e.goVersion : 'none', e.ok ? e.source : e.why, e.prefix])]));
  const fixes = status.conflicts.slice(-20);
  out.push('', `fixes made and warnings (${status.conflicts.length}${status.conflicts.length > fixes.length ? `, last ${fixes.length} shown` : ''})`);
  if (fixes.length > 0) out.push(table([['AT', 'KIND', 'SHELL', 'ENV', 'BEFORE', 'AFTER'], ...fixes.map((c: any) => [c.at, c.warning ? `${c.kind} (warning, not changed)` : c.kind, String(c.shellPid), path.basename(c.prefix), c.before ?? '-', c.after ?? '-'])]));
  process.stdout.write(`${out.join('\n')}\n`);
}

function targetPrefixes(prefixes: string[], all: boolean | undefined): string[] {
  const chosen = prefixes.map((p) => path.resolve(p));
  if (all) chosen.push(...discoverEnvs(process.env, loc.home).envs.map((e) => e.prefix));
  if (chosen.length === 0) fail('name the env prefixes, or pass --all for every env conda knows');
  for (const p of chosen) if (!isCondaEnv(p)) fail(`${p} is not a conda env (no conda-meta/ in it)`);
  return [...new Set(chosen)];
}

async function notifyDaemon(): Promise<void> {
  try {
    await handshake(loc.socket, 500);
    await request(loc.socket, 'POST', '/v1/refresh', undefined, 5000);
  } catch {
    /* no daemon: the shims work without it, and it refreshes when it starts */
  }
}

async function shimsInstall(prefixes: string[], opts: { all?: boolean; auto?: boolean }): Promise<void> {
  const world = loadWorld(loc);
  const excluded = readRegistry(loc).excluded;
  for (const p of world.configProblems) process.stderr.write(`gocondad: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
  syncWorldLaunchers(world);
  let failed = false;
  for (const prefix of targetPrefixes(prefixes, opts.all)) {
    // --auto: what the daemon's auto_install would do (the conda plugin calls this after `conda create`).
    if (opts.auto && (!world.config.autoInstall || excluded.includes(prefix))) {
      process.stdout.write(`skipped  ${prefix}  (${world.config.autoInstall ? 'opted out: gocondad shims install PREFIX opts back in' : 'auto_install: false'})\n`);
      continue;
    }
    const envPlan = planForPrefix(prefix, world, discoverEnvs(process.env, loc.home).roots);
    for (const p of envPlan.problems) process.stderr.write(`gocondad: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
    try {
      const result = installShims(envPlan, loc, !opts.auto);
      const what = envPlan.plan.ok ? `go ${envPlan.plan.goVersion} (${envPlan.plan.source})` : `no toolchain: ${envPlan.plan.why}`;
      process.stdout.write(`${result.changed.length > 0 ? 'installed' : 'up to date'}  ${prefix}  ${what}\n`);
    } catch (err) {
      failed = true;
      process.stderr.write(`gocondad: ${prefix}: ${(err as Error).message}\n`);
    }
  }
  await notifyDaemon();
  if (failed) process.exit(1);
}

/**
 * Called by a stale activate shim (the env changed after the shim was written): rewrites the env's shims
 * and prints the fresh plan in the shim's dialect for it to evaluate. Never contacts the daemon, so that a
 * hung daemon cannot slow an activation down; the daemon's own watch notices the rewrite.
 */
function shimsRefresh(prefix: string, opts: { print?: string }): void {
  const dialect = opts.print === undefined ? null : DIALECTS.find((d) => d.name === opts.print);
  if (opts.print !== undefined && !dialect) fail(`unknown shell dialect ${JSON.stringify(opts.print)} (known: ${DIALECTS.map((d) => d.name).join(', ')})`);
  const target = path.resolve(prefix);
  if (!isCondaEnv(target) || !hasShims(target)) fail(`${target} has no gocondad shims; install them with: gocondad shims install ${target}`);
  const world = loadWorld(loc);
  syncWorldLaunchers(world);
  const envPlan = planForPrefix(target, world, discoverEnvs(process.env, loc.home).roots);
  installShims(envPlan, loc);
  if (dialect) {
    const file = path.join(target, 'etc', 'conda', 'activate.d', `${SHIM_BASENAME}${dialect.extension}`);
    process.stdout.write(`${dialect.planHeader(envPlan.plan, shimContext(envPlan, loc, file))}\n`);
  }
}

async function shimsUninstall(prefixes: string[], opts: { all?: boolean }): Promise<void> {
  for (const prefix of targetPrefixes(prefixes, opts.all)) {
    const result = uninstallShims(prefix, loc, true);
    process.stdout.write(`${result.changed.length > 0 ? 'removed' : 'none found'}  ${prefix}\n`);
  }
  await notifyDaemon();
}

/** Live view: the daemon's WebSocket stream, one line per event (or one JSON object per line). */
async function watchStatus(opts: { json?: boolean }): Promise<void> {
  try {
    await handshake(loc.socket, 2000);
  } catch (err) {
    if (err instanceof DaemonUnavailable) fail(err.message, EXIT_NO_DAEMON);
    throw err;
  }
  const ws = new WebSocket(`ws+unix://${loc.socket}:/v${PROTOCOL}/stream`);
  ws.on('message', (data) => {
    let ev: unknown;
    try {
      ev = JSON.parse(String(data));
    } catch {
      return;
    }
    process.stdout.write(`${opts.json ? JSON.stringify(ev) : renderEvent(ev)}\n`);
  });
  await new Promise<void>((resolve) => {
    ws.on('close', () => resolve());
    ws.on('error', (err) => fail(`stream from the daemon failed: ${err.message}; is it running? gocondad status`, EXIT_NO_DAEMON));
    process.on('SIGINT', () => ws.close());
  });
  if (!opts.json) process.stderr.write('gocondad: the daemon closed the stream (stopped?)\n');
}

async function listEnvs(opts: { json?: boolean }): Promise<void> {
  const report = envReport(loc, process.env);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const out: string[] = [`envs (${report.envs.length}; auto_install ${report.autoInstall ? 'on' : 'off'})`];
  if (report.envs.length > 0) {
    out.push(
      table([
        ['NAME', 'SHIMS', 'GO', 'CHOSEN BY', 'PREFIX'],
        ...report.envs.map((e) => [e.name, e.shims ? 'yes' : e.optedOut ? 'opted out' : 'no', e.ok ? (e.goVersion ?? '-') : 'none', e.chosenBy ?? '-', e.prefix]),
      ]),
    );
  }
  const problems = [...report.envs.flatMap((e) => e.problems), ...report.problems];
  if (problems.length > 0) out.push('', `problems (${problems.length})`, ...problems.map((p) => `  ${formatProblem(p)}`));
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Pretty-prints the daemon's JSON log with pino-pretty; `follow` keeps reading as it grows. */
async function showLogs(opts: { follow?: boolean; lines: number; json?: boolean }): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pretty: (line: string) => string = opts.json ? (l) => `${l}\n` : require('pino-pretty').prettyFactory({ colorize: process.stdout.isTTY, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname' });
  let offset = 0;
  let partial = '';
  const emit = (text: string, first: boolean) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    const shown = first && opts.lines > 0 ? lines.slice(-opts.lines) : lines;
    for (const line of shown) if (line.trim() !== '') process.stdout.write(pretty(line));
  };
  const readMore = (first: boolean) => {
    let fd: number;
    try {
      fd = fs.openSync(loc.log, 'r');
    } catch {
      if (first && !opts.follow) fail(`no log yet at ${loc.log}; the daemon writes it when it runs (gocondad start)`);
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size < offset) offset = 0; // truncated or replaced
      if (size === offset) return;
      const buf = Buffer.alloc(size - offset);
      fs.readSync(fd, buf, 0, buf.length, offset);
      offset = size;
      emit(buf.toString('utf8'), first);
    } finally {
      fs.closeSync(fd);
    }
  };
  readMore(true);
  if (!opts.follow) return;
  fs.mkdirSync(path.dirname(loc.log), { recursive: true });
  const watcher = fs.watch(path.dirname(loc.log), () => readMore(false));
  await new Promise<void>((resolve) => process.on('SIGINT', () => resolve()));
  watcher.close();
}

function doctorTargets(ctx: Context, args: string[], all: boolean | undefined): string[] {
  if (args.length > 0) return args.map((a) => resolveEnv(ctx, a));
  if (!all && process.env.CONDA_PREFIX) return [path.resolve(process.env.CONDA_PREFIX)];
  return [...new Set([...ctx.layout.envs.map((e) => e.prefix), ...readRegistry(loc).installed])];
}

async function runDoctor(args: string[], opts: { all?: boolean; json?: boolean; fix?: boolean; module?: string }): Promise<void> {
  let ctx = loadContext(loc, process.env);
  let targets: string[];
  try {
    targets = doctorTargets(ctx, args, opts.all);
  } catch (err) {
    fail((err as Error).message);
  }
  const moduleDir = opts.module ?? process.cwd();
  const check = () => [...worldFindings(ctx), ...targets.flatMap((p) => envFindings(ctx, p, moduleDir))];
  let findings = check();
  let fixed: string[] = [];
  if (opts.fix) {
    fixed = applySafeFixes(ctx, findings);
    if (fixed.length > 0) {
      ctx = loadContext(loc, process.env);
      findings = check();
      await notifyDaemon();
    }
  }
  const problems = findings.filter((f) => f.severity === 'problem');
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ envs: targets, fixed, findings, ok: problems.length === 0 }, null, 2)}\n`);
  } else {
    const out: string[] = [];
    for (const f of fixed) out.push(`fixed    ${f}`);
    for (const f of findings) {
      out.push(`${f.severity === 'problem' ? 'PROBLEM' : 'warning'}  [${f.kind}]${f.prefix ? ` ${f.prefix}` : ''}`, `         ${f.message}`);
      if (f.fix) out.push(`         fix: ${f.fix}${f.safeFix ? '   (gocondad doctor --fix does this)' : ''}`);
    }
    out.push(problems.length === 0 ? `ok: ${targets.length} env(s) checked, no problems${findings.length > 0 ? ` (${findings.length} warning(s))` : ''}` : `${problems.length} problem(s) in ${targets.length} env(s) checked`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
  process.exitCode = problems.length === 0 ? 0 : 1;
}

function runExplain(arg: string | undefined, opts: { json?: boolean }): void {
  const ctx = loadContext(loc, process.env);
  let prefix: string;
  try {
    if (arg) prefix = resolveEnv(ctx, arg);
    else if (process.env.CONDA_PREFIX) prefix = path.resolve(process.env.CONDA_PREFIX);
    else fail('name an env (or activate one): gocondad explain ENV');
  } catch (err) {
    fail((err as Error).message);
  }
  if (!isCondaEnv(prefix)) fail(`${prefix} is not a conda env (no conda-meta/ in it)`);
  const e = explain(ctx, prefix);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(e, null, 2)}\n`);
    return;
  }
  const out: string[] = [`env ${e.envName}  ${e.prefix}`, '', `toolchains found (${e.toolchains.length})`];
  for (const t of e.toolchains) out.push(`  ${t.version}  ${t.root}`);
  for (const r of e.rejectedToolchains) out.push(`  rejected  ${r.root}: ${r.reason}`);
  out.push('', 'decision (first match wins: pin goroot, pin range, Go in the env, user default, newest)');
  if (e.trace.length > 0) out.push(table([['STEP', 'CANDIDATE', 'VERDICT', 'WHY'], ...e.trace.map((s) => [s.step, s.candidate, s.verdict, s.reason])]));
  out.push('', e.result.ok ? `=> ${e.result.goVersion} at ${e.result.goroot} (${e.result.chosenBy}): ${e.result.why}` : `=> no toolchain: ${e.result.why}`);
  if (e.variables.length > 0) out.push('', 'variables on activation (all restored exactly on deactivate)', table([['NAME', 'EFFECT', 'WHY'], ...e.variables.map((v) => [v.name, v.effect, v.source])]));
  if (e.path.length > 0) out.push('', 'PATH, in front', table([['ENTRY', 'WHY'], ...e.path.map((p) => [p.entry, p.source])]));
  out.push('', `platform: ${e.platform.subdir ?? 'unknown (no platform-specific package in conda-meta)'}${e.platform.goos ? ` = ${e.platform.goos}/${e.platform.goarch}` : ''}`);
  for (const p of e.problems) out.push(`problem: ${formatProblem(p)}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number');
  return n;
}

const program = new Command();
program.name('gocondad').description('Keeps Go toolchains, GOROOT, GOPATH and PATH right in every conda env').version(VERSION);
program.command('daemon').description('run the daemon in the foreground').option('--quiet', 'log only to the log file').action(runDaemon);
program.command('start').description('start the daemon in the background (exit 0 if already running)').action(startBackground);
program.command('stop').description('stop the daemon').action(stopDaemon);
program
  .command('status')
  .description('the daemon, live shells, each env’s toolchain, fixes made')
  .option('--json', 'machine-readable output')
  .option('-w, --watch', 'live view of activations, deactivations, fixes and refreshes as they happen')
  .action(showStatus);
program.command('envs').description('every env conda knows: shims, chosen toolchain and why, problems').option('--json', 'machine-readable output').action(listEnvs);
program
  .command('doctor')
  .description('every problem per env, with the command that fixes it; exit 1 while problems remain')
  .argument('[env...]', 'env names or prefixes (default: the active env, else all)')
  .option('--all', 'every env found')
  .option('--json', 'machine-readable output')
  .option('--fix', 'apply the safe fixes (shims, launchers), then check again')
  .option('--module <dir>', 'check the go.mod/go.work found from this dir upwards (default: the current dir)')
  .action(runDoctor);
program
  .command('explain')
  .description('the decision trace of an env: candidates, verdicts, every variable and why')
  .argument('[env]', 'env name or prefix (default: the active env)')
  .option('--json', 'machine-readable output')
  .action(runExplain);
program
  .command('logs')
  .description('the daemon log, pretty-printed')
  .option('-f, --follow', 'keep printing as the log grows')
  .option('-n, --lines <n>', 'only the last n lines first (0 = all)', positiveInt, 0)
  .option('--json', 'the raw JSON lines')
  .action(showLogs);
const shims = program.command('shims').description('install or remove the activation shims of envs');
shims
  .command('install')
  .argument('[prefix...]', 'env prefixes')
  .option('--all', 'every env conda knows')
  .option('--auto', 'only where auto_install would: not with auto_install: false, not in envs opted out')
  .action(shimsInstall);
shims
  .command('refresh')
  .description('rewrite one env’s shims now (stale shims call this themselves)')
  .argument('<prefix>', 'env prefix')
  .option('--print <dialect>', 'print the fresh plan as shell code of that dialect')
  .action(shimsRefresh);
shims.command('uninstall').argument('[prefix...]', 'env prefixes').option('--all', 'every env conda knows').action(shimsUninstall);

program.parseAsync(process.argv).catch((err) => fail(err instanceof Error ? err.message : String(err)));

#!/usr/bin/env node
// The `gocondad` command. Argument parsing by commander (well kept, typed, Node >= 20 in v14).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Command } from 'commander';
import { DaemonUnavailable, handshake, request } from './client';
import { Daemon, HttpError } from './daemon';
import { pidAlive } from './lock';
import { isCondaEnv, knownEnvs, loadWorld, planForPrefix } from './envs';
import { resolveLocations } from './paths';
import { VERSION } from './pkg';
import { installShims, uninstallShims } from './shims';

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
  const child = spawn(process.execPath, [__filename, 'daemon', '--quiet'], { detached: true, stdio: 'ignore', env: process.env });
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

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}`).join('\n');
}

async function showStatus(opts: { json?: boolean }): Promise<void> {
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
  out.push('', `fixes made (${status.conflicts.length}${status.conflicts.length > fixes.length ? `, last ${fixes.length} shown` : ''})`);
  if (fixes.length > 0) out.push(table([['AT', 'KIND', 'SHELL', 'ENV', 'BEFORE', 'AFTER'], ...fixes.map((c: any) => [c.at, c.kind, String(c.shellPid), path.basename(c.prefix), c.before ?? '-', c.after ?? '-'])]));
  process.stdout.write(`${out.join('\n')}\n`);
}

function targetPrefixes(prefixes: string[], all: boolean | undefined): string[] {
  const chosen = prefixes.map((p) => path.resolve(p));
  if (all) chosen.push(...knownEnvs(loc.home));
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

async function shimsInstall(prefixes: string[], opts: { all?: boolean }): Promise<void> {
  const world = loadWorld(loc);
  for (const p of world.configProblems) process.stderr.write(`gocondad: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
  let failed = false;
  for (const prefix of targetPrefixes(prefixes, opts.all)) {
    const envPlan = planForPrefix(prefix, world);
    for (const p of envPlan.problems) process.stderr.write(`gocondad: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
    try {
      const result = installShims(envPlan, loc);
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

async function shimsUninstall(prefixes: string[], opts: { all?: boolean }): Promise<void> {
  for (const prefix of targetPrefixes(prefixes, opts.all)) {
    const result = uninstallShims(prefix, loc);
    process.stdout.write(`${result.changed.length > 0 ? 'removed' : 'none found'}  ${prefix}\n`);
  }
  await notifyDaemon();
}

const program = new Command();
program.name('gocondad').description('Keeps Go toolchains, GOROOT, GOPATH and PATH right in every conda env').version(VERSION);
program.command('daemon').description('run the daemon in the foreground').option('--quiet', 'log only to the log file').action(runDaemon);
program.command('start').description('start the daemon in the background (exit 0 if already running)').action(startBackground);
program.command('stop').description('stop the daemon').action(stopDaemon);
program.command('status').description('the daemon, live shells, each env’s toolchain, fixes made').option('--json', 'machine-readable output').action(showStatus);
const shims = program.command('shims').description('install or remove the activation shims of envs');
shims.command('install').argument('[prefix...]', 'env prefixes').option('--all', 'every env conda knows').action(shimsInstall);
shims.command('uninstall').argument('[prefix...]', 'env prefixes').option('--all', 'every env conda knows').action(shimsUninstall);

program.parseAsync(process.argv).catch((err) => fail(err instanceof Error ? err.message : String(err)));

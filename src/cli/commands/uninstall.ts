// `gocondad uninstall [--purge]`: the one command that undoes `gocondad setup` (and `shims install`).
import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT } from '../../errors';
import { loc, print } from '../context';

async function runUninstall(opts: { purge?: boolean; dryRun?: boolean }): Promise<void> {
  const { discoverEnvs } = await import('../../core/discovery');
  const { hasShims } = await import('../../shims/install');
  const { readRegistry } = await import('../../shims/registry');
  const { readManifest } = await import('../../setup/manifest');
  const { installedPluginVersion } = await import('../../setup/plugin');
  const { planUninstall, executeUninstall } = await import('../../setup/uninstall');
  const { adminCommand, shimDirs, writableAt } = await import('../../setup/facts');
  const { MANAGERS, serviceContext } = await import('../../service');
  const { SERVICE_KINDS } = await import('../../service/types');
  const { runCommand } = await import('../../service/run');
  // The cache dir is removed below: this process must not write it again on exit.
  const { stopSavingYamlCache, yamlCacheFile } = await import('../../core/yaml');
  stopSavingYamlCache();
  const cacheFile = yamlCacheFile(process.env);
  const l = loc();
  const manifest = readManifest(l);
  const candidates = [...discoverEnvs(process.env, l.home).envs.map((e) => e.prefix), ...readRegistry(l).installed, ...(manifest?.envs ?? [])];
  const ctx = serviceContext(l, process.env);
  const plan = planUninstall({
    loc: l,
    manifest,
    installedServices: SERVICE_KINDS.filter((k) => MANAGERS[k].status(ctx, runCommand).installed),
    shimmedEnvs: [...new Set(candidates)].filter(hasShims).map((prefix) => ({ prefix, writable: shimDirs(prefix).every((d) => writableAt(d)) })),
    command: adminCommand(),
    pluginsPresent: (manifest?.plugins ?? []).filter((p) => installedPluginVersion(p.root) !== null).map((p) => p.root),
    purge: opts.purge === true,
    cacheDir: cacheFile ? path.dirname(cacheFile) : null,
    exists: (p) => fs.existsSync(p),
  });
  if (opts.dryRun) {
    const { styleFor } = await import('../style');
    print([
      styleFor(process.stdout).bold('gocondad uninstall would do this (nothing was changed):'),
      ...plan.services.map((k) => `  remove service ${k}`),
      '  stop the daemon',
      ...plan.shims.map((p) => `  remove shims from ${p}`),
      ...plan.adminShims.map((e) => `  not writable by you: ${e.prefix}; an admin can run: ${e.command}`),
      ...plan.plugins.map((p) => `  pip uninstall the plugin from ${p.root}`),
      ...plan.remove.map((p) => `  remove ${p}`),
      ...plan.keep.map((k) => `  keep ${k}`),
    ]);
    return;
  }
  const { stopRunning } = await import('../daemon-control');
  const { checkpoint } = await import('../signals');
  const { badHead, okHead, stepLine, styleFor } = await import('../style');
  const s = styleFor(process.stdout);
  const { failures } = await executeUninstall(plan, l, process.env, {
    run: runCommand,
    stopDaemon: stopRunning,
    print: (line) => print(stepLine(s, line)),
    checkpoint,
  });
  print(
    failures > 0
      ? badHead(s, `gocondad uninstall: ${failures} step(s) failed (above)`)
      : okHead(s, 'gocondad is uninstalled from your envs and login; remove the package itself with: npm uninstall -g gocondad'),
  );
  if (failures > 0) process.exitCode = EXIT.FAILED;
}

export function register(program: Command): void {
  program
    .command('uninstall')
    .description('remove shims from every env, the login service, the conda plugin setup installed, runtime files')
    .option('--purge', 'also remove logs, envs.json and the config')
    .option('--dry-run', 'print what would be removed; change nothing')
    .action(runUninstall);
}

// `gocondad bundle`: registered here, loaded only when it runs.
import type { Command } from 'commander';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function register(program: Command): void {
  program
    .command('bundle')
    .description('build the main package with the env’s Go and cgo settings and copy it, with the env libraries it loads, into DIR: runs where there is no conda')
    .argument('[package]', 'the main package', '.')
    .option('-o, --out <dir>', 'output directory (new, empty, or a previous bundle)')
    .option('-p, --prefix <prefix>', 'the env (default: the active one)')
    .option('--extra-lib <name>', 'a library the program dlopens, to bundle too (repeatable; config: bundle.extra_libs)', collect, [])
    .option('--dockerfile [file]', 'instead: write a multi-stage Dockerfile for the project (to FILE, default stdout)')
    .option('--env-file <file>', 'with --dockerfile: the lock or environment file (default: conda-lock.yml, *.lock, environment.yml here)')
    .option('--base <image>', 'with --dockerfile: the final stage’s image')
    .option('--json', 'the report as JSON')
    .action(async (pkg: string, opts) => {
      const { runBundle } = await import('../../bundle/command');
      await runBundle(pkg, opts);
    });
}

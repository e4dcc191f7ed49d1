// `gocondad bundle`: the program and the env libraries it loads in one relocatable dir, or a Dockerfile.
import type { Command } from 'commander';
import * as path from 'node:path';
import { EXIT, GocondadError } from '../../errors';
import { loc, print, printJson, warn } from '../context';

interface BundleCliOptions {
  out?: string;
  prefix?: string;
  extraLib: string[];
  dockerfile?: string | boolean;
  condaFile?: string;
  /** The old spelling, hidden: Node 20 takes `--env-file` anywhere in argv as its own (a dotenv file). */
  envFile?: string;
  base?: string;
  gocondadFrom?: string;
  json?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runBundle(pkg: string, opts: BundleCliOptions): Promise<void> {
  // Reached only where Node left it to us (Node >= 22, or Node 20 when the file parsed as dotenv).
  if (opts.envFile !== undefined)
    throw new GocondadError(
      `--env-file is now --conda-file (Node 20 reads --env-file as its own option, wherever it is)`,
      'use --conda-file FILE; see gocondad bundle --help',
      EXIT.USAGE,
    );
  const { bundle, prepare } = await import('../../bundle/index');
  const { discoverEnvs } = await import('../../core/discovery');
  const { resolveEnvArg } = await import('../env-arg');
  const prefix = resolveEnvArg(opts.prefix, { usage: 'gocondad bundle -p ENV PACKAGE', activeByDefault: true });
  const cwd = process.cwd();
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const common = { prefix, pkg, cwd, env, loc: loc(), rootPrefixes: discoverEnvs(process.env, loc().home).roots, extraLibs: opts.extraLib };
  if (opts.dockerfile !== undefined) {
    const fs = await import('node:fs');
    const { envFileKind, generateDockerfile } = await import('../../bundle/dockerfile');
    const { findEnvFile } = await import('../../bundle/envfile');
    const { VERSION } = await import('../../pkg');
    const envFile = findEnvFile(cwd, opts.condaFile);
    const p = prepare(common);
    // The image installs this very gocondad: its tarball goes into the build context, beside the env file.
    let gocondadFrom: { tarball: string } | { spec: string };
    if (opts.gocondadFrom) gocondadFrom = { spec: opts.gocondadFrom };
    else {
      const { packSelf } = await import('../../bundle/selfpack');
      gocondadFrom = { tarball: packSelf(cwd) };
      warn(`wrote ${path.join(cwd, gocondadFrom.tarball)} (the Dockerfile copies it into the image)`);
    }
    const text = generateDockerfile({
      envFile: envFile.rel,
      envFileKind: envFileKind(envFile.rel, envFile.text),
      pkg,
      binName: p.main.binName,
      static: p.main.cgoPackages.length === 0,
      extraLibs: p.extras,
      gocondadVersion: VERSION,
      gocondadFrom,
      baseImage: opts.base,
    });
    for (const w of p.warnings) warn(`warning: ${w}`);
    if (typeof opts.dockerfile === 'string') fs.writeFileSync(opts.dockerfile, text);
    else process.stdout.write(text);
    return;
  }
  if (!opts.out) throw new GocondadError('no output directory', 'give one with -o DIR (or use --dockerfile)');
  // Progress for a person watching (a cold cgo build is silent for half a minute); none in pipes and logs.
  const { progressFor } = await import('../progress');
  const report = bundle({ ...common, outDir: opts.out, progress: progressFor() });
  if (opts.json) return printJson(report);
  const { formatReport } = await import('../../bundle/report');
  const { okHead, severityHead, styleFor } = await import('../style');
  const s = styleFor(process.stdout);
  // The report's own lines; on a terminal its first line, headings and warnings painted.
  const painted = formatReport(report)
    .trimEnd()
    .split('\n')
    .map((l, i) =>
      i === 0 ? okHead(s, l) : l.startsWith('warning: ') ? `${severityHead(s, 'warning')}${l.slice('warning'.length)}` : /^[a-z]/.test(l) ? s.bold(l) : l,
    );
  print(painted);
}

export function register(program: Command): void {
  program
    .command('bundle')
    .description(
      'build the main package with the env’s Go and cgo settings and copy it, with the env libraries it loads, into DIR: runs where there is no conda',
    )
    .argument('[package]', 'the main package', '.')
    .option('-o, --out <dir>', 'output directory (new, empty, or a previous bundle)')
    .option('-p, --prefix <prefix>', 'the env, by name or prefix (default: the active one)')
    .option('--extra-lib <name>', 'a library the program dlopens, to bundle too (repeatable; config: bundle.extra_libs)', collect, [])
    .option('--dockerfile [file]', 'instead: write a multi-stage Dockerfile for the project (to FILE, default stdout)')
    .option('--conda-file <file>', 'with --dockerfile: the lock or environment file (default: conda-lock.yml, *.lock, environment.yml here)')
    .addOption(program.createOption('--env-file <file>').hideHelp())
    .option('--base <image>', 'with --dockerfile: the final stage’s image')
    .option('--gocondad-from <spec>', 'with --dockerfile: npm spec the image installs gocondad from (default: this gocondad, packed beside the Dockerfile)')
    .option('--json', 'the report as JSON')
    .action(runBundle);
}

// The I/O of `gocondad bundle`: which env, where the output goes, printing the report or the Dockerfile.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverEnvs } from '../discovery';
import { resolveLocations } from '../paths';
import { VERSION } from '../pkg';
import { ENV_FILE_CANDIDATES, envFileKind, generateDockerfile } from './dockerfile';
import { BundleError } from './errors';
import { bundle, prepare } from './index';
import { formatReport } from './report';

export interface BundleCliOptions {
  out?: string;
  prefix?: string;
  extraLib: string[];
  dockerfile?: string | boolean;
  envFile?: string;
  base?: string;
  json?: boolean;
}

function targetPrefix(opts: BundleCliOptions): string {
  if (opts.prefix) return path.resolve(opts.prefix);
  if (process.env.CONDA_PREFIX) return path.resolve(process.env.CONDA_PREFIX);
  throw new BundleError('no env to bundle from', 'activate the env (conda activate NAME) or name it with -p PREFIX');
}

/** The project's lock or environment file, relative to the build context (the current dir). */
function findEnvFile(cwd: string, given: string | undefined): { rel: string; text: string } {
  const names = given !== undefined ? [given] : ENV_FILE_CANDIDATES;
  for (const name of names) {
    const file = path.resolve(cwd, name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      if (given !== undefined) throw new BundleError(`cannot read the env file ${file}`, 'name an existing lock or environment file with --env-file');
      continue;
    }
    const rel = path.relative(cwd, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new BundleError(`${file} is outside the build context ${cwd}`, 'run from the project dir, with the env file inside it');
    return { rel: rel.split(path.sep).join('/'), text };
  }
  throw new BundleError(`no lock or environment file in ${cwd} (looked for ${ENV_FILE_CANDIDATES.join(', ')})`, 'write one (conda env export --from-history > environment.yml, or conda-lock) or name it with --env-file');
}

export async function runBundle(pkg: string, opts: BundleCliOptions): Promise<void> {
  const loc = resolveLocations();
  const cwd = process.cwd();
  try {
    const common = { prefix: targetPrefix(opts), pkg, cwd, env: { ...process.env } as Record<string, string>, loc, rootPrefixes: discoverEnvs(process.env, loc.home).roots, extraLibs: opts.extraLib };
    if (opts.dockerfile !== undefined) {
      const envFile = findEnvFile(cwd, opts.envFile);
      const p = prepare(common);
      const text = generateDockerfile({
        envFile: envFile.rel, envFileKind: envFileKind(envFile.rel, envFile.text), pkg, binName: p.main.binName, static: p.main.cgoPackages.length === 0,
        extraLibs: p.extras, gocondadVersion: VERSION, baseImage: opts.base,
      });
      for (const w of p.warnings) process.stderr.write(`gocondad: warning: ${w}\n`);
      if (typeof opts.dockerfile === 'string') fs.writeFileSync(opts.dockerfile, text);
      else process.stdout.write(text);
      return;
    }
    if (!opts.out) throw new BundleError('no output directory', 'give one with -o DIR (or use --dockerfile)');
    const report = bundle({ ...common, outDir: opts.out });
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  } catch (err) {
    if (err instanceof BundleError) {
      process.stderr.write(`gocondad: ${err.message}\n  ${err.hint}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}

// Which file describes the project's env, for --dockerfile: a lock first (exact builds), else an
// environment file; relative to the build context, which Docker requires it to be inside.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENV_FILE_CANDIDATES } from './dockerfile';
import { BundleError } from './errors';

export function findEnvFile(cwd: string, given: string | undefined): { rel: string; text: string } {
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
    if (rel.startsWith('..') || path.isAbsolute(rel))
      throw new BundleError(`${file} is outside the build context ${cwd}`, 'run from the project dir, with the env file inside it');
    return { rel: rel.split(path.sep).join('/'), text };
  }
  throw new BundleError(
    `no lock or environment file in ${cwd} (looked for ${ENV_FILE_CANDIDATES.join(', ')})`,
    'write one (conda env export --from-history > environment.yml, or conda-lock) or name it with --env-file',
  );
}

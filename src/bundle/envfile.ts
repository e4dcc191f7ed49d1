// Which file describes the project's env, for --dockerfile: a lock first (exact builds), else an
// environment file; relative to the build context, which Docker requires it to be inside.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readInputFile } from '../fsutil';
import { ENV_FILE_CANDIDATES } from './dockerfile';
import { BundleError } from './errors';

/** What an empty env file should hold instead: the image's env is made from it. */
const EMPTY_HINT = 'the image’s env is created from it: list the env’s packages (conda env export --from-history > environment.yml, or conda-lock)';

export function findEnvFile(cwd: string, given: string | undefined): { rel: string; text: string } {
  if (given !== undefined) {
    // A file the user named: unreadable, a directory, missing or empty is bad input (exit 2), in words.
    const file = path.resolve(cwd, given);
    return located(cwd, file, readInputFile(file, { empty: EMPTY_HINT }));
  }
  for (const name of ENV_FILE_CANDIDATES) {
    const file = path.resolve(cwd, name);
    // Found by its name: one that is there but cannot be read is said, not passed over for the next.
    if (!fs.existsSync(file)) continue;
    return located(cwd, file, readInputFile(file, { empty: EMPTY_HINT }));
  }
  throw new BundleError(
    `no lock or environment file in ${cwd} (looked for ${ENV_FILE_CANDIDATES.join(', ')})`,
    'write one (conda env export --from-history > environment.yml, or conda-lock) or name it with --conda-file',
  );
}

function located(cwd: string, file: string, text: string): { rel: string; text: string } {
  const rel = path.relative(cwd, file);
  // `../…` leaves the context; a name that merely starts with two dots (`..prod.yml`) does not. (`..`
  // itself, the context's parent, is a directory: readInputFile has refused it already.)
  if (rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel))
    throw new BundleError(`${file} is outside the build context ${cwd}`, 'run from the project dir, with the env file inside it');
  return { rel: rel.split(path.sep).join('/'), text };
}

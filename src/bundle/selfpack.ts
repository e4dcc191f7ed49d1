// The running gocondad as an npm tarball, for `bundle --dockerfile`: the Dockerfile's second stage installs
// exactly this gocondad from the build context instead of a registry version that may not exist (it is
// not published yet). `npm pack` of the installed package: the same files `npm install -g` installed.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT, VERSION } from '../pkg';
import { BundleError } from './errors';

/** The tarball's name, as npm names it. */
export const selfTarballName = (): string => `gocondad-${VERSION}.tgz`;

/** npm beside the node running this (how Node installs it), else the one on PATH. */
function npmCommand(): string {
  const beside = path.join(path.dirname(process.execPath), 'npm');
  return fs.existsSync(beside) ? beside : 'npm';
}

/** Writes gocondad-VERSION.tgz of this installation into `dir` (replacing an older copy); returns its name. */
export function packSelf(dir: string): string {
  const name = selfTarballName();
  const tmp = fs.mkdtempSync(path.join(dir, '.gocondad-pack-'));
  try {
    // --ignore-scripts: an installed package has no devDependencies to rebuild with; its dist/ is what runs.
    const r = spawnSync(npmCommand(), ['pack', '--ignore-scripts', '--silent', '--pack-destination', tmp, PACKAGE_ROOT], {
      encoding: 'utf8',
      timeout: 120000,
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    });
    const made = path.join(tmp, name);
    if (r.status !== 0 || !fs.existsSync(made))
      throw new BundleError(
        `cannot write ${name} for the Dockerfile: npm pack ${packFailure(r, name)}`,
        'install npm (it comes with Node), or name where the image gets gocondad: --gocondad-from SPEC (an npm spec or a tarball URL)',
      );
    fs.renameSync(made, path.join(dir, name));
    return name;
  } finally {
    fs.rmSync(tmp, {
      recursive: true,
      // Stryker disable next-line BooleanLiteral: tmp is mkdtempSync's and nothing removes it, so ignoring a missing path changes nothing
      force: true,
    });
  }
}

/** Why `npm pack` left no tarball, in npm's last line. */
function packFailure(r: SpawnSyncReturns<string>, name: string): string {
  if (r.error) return `could not run (${r.error.message})`;
  // npm's dry-run setting (an .npmrc, npm_config_dry_run) names the tarball and writes nothing.
  if (r.status === 0) return `exited 0 but wrote no ${name} (is npm's dry-run setting on?)`;
  const said = (r.stderr || r.stdout).trim();
  return `failed: ${said.slice(said.lastIndexOf('\n') + 1)}`;
}

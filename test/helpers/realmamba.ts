// A real micromamba for tests: `../shared/realmamba/install.sh` unpacks micromamba 2.2.0 (mamba's own
// source, built with the libraries it needs) into the test cache in about a second and prints its path.
// With no shared folder, `describeWithMamba` fails the suite saying how to get one (a real component
// that is missing is a failure, never a skip).
//
// API:
//   findRealMamba()                        → {mamba} | {missing} (memoized per process)
//   mambaHookedShellArgs(shell, exe, script) → argv running `script` with micromamba hooked as
//                                            `micromamba shell init` sets a shell up (bash, zsh, dash, fish)
//   describeWithMamba(name, fn)            → describe() that gets micromamba, or a failure saying how
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SHARED_DIR } from './realconda';

export const SHARED_REALMAMBA = path.join(SHARED_DIR, 'realmamba');

export interface RealMamba {
  /** DIR/bin/micromamba, named micromamba (its hook refuses any other name). */
  exe: string;
  /** What `micromamba --version` printed, e.g. `2.2.0`. */
  version: string;
}

export type FoundMamba = { mamba: RealMamba; missing?: undefined } | { mamba?: undefined; missing: string };

/**
 * The shells whose micromamba hook works. tcsh is not one: 2.2.0's csh hook asks for `--shell csh`, which
 * the CLI rejects, and defines `mamba` instead of `micromamba` (realmamba-helper.test.ts pins this, so a
 * micromamba that fixes it says so).
 */
export const MAMBA_SHELLS = ['bash', 'zsh', 'dash', 'fish'];

let found: FoundMamba | undefined;

/** Where install.sh unpacks: the test cache, shared by all suites (install.sh is parallel-safe). */
export function mambaCacheDir(): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(process.env.HOME || '/tmp', '.cache');
  return path.join(cache, 'gocondad-test', 'realmamba-2.2.0');
}

export function findRealMamba(): FoundMamba {
  if (found) return found;
  const install = path.join(SHARED_REALMAMBA, 'install.sh');
  if (!fs.existsSync(install)) {
    found = { missing: `no real micromamba: ${install} does not exist (put the project's shared/ folder beside the clone: ../shared/realmamba)` };
    return found;
  }
  const r = spawnSync('bash', [install, mambaCacheDir()], { encoding: 'utf8', timeout: 5 * 60000 });
  const exe = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !exe || !fs.existsSync(exe))
    throw new Error(
      `bash ${install} ${mambaCacheDir()} failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-5).join(' | ')}; run it by hand to see why`,
    );
  const v = spawnSync(exe, ['--version'], { encoding: 'utf8', timeout: 60000, env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/' } });
  if (v.status !== 0) throw new Error(`${exe} --version failed (exit ${v.status}): ${v.stderr}; rerun ${install}`);
  found = { mamba: { exe, version: v.stdout.trim() } };
  return found;
}

const SAFE_PATH = /^[\w@%+=:,./-]+$/;

/**
 * The argv that runs `script` in `shell` with micromamba hooked the way `micromamba shell init` writes
 * it into a user's rc file (MAMBA_ROOT_PREFIX must be in the shell's environment already).
 */
export function mambaHookedShellArgs(shell: string, exe: string, script: string): string[] {
  if (!SAFE_PATH.test(exe)) throw new Error(`micromamba path ${exe} needs quoting this helper does not do; use a plainer path`);
  const name = path.basename(shell);
  if (name === 'fish') return ['--no-config', '-c', `${exe} shell hook --shell fish | source\n${script}`];
  if (!['bash', 'zsh', 'dash'].includes(name)) throw new Error(`micromamba's hook does not support ${shell} (see MAMBA_SHELLS)`);
  return [...(name === 'zsh' ? ['-f'] : []), '-c', `eval "$(${exe} shell hook --shell ${name})"\n${script}`];
}

/** describe() for suites that need the real micromamba; without one the suite fails saying how to get it. */
export function describeWithMamba(name: string, fn: (mamba: RealMamba) => void): void {
  jest.setTimeout(300000);
  const f = findRealMamba();
  if (!f.mamba) throw new Error(`the real-micromamba suite "${name}" cannot run: ${f.missing}`);
  describe(`${name} (micromamba ${f.mamba.version}, ../shared/realmamba)`, () => fn(f.mamba));
}

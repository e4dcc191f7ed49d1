// A real conda for tests. Where it comes from, in order:
//   1. GOCONDAD_TEST_CONDA: a user's own conda executable (its root is never modified: envs and package
//      caches go where `writeCondarc` says);
//   2. `<repo>/../shared/realconda/install.sh`: conda's own source turned into a root prefix (CI and the
//      project's machines have ../shared beside the clone).
// With neither, `describeWithConda` fails the suite with how to get one (a real component that is
// missing is a failure, never a skip). Suites that write into a conda root (the plugin) always use 2.
//
// API (kept small on purpose; the conda plugin suite uses it too):
//   findRealConda(version?)            → {conda} | {missing}: the conda to test with (memoized per process;
//                                        version: install.sh's VERSION, default GOCONDAD_TEST_CONDA_VERSION or main)
//   findSharedConda(version)           → the same from ../shared/realconda only (GOCONDAD_TEST_CONDA ignored)
//   privateConda(conda, dir)           → a fresh root of the same conda in `dir` (shared conda only)
//   writeCondarc(dir, extra?)          → a CONDARC with envs_dirs/pkgs_dirs under `dir`
//   hookedShellArgs(shell, conda, script, scratchDir) → argv that runs `script` with conda hooked as a
//                                        user's rc file does it (bash, zsh, dash, fish, tcsh)
//   describeWithConda(name, fn)        → describe() that gets the conda, or a failure saying how to get one
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { keptForRun, SANDBOX } from './stryker-memo';

// Under Stryker the tests run in a copy of the repo, <repo>/.stryker-tmp/sandbox-XXXX: the repo is above it.
const REPO = path.resolve(__dirname, '..', '..').replace(/\/\.stryker-tmp\/[^/]+$/, '');

/**
 * The project's `shared/` folder: beside the clone (`<repo>/../shared`, as CI lays it out), or, in a git
 * worktree, beside the main checkout the worktree belongs to.
 */
function sharedDir(): string {
  const beside = path.resolve(REPO, '..', 'shared');
  if (fs.existsSync(beside)) return beside;
  try {
    // A worktree's .git is a file: "gitdir: <main>/.git/worktrees/<name>".
    const m = /^gitdir:\s*(.+?)\/\.git\/worktrees\/[^/]+\s*$/m.exec(fs.readFileSync(path.join(REPO, '.git'), 'utf8'));
    if (m) return path.resolve(m[1]!, '..', 'shared');
  } catch {
    /* a plain clone: .git is a directory */
  }
  return beside;
}
export const SHARED_DIR = sharedDir();
/** `../shared/realconda`: conda's source and the install.sh that builds a root from it. */
export const SHARED_REALCONDA = path.join(SHARED_DIR, 'realconda');
/** Writes a local file:// channel of noarch `go` packages pointing at toolchains on this machine. */
export const MAKE_GO_CHANNEL = path.join(SHARED_REALCONDA, 'make-go-channel.py');

export interface RealConda {
  /** The conda executable (`ROOT/bin/conda` or the user's). */
  exe: string;
  /** Its root prefix (conda's `root_prefix`, where `etc/profile.d/conda.csh` lives). */
  root: string;
  /** What `conda --version` printed after "conda ", e.g. `26.9.0.dev0`. */
  version: string;
  /** Where it came from. `shared` roots may be rebuilt privately with `privateConda`. */
  source: 'GOCONDAD_TEST_CONDA' | 'shared';
  /** The shared conda's VERSION argument of install.sh (`main`, `26.7.1`, ...). */
  flavour?: string;
}

export type Found = { conda: RealConda; missing?: undefined } | { conda?: undefined; missing: string };

const HOW = "set GOCONDAD_TEST_CONDA to a conda executable, or put the project's shared/ folder beside the clone (../shared/realconda)";

function describeConda(exe: string, source: RealConda['source'], flavour?: string): RealConda {
  const r = spawnSync(exe, ['--version'], { encoding: 'utf8', timeout: 60000, env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/' } });
  const m = /conda\s+(\S+)/.exec(`${r.stdout}${r.stderr}`);
  if (r.status !== 0 || !m)
    throw new Error(
      `real conda ${exe} does not run (\`${exe} --version\` exit ${r.status}): ${r.stderr || r.stdout}${r.error ? String(r.error) : ''}; fix it or unset GOCONDAD_TEST_CONDA`,
    );
  let root = path.dirname(path.dirname(exe));
  if (source !== 'shared') {
    // A user's conda may be condabin/conda or a symlink: ask it.
    const info = spawnSync(exe, ['info', '--base'], { encoding: 'utf8', timeout: 60000, env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/' } });
    if (info.status === 0 && info.stdout.trim()) root = info.stdout.trim();
  }
  return { exe, root, version: m[1]!, source, flavour };
}

function runInstall(dir: string | null, flavour: string): string {
  // An empty DIR is "not given" to install.sh (`${1:-…}`): the shared cache under ~/.cache.
  const args = [path.join(SHARED_REALCONDA, 'install.sh'), dir ?? '', flavour];
  const r = spawnSync('bash', args, { encoding: 'utf8', timeout: 10 * 60000, env: { ...process.env } });
  const exe = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !exe || !fs.existsSync(exe)) {
    throw new Error(
      `../shared/realconda/install.sh ${dir ?? ''} ${flavour} failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-5).join(' | ')}; run it by hand as root (it installs its Debian packages with apt), or set GOCONDAD_TEST_CONDA`,
    );
  }
  return exe;
}

const found = new Map<string, Found>();

/** The shared conda's version the suites use unless told: GOCONDAD_TEST_CONDA_VERSION, else `main`. */
export const DEFAULT_FLAVOUR = process.env.GOCONDAD_TEST_CONDA_VERSION || 'main';

/**
 * The conda to test with. `flavour` picks one of the shared conda's versions (install.sh's VERSION);
 * it is ignored for a user's conda. A broken GOCONDAD_TEST_CONDA or a failing install.sh throw (a
 * real component that is there but does not work is a failure too).
 */
export function findRealConda(flavour = DEFAULT_FLAVOUR): Found {
  const own = process.env.GOCONDAD_TEST_CONDA;
  if (!own) return findSharedConda(flavour);
  const key = `env:${own}`;
  const result = found.get(key) ?? { conda: keptForRun(SANDBOX, key, () => describeConda(path.resolve(own), 'GOCONDAD_TEST_CONDA')) };
  found.set(key, result);
  return result;
}

/** The shared conda of that version, whatever GOCONDAD_TEST_CONDA says: for suites that write into a root. */
export function findSharedConda(flavour: string): Found {
  const key = `shared:${flavour}`;
  let result = found.get(key);
  if (result) return result;
  if (fs.existsSync(path.join(SHARED_REALCONDA, 'install.sh')))
    result = { conda: keptForRun(SANDBOX, key, () => describeConda(runInstall(null, flavour), 'shared', flavour)) };
  else
    result = {
      missing: `no real conda: ${SHARED_REALCONDA}/install.sh does not exist${process.env.GOCONDAD_TEST_CONDA ? '' : ' and GOCONDAD_TEST_CONDA is unset'} (${HOW})`,
    };
  found.set(key, result);
  return result;
}

/**
 * A root of its own for one test run, so plugin installs and anything written into the root cannot
 * leak between runs: the shared conda is rebuilt in `dir` (~1 s, offline). A user's conda cannot be
 * copied: null, and callers that must modify a root say so (envs never need it: see writeCondarc).
 */
export function privateConda(conda: RealConda, dir: string): RealConda | null {
  if (conda.source !== 'shared') return null;
  return describeConda(runInstall(dir, conda.flavour ?? 'main'), 'shared', conda.flavour);
}

/**
 * Writes `dir/condarc` putting envs and package caches under `dir` (offline, no update notices) and
 * returns what to export: CONDARC, plus the dirs. Give the shell its own HOME and XDG dirs too (World
 * does), so ~/.conda/environments.txt is the test's own.
 */
export function writeCondarc(dir: string, extra = ''): { CONDARC: string; envsDir: string; pkgsDir: string } {
  const envsDir = path.join(dir, 'envs');
  const pkgsDir = path.join(dir, 'pkgs');
  fs.mkdirSync(envsDir, { recursive: true });
  fs.mkdirSync(pkgsDir, { recursive: true });
  const file = path.join(dir, 'condarc');
  // An explicit channel list: conda 24.9-25.2 warn on stderr about adding `defaults` implicitly (offline,
  // so nothing is fetched; tests name their own file:// channels with --override-channels).
  fs.writeFileSync(
    file,
    `envs_dirs:\n  - ${envsDir}\npkgs_dirs:\n  - ${pkgsDir}\nchannels:\n  - defaults\noffline: true\nnotify_outdated_conda: false\n${extra}`,
  );
  return { CONDARC: file, envsDir, pkgsDir };
}

const SAFE_PATH = /^[\w@%+=:,./-]+$/;

/**
 * The argv that runs `script` in `shell` with the real conda hooked the way `conda init` sets a shell
 * up: bash/zsh/dash `eval "$(conda shell.X hook)"`, fish `conda shell.fish hook | source`, tcsh
 * `setenv _CONDA_EXE …; source ROOT/etc/profile.d/conda.csh` (run from a file in `scratchDir`: csh
 * expands an alias only on lines read after it was defined, and conda is an alias there).
 */
export function hookedShellArgs(shell: string, conda: RealConda, script: string, scratchDir: string): string[] {
  for (const p of [conda.exe, conda.root]) if (!SAFE_PATH.test(p)) throw new Error(`conda path ${p} needs quoting this helper does not do; use a plainer path`);
  const name = path.basename(shell);
  if (name === 'fish') return ['--no-config', '-c', `${conda.exe} shell.fish hook | source\n${script}`];
  if (name === 'tcsh' || name === 'csh') {
    const csh = path.join(conda.root, 'etc', 'profile.d', 'conda.csh');
    const file = path.join(scratchDir, `hooked-${process.pid}-${(scriptCount += 1)}.csh`);
    fs.writeFileSync(file, `setenv _CONDA_EXE ${conda.exe}\nsource ${csh}\n${script}\n`);
    return ['-f', file];
  }
  const dialect = name === 'bash' ? 'bash' : name === 'zsh' ? 'zsh' : 'posix';
  return [...(name === 'zsh' ? ['-f'] : []), '-c', `eval "$(${conda.exe} shell.${dialect} hook)"\n${script}`];
}
let scriptCount = 0;

/**
 * describe() for suites that need a real conda; `shared`: only the shared one will do (the suite writes
 * into a root). Without one the suite fails, saying how to get one. A conda that exists but fails
 * throws too.
 */
export function describeWithConda(name: string, fn: (conda: RealConda) => void, flavour = DEFAULT_FLAVOUR, opts: { shared?: boolean } = {}): void {
  const f = opts.shared ? findSharedConda(flavour) : findRealConda(flavour);
  // Every conda command starts Python (~0.4 s of CPU): on a loaded 2-core box a suite's setup alone can
  // pass jest's 60 s default. A guard against hangs, not a speed check.
  jest.setTimeout(300000);
  if (!f.conda) throw new Error(`the real-conda suite "${name}" cannot run: ${f.missing}`);
  describe(`${name} (conda ${f.conda.version}, ${f.conda.source === 'shared' ? `../shared/realconda ${f.conda.flavour}` : f.conda.exe})`, () => fn(f.conda));
}

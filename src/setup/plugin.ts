// The conda plugin (python-shim/, shipped in the npm package): finding conda roots that can take it,
// which version they have, installing it with the root's own pip (offline: --no-index, --no-deps).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rootOfExe, SYSTEM_ROOTS, USUAL_ROOTS } from '../core/discovery';
import type { Env } from '../paths';
import { PACKAGE_ROOT } from '../pkg';
import type { RunResult, Runner } from '../service/types';

export const PLUGIN_SOURCE = path.join(PACKAGE_ROOT, 'python-shim');
export const PLUGIN_DIST = 'gocondad-conda';

export function pluginVersion(source: string = PLUGIN_SOURCE): string {
  const m = /^version\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(path.join(source, 'pyproject.toml'), 'utf8'));
  return m?.[1] ?? '0';
}

/** Roots discovery found plus the ones named or usual, that hold a conda with a python (micromamba's has neither). */
export function condaRoots(env: Env, home: string, discovered: string[]): { root: string; python: string }[] {
  const candidates = [
    ...discovered,
    rootOfExe(env.CONDA_EXE),
    env.CONDA_ROOT,
    env.MAMBA_ROOT_PREFIX,
    ...USUAL_ROOTS.map((r) => path.join(home, r)),
    ...SYSTEM_ROOTS,
  ];
  const out: { root: string; python: string }[] = [];
  for (const c of candidates) {
    if (!c || !path.isAbsolute(c)) continue;
    const root = path.resolve(c);
    const python = path.join(root, 'bin', 'python');
    const hasConda = fs.existsSync(path.join(root, 'bin', 'conda')) || fs.existsSync(path.join(root, 'condabin', 'conda'));
    if (hasConda && fs.existsSync(python) && !out.some((o) => o.root === root)) out.push({ root, python });
  }
  return out;
}

/** The version of gocondad's plugin installed in a root (its dist-info), or null. */
export function installedPluginVersion(root: string): string | null {
  let libs: string[];
  try {
    libs = fs.readdirSync(path.join(root, 'lib')).filter((d) => /^python3/.test(d));
  } catch {
    return null;
  }
  for (const lib of libs) {
    let entries: string[];
    try {
      entries = fs.readdirSync(path.join(root, 'lib', lib, 'site-packages'));
    } catch {
      continue;
    }
    for (const e of entries) {
      const m = /^gocondad_conda-(.+)\.dist-info$/.exec(e);
      if (m) return m[1]!;
    }
  }
  return null;
}

/**
 * pip must neither write a cache under HOME nor ask the network; and a PATH of only the root's bin and
 * the system's keeps build hooks from running the user's other tools (a rustup proxy on PATH writes
 * ~/.rustup when setuptools looks for cargo).
 */
function pipEnv(python: string, env: Env): Env {
  return {
    ...env,
    PATH: [path.dirname(python), '/usr/bin', '/bin'].join(':'),
    PIP_NO_CACHE_DIR: '1',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
    PIP_NO_INDEX: '1',
  };
}

export function condaExe(root: string): string {
  const bin = path.join(root, 'bin', 'conda');
  return fs.existsSync(bin) ? bin : path.join(root, 'condabin', 'conda');
}

/**
 * conda loads every plugin for `conda info`: a plugin that fails to load makes it fail. Run before and
 * after installing, so that a plugin this conda cannot load is taken out again at once.
 */
export function condaWorks(root: string, env: Env, run: Runner): RunResult {
  const withPlugins = { ...env };
  delete withPlugins.CONDA_NO_PLUGINS;
  return run(condaExe(root), ['info', '--json'], { env: withPlugins, timeoutMs: 120000 });
}

/**
 * Installs from a private copy of the source: building in place would leave build/ and *.egg-info in
 * the package's own (maybe read-only) directory.
 */
export function installPlugin(python: string, env: Env, run: Runner, source: string = PLUGIN_SOURCE): RunResult {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-plugin-'));
  try {
    const copy = path.join(tmp, 'python-shim');
    fs.cpSync(source, copy, { recursive: true, filter: (src) => !/(__pycache__|\.egg-info|[\\/]build)$/.test(src) });
    return run(python, ['-m', 'pip', 'install', '--no-deps', '--no-build-isolation', '--no-index', '--quiet', copy], {
      env: pipEnv(python, env),
      timeoutMs: 120000,
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export function uninstallPlugin(python: string, env: Env, run: Runner): RunResult {
  return run(python, ['-m', 'pip', 'uninstall', '--yes', '--quiet', PLUGIN_DIST], { env: pipEnv(python, env), timeoutMs: 60000 });
}

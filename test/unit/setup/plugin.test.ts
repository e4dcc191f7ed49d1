// src/setup/plugin.ts: the plugin's version in its pyproject, the conda roots that can take it, the version
// a root has installed, and the exact pip and conda command lines (a recording runner; the real pip and
// conda run in test/integration/setup.test.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Env } from '../../../src/paths';
import { PACKAGE_ROOT } from '../../../src/pkg';
import type { Runner } from '../../../src/service/types';
import {
  condaExe,
  condaRoots,
  condaWorks,
  installedPluginVersion,
  installPlugin,
  PLUGIN_DIST,
  PLUGIN_SOURCE,
  pluginVersion,
  uninstallPlugin,
} from '../../../src/setup/plugin';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-plugin-unit-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
const touch = (...parts: string[]) => {
  const f = path.join(dir, ...parts);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, '');
  return f;
};

/** Records each call: command, args, env and timeout; answers status 0. */
function recorder(onCall?: (args: string[]) => void) {
  const calls: { cmd: string; args: string[]; env?: Env; timeoutMs?: number }[] = [];
  const run: Runner = (cmd, args, opts) => {
    calls.push({ cmd, args, env: opts?.env, timeoutMs: opts?.timeoutMs });
    onCall?.(args);
    return { status: 0, stdout: '', stderr: '' };
  };
  return { calls, run };
}

test('pluginVersion: the version line of pyproject.toml at the start of a line; "0" without one', () => {
  const src = path.join(dir, 'src');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'pyproject.toml'), '[project]\nname = "x"\nrequires_version = "9"\nversion  =  "1.2.3"\n');
  expect(pluginVersion(src)).toBe('1.2.3');
  fs.writeFileSync(path.join(src, 'pyproject.toml'), '[project]\n  version = "4"\nother_version = "5"\n');
  expect(pluginVersion(src)).toBe('0');
  const shipped = /\nversion = "([^"]+)"/.exec(fs.readFileSync(path.join(PACKAGE_ROOT, 'python-shim', 'pyproject.toml'), 'utf8'))![1];
  expect(pluginVersion()).toBe(shipped);
  expect(PLUGIN_SOURCE).toBe(path.join(PACKAGE_ROOT, 'python-shim'));
});

test('condaRoots: discovered, CONDA_EXE, CONDA_ROOT, MAMBA_ROOT_PREFIX and the usual ones, each once, only with a conda and a python', () => {
  const home = path.join(dir, 'home');
  const root = (p: string, conda: 'bin' | 'condabin' | null, python = true) => {
    if (conda) touch(p, conda, 'conda');
    if (python) touch(p, 'bin', 'python');
    return path.join(dir, p);
  };
  const discovered = root('found', 'bin');
  const byExe = root('byexe', 'condabin');
  const byRoot = root('byroot', 'bin');
  const mamba = root('mamba', null); // micromamba's root: no conda
  const noPython = root('nopython', 'bin', false);
  fs.mkdirSync(path.join(dir, 'emptycondabin', 'condabin'), { recursive: true }); // condabin without conda in it
  touch('emptycondabin', 'bin', 'python');
  const usual = root(path.join('home', 'miniforge3'), 'bin');
  const env = { CONDA_EXE: path.join(byExe, 'bin', 'conda'), CONDA_ROOT: `${byRoot}/`, MAMBA_ROOT_PREFIX: mamba };
  const py = (r: string) => ({ root: r, python: path.join(r, 'bin', 'python') });
  const emptyCondabin = path.join(dir, 'emptycondabin');
  expect(condaRoots(env, home, [discovered, noPython, 'relative/root', '', emptyCondabin, discovered, byRoot])).toEqual([
    py(discovered),
    py(byRoot),
    py(byExe),
    py(usual),
  ]);
  expect(condaRoots({ CONDA_EXE: 'conda' }, home, [])).toEqual([py(usual)]);
});

test('installedPluginVersion: the dist-info in a python3 site-packages; null when there is none', () => {
  const root = path.join(dir, 'root');
  expect(installedPluginVersion(root)).toBeNull(); // no lib/
  fs.mkdirSync(path.join(root, 'lib', 'python3.10'), { recursive: true }); // no site-packages
  touch('root', 'lib', 'python2.7', 'site-packages', 'gocondad_conda-0.0.1.dist-info', 'METADATA');
  touch('root', 'lib', 'python3.11', 'site-packages', 'other-1.0.dist-info', 'METADATA');
  expect(installedPluginVersion(root)).toBeNull();
  // Names that only contain the pattern: another dist's, a renamed copy, a dir that is not python3's.
  touch('root', 'lib', 'python3.11', 'site-packages', 'xgocondad_conda-0.3.0.dist-info', 'METADATA');
  touch('root', 'lib', 'python3.11', 'site-packages', 'gocondad_conda-0.3.1.dist-info.bak', 'METADATA');
  touch('root', 'lib', 'libpython3.11', 'site-packages', 'gocondad_conda-0.3.2.dist-info', 'METADATA');
  expect(installedPluginVersion(root)).toBeNull();
  touch('root', 'lib', 'python3.11', 'site-packages', 'gocondad_conda-0.4.0rc1.dist-info', 'METADATA');
  expect(installedPluginVersion(root)).toBe('0.4.0rc1');
});

test('condaExe: bin/conda where it is, else condabin/conda', () => {
  expect(condaExe(path.join(dir, 'r'))).toBe(path.join(dir, 'r', 'condabin', 'conda'));
  touch('r', 'bin', 'conda');
  expect(condaExe(path.join(dir, 'r'))).toBe(path.join(dir, 'r', 'bin', 'conda'));
});

test("condaWorks: `conda info --json` with plugins on whatever the user's environment says, the user's env left alone", () => {
  touch('r', 'bin', 'conda');
  const env = { PATH: '/usr/bin', CONDA_NO_PLUGINS: 'true' };
  const r = recorder();
  condaWorks(path.join(dir, 'r'), env, r.run);
  expect(r.calls).toEqual([{ cmd: path.join(dir, 'r', 'bin', 'conda'), args: ['info', '--json'], env: { PATH: '/usr/bin' }, timeoutMs: 120000 }]);
  expect(env).toEqual({ PATH: '/usr/bin', CONDA_NO_PLUGINS: 'true' });
});

test('installPlugin: pip offline from a private copy without build leftovers, a PATH of the root and the system, no cache, no prompts', () => {
  const src = path.join(dir, 'python-shim');
  for (const f of [
    'pyproject.toml',
    'gocondad_conda/plugin.py',
    'gocondad_conda/__pycache__/plugin.pyc',
    'x.egg-info/PKG-INFO',
    'build/lib/a.py',
    'builder/keep.py',
  ])
    touch('python-shim', f);
  let copied: string[] = [];
  let copy = '';
  const r = recorder((args) => {
    copy = args.at(-1)!;
    copied = fs.readdirSync(copy, { recursive: true }).map(String).sort();
  });
  const python = path.join(dir, 'root', 'bin', 'python');
  installPlugin(python, { HOME: '/h', PATH: '/home/u/.cargo/bin:/usr/bin' }, r.run, src);
  expect(r.calls).toEqual([
    {
      cmd: python,
      args: ['-m', 'pip', 'install', '--no-deps', '--no-build-isolation', '--no-index', '--quiet', copy],
      env: {
        HOME: '/h',
        PATH: `${path.join(dir, 'root', 'bin')}:/usr/bin:/bin`,
        PIP_NO_CACHE_DIR: '1',
        PIP_DISABLE_PIP_VERSION_CHECK: '1',
        PIP_NO_INPUT: '1',
        PIP_NO_INDEX: '1',
      },
      timeoutMs: 120000,
    },
  ]);
  expect(path.basename(copy)).toBe('python-shim');
  // In a temp dir named for gocondad, so that one a crash leaves behind says whose it is.
  expect(path.dirname(path.dirname(copy))).toBe(os.tmpdir());
  expect(path.basename(path.dirname(copy))).toMatch(/^gocondad-plugin-\w{6}$/);
  expect(copy.startsWith(src)).toBe(false);
  expect(copied).toEqual(['builder', 'builder/keep.py', 'gocondad_conda', 'gocondad_conda/plugin.py', 'pyproject.toml']);
  expect(fs.existsSync(path.dirname(copy))).toBe(false); // the private copy is gone
});

test("installPlugin: the private copy already gone when pip returns (a tmp cleaner's work) is no error; pip's answer is returned", () => {
  const src = path.join(dir, 'python-shim');
  touch('python-shim', 'pyproject.toml');
  // Only a dir named as installPlugin names its copy's is removed: a mutant that passed another path (the
  // temp dir itself, whose parent is /tmp) makes this fail instead of removing what it was given.
  const run: Runner = (_cmd, args) => {
    const copy = args.at(-1)!;
    const tmp = path.dirname(copy);
    if (path.basename(copy) !== 'python-shim' || path.dirname(tmp) !== os.tmpdir() || !/^gocondad-plugin-\w{6}$/.test(path.basename(tmp)))
      throw new Error(`not the private copy: ${copy}`);
    fs.rmSync(tmp, { recursive: true });
    return { status: 3, stdout: 'out', stderr: 'err' };
  };
  expect(installPlugin(path.join(dir, 'root', 'bin', 'python'), {}, run, src)).toEqual({ status: 3, stdout: 'out', stderr: 'err' });
});

test('uninstallPlugin: pip uninstall of the dist, with the same environment', () => {
  const r = recorder();
  const python = path.join(dir, 'root', 'bin', 'python');
  uninstallPlugin(python, { PATH: '/x' }, r.run);
  expect(r.calls).toEqual([
    {
      cmd: python,
      args: ['-m', 'pip', 'uninstall', '--yes', '--quiet', PLUGIN_DIST],
      env: {
        PATH: `${path.join(dir, 'root', 'bin')}:/usr/bin:/bin`,
        PIP_NO_CACHE_DIR: '1',
        PIP_DISABLE_PIP_VERSION_CHECK: '1',
        PIP_NO_INPUT: '1',
        PIP_NO_INDEX: '1',
      },
      timeoutMs: 60000,
    },
  ]);
  expect(PLUGIN_DIST).toBe('gocondad-conda');
});

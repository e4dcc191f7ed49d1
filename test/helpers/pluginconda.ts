// A real conda root of its own with the real gocondad plugin installed, for one test run: built by
// ../shared/realconda/install.sh in the test's dir (~1 s) and `pip install`ed from a copy of python-shim/
// (pip builds in the source tree; a copy keeps parallel runs and the checkout clean).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findSharedConda, MAKE_GO_CHANNEL, privateConda, writeCondarc, type RealConda } from './realconda';
import { CLI, REPO, World } from './world';

export interface PluginConda {
  conda: RealConda;
  /** Environment for conda commands: the world's HOME/XDG dirs, an isolating CONDARC, gocondad on PATH. */
  env: Record<string, string>;
  envsDir: string;
  /** A file:// channel with go 1.21.13 and 1.23.5 (make-go-channel.py). */
  channel: string;
  run(
    args: string[],
    opts?: { env?: Record<string, string | undefined>; input?: string; cwd?: string; timeoutMs?: number },
  ): { status: number; stdout: string; stderr: string };
}

export function pluginConda(world: World, flavour: string): PluginConda {
  const found = findSharedConda(flavour).conda!;
  const dir = path.join(world.dir, `conda-${flavour}`);
  const conda = privateConda(found, dir)!;
  const shim = path.join(world.dir, `python-shim-${flavour}`);
  fs.cpSync(path.join(REPO, 'python-shim'), shim, { recursive: true, filter: (src) => !/(__pycache__|\.egg-info|[/]build)$/.test(src) });
  const pip = spawnSync(path.join(conda.root, 'bin', 'python'), ['-m', 'pip', 'install', '-q', '--no-deps', '--no-build-isolation', '--no-index', shim], {
    encoding: 'utf8',
    timeout: 180000,
    env: { PATH: '/usr/bin:/bin', HOME: world.home, PIP_NO_CACHE_DIR: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' },
  });
  if (pip.status !== 0) throw new Error(`pip install of python-shim into ${conda.root} failed: ${pip.stderr}`);
  const bin = path.join(world.dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  if (!fs.existsSync(path.join(bin, 'gocondad'))) fs.symlinkSync(CLI, path.join(bin, 'gocondad'));
  const rc = writeCondarc(path.join(world.dir, `condadirs-${flavour}`));
  const channel = path.join(world.dir, 'channel');
  if (!fs.existsSync(path.join(channel, 'noarch', 'repodata.json'))) {
    const ch = spawnSync('/usr/bin/python3', [MAKE_GO_CHANNEL, channel, '1.23.5=/usr/lib/go-1.23', '1.21.13=/usr/lib/go-1.21'], { encoding: 'utf8' });
    if (ch.status !== 0) throw new Error(`make-go-channel.py failed: ${ch.stderr}`);
  }
  const env = { ...world.env, PATH: `${bin}:/usr/bin:/bin`, CONDARC: rc.CONDARC, GOCONDAD_PLUGIN_TIMEOUT: '20' };
  const run: PluginConda['run'] = (args, opts = {}) => {
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...env, ...(opts.env ?? {}) })) if (v !== undefined) merged[k] = v;
    const r = spawnSync(conda.exe, args, {
      env: merged,
      encoding: 'utf8',
      input: opts.input ?? '',
      cwd: opts.cwd ?? world.dir,
      timeout: opts.timeoutMs ?? 120000,
    });
    return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
  };
  return { conda, env, envsDir: rc.envsDir, channel, run };
}

/**
 * A describe() for a plugin suite. It installs the plugin into a root of its own, built from
 * ../shared/realconda (GOCONDAD_TEST_CONDA, a user's conda, is never written to); without that the
 * suite fails, saying how to get it.
 */
export function describeWithPluginConda(name: string, flavour: string, fn: () => void): void {
  const f = findSharedConda(flavour);
  if (!f.conda) throw new Error(`the real-conda plugin suite "${name}" cannot run: ${f.missing}`);
  describe(`${name} (real conda ${flavour})`, fn);
}

/**
 * The lines of stderr the plugin can be blamed for: its own (`gocondad: …`, `conda go: …`), a traceback,
 * conda's reports of a failing plugin. Not conda's own deprecation noise, not paths that merely contain
 * "gocondad" (the test dirs do).
 */
export function ourLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^gocondad: |^conda go: |Traceback|malfunctioning|Error while loading conda|gocondad_conda/.test(l));
}

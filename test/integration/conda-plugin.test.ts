// python-shim/: the conda plugin, loaded by a real Python against a stand-in of conda's plugin API
// (test/python-stub; conda itself cannot be installed here), driving the real gocondad CLI.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, GO119, GO122, pythonPath, REPO, requireReal, World } from '../helpers/world';

let world: World;
let cliWrapper: string;
beforeAll(() => {
  requireReal();
  world = new World();
  cliWrapper = path.join(world.dir, 'gocondad');
  fs.writeFileSync(cliWrapper, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
});
afterAll(() => world.cleanup());

/** Runs python code with the plugin and the conda stand-in importable. */
function py(code: string, env: Record<string, string> = {}) {
  const r = spawnSync(pythonPath(), ['-c', `import sys\nfrom gocondad_conda import plugin\n${code}`], {
    env: { ...world.env, PYTHONPATH: [path.join(REPO, 'python-shim'), path.join(REPO, 'test', 'python-stub')].join(':'), GOCONDAD_CLI: cliWrapper, ...env },
    encoding: 'utf8',
    timeout: 30000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('it registers `conda go` and a post-command for the commands that change envs', () => {
  const r = py(
    'print([s.name for s in plugin.conda_subcommands()]); pc = list(plugin.conda_post_commands())[0]; print(sorted(pc.run_for)); print(plugin.conda_subcommands.conda_hookimpl)',
  );
  expect(r.stderr).toBe('');
  expect(r.stdout.split('\n')).toEqual(["['go']", "['create', 'env_create', 'env_update', 'install', 'remove', 'uninstall', 'update', 'upgrade']", 'True', '']);
});

test('the types come from conda.plugins.types (conda.plugins re-exports none of them): health checks, exporter and specifier too', () => {
  const r = py(`import conda.plugins, conda.plugins.types as t
print(hasattr(conda.plugins, 'CondaSubcommand'))
print([type(x).__name__ for x in plugin.conda_subcommands()] + [type(x).__name__ for x in plugin.conda_post_commands()])
print(sorted(c.name for c in plugin.conda_health_checks()))
print(sorted(c.name for c in plugin.conda_health_checks() if c.fixer))
print([(e.name, e.default_filenames) for e in plugin.conda_environment_exporters()])
print([s.name for s in plugin.conda_environment_specifiers()])`);
  expect(r.stderr).toBe('');
  expect(r.stdout.split('\n')).toEqual([
    'False',
    "['CondaSubcommand', 'CondaPostCommand']",
    "['gocondad-go-activation', 'gocondad-goroot', 'gocondad-module', 'gocondad-shadowed-go', 'gocondad-shims', 'gocondad-sync', 'gocondad-toolchain']",
    "['gocondad-go-activation', 'gocondad-goroot', 'gocondad-shadowed-go', 'gocondad-shims']",
    "[('gocondad', ('*.gocondad.yml', '*.gocondad.yaml'))]",
    "['gocondad']",
    '',
  ]);
});

test('a hook that fails costs one line and yields nothing; a type this conda lacks is skipped; a field it lacks is dropped', () => {
  const r = py(`from gocondad_conda import compat
import conda.plugins.types as t
del t.CondaHealthCheck
print(list(plugin.conda_health_checks()))
print(compat.make('CondaPostCommand', name='x', action=print, run_for=set(), not_in_this_conda=1).name)
def broken():
    raise RuntimeError('boom')
    yield
broken.__name__ = 'conda_broken'
g = plugin.guarded(broken)
print(g(), g())`);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe('[]\nx\n[] []\n');
  expect(r.stderr).toBe('gocondad: plugin hook conda_broken failed (conda is unaffected): boom\n');
});

test('`conda go ARGS` runs gocondad ARGS with its output and exit status; `conda go` alone is status', () => {
  const env = world.makeEnv('viaconda');
  const r = py(`sys.exit(plugin.run_go(('envs', '--json')))`);
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toHaveProperty('envs');
  const bare = py('sys.exit(plugin.run_go(()))');
  expect(bare.status).toBe(3); // no daemon: status says how to start it
  expect(bare.stderr).toContain('gocondad start');
  const explain = py(`sys.exit(plugin.run_go(('explain', '${env}')))`);
  expect(explain.stdout).toContain('decision');
});

test('gocondad missing: `conda go` says how to install it; the post-command costs one line, and nothing for a removed env', () => {
  const r = py('sys.exit(plugin.run_go(("status",)))', { GOCONDAD_CLI: '', PATH: '/usr/bin:/bin' });
  expect(r.status).toBe(127);
  expect(r.stderr).toMatch(/npm install -g gocondad/);
  const post = py('plugin.after_command("install")', { GOCONDAD_CLI: '', PATH: '/usr/bin:/bin', CONDA_STUB_TARGET_PREFIX: '/nope' });
  expect(post).toMatchObject({ status: 0, stdout: '', stderr: '' }); // not an env (removed): nothing to do
  const env = world.makeEnv('nocli');
  const real = py('plugin.after_command("create")', { GOCONDAD_CLI: '', PATH: '/usr/bin:/bin', CONDA_STUB_TARGET_PREFIX: env });
  expect(real.status).toBe(0);
  expect(real.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(/^gocondad: gocondad is not installed or not on PATH; install it with `npm install -g gocondad`/),
  ]);
});

test('a removed env: the post-command sends a live daemon nothing and starts no CLI, after remove, install or create', () => {
  // GOCONDAD_DEBUG makes the plugin say each daemon reply: silence means no request was made. (The daemon
  // itself answers "not a conda env (removed?)" to such a request, so only the plugin shows the difference.)
  world.startDaemon();
  try {
    const gone = world.makeEnv('gone');
    fs.rmSync(gone, { recursive: true });
    for (const command of ['remove', 'install', 'create']) {
      const r = py(`plugin.after_command("${command}")`, { CONDA_STUB_TARGET_PREFIX: gone, GOCONDAD_DEBUG: '1' });
      expect([command, r.status, r.stdout, r.stderr]).toEqual([command, 0, '', '']);
    }
    // The same call for an env that is there: the request is made, and said.
    const live = world.makeEnv('live');
    const r = py('plugin.after_command("create")', { CONDA_STUB_TARGET_PREFIX: live, GOCONDAD_DEBUG: '1' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^gocondad: daemon: .*'action': 'installed'/);
  } finally {
    world.cli(['stop']);
  }
});

test('after `conda install` the target env’s shims are current before conda reactivates it', () => {
  const env = world.makeEnv('installed');
  world.installShims(env);
  const shim = path.join(env, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');
  expect(fs.readFileSync(shim, 'utf8')).toContain(`__gcd_p_goroot='${GO122}'`);
  fs.symlinkSync(GO119, path.join(env, 'go')); // what `conda install go` leaves
  const r = py('plugin.after_command("install")', { CONDA_STUB_TARGET_PREFIX: env });
  expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
  expect(fs.readFileSync(shim, 'utf8')).toContain(`__gcd_p_goroot='${path.join(env, 'go')}'`);
});

test('after `conda create` a new env gets shims, unless auto_install is off or the env was opted out', () => {
  const fresh = world.makeEnv('created');
  expect(py('plugin.after_command("create")', { CONDA_STUB_TARGET_PREFIX: fresh }).status).toBe(0);
  expect(fs.existsSync(path.join(fresh, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'))).toBe(true);

  const optedOut = world.makeEnv('optedout');
  world.installShims(optedOut);
  expect(world.cli(['shims', 'uninstall', optedOut]).status).toBe(0);
  py('plugin.after_command("create")', { CONDA_STUB_TARGET_PREFIX: optedOut });
  expect(fs.existsSync(path.join(optedOut, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'))).toBe(false);

  world.config(`system_toolchains: false\ntoolchains: [${GO119}, ${GO122}]\nauto_install: false\n`);
  try {
    const manual = world.makeEnv('manual');
    py('plugin.after_command("create")', { CONDA_STUB_TARGET_PREFIX: manual });
    expect(fs.existsSync(path.join(manual, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'))).toBe(false);
  } finally {
    world.config(`system_toolchains: false\ntoolchains: [${GO119}, ${GO122}]\n`);
  }
});

test('the package declares the entry point conda loads plugins from, and it names this module', () => {
  const r = py(
    `import tomllib, importlib\nd = tomllib.load(open(${JSON.stringify(path.join(REPO, 'python-shim', 'pyproject.toml'))}, 'rb'))\nep = d['project']['entry-points']['conda']\nprint(ep)\nm = importlib.import_module(ep['gocondad'])\nprint(hasattr(m, 'conda_subcommands') and hasattr(m, 'conda_post_commands'))`,
  );
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe("{'gocondad': 'gocondad_conda.plugin'}\nTrue\n");
});

// gocondad setup / uninstall on a real conda (../shared/realconda) with real envs, the real CLI, real
// pip installing the plugin into the conda root, and the login line (no user manager reachable here).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listing } from '../helpers/listing';
import { findSharedConda, privateConda } from '../helpers/realconda';
import { CLI, requireReal, World } from '../helpers/world';
import { installVerified } from '../../src/setup/execute';
import { installedPluginVersion } from '../../src/setup/plugin';
import { runCommand } from '../../src/service/run';

// A conda whose plugin API the plugin of this checkout loads (conda main is followed in issue 10's suite).
const CONDA_VERSION = '25.11.1';

let world: World;
let conda: string;
let condaRoot: string;
let envsDir: string;
let wrapper: string;

function condaRun(args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(conda, args, { env: { ...world.env, ...extra }, encoding: 'utf8', timeout: 120000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => requireReal());
beforeEach(() => {
  world = new World();
  // No config of our own: `--purge` removes the config dir, and the listing must match the one before.
  fs.rmSync(path.join(world.home, '.config', 'gocondad'), { recursive: true });
  const found = findSharedConda(CONDA_VERSION);
  if (!found.conda) throw new Error(found.missing);
  // The plugin goes into the root: a root of this test's own, never a user's conda.
  const own = privateConda(found.conda, path.join(world.dir, 'realconda'));
  if (!own) throw new Error('this test installs the conda plugin into a conda root, so it needs the shared realconda it can copy (unset GOCONDAD_TEST_CONDA)');
  conda = own.exe;
  condaRoot = own.root;
  envsDir = path.join(world.dir, 'envs');
  fs.writeFileSync(path.join(world.dir, 'condarc'), `envs_dirs: [${envsDir}]\npkgs_dirs: [${path.join(world.dir, 'pkgs')}]\n`);
  wrapper = path.join(world.dir, 'gocondad');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  Object.assign(world.env, { CONDARC: path.join(world.dir, 'condarc'), CONDA_EXE: conda, SHELL: '/bin/bash', GOCONDAD_CLI: wrapper });
  for (const name of ['one', 'two']) expect(condaRun(['create', '-p', path.join(envsDir, name), '--yes']).status).toBe(0);
  // An activation script of another package: conda's and the packages' files are never touched.
  fs.mkdirSync(path.join(envsDir, 'two', 'etc', 'conda', 'activate.d'), { recursive: true });
  fs.writeFileSync(path.join(envsDir, 'two', 'etc', 'conda', 'activate.d', 'go-cgo_activate.sh'), 'export CONDA_CGO=1\n');
});
afterEach(() => world.cleanup());

const roots = () => [world.home, envsDir, condaRoot];

test('setup --yes, then uninstall --purge: every file under HOME, the envs and the conda root is as before', () => {
  const before = listing(roots());
  const r = world.cli(['setup', '--yes']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  for (const name of ['one', 'two']) expect(r.stdout).toMatch(new RegExp(`^shims +installed +.*envs/${name}`, 'm'));
  expect(r.stdout).toContain(`plugin   installed  ${condaRoot}`);
  expect(r.stdout).toMatch(/^service +added the start line in .*\/home\/\.profile/m);
  expect(r.stdout).toMatch(/^daemon +gocondad daemon started/m);
  expect(r.stdout).toMatch(/undo all of it: gocondad uninstall\n$/);
  expect(fs.existsSync(path.join(envsDir, 'one', 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'))).toBe(true);
  // The plugin works inside this conda: `conda go` reaches the daemon setup started.
  const go = condaRun(['go', 'status', '--json']);
  expect(go.status).toBe(0);
  expect(JSON.parse(go.stdout).service).toMatchObject({ installed: [{ kind: 'login-line' }] });

  // Idempotent: nothing new, nothing twice.
  const again = world.cli(['setup', '--yes']);
  expect(again.status).toBe(0);
  expect(again.stdout).toMatch(/^shims +up to date +.*envs\/one/m);
  expect(again.stdout).toMatch(/^plugin +kept/m);
  expect(again.stdout).toMatch(/^service +kept the start line/m);
  expect(fs.readFileSync(path.join(world.home, '.profile'), 'utf8').split('# >>> gocondad >>>').length).toBe(2);

  const u = world.cli(['uninstall', '--purge']);
  expect(u.stderr).toBe('');
  expect(u.status).toBe(0);
  expect(u.stdout).toContain(`plugin   removed  ${condaRoot}`);
  expect(world.daemonPid()).toBeNull();
  expect(listing(roots())).toEqual(before);
  expect(fs.existsSync(world.runtimeDir)).toBe(false);
  expect(condaRun(['info', '--json']).status).toBe(0);
});

test('uninstall without --purge keeps the log, envs.json and the config, and says how to remove them', () => {
  fs.mkdirSync(path.join(world.home, '.config', 'gocondad'), { recursive: true });
  fs.writeFileSync(path.join(world.home, '.config', 'gocondad', 'config.yml'), 'cgo: off\n');
  expect(world.cli(['setup', '--no-plugin']).status).toBe(0);
  const u = world.cli(['uninstall']);
  expect(u.status).toBe(0);
  expect(u.stdout).toMatch(/kept .*state\/gocondad \(log, envs.json\); `gocondad uninstall --purge` removes it/);
  expect(fs.existsSync(world.logFile)).toBe(true);
  expect(fs.readFileSync(path.join(world.home, '.config', 'gocondad', 'config.yml'), 'utf8')).toBe('cgo: off\n');
  expect(fs.existsSync(path.join(world.home, '.local', 'share', 'gocondad'))).toBe(false);
  expect(fs.existsSync(path.join(envsDir, 'one', 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'))).toBe(false);
  expect(fs.readFileSync(path.join(envsDir, 'two', 'etc', 'conda', 'activate.d', 'go-cgo_activate.sh'), 'utf8')).toBe('export CONDA_CGO=1\n');
});

test('--dry-run changes nothing; without a terminal and without --yes the plugin is not installed, and it says how', () => {
  const before = listing(roots());
  const dry = world.cli(['setup', '--dry-run']);
  expect(dry.status).toBe(0);
  expect(dry.stdout).toMatch(/^gocondad setup would do this \(nothing was changed\):/);
  expect(dry.stdout).toMatch(/^ +install +.*envs\/one$/m);
  expect(dry.stdout).toMatch(/^service: login-line — /m);
  expect(dry.stdout).toContain(`skip     ${condaRoot}  (not asked (stdin is not a terminal): run \`gocondad setup --yes\``);
  expect(listing(roots())).toEqual(before);

  const r = world.cli(['setup']);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^plugin +not installed +.*gocondad setup --yes/m);
  expect(installedPluginVersion(condaRoot)).toBeNull();
  expect(world.cli(['setup', '--no-plugin', '--dry-run']).stdout).toContain('(--no-plugin)');
});

/** A copy of the plugin written against another conda's API: a hook that raises, its guard taken out. */
function brokenPlugin(): string {
  const broken = path.join(world.dir, 'broken-plugin');
  fs.cpSync(path.join(__dirname, '..', '..', 'python-shim'), broken, { recursive: true, filter: (s) => !s.includes('__pycache__') });
  // What a plugin written against another conda's API does: a hook that raises (an import error alone
  // conda reports and survives). The real plugin guards every hook, so the guard is taken out too.
  const plugin = path.join(broken, 'gocondad_conda', 'plugin.py');
  const source = fs.readFileSync(plugin, 'utf8');
  expect(source).toContain('def guarded(hook):\n');
  fs.writeFileSync(
    plugin,
    source
      .replace('def guarded(hook):\n', 'def guarded(hook):\n    return hook\n')
      .replace('def conda_subcommands():\n', 'def conda_subcommands():\n    raise AttributeError("no such API in this conda")\n'),
  );
  return broken;
}

test('a plugin this conda cannot load is taken out again at once: conda keeps working', () => {
  const broken = brokenPlugin();
  const python = path.join(condaRoot, 'bin', 'python');
  const msg = installVerified({ root: condaRoot, python, command: 'pip install ...' }, world.env, runCommand, broken);
  expect(msg).toMatch(/this conda cannot load the plugin \(`conda info` exit \d+.*\); removed it again/);
  expect(installedPluginVersion(condaRoot)).toBeNull();
  expect(condaRun(['info', '--json']).status).toBe(0);
  // And the real one installs and loads.
  expect(installVerified({ root: condaRoot, python, command: 'pip install ...' }, world.env, runCommand)).toBeNull();
  expect(installedPluginVersion(condaRoot)).not.toBeNull();
});

test('CONDA_NO_PLUGINS=true already in the environment (a user who switched a broken plugin off): the check still loads plugins', () => {
  // With plugins off, `conda info` works whatever the plugin does; a check run that way would keep a
  // plugin that breaks every conda command the moment the user unsets the variable.
  const env = { ...world.env, CONDA_NO_PLUGINS: 'true' };
  const python = path.join(condaRoot, 'bin', 'python');
  const msg = installVerified({ root: condaRoot, python, command: 'pip install ...' }, env, runCommand, brokenPlugin());
  expect(msg).toMatch(/this conda cannot load the plugin \(`conda info` exit \d+.*\); removed it again/);
  expect(installedPluginVersion(condaRoot)).toBeNull();
  expect(condaRun(['info', '--json']).status).toBe(0);
});

test('on a terminal setup asks before installing the plugin; "n" installs nothing and says how to later', () => {
  // `script` gives the CLI a pseudo-terminal as stdin, as a user's shell would.
  const r = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" setup`, '/dev/null'], {
    env: world.env,
    input: 'n\n',
    encoding: 'utf8',
    timeout: 120000,
  });
  if (r.error) throw new Error('`script` is missing: apt-get install util-linux');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(
    `Install gocondad's conda plugin into ${condaRoot} (adds \`conda go\`, keeps shims current right after conda changes an env)? [y/N]`,
  );
  // A terminal: the outcome words are painted (cli/style.ts stepLine) and long steps are said as they start.
  // eslint-disable-next-line no-control-regex -- colour codes are what is stripped
  const seen = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
  expect(seen).toMatch(/plugin +not installed +.*declined; to install later: .*-m pip install --no-deps --no-build-isolation --no-index/);
  expect(r.stdout).toContain('\x1b[2mnot installed\x1b[22m');
  expect(seen).toMatch(/gocondad: installing the [a-z-]+ service…/);
  expect(installedPluginVersion(condaRoot)).toBeNull();
});

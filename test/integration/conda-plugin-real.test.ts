// The conda plugin installed into a real conda (conda's source on the way to 26.9, a root of its own per
// run): `conda go`, the post-command after create/install/remove (through the daemon's socket, and
// through the CLI without one), and every way gocondad can be broken or missing — conda's exit status
// never changes and the plugin costs at most one line.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeWithPluginConda, ourLines, pluginConda, type PluginConda } from '../helpers/pluginconda';
import { CLI, requireReal, World } from '../helpers/world';

let world: World;
let pc: PluginConda;
let n = 0;
const fresh = (label: string) => path.join(pc.envsDir, `${label}-${(n += 1)}`);
const shim = (prefix: string) => path.join(prefix, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');
const goroot = (prefix: string) => /__gcd_p_goroot='([^']*)'/.exec(fs.readFileSync(shim(prefix), 'utf8'))?.[1];
const logEvents = () =>
  fs.existsSync(world.logFile)
    ? fs
        .readFileSync(world.logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

describeWithPluginConda('conda plugin in a real conda', 'main', () => {
  beforeAll(() => {
    requireReal();
    world = new World();
    world.config('system_toolchains: false\ntoolchains: [/usr/lib/go-1.21, /usr/lib/go-1.22]\n');
    pc = pluginConda(world, 'main');
  }, 300000);
  afterAll(() => world.cleanup());

  test('conda lists the plugin; `conda go ARGS` is gocondad ARGS with its exit status', () => {
    const plugins = pc.run(['plugins', 'list']);
    expect(plugins.status).toBe(0);
    expect(plugins.stdout).toMatch(/gocondad-conda\s+0\.1\.0\s+active\s+.*health_checks.*post_commands.*subcommands/);
    const envs = pc.run(['go', 'envs', '--json']);
    expect(envs.status).toBe(0);
    expect(JSON.parse(envs.stdout)).toHaveProperty('envs');
    const status = pc.run(['go']);
    expect(status.status).toBe(3); // no daemon: gocondad status says how to start it
    expect(status.stderr).toContain('gocondad start');
    // Help as conda go: its own usage line, and not the commands that manage gocondad itself.
    const help = pc.run(['go', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: conda go \[options\] \[command\]\n/);
    expect(help.stdout).toMatch(/\n {2}doctor \[options\]/);
    expect(help.stdout).not.toMatch(/\n {2}(daemon|setup|uninstall|service)\b/);
  });

  test('after conda create (CLI, no daemon) the env has shims; conda install/remove go rewrite them before conda returns', () => {
    const p = fresh('cli');
    const created = pc.run(['create', '-p', p, '--yes', '-q']);
    expect(created.status).toBe(0);
    expect(ourLines(created.stderr)).toEqual([]);
    expect(goroot(p)).toBe('/usr/lib/go-1.22');
    const inst = pc.run(['install', '-p', p, '-c', `file://${pc.channel}`, '--override-channels', 'go=1.23.5', '--yes', '-q']);
    expect(inst.status).toBe(0);
    expect(ourLines(inst.stderr)).toEqual([]);
    expect(goroot(p)).toBe(path.join(p, 'go'));
    const rm = pc.run(['remove', '-p', p, 'go', '--yes', '-q']);
    expect(rm.status).toBe(0);
    expect(goroot(p)).toBe('/usr/lib/go-1.22');
  }, 120000);

  test('with a daemon the post-command goes through its socket (logged as a conda command), not a node process', async () => {
    world.startDaemon();
    try {
      const p = fresh('sock');
      // A CLI that cannot run: only the socket can have installed the shims.
      const created = pc.run(['create', '-p', p, '--yes', '-q'], { env: { GOCONDAD_CLI: '/nonexistent/gocondad' } });
      expect(created.status).toBe(0);
      expect(ourLines(created.stderr)).toEqual([]);
      expect(fs.existsSync(shim(p))).toBe(true);
      expect(logEvents().some((e) => e.event === 'shims_installed' && e.prefix === p && e.reason === 'conda command')).toBe(true);
      const inst = pc.run(['install', '-p', p, '-c', `file://${pc.channel}`, '--override-channels', 'go=1.21.13', '--yes', '-q'], {
        env: { GOCONDAD_CLI: '/nonexistent/gocondad' },
      });
      expect(inst.status).toBe(0);
      expect(goroot(p)).toBe(path.join(p, 'go'));
      expect(logEvents().some((e) => e.event === 'shims_rewritten' && e.prefix === p && e.reason === 'conda command')).toBe(true);
    } finally {
      world.cli(['stop']);
    }
  }, 120000);

  test('a hung daemon (SIGSTOP) is bounded by the handshake limit, not the plugin timeout: the CLI takes over, exit status and stderr unchanged', () => {
    // With a 40 s plugin timeout, only the 1 s handshake limit keeps a stopped daemon from costing 40 s:
    // the hung create may take at most a few seconds more than one with no daemon at all.
    const env = { GOCONDAD_PLUGIN_TIMEOUT: '40' };
    const timed = (p: string) => {
      const t0 = Date.now();
      const r = pc.run(['create', '-p', p, '--yes', '-q'], { env });
      return { r, ms: Date.now() - t0 };
    };
    const none = timed(fresh('nodaemon'));
    expect(none.r.status).toBe(0);
    world.startDaemon();
    const pid = world.daemonPid()!;
    process.kill(pid, 'SIGSTOP');
    try {
      const p = fresh('hung');
      const hung = timed(p);
      expect(hung.r.status).toBe(0);
      expect(ourLines(hung.r.stderr)).toEqual([]);
      expect(fs.existsSync(shim(p))).toBe(true);
      expect(hung.ms - none.ms).toBeLessThan(15000);
    } finally {
      process.kill(pid, 'SIGCONT');
      world.cli(['stop']);
    }
  }, 180000);

  test('conda remove --all and conda env remove run no refresh on the deleted prefix', () => {
    const calls = path.join(world.dir, 'calls.log');
    const recorder = path.join(world.dir, 'recording-gocondad');
    fs.writeFileSync(recorder, `#!/bin/sh\necho "$*" >> ${calls}\nexec ${CLI} "$@"\n`, { mode: 0o755 });
    for (const remove of [(p: string) => ['remove', '-p', p, '--all', '--yes', '-q'], (p: string) => ['env', 'remove', '-p', p, '--yes', '-q']]) {
      const p = fresh('gone');
      expect(pc.run(['create', '-p', p, '--yes', '-q'], { env: { GOCONDAD_CLI: recorder } }).status).toBe(0);
      expect(fs.readFileSync(calls, 'utf8')).toContain(`shims install --auto ${p}`);
      fs.writeFileSync(calls, '');
      const r = pc.run(remove(p), { env: { GOCONDAD_CLI: recorder } });
      expect(r.status).toBe(0);
      expect(ourLines(r.stderr)).toEqual([]);
      expect(fs.readFileSync(calls, 'utf8')).toBe('');
      expect(fs.existsSync(p)).toBe(false); // a refresh would have recreated etc/conda/activate.d in it
    }
  }, 120000);

  // Every way the CLI can be wrong: conda's commands keep their exit status, at most one line each.
  const brokenClis: [string, (dir: string) => Record<string, string | undefined>][] = [
    ['not installed at all', () => ({ GOCONDAD_CLI: undefined, PATH: '/usr/bin:/bin' })],
    ['GOCONDAD_CLI pointing nowhere', () => ({ GOCONDAD_CLI: '/nonexistent/gocondad' })],
    [
      'GOCONDAD_CLI not executable',
      (dir) => {
        fs.writeFileSync(path.join(dir, 'noexec'), '#!/bin/sh\nexit 0\n', { mode: 0o644 });
        return { GOCONDAD_CLI: path.join(dir, 'noexec') };
      },
    ],
    [
      'a CLI that crashes with garbage',
      (dir) => {
        fs.writeFileSync(path.join(dir, 'crash'), '#!/bin/sh\necho "{not json" ; echo "junk on stderr" >&2; exit 7\n', { mode: 0o755 });
        return { GOCONDAD_CLI: path.join(dir, 'crash') };
      },
    ],
    [
      'a CLI that hangs',
      (dir) => {
        fs.writeFileSync(path.join(dir, 'hang'), '#!/bin/sh\nsleep 600 &\nsleep 600\n', { mode: 0o755 });
        return { GOCONDAD_CLI: path.join(dir, 'hang'), GOCONDAD_PLUGIN_TIMEOUT: '2' };
      },
    ],
  ];
  test.each(brokenClis)(
    'gocondad %s: create, install, doctor, export, info keep their exit status; `conda go` fails with one clear line (`conda go` is not timed)',
    (_label, setup) => {
      const extra = setup(world.dir);
      const p = fresh('broken');
      const cases: string[][] = [
        ['info'],
        ['create', '-p', p, '--yes', '-q'],
        ['install', '-p', p, '-c', `file://${pc.channel}`, '--override-channels', 'go=1.21.13', '--yes', '-q'],
        ['doctor', '-p', p],
        ['export', '-p', p],
        ['list', '-p', p],
      ];
      for (const args of cases) {
        const withPlugin = pc.run(args, { env: extra });
        const without = pc.run(args[0] === 'create' || args[0] === 'install' ? args.map((a) => (a === p ? `${p}-np` : a)) : args, {
          env: { ...extra, CONDA_NO_PLUGINS: 'true' },
        });
        expect({ args, status: withPlugin.status }).toEqual({ args, status: without.status });
        expect({ args, lines: ourLines(withPlugin.stderr).length <= 1, traceback: /Traceback/.test(withPlugin.stderr) }).toEqual({
          args,
          lines: true,
          traceback: false,
        });
      }
      // Our own format without a working gocondad: the conda part, and one line saying the Go part is missing.
      const ours = pc.run(['export', '-p', p, '--format', 'gocondad'], { env: extra });
      expect(ours.status).toBe(0);
      expect(ours.stdout).toContain('dependencies:');
      expect(ourLines(ours.stderr)).toEqual([expect.stringMatching(/^gocondad: Go state not exported/)]);
      if (extra.GOCONDAD_PLUGIN_TIMEOUT) return; // `conda go` itself has no time limit (status --watch, logs -f run on)
      const go = pc.run(['go', 'status'], { env: extra });
      expect(go.status).not.toBe(0);
      expect(ourLines(go.stderr).length).toBeLessThanOrEqual(1);
      expect(go.stderr).not.toMatch(/Traceback/);
    },
    300000,
  );

  test('GOCONDAD_CLI as `node /path/cli.js` or as the cli.js path works (dist/cli.js is executable after a build)', () => {
    expect(fs.statSync(CLI).mode & 0o111).not.toBe(0);
    for (const cli of [`node ${CLI}`, CLI]) {
      const r = pc.run(['go', 'envs', '--json'], { env: { GOCONDAD_CLI: cli } });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toHaveProperty('envs');
    }
  });

  test('a plugin that fails to import (installed but broken) costs conda one line, not its exit status', () => {
    const pkg = path.join(spawnPython(pc, 'import gocondad_conda, os; print(os.path.dirname(gocondad_conda.__file__))'));
    const compat = path.join(pkg, 'compat.py');
    const good = fs.readFileSync(compat, 'utf8');
    fs.writeFileSync(compat, `raise ImportError("simulated breakage")\n${good}`);
    try {
      for (const args of [['info'], ['create', '-p', fresh('noimport'), '--yes', '-q'], ['--help']]) {
        const r = pc.run(args);
        expect({ args, status: r.status, traceback: /Traceback/.test(r.stderr) }).toEqual({ args, status: 0, traceback: false });
        expect(r.stderr.split('\n').filter((l) => /gocondad|simulated/.test(l) && !l.includes(pc.envsDir)).length).toBeLessThanOrEqual(1);
      }
    } finally {
      fs.writeFileSync(compat, good);
    }
  });
});

function spawnPython(p: PluginConda, code: string): string {
  const r = spawnSync(path.join(p.conda.root, 'bin', 'python'), ['-c', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

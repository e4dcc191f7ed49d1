// src/setup/uninstall.ts: planUninstall (pure: what is there decides what is listed) and executeUninstall
// over a temp world with recording hooks: a whole setup undone (every file as before but what is kept),
// each step's order and line, what a failing step leaves, another user's file never removed, an interrupt.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveLocations } from '../../../src/paths';
import { executeSetup } from '../../../src/setup/execute';
import { executeUninstall, planUninstall, type UninstallFacts, type UninstallPlan } from '../../../src/setup/uninstall';
import { setupHooks, SetupWorld, uninstallHooks } from '../../helpers/setup-world';

const loc = resolveLocations({ HOME: '/h', XDG_RUNTIME_DIR: '/run/user/1000', TMPDIR: '/tmp' }, 1000);
const facts = (over: Partial<UninstallFacts> = {}): UninstallFacts => ({
  loc,
  manifest: {
    version: 1,
    gocondad: '0.1.0',
    updatedAt: 't',
    service: 'login-line',
    plugins: [
      { root: '/r1', python: '/r1/bin/python' },
      { root: '/r2', python: '/r2/bin/python' },
    ],
    envs: ['/e1'],
    createdDirs: ['/h/.local', '/h/.local/state', '/e1/etc/conda'],
  },
  installedServices: ['login-line'],
  shimmedEnvs: [
    { prefix: '/e1', writable: true },
    { prefix: '/e2', writable: true },
    { prefix: '/shared/env', writable: false },
  ],
  command: '/usr/bin/node /g/cli.js',
  pluginsPresent: ['/r2'],
  purge: false,
  cacheDir: '/h/.cache/gocondad',
  exists: () => true,
  ...over,
});

test('without --purge: runtime, launchers, state and the record go; logs, envs.json and config stay', () => {
  const p = planUninstall(facts());
  expect(p.services).toEqual(['login-line']);
  expect(p.shims).toEqual(['/e1', '/e2']);
  expect(p.adminShims).toEqual([{ prefix: '/shared/env', command: 'sudo /usr/bin/node /g/cli.js shims uninstall /shared/env' }]);
  // Only where setup put it and it is still there.
  expect(p.plugins).toEqual([{ root: '/r2', python: '/r2/bin/python' }]);
  expect(p.remove).toEqual([
    '/run/user/1000/gocondad',
    '/tmp/gocondad-1000',
    '/h/.local/share/gocondad',
    '/h/.cache/gocondad',
    '/h/.local/state/gocondad/state.json',
    '/h/.local/state/gocondad/setup.json',
  ]);
  expect(p.keep).toEqual(['/h/.local/state/gocondad (log, envs.json)', '/h/.config/gocondad (config)']);
  expect(p.emptyDirs).toEqual(['/h/.local/state', '/e1/etc/conda', '/h/.local']);
});

test('--purge: the state and config dirs too, nothing kept; no cache dir: none listed', () => {
  const p = planUninstall(facts({ purge: true, cacheDir: null }));
  expect(p.remove).toEqual([
    '/run/user/1000/gocondad',
    '/tmp/gocondad-1000',
    '/h/.local/share/gocondad',
    '/h/.local/state/gocondad/state.json',
    '/h/.local/state/gocondad/setup.json',
    '/h/.local/state/gocondad',
    '/h/.config/gocondad',
  ]);
  expect(p.keep).toEqual([]);
});

test('no setup record (only `shims install` was used): shims and runtime still go, no plugin is touched', () => {
  const p = planUninstall(facts({ manifest: null, installedServices: [] }));
  expect(p.plugins).toEqual([]);
  expect(p.emptyDirs).toEqual([]);
  expect(p.shims).toEqual(['/e1', '/e2']);
});

test('only what is there is listed: a fallback runtime dir that was never made is not "removed"', () => {
  const there = new Set(['/run/user/1000/gocondad', '/h/.local/state/gocondad/setup.json']);
  expect(planUninstall(facts({ exists: (p) => there.has(p) })).remove).toEqual(['/run/user/1000/gocondad', '/h/.local/state/gocondad/setup.json']);
});

describe('executeUninstall', () => {
  let w: SetupWorld;
  beforeEach(() => (w = new SetupWorld()));
  afterEach(() => w.cleanup());
  const none: UninstallPlan = { services: [], shims: [], adminShims: [], plugins: [], remove: [], keep: [], emptyDirs: [] };

  test('a whole setup undone: service, daemon, shims, plugin, own files, the dirs it made; only what is kept stays', async () => {
    const a = w.envPrefix('a');
    const before = w.files();
    const python = path.join(w.root, 'bin', 'python');
    await executeSetup(
      {
        shims: { install: [a], optedOut: [], notWritable: [] },
        service: { kind: 'login-line', why: '', remove: [] },
        plugins: [{ root: w.root, python, action: 'install', why: '', command: '' }],
        undo: '',
      },
      w.loc,
      w.env,
      setupHooks(w, []),
      null,
    );
    const created = (JSON.parse(w.read(path.join(w.loc.stateDir, 'setup.json'))) as { createdDirs: string[] }).createdDirs;
    const events: string[] = [];
    const plan: UninstallPlan = {
      services: ['login-line'],
      shims: [a],
      adminShims: [{ prefix: '/opt/shared/env', command: 'sudo /usr/bin/node /g/cli.js shims uninstall /opt/shared/env' }],
      plugins: [{ root: w.root, python }],
      remove: [path.dirname(w.loc.launcherDir), path.join(w.loc.stateDir, 'setup.json')],
      keep: [`${w.loc.stateDir} (log, envs.json)`],
      emptyDirs: [...created].sort((x, y) => y.length - x.length),
    };
    const r = await executeUninstall(plan, w.loc, w.env, uninstallHooks(w, events, { stopped: 'stopped the daemon (pid 77)' }));
    expect(r).toEqual({ failures: 0 });
    expect(events).toEqual([
      'service  removed the start line from W/home/.profile',
      'checkpoint',
      'stopDaemon',
      'daemon   stopped the daemon (pid 77)',
      'checkpoint',
      'shims    removed  W/conda/envs/a  (7 file(s))',
      'shims    not writable by you: /opt/shared/env; an admin can run: sudo /usr/bin/node /g/cli.js shims uninstall /opt/shared/env',
      'checkpoint',
      'run W/conda/bin/python -m pip uninstall --yes --quiet gocondad-conda',
      'plugin   removed  W/conda',
      'checkpoint',
      'removed  W/home/.local/share/gocondad',
      'removed  W/home/.local/state/gocondad/setup.json',
      'kept     W/home/.local/state/gocondad (log, envs.json); `gocondad uninstall --purge` removes it',
    ]);
    // Not opted out: the kept envs.json must not make a later setup skip the env (as `shims uninstall ENV` would).
    expect(w.read(w.loc.registry)).toBe('{\n  "installed": [],\n  "excluded": []\n}\n');
    // The dirs holding what is kept stay; every other dir setup made is gone, and no file of its own is left.
    expect(w.files()).toEqual(
      [...before, 'home/.local/', 'home/.local/state/', 'home/.local/state/gocondad/', 'home/.local/state/gocondad/envs.json 600'].sort(),
    );
  });

  test("failing steps counted and said, the rest still done; another user's file, a missing one and a dir with something in it stay", async () => {
    const a = w.envPrefix('a');
    fs.mkdirSync(path.join(a, 'etc', 'conda', 'gocondad-foreign.sh', 'x'), { recursive: true }); // rm of the runner fails
    const theirs = w.write(path.join(w.dir, 'theirs'), '');
    fs.chownSync(theirs, 4242, 4242);
    const tree = w.write(path.join(w.dir, 'tree', 'sub', 'f'), '');
    const [empty, deep, full] = ['e/mpty', 'e/mpty/deep', 'full'].map((d) => path.join(w.dir, d)) as [string, string, string];
    fs.mkdirSync(deep, { recursive: true });
    w.write(path.join(full, 'f'), '');
    const events: string[] = [];
    const answer = (cmd: string) =>
      cmd.endsWith('/python') ? { status: 2, stderr: 'Found existing installation\nUninstalling gocondad-conda\nERROR: cannot uninstall\n' } : undefined;
    const plan: UninstallPlan = {
      ...none,
      shims: [a],
      plugins: [{ root: w.root, python: path.join(w.root, 'bin', 'python') }],
      remove: [theirs, path.join(w.dir, 'missing'), path.dirname(path.dirname(tree))],
      emptyDirs: [deep, full, empty, path.join(w.dir, 'gone')],
    };
    const r = await executeUninstall(plan, w.loc, w.env, uninstallHooks(w, events, { answer }));
    expect(r).toEqual({ failures: 2 });
    expect(events).toEqual([
      'checkpoint',
      'stopDaemon',
      'checkpoint',
      expect.stringMatching(/^shims {4}FAILED {3}W\/conda\/envs\/a: .*EISDIR.*W\/conda\/envs\/a\/etc\/conda\/gocondad-foreign\.sh$/),
      'checkpoint',
      'run W/conda/bin/python -m pip uninstall --yes --quiet gocondad-conda',
      'plugin   FAILED   W/conda: pip exited 2: ERROR: cannot uninstall; run: W/conda/bin/python -m pip uninstall gocondad-conda',
      'checkpoint',
      'removed  W/tree',
    ]);
    expect([theirs, full, path.join(full, 'f')].map((p) => fs.existsSync(p))).toEqual([true, true, true]);
    expect([path.join(w.dir, 'tree'), deep, empty].map((p) => fs.existsSync(p))).toEqual([false, false, false]);
  });

  test('the systemd unit goes through systemctl; interrupted at the first checkpoint, the daemon and the shims are left', async () => {
    const unit = w.write(path.join(w.home, '.config', 'systemd', 'user', 'gocondad.service'), '[Unit]\n');
    const a = w.envPrefix('a');
    const shim = w.write(path.join(a, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'), '# gocondad-shim-version: 0.1.0 format 2\n');
    const events: string[] = [];
    const run = executeUninstall({ ...none, services: ['systemd-user'], shims: [a] }, w.loc, w.env, uninstallHooks(w, events, { stopAt: 1 }));
    await expect(run).rejects.toThrow('interrupted (SIGINT)');
    expect(events).toEqual([
      'run systemctl --user disable --now gocondad.service',
      'run systemctl --user daemon-reload',
      'service  stopped and disabled gocondad.service',
      'service  removed W/home/.config/systemd/user/gocondad.service',
      'checkpoint',
    ]);
    expect([unit, shim].map((f) => fs.existsSync(f))).toEqual([false, true]);
  });

  test('a path another process removes between the look and the removal (a second uninstall, a daemon still exiting) is no failure', async () => {
    const runtime = path.join(w.dir, 'run', 'gocondad');
    w.write(path.join(runtime, 'gocondad.sock'), '');
    // Another process removes the dir right after uninstall's lstat saw it, before its rm.
    // The module itself, not the import's namespace copy (whose properties cannot be replaced).
    const nodeFs = require('node:fs') as typeof fs;
    const real = nodeFs.lstatSync;
    let raced = false;
    const spy = jest.spyOn(nodeFs, 'lstatSync').mockImplementation(((p: fs.PathLike, o?: fs.StatSyncOptions) => {
      const st = real(p, o);
      if (p === runtime && !raced) {
        raced = true;
        fs.rmSync(runtime, { recursive: true });
      }
      return st;
    }) as typeof fs.lstatSync);
    try {
      const events: string[] = [];
      expect(await executeUninstall({ ...none, remove: [runtime] }, w.loc, w.env, uninstallHooks(w, events))).toEqual({ failures: 0 });
      expect(raced).toBe(true);
      expect(events).toEqual(['checkpoint', 'stopDaemon', 'checkpoint', 'removed  W/run/gocondad']);
    } finally {
      spy.mockRestore();
    }
  });

  test('no checkpoint hook and nothing to do: no daemon line when none ran', async () => {
    const events: string[] = [];
    const hooks = uninstallHooks(w, events);
    delete hooks.checkpoint;
    expect(await executeUninstall(none, w.loc, w.env, hooks)).toEqual({ failures: 0 });
    expect(events).toEqual(['stopDaemon']);
  });
});

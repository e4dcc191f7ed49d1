import * as path from 'node:path';
import { resolveLocations } from '../../../src/paths';
import { planUninstall, type UninstallFacts } from '../../../src/setup/uninstall';

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
  expect(p.keep.join(' ')).toMatch(/state\/gocondad \(log, envs.json\).*config\/gocondad \(config\)/);
  expect(p.emptyDirs).toEqual(['/h/.local/state', '/e1/etc/conda', '/h/.local']);
});

test('--purge: the state and config dirs too, nothing kept', () => {
  const p = planUninstall(facts({ purge: true }));
  expect(p.remove).toEqual(expect.arrayContaining([path.join('/h/.local/state/gocondad'), '/h/.config/gocondad']));
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

import { pipInstallCommand, planSetup, renderPlan, shq, type CondaFact, type SetupFacts, type SetupOptions } from '../../../src/setup/setup-plan';

const conda = (over: Partial<CondaFact> = {}): CondaFact => ({
  root: '/home/u/miniforge3',
  python: '/home/u/miniforge3/bin/python',
  plugin: null,
  writable: true,
  ours: false,
  ...over,
});
const facts = (over: Partial<SetupFacts> = {}): SetupFacts => ({
  envs: [
    { prefix: '/home/u/miniforge3/envs/a', name: 'a', writable: true, optedOut: false },
    { prefix: '/opt/shared/envs/team env', name: 'team env', writable: false, optedOut: false },
    { prefix: '/home/u/miniforge3/envs/b', name: 'b', writable: true, optedOut: true },
  ],
  condas: [conda()],
  service: { kind: 'login-line', why: 'no systemd' },
  installedServices: [],
  command: '/usr/bin/node /opt/g/dist/cli.js',
  pluginSource: '/opt/g/python-shim',
  pluginVersion: '0.2.0',
  ...over,
});
const ask: SetupOptions = { plugin: 'ask', interactive: true, service: true };

test('shims: every writable env; opted-out envs skipped; admin-owned ones listed with the command an admin runs', () => {
  const p = planSetup(facts(), ask);
  expect(p.shims).toEqual({
    install: ['/home/u/miniforge3/envs/a'],
    optedOut: ['/home/u/miniforge3/envs/b'],
    notWritable: [{ prefix: '/opt/shared/envs/team env', command: "sudo /usr/bin/node /opt/g/dist/cli.js shims install '/opt/shared/envs/team env'" }],
  });
  expect(p.undo).toBe('gocondad uninstall');
});

test('plugin: every branch of consent', () => {
  const step = (c: Partial<CondaFact>, o: Partial<SetupOptions> = {}) => planSetup(facts({ condas: [conda(c)] }), { ...ask, ...o }).plugins[0]!;
  expect(step({})).toMatchObject({ action: 'ask', why: 'asks first' });
  // An earlier setup's plugin that is gone now (the user removed it): asked again, never put back silently.
  expect(step({ ours: true }).action).toBe('ask');
  expect(step({ ours: true }, { interactive: false }).action).toBe('skip');
  expect(step({}, { interactive: false })).toMatchObject({ action: 'skip', why: expect.stringContaining('gocondad setup --yes') });
  // "or run the command" names it: the pip install itself, ready to paste.
  expect(step({}, { interactive: false }).why).toMatch(
    /, or run: \/home\/u\/miniforge3\/bin\/python -m pip install --no-deps --no-build-isolation --no-index \/opt\/g\/python-shim$/,
  );
  expect(step({}, { plugin: 'yes', interactive: false })).toMatchObject({ action: 'install', why: '--yes' });
  expect(step({}, { plugin: 'no' })).toMatchObject({ action: 'skip', why: '--no-plugin' });
  expect(step({ plugin: '0.2.0' }, { plugin: 'no' }).action).toBe('keep');
  expect(step({ plugin: '0.2.0' })).toMatchObject({ action: 'keep', why: 'plugin 0.2.0 already installed' });
  expect(step({ plugin: '0.1.0', ours: true }, { interactive: false })).toMatchObject({
    action: 'upgrade',
    why: expect.stringContaining('0.1.0 (installed by an earlier setup) → 0.2.0'),
  });
  // Installed by someone else: never replaced without consent.
  expect(step({ plugin: '0.1.0' }, { interactive: false }).action).toBe('skip');
  expect(step({ plugin: '0.1.0' }, { plugin: 'yes' })).toMatchObject({ action: 'install', why: 'replaces plugin 0.1.0 (--yes)' });
  expect(step({ writable: false }, { plugin: 'yes' })).toMatchObject({
    action: 'skip',
    why: expect.stringContaining('an admin can run: sudo /home/u/miniforge3/bin/python -m pip install'),
  });
  expect(step({}).command).toBe('/home/u/miniforge3/bin/python -m pip install --no-deps --no-build-isolation --no-index /opt/g/python-shim');
});

test('service: the chosen kind; another kind installed before is removed; --no-service leaves it', () => {
  expect(planSetup(facts({ installedServices: ['login-line'] }), ask).service).toEqual({ kind: 'login-line', why: 'no systemd', remove: [] });
  expect(planSetup(facts({ service: { kind: 'systemd-user', why: 'user manager' }, installedServices: ['login-line'] }), ask).service).toEqual({
    kind: 'systemd-user',
    why: 'user manager',
    remove: ['login-line'],
  });
  expect(planSetup(facts(), { ...ask, service: false }).service).toBeNull();
});

test('the printed plan, line by line: every step and the undo command', () => {
  const installed = {
    service: { kind: 'systemd-user' as const, why: 'a user manager answers' },
    installedServices: ['login-line' as const, 'launchd' as const],
  };
  const condas = [conda(), conda({ root: '/opt/conda', python: '/opt/conda/bin/python', plugin: '0.2.0' })];
  expect(renderPlan(planSetup(facts({ ...installed, condas }), ask))).toEqual([
    'shims: 1 env(s)',
    '  install  /home/u/miniforge3/envs/a',
    '  skip     /home/u/miniforge3/envs/b  (opted out; `gocondad shims install /home/u/miniforge3/envs/b` opts back in)',
    'not writable by you (1); an admin can run:',
    "  sudo /usr/bin/node /opt/g/dist/cli.js shims install '/opt/shared/envs/team env'",
    'service: systemd-user — a user manager answers',
    '  remove the login-line service installed before',
    '  remove the launchd service installed before',
    'conda plugin (conda go ..., shims current right after conda changes an env):',
    '  ask      /home/u/miniforge3  (asks first)',
    '  keep     /opt/conda  (plugin 0.2.0 already installed)',
    'undo everything: gocondad uninstall',
  ]);
  const bare = facts({ envs: [{ prefix: "/e/it's", name: 'x', writable: true, optedOut: true }], condas: [] });
  expect(renderPlan(planSetup(bare, { ...ask, service: false }))).toEqual([
    'shims: 0 env(s)',
    "  skip     /e/it's  (opted out; `gocondad shims install '/e/it'\\''s'` opts back in)",
    'service: not touched (--no-service)',
    'conda plugin: no conda installation with a python found',
    'undo everything: gocondad uninstall',
  ]);
});

test('shq quotes what a shell would split or expand', () => {
  expect(shq('/plain/path-1.2_x')).toBe('/plain/path-1.2_x');
  expect(shq("it's $(x) `y`")).toBe(`'it'\\''s $(x) \`y\`'`);
  expect(pipInstallCommand('/a b/python', '/src')).toBe("'/a b/python' -m pip install --no-deps --no-build-isolation --no-index /src");
});

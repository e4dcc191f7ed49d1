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
  expect(step({}).action).toBe('ask');
  expect(step({}, { interactive: false })).toMatchObject({ action: 'skip', why: expect.stringContaining('gocondad setup --yes') });
  // "or run the command" names it: the pip install itself, ready to paste.
  expect(step({}, { interactive: false }).why).toMatch(
    /, or run: \/home\/u\/miniforge3\/bin\/python -m pip install --no-deps --no-build-isolation --no-index \/opt\/g\/python-shim$/,
  );
  expect(step({}, { plugin: 'yes', interactive: false }).action).toBe('install');
  expect(step({}, { plugin: 'no' })).toMatchObject({ action: 'skip', why: '--no-plugin' });
  expect(step({ plugin: '0.2.0' }, { plugin: 'no' }).action).toBe('keep');
  expect(step({ plugin: '0.2.0' }).action).toBe('keep');
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

test('the printed plan names every step and the undo command', () => {
  const text = renderPlan(planSetup(facts(), ask)).join('\n');
  expect(text).toContain('install  /home/u/miniforge3/envs/a');
  expect(text).toContain("sudo /usr/bin/node /opt/g/dist/cli.js shims install '/opt/shared/envs/team env'");
  expect(text).toContain('opted out');
  expect(text).toContain('service: login-line — no systemd');
  expect(text).toContain('ask      /home/u/miniforge3');
  expect(text).toMatch(/undo everything: gocondad uninstall$/);
  expect(renderPlan(planSetup(facts({ condas: [] }), ask)).join('\n')).toContain('no conda installation with a python found');
});

test('shq quotes what a shell would split or expand', () => {
  expect(shq('/plain/path-1.2_x')).toBe('/plain/path-1.2_x');
  expect(shq("it's $(x) `y`")).toBe(`'it'\\''s $(x) \`y\`'`);
  expect(pipInstallCommand('/a b/python', '/src')).toBe("'/a b/python' -m pip install --no-deps --no-build-isolation --no-index /src");
});

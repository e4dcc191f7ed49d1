// src/setup/execute.ts, executeSetup's service step, over a temp world with recording hooks: a daemon
// started by hand is stopped before a manager starts its own; the service installed before goes only once
// the new one is in; a failed install keeps it, starts the daemon by hand and counts a failure; the
// directory each kind writes into is recorded as created. (execute.test.ts: the other steps.)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { executeSetup } from '../../../src/setup/execute';
import { manifestPath, type Manifest } from '../../../src/setup/manifest';
import type { SetupPlan } from '../../../src/setup/setup-plan';
import type { ServiceKind } from '../../../src/service/types';
import { setupHooks, SetupWorld } from '../../helpers/setup-world';

let w: SetupWorld;
beforeEach(() => (w = new SetupWorld()));
afterEach(() => w.cleanup());

const RECORD = ['record   W/home/.local/state/gocondad/setup.json', 'undo all of it: gocondad uninstall'];
const CHECKPOINT = 'checkpoint service=null plugins= envs=';
const BLOCK = '# >>> gocondad >>> starts the gocondad daemon at login; remove with: gocondad uninstall\nstart it\n# <<< gocondad <<<\n';
const plan = (kind: ServiceKind, remove: ServiceKind[] = []): SetupPlan => ({
  shims: { install: [], optedOut: [], notWritable: [] },
  service: { kind, why: 'test', remove },
  plugins: [],
  undo: 'gocondad uninstall',
});
const record = (): Manifest => JSON.parse(w.read(manifestPath(w.loc)).replaceAll(w.dir, 'W'));
const OURS = ['W/home/.cache', 'W/home/.cache/gocondad', 'W/home/.local', 'W/home/.local/share', 'W/home/.local/share/gocondad'].concat([
  'W/home/.local/state',
  'W/home/.local/state/gocondad',
]);
const old: Manifest = { version: 1, gocondad: '0.0.1', updatedAt: 't', service: 'login-line', plugins: [], envs: [], createdDirs: [] };

test('systemd: the hand-started daemon stopped first, the unit in and started, then the login line of before removed', async () => {
  const profile = w.write(path.join(w.home, '.profile'), `export A=1\n${BLOCK}`);
  const events: string[] = [];
  const r = await executeSetup(plan('systemd-user', ['login-line']), w.loc, w.env, setupHooks(w, events, { stopped: 'stopped the daemon (pid 77)' }), null);
  expect(r).toEqual({ failures: 0 });
  expect(events).toEqual([
    CHECKPOINT,
    'stopDaemon',
    'daemon   stopped the daemon (pid 77) (the service starts it now)',
    'progress installing the systemd-user service',
    'run systemctl --user daemon-reload',
    'run systemctl --user enable gocondad.service',
    'run systemctl --user restart gocondad.service',
    'service  wrote the systemd user unit W/home/.config/systemd/user/gocondad.service',
    'service  enabled gocondad.service (starts at every login)',
    'service  started gocondad.service',
    'service  removed the start line from W/home/.profile',
    ...RECORD,
  ]);
  expect(w.read(profile)).toBe('export A=1\n');
  expect(record()).toMatchObject({
    service: 'systemd-user',
    createdDirs: [...OURS.slice(0, 2), 'W/home/.config/systemd', 'W/home/.config/systemd/user', ...OURS.slice(2)],
  });
});

test('systemd failing: the login line of before kept, the daemon started by hand, one failure, the earlier service still recorded', async () => {
  const profile = w.write(path.join(w.home, '.profile'), BLOCK);
  const events: string[] = [];
  const answer = (cmd: string, args: string[]) =>
    args[1] === 'daemon-reload' ? { status: 1, stderr: 'Failed to connect to bus: No medium found\nmore\n' } : undefined;
  const r = await executeSetup(plan('systemd-user', ['login-line']), w.loc, w.env, setupHooks(w, events, { answer }), old);
  expect(r).toEqual({ failures: 1 });
  expect(events).toEqual([
    'checkpoint service=login-line plugins= envs=',
    'stopDaemon',
    'progress installing the systemd-user service',
    'run systemctl --user daemon-reload',
    'service  systemctl --user daemon-reload failed (exit 1): Failed to connect to bus: No medium found',
    'service  so the unit was not installed (W/home/.config/systemd/user/gocondad.service left as it was)',
    'startDaemon',
    'daemon   gocondad daemon started (pid 4242)',
    ...RECORD,
  ]);
  expect(w.read(profile)).toBe(BLOCK);
  expect(record().service).toBe('login-line');
});

test('launchd: the agent in its LaunchAgents dir (recorded as created), loaded, so no daemon started by hand', async () => {
  const events: string[] = [];
  expect(await executeSetup(plan('launchd'), w.loc, w.env, setupHooks(w, events), null)).toEqual({ failures: 0 });
  const uid = process.getuid!();
  expect(events).toEqual([
    CHECKPOINT,
    'stopDaemon',
    'progress installing the launchd service',
    `run launchctl bootout gui/${uid}/org.gocondad.daemon`,
    `run launchctl bootstrap gui/${uid} W/home/Library/LaunchAgents/org.gocondad.daemon.plist`,
    'service  wrote the launchd agent W/home/Library/LaunchAgents/org.gocondad.daemon.plist',
    'service  loaded org.gocondad.daemon (runs at every login)',
    ...RECORD,
  ]);
  expect(record()).toMatchObject({ service: 'launchd', createdDirs: [...OURS, 'W/home/Library', 'W/home/Library/LaunchAgents'] });
});

test("the login line: no daemon stopped; its dir is the login shell's (zsh: ZDOTDIR), recorded as created", async () => {
  const zdot = path.join(w.home, 'zdot');
  const events: string[] = [];
  await executeSetup(plan('login-line'), w.loc, { ...w.env, SHELL: '/usr/bin/zsh', ZDOTDIR: zdot }, setupHooks(w, events), null);
  expect(events).toEqual([
    CHECKPOINT,
    'progress installing the login-line service',
    'service  added the start line in W/home/zdot/.zprofile (zsh reads it at login)',
    'startDaemon',
    'daemon   gocondad daemon started (pid 4242)',
    ...RECORD,
  ]);
  expect(fs.existsSync(path.join(zdot, '.zprofile'))).toBe(true);
  expect(record()).toMatchObject({ service: 'login-line', createdDirs: [...OURS, 'W/home/zdot'] });
});

test('no HOME, no SHELL in the environment and no progress or checkpoint hooks: .profile, and no cache dir claimed', async () => {
  const env = { ...w.env };
  delete env.HOME;
  delete env.SHELL;
  const events: string[] = [];
  const hooks = setupHooks(w, events);
  delete hooks.progress;
  delete hooks.checkpoint;
  expect(await executeSetup(plan('login-line'), w.loc, env, hooks, null)).toEqual({ failures: 0 });
  expect(events).toEqual([
    'service  added the start line in W/home/.profile (sh reads it at login)',
    'startDaemon',
    'daemon   gocondad daemon started (pid 4242)',
    ...RECORD,
  ]);
  expect(record().createdDirs).toEqual(OURS.slice(2));
});

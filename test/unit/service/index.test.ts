// src/service/index.ts: the spec a service starts (node, flags, CLI, the variables discovery reads), the
// context, the running daemon's pid from the lock, and the one-line report `status` and `doctor` show.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveLocations, type Locations } from '../../../src/paths';
import { DAEMON_NODE_FLAGS, PACKAGE_ROOT, VERSION } from '../../../src/pkg';
import { CARRIED_VARS, describeService, MANAGERS, runningDaemonPid, serviceContext, serviceReport, serviceSpec } from '../../../src/service';
import type { Runner, ServiceStatus } from '../../../src/service/types';

let dir: string;
let loc: Locations;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-service-index-'));
  loc = resolveLocations({ HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run'), SHELL: '/bin/bash' });
  fs.mkdirSync(loc.runtimeDir, { recursive: true, mode: 0o700 });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('the spec: this node with the daemon flags, the package CLI, the log, and only the discovery variables that are set', () => {
  const env = { CONDA_EXE: '/c/bin/conda', MAMBA_ROOT_PREFIX: '/m', CONDARC: '', PATH: '/usr/bin', HOME: '/h', XDG_STATE_HOME: '/s' };
  expect(serviceSpec(loc, env)).toEqual({
    node: process.execPath,
    nodeFlags: DAEMON_NODE_FLAGS,
    cli: path.join(PACKAGE_ROOT, 'dist', 'cli.js'),
    env: { CONDA_EXE: '/c/bin/conda', MAMBA_ROOT_PREFIX: '/m', XDG_STATE_HOME: '/s' },
    log: loc.log,
    version: VERSION,
  });
  expect(serviceSpec(loc, {}, '/opt/node').node).toBe('/opt/node');
  expect(CARRIED_VARS).toEqual([
    'CONDA_EXE',
    'CONDA_ROOT',
    'MAMBA_EXE',
    'MAMBA_ROOT_PREFIX',
    'CONDARC',
    'MAMBARC',
    'CONDA_ENVS_PATH',
    'CONDA_ENVS_DIRS',
    'XDG_CONFIG_HOME',
    'XDG_STATE_HOME',
    'XDG_DATA_HOME',
  ]);
  expect(Object.keys(MANAGERS)).toEqual(['systemd-user', 'launchd', 'login-line']);
});

test('the context: home, env, uid (this process by default), the state dir', () => {
  expect(serviceContext(loc, { A: '1' })).toEqual({ home: loc.home, env: { A: '1' }, uid: process.getuid!(), stateDir: loc.stateDir });
  expect(serviceContext(loc, {}, 1234).uid).toBe(1234);
});

test('runningDaemonPid: a live pid in the lock and a socket; not a dead pid, junk, zero, or no socket', async () => {
  expect(runningDaemonPid(loc)).toBeNull(); // no lock
  const child = spawn('sleep', ['30']);
  try {
    fs.writeFileSync(loc.lock, `${child.pid}\n`);
    expect(runningDaemonPid(loc)).toBeNull(); // no socket yet
    fs.writeFileSync(loc.socket, '');
    expect(runningDaemonPid(loc)).toBe(child.pid);
    for (const junk of ['', 'abc', '0', '-5', '1.5']) {
      fs.writeFileSync(loc.lock, junk);
      expect([junk, runningDaemonPid(loc)]).toEqual([junk, null]);
    }
  } finally {
    child.kill();
  }
  await new Promise((r) => child.once('exit', r));
  fs.writeFileSync(loc.lock, `${child.pid}\n`);
  expect(runningDaemonPid(loc)).toBeNull(); // dead
});

test('serviceReport and describeService: what is installed, and whether the daemon runs', () => {
  const noManager: Runner = () => ({ status: -1, stdout: '', stderr: '' });
  const ctx = serviceContext(loc, { SHELL: '/bin/bash' });
  expect(serviceReport(loc, ctx, noManager)).toEqual({ installed: [], daemonPid: null });
  expect(describeService({ installed: [], daemonPid: null })).toBe('service: not installed (gocondad setup installs it); daemon not running');
  MANAGERS['login-line'].install(serviceSpec(loc, {}), ctx, noManager);
  const r = serviceReport(loc, ctx, noManager);
  expect(r.installed.map((s) => s.kind)).toEqual(['login-line']);
  const unit: ServiceStatus = { kind: 'systemd-user', installed: true, files: ['/u'], active: true, detail: 'unit active' };
  expect(describeService({ installed: [unit, r.installed[0]!], daemonPid: 42 })).toBe(
    `service: systemd-user (unit active), login-line (start line in ${path.join(loc.home, '.profile')}); daemon running (pid 42)`,
  );
});

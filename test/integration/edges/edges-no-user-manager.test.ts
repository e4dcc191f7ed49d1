// Issue 19 §2: `--manager systemd-user` where no systemd user manager answers (the real systemctl, with
// this test's own XDG_RUNTIME_DIR and no session bus, so no manager is reachable on any machine). It used
// to remove the working login line, write a unit that can never run, print `daemon-reload failed` and
// exit 0, and `service status` and `doctor` then said all was well.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TRACE } from '../../helpers/edges';
import { listing } from '../../helpers/listing';
import { requireReal, World } from '../../helpers/world';

let world: World;
beforeAll(() => {
  requireReal();
  if (spawnSync('systemctl', ['--version']).error) throw new Error('systemctl is missing: apt-get install systemd (scripts/ensure-test-deps installs it)');
});
beforeEach(() => {
  world = new World();
  world.makeEnv('one');
  Object.assign(world.env, { SHELL: '/bin/bash' });
});
afterEach(() => world.cleanup());

const unit = () => path.join(world.home, '.config', 'systemd', 'user', 'gocondad.service');

test('service install and setup with --manager systemd-user refuse, change nothing, and the login line keeps working', () => {
  const first = world.cli(['service', 'install']);
  expect(first.status).toBe(0);
  expect(first.stdout).toMatch(/^service: login-line/m);
  const pid = world.daemonPid();
  expect(pid).not.toBeNull();
  const before = listing([world.home]);

  for (const args of [
    ['service', 'install', '--manager', 'systemd-user'],
    ['setup', '--yes', '--no-plugin', '--manager', 'systemd-user'],
  ]) {
    const r = world.cli(args);
    expect([args.join(' '), r.status, r.stdout]).toEqual([args.join(' '), 1, '']);
    expect(r.stderr).not.toMatch(TRACE);
    expect(r.stderr).toMatch(
      /^gocondad: cannot install a systemd-user service here: (systemctl --user (cannot reach a user manager|says "\w+")|no \$XDG_RUNTIME_DIR\/systemd).*; nothing was changed; /,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(listing([world.home])).toEqual(before);
    expect(world.daemonPid()).toBe(pid);
  }
});

test('a unit that cannot run (an older gocondad wrote it) is a problem for service status and doctor, even with a daemon running', () => {
  world.startDaemon();
  fs.mkdirSync(path.dirname(unit()), { recursive: true });
  fs.writeFileSync(unit(), '[Service]\nExecStart=/bin/true\n');
  const status = world.cli(['service', 'status']);
  expect(status.status).toBe(1);
  expect(status.stdout).toMatch(/^PROBLEM {2}\[service-cannot-run\] the systemd user unit .* no user manager answers here/m);
  const doctor = world.cli(['doctor', '--json', '--kind', 'service-cannot-run']);
  expect(doctor.status).toBe(1);
  expect(JSON.parse(doctor.stdout).findings).toEqual([
    expect.objectContaining({ kind: 'service-cannot-run', severity: 'problem', fix: expect.stringContaining('--manager login-line') }),
  ]);
  // the fix it names works: the login line replaces the unit
  expect(world.cli(['service', 'install', '--manager', 'login-line']).status).toBe(0);
  expect(fs.existsSync(unit())).toBe(false);
  expect(world.cli(['service', 'status']).status).toBe(0);
});

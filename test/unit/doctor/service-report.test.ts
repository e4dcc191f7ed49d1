// What doctor and `service status` say about the login service (src/doctor/service-report.ts).
import { serviceFindings } from '../../../src/doctor/service-report';
import type { ServiceStatus } from '../../../src/service/types';

const unit = (active: boolean | null): ServiceStatus => ({
  kind: 'systemd-user',
  installed: true,
  files: ['/h/.config/systemd/user/gocondad.service'],
  active,
  detail: active === null ? 'unit installed, but no user manager answers: it cannot run' : active ? 'unit active' : 'unit inactive',
});
const line: ServiceStatus = { kind: 'login-line', installed: true, files: ['/h/.profile'], active: null, detail: 'start line in /h/.profile' };

test('a systemd unit no user manager answers for is a problem even while a daemon runs (started by hand)', () => {
  const f = serviceFindings({ installed: [unit(null)], daemonPid: 42 }, 1000);
  expect(f).toEqual([expect.objectContaining({ kind: 'service-cannot-run', severity: 'problem', fix: expect.stringContaining('--manager login-line') })]);
  expect(f[0]!.message).toContain('/h/.config/systemd/user/gocondad.service');
});

test('an active unit, or a login line, with a daemon running: no finding', () => {
  expect(serviceFindings({ installed: [unit(true)], daemonPid: 42 }, 1000)).toEqual([]);
  expect(serviceFindings({ installed: [line], daemonPid: 42 }, 1000)).toEqual([]);
  expect(serviceFindings({ installed: [], daemonPid: null }, 1000)).toEqual([]);
});

test('installed with no daemon: service-not-running, with the fix of its kind', () => {
  expect(serviceFindings({ installed: [line], daemonPid: null }, 1000)).toEqual([
    expect.objectContaining({ kind: 'service-not-running', fix: expect.stringMatching(/^gocondad start/) }),
  ]);
  expect(serviceFindings({ installed: [unit(null)], daemonPid: null }, 1000).map((f) => f.kind)).toEqual(['service-cannot-run', 'service-not-running']);
});

test('the whole findings, each kind with its own fix', () => {
  expect(serviceFindings({ installed: [unit(null)], daemonPid: 42 }, 1000)).toEqual([
    {
      kind: 'service-cannot-run',
      severity: 'problem',
      prefix: null,
      message: 'the systemd user unit /h/.config/systemd/user/gocondad.service is installed but no user manager answers here: it will never start the daemon',
      fix: 'gocondad service install --manager login-line (a line in the login file starts it instead)',
    },
  ]);
  // A status with no file named still names the unit.
  expect(serviceFindings({ installed: [{ ...unit(null), files: [] }], daemonPid: 42 }, 1000)[0]!.message).toBe(
    'the systemd user unit gocondad.service is installed but no user manager answers here: it will never start the daemon',
  );
  expect(serviceFindings({ installed: [unit(false)], daemonPid: null }, 1000)).toEqual([
    {
      kind: 'service-not-running',
      severity: 'problem',
      prefix: null,
      message:
        'the systemd-user service is installed (unit inactive) but no daemon runs: new envs get no shims and changed envs are not replanned until it does',
      fix: 'systemctl --user restart gocondad.service (why it stopped: gocondad service logs)',
    },
  ]);
  const agent: ServiceStatus = { kind: 'launchd', installed: true, files: ['/h/Library/LaunchAgents/x.plist'], active: false, detail: 'agent not loaded' };
  expect(serviceFindings({ installed: [agent], daemonPid: null }, 501)).toEqual([
    {
      kind: 'service-not-running',
      severity: 'problem',
      prefix: null,
      message: 'the launchd service is installed (agent not loaded) but no daemon runs: new envs get no shims and changed envs are not replanned until it does',
      fix: 'launchctl kickstart gui/501/org.gocondad.daemon (why it stopped: gocondad service logs)',
    },
  ]);
  expect(serviceFindings({ installed: [line], daemonPid: null }, 1000)[0]!.fix).toBe(
    'gocondad start (the login line starts it at your next login; why it stopped: gocondad logs)',
  );
});

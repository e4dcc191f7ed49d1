// What doctor says about the login service: a service that is installed while no daemon runs is a
// problem (the shims work, but nothing keeps them current); no service at all is only reported.
import type { ServiceReport } from '../service';
import { UNIT_NAME } from '../service/systemd-user';
import { LABEL } from '../service/launchd';
import type { Finding } from './context';

export function serviceFindings(r: ServiceReport, uid: number): Finding[] {
  return [...cannotRun(r), ...notRunning(r, uid)];
}

/**
 * A systemd unit no user manager answers for never starts the daemon, even while one runs now (started
 * by hand): at the next login nothing starts it. A problem, whatever runs today.
 */
function cannotRun(r: ServiceReport): Finding[] {
  return r.installed
    .filter((s) => s.kind === 'systemd-user' && s.active === null)
    .map((s) => ({
      kind: 'service-cannot-run',
      severity: 'problem' as const,
      prefix: null,
      message: `the systemd user unit ${s.files[0] ?? UNIT_NAME} is installed but no user manager answers here: it will never start the daemon`,
      fix: 'gocondad service install --manager login-line (a line in the login file starts it instead)',
    }));
}

function notRunning(r: ServiceReport, uid: number): Finding[] {
  if (r.installed.length === 0 || r.daemonPid !== null) return [];
  const s = r.installed[0]!;
  const fix =
    s.kind === 'systemd-user'
      ? `systemctl --user restart ${UNIT_NAME} (why it stopped: gocondad service logs)`
      : s.kind === 'launchd'
        ? `launchctl kickstart gui/${uid}/${LABEL} (why it stopped: gocondad service logs)`
        : 'gocondad start (the login line starts it at your next login; why it stopped: gocondad logs)';
  return [
    {
      kind: 'service-not-running',
      severity: 'problem',
      prefix: null,
      message: `the ${s.kind} service is installed (${s.detail}) but no daemon runs: new envs get no shims and changed envs are not replanned until it does`,
      fix,
    },
  ];
}

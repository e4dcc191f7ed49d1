import { upgradeLogLine } from '../../../src/cli/log-lines';

// A line exactly as gocondad 0.1.0's daemon wrote it: pino's level first, the shell level after it.
const OLD =
  '{"level":30,"time":"2026-12-01T10:00:00.000Z","pid":9,"event":"activate","shellPid":7,"shell":"bash","prefix":"/e","envName":"e","level":1,"goroot":"/g","goVersion":"go1.22.1","msg":"activate"}';

test('an 0.1.0 activation line: pino level back, the shell level as shlvl', () => {
  const rec = JSON.parse(upgradeLogLine(OLD));
  expect(rec).toMatchObject({ level: 30, shlvl: 1, event: 'activate', envName: 'e', msg: 'activate' });
});
test.each([
  ['deactivate', 30],
  ['activation_skipped', 40],
  ['path_reexport_trimmed', 20],
])('%s gets back pino level %d', (event, level) => {
  expect(JSON.parse(upgradeLogLine(OLD.replace('"activate"', `"${event}"`)))).toMatchObject({ level, shlvl: 1 });
});
test('lines of this version, other events and non-JSON pass unchanged', () => {
  const now = '{"level":30,"event":"activate","shlvl":1}';
  for (const l of [now, '{"level":40,"event":"bad_request","note":"level":3}', 'not json "level":1 "level":2', '{"level":50,"event":"x","level":2}'])
    expect(upgradeLogLine(l)).toBe(l);
});

test('an 0.1.0 shims line: source is chosenBy', () => {
  const old =
    '{"level":30,"time":"t","pid":1,"event":"shims_installed","prefix":"/e","envName":"e","goroot":"/g","source":"in-env","why":"w","reason":"r","msg":"m"}';
  const rec = JSON.parse(upgradeLogLine(old));
  expect(rec).toMatchObject({ level: 30, chosenBy: 'in-env', event: 'shims_installed' });
  expect(rec).not.toHaveProperty('source');
});

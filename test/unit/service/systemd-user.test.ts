import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execWords, systemdUser, unitPath, unitQuote, unitText, UNIT_NAME } from '../../../src/service/systemd-user';
import type { Runner, ServiceContext, ServiceSpec } from '../../../src/service/types';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-unit-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const spec = (over: Partial<ServiceSpec> = {}): ServiceSpec => ({
  node: process.execPath,
  nodeFlags: ['--max-semi-space-size=2'],
  cli: '/opt/gocondad/dist/cli.js',
  env: { CONDA_EXE: '/home/u/miniforge3/bin/conda' },
  log: '/home/u/.local/state/gocondad/gocondad.log',
  version: '9.9.9',
  ...over,
});

/** `systemd-analyze --user verify` loads the unit as the user manager would, without one running. */
function verify(file: string): { status: number; stderr: string } {
  const probe = spawnSync('systemd-analyze', ['--version']);
  if (probe.error) throw new Error('systemd-analyze is missing: apt-get install systemd (scripts/ensure-test-deps installs it)');
  const run = path.join(dir, 'xdg-run');
  fs.mkdirSync(run, { recursive: true, mode: 0o700 });
  const r = spawnSync('systemd-analyze', ['--user', 'verify', file], {
    encoding: 'utf8',
    env: { ...process.env, XDG_RUNTIME_DIR: run, SYSTEMD_LOG_COLOR: '0' },
  });
  return { status: r.status ?? -1, stderr: r.stderr };
}

test('the unit: restart on failure, node and CLI resolved, limits, journal, default.target', () => {
  const text = unitText(spec());
  expect(text).toContain(`ExecStart="${process.execPath}" "--max-semi-space-size=2" "/opt/gocondad/dist/cli.js" "daemon"\n`);
  expect(text).toContain('Environment="CONDA_EXE=/home/u/miniforge3/bin/conda"\n');
  for (const line of [
    'Restart=on-failure',
    'MemoryMax=256M',
    'MemoryHigh=160M',
    'CPUQuota=50%',
    'StandardError=journal',
    'WantedBy=default.target',
    'Type=simple',
  ])
    expect(text.split('\n')).toContain(line);
});

test('systemd-analyze verify accepts the unit, and refuses a broken one (so the check can fail)', () => {
  fs.mkdirSync(path.join(dir, 'cli'));
  const cli = path.join(dir, 'cli', 'cli.js');
  fs.writeFileSync(cli, '');
  const file = path.join(dir, UNIT_NAME);
  fs.writeFileSync(file, unitText(spec({ cli })));
  expect(verify(file)).toEqual({ status: 0, stderr: '' });
  fs.writeFileSync(file, unitText(spec({ cli })).replace('Restart=on-failure', 'Restart=sometimes'));
  expect(verify(file).stderr).toMatch(/restart specifier/);
  fs.writeFileSync(file, unitText(spec({ node: path.join(dir, 'no-such-node'), cli })));
  expect(verify(file).status).not.toBe(0);
});

test('hostile paths (spaces, quotes, %, $, backslash, non-ASCII) stay one argument each', () => {
  const weird = path.join(dir, `we ird "q" 'x' 50% $HOME \\ é`);
  fs.mkdirSync(weird);
  const node = path.join(weird, 'node');
  fs.symlinkSync(process.execPath, node);
  const cli = path.join(weird, 'cli.js');
  fs.writeFileSync(cli, '');
  const file = path.join(dir, UNIT_NAME);
  fs.writeFileSync(file, unitText(spec({ node, cli, env: { CONDARC: `${weird}/rc` } })));
  // systemd takes no executable path with quotes, `$` or backslashes: such a node runs through /bin/sh.
  expect(execWords({ node, nodeFlags: [], cli })).toEqual(['/bin/sh', '-c', 'exec "$@"', 'sh', node, cli, 'daemon']);
  expect(verify(file)).toEqual({ status: 0, stderr: '' });
  // A path systemd takes as it is: verify finds the executable only when the quoting gives back the exact path.
  const plain = path.join(dir, 'plain 50% é');
  fs.mkdirSync(plain);
  fs.symlinkSync(process.execPath, path.join(plain, 'node'));
  fs.writeFileSync(file, unitText(spec({ node: path.join(plain, 'node'), cli })));
  expect(unitText(spec({ node: path.join(plain, 'node'), cli }))).toContain(`ExecStart="${plain.replace('%', '%%')}/node"`);
  expect(verify(file)).toEqual({ status: 0, stderr: '' });
  fs.writeFileSync(file, unitText(spec({ node: path.join(plain, 'nod'), cli })));
  expect(verify(file).stderr).toMatch(/not executable|No such file/);
  expect(unitQuote('50% $X', true)).toBe('"50%% $$X"');
  expect(unitQuote('a"b\\c\nd', false)).toBe('"a\\"b\\\\c\\nd"');
});

describe('install, status, uninstall through systemctl --user (recorded: no user manager runs here)', () => {
  const calls: string[] = [];
  const answers: Record<string, { status: number; stdout: string }> = {};
  const run: Runner = (cmd, args) => {
    const line = [cmd, ...args].join(' ');
    calls.push(line);
    const a = answers[line] ?? { status: 0, stdout: '' };
    return { ...a, stderr: a.status === 0 ? '' : 'Failed to connect to bus' };
  };
  const ctx = (): ServiceContext => ({
    home: path.join(dir, 'home'),
    env: { XDG_CONFIG_HOME: path.join(dir, 'cfg') },
    uid: 1000,
    stateDir: path.join(dir, 'state'),
  });
  beforeEach(() => (calls.length = 0));

  test('install writes the unit where the user manager reads it, reloads, enables and starts', () => {
    const out = systemdUser.install(spec(), ctx(), run);
    const file = path.join(dir, 'cfg', 'systemd', 'user', UNIT_NAME);
    expect(unitPath(ctx())).toBe(file);
    expect(fs.readFileSync(file, 'utf8')).toBe(unitText(spec()));
    expect(calls).toEqual(['systemctl --user daemon-reload', `systemctl --user enable ${UNIT_NAME}`, `systemctl --user restart ${UNIT_NAME}`]);
    expect(out.started).toBe(true);
    calls.length = 0;
    systemdUser.install(spec(), ctx(), run); // unchanged unit: start (a no-op if running), not restart
    expect(calls[2]).toBe(`systemctl --user start ${UNIT_NAME}`);
  });

  test('status asks is-active; no unit means not installed; uninstall disables, removes, reloads', () => {
    expect(systemdUser.status(ctx(), run)).toMatchObject({ installed: false });
    systemdUser.install(spec(), ctx(), run);
    answers[`systemctl --user is-active ${UNIT_NAME}`] = { status: 0, stdout: 'active\n' };
    expect(systemdUser.status(ctx(), run)).toMatchObject({ installed: true, active: true });
    answers[`systemctl --user is-active ${UNIT_NAME}`] = { status: 3, stdout: 'failed\n' };
    expect(systemdUser.status(ctx(), run)).toMatchObject({ installed: true, active: false, detail: 'unit failed' });
    calls.length = 0;
    const out = systemdUser.uninstall(ctx(), run);
    expect(calls).toEqual([`systemctl --user disable --now ${UNIT_NAME}`, 'systemctl --user daemon-reload']);
    expect(out.files).toEqual([unitPath(ctx())]);
    expect(fs.existsSync(unitPath(ctx()))).toBe(false);
    // The folders the unit needed go with it when nothing else is in them; another unit keeps them.
    expect(fs.existsSync(path.join(dir, 'cfg', 'systemd'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'cfg'))).toBe(true);
    systemdUser.install(spec(), ctx(), run);
    fs.writeFileSync(path.join(dir, 'cfg', 'systemd', 'user', 'other.service'), '');
    systemdUser.uninstall(ctx(), run);
    expect(fs.readdirSync(path.join(dir, 'cfg', 'systemd', 'user'))).toEqual(['other.service']);
    fs.rmSync(path.join(dir, 'cfg', 'systemd'), { recursive: true });
  });

  test('a failing daemon-reload: reported as failed, nothing started, no unit that can never run left behind', () => {
    answers['systemctl --user daemon-reload'] = { status: 1, stdout: '' };
    const out = systemdUser.install(spec(), ctx(), run);
    expect(out).toMatchObject({ started: false, failed: true, files: [] });
    expect(out.notes.join('\n')).toMatch(/daemon-reload failed \(exit 1\): Failed to connect to bus/);
    expect(fs.existsSync(unitPath(ctx()))).toBe(false);
    // a unit that was there before (an older version's) is put back as it was
    fs.mkdirSync(path.dirname(unitPath(ctx())), { recursive: true });
    fs.writeFileSync(unitPath(ctx()), '# the old unit\n');
    expect(systemdUser.install(spec(), ctx(), run).failed).toBe(true);
    expect(fs.readFileSync(unitPath(ctx()), 'utf8')).toBe('# the old unit\n');
    delete answers['systemctl --user daemon-reload'];
  });

  test('logs: the unit’s journal', () => {
    expect(systemdUser.logsCommand(ctx(), true, 20)).toEqual(['journalctl', '--user', '-u', UNIT_NAME, '-n', '20', '-f']);
  });
});

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execWords, systemdUser, unitPath, unitQuote, unitText, UNIT_NAME } from '../../../src/service/systemd-user';
import type { Runner, ServiceContext, ServiceSpec } from '../../../src/service/types';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-unit-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

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

describe('golden units, compared whole, byte for byte, and loaded by systemd-analyze verify', () => {
  // The lines every unit shares, written out once; each golden below is HEAD + its own lines + TAIL.
  const HEAD = [
    '# gocondad 1.2.3: the daemon that keeps Go right in conda envs. Written by `gocondad setup`;',
    '# remove with `gocondad uninstall` (or `gocondad service uninstall`).',
    '[Unit]',
    'Description=gocondad: keeps Go toolchains right in conda envs',
    '',
    '[Service]',
    'Type=simple',
  ];
  const LIMITS = ['Restart=on-failure', 'RestartSec=2', 'MemoryHigh=160M', 'MemoryMax=256M', 'CPUQuota=50%', 'TasksMax=64', 'Nice=5'];
  const TAIL = ['StandardOutput=journal', 'StandardError=journal', '', '[Install]', 'WantedBy=default.target', ''];
  const unit = (...lines: string[]) => [...HEAD, ...lines, ...TAIL].join('\n');

  /** A node (a link to this one) and a CLI file under `base`, so verify finds the executable. */
  function install(base: string): { node: string; cli: string } {
    fs.mkdirSync(base, { recursive: true });
    fs.symlinkSync(process.execPath, path.join(base, 'node'));
    fs.writeFileSync(path.join(base, 'cli.js'), '');
    return { node: path.join(base, 'node'), cli: path.join(base, 'cli.js') };
  }
  const shape = (over: Partial<ServiceSpec>): ServiceSpec => ({
    node: '',
    nodeFlags: ['--max-semi-space-size=2'],
    cli: '',
    env: {},
    log: '/home/u/.local/state/gocondad/gocondad.log',
    version: '1.2.3',
    ...over,
  });
  function check(s: ServiceSpec, golden: string): void {
    const text = unitText(s);
    expect(text).toBe(golden);
    const file = path.join(dir, UNIT_NAME);
    fs.writeFileSync(file, text);
    expect(verify(file)).toEqual({ status: 0, stderr: '' });
  }

  test('plain: the node and CLI as they are, no Environment lines', () => {
    const { node, cli } = install(path.join(dir, 'plain'));
    check(
      shape({ node, cli }),
      unit(
        `ExecStart="${dir}/plain/node" "--max-semi-space-size=2" "${dir}/plain/cli.js" "daemon"`,
        ...LIMITS,
        '# JSON log: /home/u/.local/state/gocondad/gocondad.log',
      ),
    );
  });

  test('spaces, % and non-ASCII: the node stays the executable; % doubled (a specifier), no flags', () => {
    const { node, cli } = install(path.join(dir, 'my tools 50% é'));
    check(
      shape({ node, cli, nodeFlags: [], log: `${dir}/my tools 50% é/g.log` }),
      unit(`ExecStart="${dir}/my tools 50%% é/node" "${dir}/my tools 50%% é/cli.js" "daemon"`, ...LIMITS, `# JSON log: ${dir}/my tools 50% é/g.log`),
    );
  });

  test('a hostile path (quotes, $, %, backslash, non-ASCII): the node goes through /bin/sh; $ and % doubled, C escapes', () => {
    const { node, cli } = install(path.join(dir, `we ird "q" 'x' 50% $HOME \\ é`));
    const w = String.raw`${dir}/we ird \"q\" 'x' 50%% $$HOME \\ é`;
    check(
      shape({ node, cli }),
      unit(
        String.raw`ExecStart="/bin/sh" "-c" "exec \"$$@\"" "sh" "${w}/node" "--max-semi-space-size=2" "${w}/cli.js" "daemon"`,
        ...LIMITS,
        '# JSON log: /home/u/.local/state/gocondad/gocondad.log',
      ),
    );
  });

  test('carried variables: sorted by name, one Environment line each; % doubled, $ kept (no expansion there)', () => {
    const { node, cli } = install(path.join(dir, 'plain'));
    const env = { XDG_STATE_HOME: '/home/u/state', CONDA_EXE: '/home/u/mini forge/bin/conda', CONDARC: `/h/50% "rc" $X \\ é` };
    check(
      shape({ node, cli, env }),
      unit(
        `ExecStart="${dir}/plain/node" "--max-semi-space-size=2" "${dir}/plain/cli.js" "daemon"`,
        String.raw`Environment="CONDARC=/h/50%% \"rc\" $X \\ é"`,
        'Environment="CONDA_EXE=/home/u/mini forge/bin/conda"',
        'Environment="XDG_STATE_HOME=/home/u/state"',
        ...LIMITS,
        '# JSON log: /home/u/.local/state/gocondad/gocondad.log',
      ),
    );
  });

  test('a newline in the log path stays inside the comment (it would start a directive of its own)', () => {
    const { node, cli } = install(path.join(dir, 'plain'));
    check(
      shape({ node, cli, log: '/home/u/x\nExecStartPre=/bin/false\n/gocondad.log' }),
      unit(
        `ExecStart="${dir}/plain/node" "--max-semi-space-size=2" "${dir}/plain/cli.js" "daemon"`,
        ...LIMITS,
        '# JSON log: /home/u/x\\nExecStartPre=/bin/false\\n/gocondad.log',
      ),
    );
  });
});

describe('install, status, uninstall through systemctl --user (recorded: no user manager runs here)', () => {
  const calls: string[] = [];
  const opts: unknown[] = [];
  const answers: Record<string, { status: number; stdout: string; stderr?: string }> = {};
  const run: Runner = (cmd, args, o) => {
    const line = [cmd, ...args].join(' ');
    calls.push(line);
    opts.push(o);
    const a = answers[line] ?? { status: 0, stdout: '' };
    return { stderr: a.status === 0 ? '' : 'Failed to connect to bus', ...a };
  };
  const env = { XDG_CONFIG_HOME: '', HOME: '/elsewhere' };
  const ctx = (): ServiceContext => ({
    home: path.join(dir, 'home'),
    env: { ...env, XDG_CONFIG_HOME: path.join(dir, 'cfg') },
    uid: 1000,
    stateDir: path.join(dir, 'state'),
  });
  beforeEach(() => {
    calls.length = 0;
    opts.length = 0;
    for (const k of Object.keys(answers)) delete answers[k];
  });

  test('the unit lives in $XDG_CONFIG_HOME/systemd/user, else ~/.config/systemd/user (an empty XDG_CONFIG_HOME is unset)', () => {
    expect(unitPath({ home: '/h', env: { XDG_CONFIG_HOME: '/c' } })).toBe('/c/systemd/user/gocondad.service');
    expect(unitPath({ home: '/h', env: {} })).toBe('/h/.config/systemd/user/gocondad.service');
    expect(unitPath({ home: '/h', env: { XDG_CONFIG_HOME: '' } })).toBe('/h/.config/systemd/user/gocondad.service');
  });

  test('install writes the unit, reloads, enables and restarts, in the user’s environment; unchanged: start', () => {
    const out = systemdUser.install(spec(), ctx(), run);
    const file = path.join(dir, 'cfg', 'systemd', 'user', UNIT_NAME);
    expect(fs.readFileSync(file, 'utf8')).toBe(unitText(spec()));
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
    expect(calls).toEqual(['systemctl --user daemon-reload', `systemctl --user enable ${UNIT_NAME}`, `systemctl --user restart ${UNIT_NAME}`]);
    expect(opts).toEqual([{ env: ctx().env }, { env: ctx().env }, { env: ctx().env }]);
    expect(out).toEqual({
      files: [file],
      notes: [`wrote the systemd user unit ${file}`, 'enabled gocondad.service (starts at every login)', 'started gocondad.service'],
      started: true,
    });
    calls.length = 0;
    const again = systemdUser.install(spec(), ctx(), run); // unchanged unit: start (a no-op if running), not restart
    expect(calls).toEqual(['systemctl --user daemon-reload', `systemctl --user enable ${UNIT_NAME}`, `systemctl --user start ${UNIT_NAME}`]);
    expect(again.notes[0]).toBe(`kept the systemd user unit ${file}`);
  });

  test('enable or start failing: each said with its exit and the first line of stderr (trimmed); started only when start worked', () => {
    answers[`systemctl --user enable ${UNIT_NAME}`] = { status: 4, stdout: '', stderr: '\n  Unit file is masked.\nsecond line\n' };
    answers[`systemctl --user restart ${UNIT_NAME}`] = { status: 5, stdout: '', stderr: 'Job failed.\nSee journalctl.\n' };
    const out = systemdUser.install(spec(), ctx(), run);
    expect(out).toEqual({
      files: [unitPath(ctx())],
      notes: [
        `wrote the systemd user unit ${unitPath(ctx())}`,
        'systemctl --user enable gocondad.service failed (exit 4): Unit file is masked.',
        'systemctl --user start gocondad.service failed (exit 5): Job failed.',
      ],
      started: false,
    });
  });

  test('status asks is-active (5 s limit); no unit: not installed; no answer: cannot run', () => {
    expect(systemdUser.status(ctx(), run)).toEqual({ kind: 'systemd-user', installed: false, files: [], active: null, detail: 'no unit' });
    expect(calls).toEqual([]);
    systemdUser.install(spec(), ctx(), run);
    const file = unitPath(ctx());
    calls.length = 0;
    opts.length = 0;
    answers[`systemctl --user is-active ${UNIT_NAME}`] = { status: 0, stdout: 'active\n' };
    expect(systemdUser.status(ctx(), run)).toEqual({ kind: 'systemd-user', installed: true, files: [file], active: true, detail: 'unit active' });
    expect(calls).toEqual([`systemctl --user is-active ${UNIT_NAME}`]);
    expect(opts).toEqual([{ timeoutMs: 5000, env: ctx().env }]);
    answers[`systemctl --user is-active ${UNIT_NAME}`] = { status: 3, stdout: 'failed\n' };
    expect(systemdUser.status(ctx(), run)).toEqual({ kind: 'systemd-user', installed: true, files: [file], active: false, detail: 'unit failed' });
    answers[`systemctl --user is-active ${UNIT_NAME}`] = { status: 1, stdout: ' \n' };
    expect(systemdUser.status(ctx(), run)).toEqual({
      kind: 'systemd-user',
      installed: true,
      files: [file],
      active: null,
      detail: 'unit installed, but no user manager answers: it cannot run',
    });
  });

  test('uninstall disables, removes, reloads; nothing there: no call at all; disable failing: no reload, still removed', () => {
    expect(systemdUser.uninstall(ctx(), run)).toEqual({ files: [], notes: [], started: false });
    expect(calls).toEqual([]);
    systemdUser.install(spec(), ctx(), run);
    const file = unitPath(ctx());
    calls.length = 0;
    opts.length = 0;
    expect(systemdUser.uninstall(ctx(), run)).toEqual({
      files: [file],
      notes: ['stopped and disabled gocondad.service', `removed ${file}`],
      started: false,
    });
    expect(calls).toEqual([`systemctl --user disable --now ${UNIT_NAME}`, 'systemctl --user daemon-reload']);
    expect(opts).toEqual([{ env: ctx().env }, { env: ctx().env }]);
    expect(fs.existsSync(file)).toBe(false);
    // The folders the unit needed go with it when nothing else is in them; another unit keeps them.
    expect(fs.existsSync(path.join(dir, 'cfg', 'systemd'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'cfg'))).toBe(true);
    systemdUser.install(spec(), ctx(), run);
    fs.writeFileSync(path.join(dir, 'cfg', 'systemd', 'user', 'other.service'), '');
    calls.length = 0;
    answers[`systemctl --user disable --now ${UNIT_NAME}`] = { status: 1, stdout: '' };
    expect(systemdUser.uninstall(ctx(), run)).toEqual({ files: [file], notes: [`removed ${file}`], started: false });
    expect(calls).toEqual([`systemctl --user disable --now ${UNIT_NAME}`]);
    expect(fs.readdirSync(path.join(dir, 'cfg', 'systemd', 'user'))).toEqual(['other.service']);
  });

  test('a failing daemon-reload: reported as failed, nothing started, no unit that can never run left behind', () => {
    answers['systemctl --user daemon-reload'] = { status: 1, stdout: '' };
    const file = unitPath(ctx());
    expect(systemdUser.install(spec(), ctx(), run)).toEqual({
      files: [],
      notes: ['systemctl --user daemon-reload failed (exit 1): Failed to connect to bus', `so the unit was not installed (${file} left as it was)`],
      started: false,
      failed: true,
    });
    expect(calls).toEqual(['systemctl --user daemon-reload']);
    expect(fs.existsSync(file)).toBe(false);
    // a unit that was there before (an older version's) is put back as it was
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '# the old unit\n');
    expect(systemdUser.install(spec(), ctx(), run).failed).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('# the old unit\n');
  });

  test('logs: the unit’s journal, the last N lines when N > 0, followed when asked', () => {
    expect(systemdUser.logsCommand(ctx(), true, 20)).toEqual(['journalctl', '--user', '-u', UNIT_NAME, '-n', '20', '-f']);
    expect(systemdUser.logsCommand(ctx(), false, 1)).toEqual(['journalctl', '--user', '-u', UNIT_NAME, '-n', '1']);
    expect(systemdUser.logsCommand(ctx(), false, 0)).toEqual(['journalctl', '--user', '-u', UNIT_NAME]);
  });
});

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GocondadError } from '../../../src/errors';
import { launchd, LABEL, plistPath, plistText, stderrPath } from '../../../src/service/launchd';
import type { Runner, ServiceContext, ServiceSpec } from '../../../src/service/types';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-plist-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

const HOSTILE = `/Users/a b/"q" 'x' <&> $(id) \`id\` é\ttab`;
const spec = (over: Partial<ServiceSpec> = {}): ServiceSpec => ({
  node: '/opt/homebrew/bin/node',
  nodeFlags: ['--max-semi-space-size=2'],
  cli: '/opt/homebrew/lib/node_modules/gocondad/dist/cli.js',
  env: { CONDA_EXE: `${HOSTILE}/bin/conda`, MAMBA_ROOT_PREFIX: '/Users/u/micromamba' },
  log: '/Users/u/.local/state/gocondad/gocondad.log',
  version: '9.9.9',
  ...over,
});
const ctx = (): ServiceContext => ({ home: path.join(dir, 'home'), env: {}, uid: 501, stateDir: '/Users/u/.local/state/gocondad' });

/** Python's plistlib: a real plist parser (the format launchd reads). */
function parsePlist(text: string): unknown {
  const py = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const r = spawnSync(py, ['-c', 'import plistlib, sys, json; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))'], { input: text, encoding: 'utf8' });
  if (r.error) throw new Error('python3 is missing: apt-get install python3 (scripts/ensure-test-deps installs it)');
  if (r.status !== 0) throw new Error(`plistlib refused the plist: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test('a real plist parser reads back exactly the agent: label, argv, env, RunAtLoad, KeepAlive', () => {
  const s = spec({ cli: `${HOSTILE}/cli.js` });
  expect(parsePlist(plistText(s, ctx()))).toEqual({
    Label: LABEL,
    ProgramArguments: ['/opt/homebrew/bin/node', '--max-semi-space-size=2', `${HOSTILE}/cli.js`, 'daemon'],
    EnvironmentVariables: { CONDA_EXE: `${HOSTILE}/bin/conda`, MAMBA_ROOT_PREFIX: '/Users/u/micromamba' },
    RunAtLoad: true,
    KeepAlive: { SuccessfulExit: false },
    ThrottleInterval: 5,
    ProcessType: 'Background',
    StandardOutPath: stderrPath(ctx()),
    StandardErrorPath: stderrPath(ctx()),
  });
});

test('no environment: no EnvironmentVariables key; a control character cannot go into XML and is refused', () => {
  expect(parsePlist(plistText(spec({ env: {} }), ctx()))).not.toHaveProperty('EnvironmentVariables');
  expect(() => plistText(spec({ cli: '/a\x01b' }), ctx())).toThrow(/control character/);
});

describe('golden plists, compared whole, byte for byte, and read back by plistlib', () => {
  const HEAD = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<!-- gocondad 1.2.3: written by gocondad setup; remove with: gocondad uninstall -->',
    '<plist version="1.0">',
    '<dict>',
    '\t<key>Label</key>',
    '\t<string>org.gocondad.daemon</string>',
    '\t<key>ProgramArguments</key>',
    '\t<array>',
  ];
  const TAIL = [
    '\t<key>RunAtLoad</key>',
    '\t<true/>',
    '\t<key>KeepAlive</key>',
    '\t<dict>',
    '\t\t<key>SuccessfulExit</key>',
    '\t\t<false/>',
    '\t</dict>',
    '\t<key>ThrottleInterval</key>',
    '\t<integer>5</integer>',
    '\t<key>ProcessType</key>',
    '\t<string>Background</string>',
    '\t<key>StandardOutPath</key>',
    '\t<string>/Users/u/.local/state/gocondad/launchd.stderr.log</string>',
    '\t<key>StandardErrorPath</key>',
    '\t<string>/Users/u/.local/state/gocondad/launchd.stderr.log</string>',
    '</dict>',
    '</plist>',
    '',
  ];
  const plist = (...lines: string[]) => [...HEAD, ...lines, ...TAIL].join('\n');
  const DICT_TAIL = {
    RunAtLoad: true,
    KeepAlive: { SuccessfulExit: false },
    ThrottleInterval: 5,
    ProcessType: 'Background',
    StandardOutPath: '/Users/u/.local/state/gocondad/launchd.stderr.log',
    StandardErrorPath: '/Users/u/.local/state/gocondad/launchd.stderr.log',
  };
  const shape = (over: Partial<ServiceSpec>): ServiceSpec => ({
    node: '/opt/homebrew/bin/node',
    nodeFlags: ['--max-semi-space-size=2'],
    cli: '/opt/homebrew/lib/node_modules/gocondad/dist/cli.js',
    env: {},
    log: '/Users/u/.local/state/gocondad/gocondad.log',
    version: '1.2.3',
    ...over,
  });

  test('plain: no EnvironmentVariables at all', () => {
    const text = plistText(shape({}), ctx());
    expect(text).toBe(
      plist(
        '\t\t<string>/opt/homebrew/bin/node</string>',
        '\t\t<string>--max-semi-space-size=2</string>',
        '\t\t<string>/opt/homebrew/lib/node_modules/gocondad/dist/cli.js</string>',
        '\t\t<string>daemon</string>',
        '\t</array>',
      ),
    );
    expect(parsePlist(text)).toEqual({
      Label: 'org.gocondad.daemon',
      ProgramArguments: ['/opt/homebrew/bin/node', '--max-semi-space-size=2', '/opt/homebrew/lib/node_modules/gocondad/dist/cli.js', 'daemon'],
      ...DICT_TAIL,
    });
  });

  test('a hostile path (spaces, quotes, <&>, $, %, backslash, non-ASCII, tab, newline, CR): escaped for XML, read back exactly', () => {
    const w = `/Users/a b/"q" 'x' <&> $HOME 50% \\ é\tt\nn\rr`;
    const text = plistText(shape({ node: `${w}/node`, nodeFlags: [], cli: `${w}/cli.js` }), ctx());
    const x = `/Users/a b/&quot;q&quot; 'x' &lt;&amp;&gt; $HOME 50% \\ é\tt\nn&#13;r`;
    expect(text).toBe(plist(`\t\t<string>${x}/node</string>`, `\t\t<string>${x}/cli.js</string>`, '\t\t<string>daemon</string>', '\t</array>'));
    // XML turns a raw CR into a LF when it is read: only &#13; brings it back.
    expect(parsePlist(text)).toEqual({ Label: 'org.gocondad.daemon', ProgramArguments: [`${w}/node`, `${w}/cli.js`, 'daemon'], ...DICT_TAIL });
  });

  test('carried variables: sorted by name, key and value escaped', () => {
    const env = { XDG_STATE_HOME: '/Users/u/state', CONDA_EXE: '/Users/u/mini forge/bin/conda', CONDARC: '/h/<rc> & "x"' };
    const text = plistText(shape({ env }), ctx());
    expect(text).toBe(
      plist(
        '\t\t<string>/opt/homebrew/bin/node</string>',
        '\t\t<string>--max-semi-space-size=2</string>',
        '\t\t<string>/opt/homebrew/lib/node_modules/gocondad/dist/cli.js</string>',
        '\t\t<string>daemon</string>',
        '\t</array>',
        '\t<key>EnvironmentVariables</key>',
        '\t<dict>',
        '\t\t<key>CONDARC</key>',
        '\t\t<string>/h/&lt;rc&gt; &amp; &quot;x&quot;</string>',
        '\t\t<key>CONDA_EXE</key>',
        '\t\t<string>/Users/u/mini forge/bin/conda</string>',
        '\t\t<key>XDG_STATE_HOME</key>',
        '\t\t<string>/Users/u/state</string>',
        '\t</dict>',
      ),
    );
    expect(parsePlist(text)).toEqual({
      Label: 'org.gocondad.daemon',
      ProgramArguments: ['/opt/homebrew/bin/node', '--max-semi-space-size=2', '/opt/homebrew/lib/node_modules/gocondad/dist/cli.js', 'daemon'],
      EnvironmentVariables: env,
      ...DICT_TAIL,
    });
  });

  test('every control character but tab, newline and CR is refused, with what to do', () => {
    for (const c of ['\x00', '\x01', '\x08', '\x0b', '\x0c', '\x1b', '\x1f']) {
      let err: unknown;
      try {
        plistText(shape({ env: { CONDA_EXE: `/a${c}b` } }), ctx());
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GocondadError);
      expect([(err as GocondadError).message, (err as GocondadError).hint]).toEqual([
        `cannot put ${JSON.stringify(`/a${c}b`)} into a launchd plist (control character)`,
        'move gocondad or conda to a path without control characters',
      ]);
    }
    expect(() => plistText(shape({ cli: '/a\x7fb\t\n\r' }), ctx())).not.toThrow();
  });
});

describe('install, status, uninstall through launchctl (recorded: launchd runs only on a Mac)', () => {
  const calls: string[] = [];
  const opts: unknown[] = [];
  const answers: Record<string, { status: number; stdout: string; stderr: string }> = {};
  const run: Runner = (cmd, args, o) => {
    const line = [cmd, ...args].join(' ');
    calls.push(line);
    opts.push(o);
    return answers[line] ?? { status: 0, stdout: '', stderr: '' };
  };
  const env = { HOME: '/Users/u', PATH: '/usr/bin' };
  const c = (): ServiceContext => ({ ...ctx(), env });
  const file = () => path.join(dir, 'home', 'Library', 'LaunchAgents', `${LABEL}.plist`);
  const PRINT = `launchctl print gui/501/${LABEL}`;
  beforeEach(() => {
    calls.length = 0;
    opts.length = 0;
    for (const k of Object.keys(answers)) delete answers[k];
  });

  test('install writes ~/Library/LaunchAgents/<label>.plist, boots out the old one and bootstraps it in the gui domain', () => {
    expect(plistPath(c())).toBe(file());
    expect(stderrPath(c())).toBe('/Users/u/.local/state/gocondad/launchd.stderr.log');
    expect(launchd.install(spec(), c(), run)).toEqual({
      files: [file()],
      notes: [`wrote the launchd agent ${file()}`, `loaded ${LABEL} (runs at every login)`],
      started: true,
    });
    expect(fs.readFileSync(file(), 'utf8')).toBe(plistText(spec(), c()));
    expect(fs.statSync(file()).mode & 0o777).toBe(0o644);
    expect(calls).toEqual([`launchctl bootout gui/501/${LABEL}`, `launchctl bootstrap gui/501 ${file()}`]);
    expect(opts).toEqual([{ env }, { env }]);
    answers[`launchctl bootstrap gui/501 ${file()}`] = { status: 5, stdout: '', stderr: '  Bootstrap failed: 5: Input/output error\n' };
    expect(launchd.install(spec(), c(), run)).toEqual({
      files: [file()],
      notes: [`kept the launchd agent ${file()}`, 'launchctl bootstrap gui/501 failed (exit 5): Bootstrap failed: 5: Input/output error'],
      started: false,
    });
  });

  test('status: no agent; loaded and running; loaded in another state; no state line; not loaded; no launchctl', () => {
    expect(launchd.status(c(), run)).toEqual({ kind: 'launchd', installed: false, files: [], active: null, detail: 'no agent' });
    expect(calls).toEqual([]);
    launchd.install(spec(), c(), run);
    calls.length = 0;
    opts.length = 0;
    const st = (status: number, stdout: string) => {
      answers[PRINT] = { status, stdout, stderr: '' };
      return launchd.status(c(), run);
    };
    const base = { kind: 'launchd', installed: true, files: [file()] };
    // The job's own state line, not a nested one's, and not a word that ends in "state".
    const print = (state: string) => `gui/501/${LABEL} = {\n\tactive count = 1\n\tlast exit state = waiting\n${state}\n}\n`;
    expect(st(0, print('\tstate = running'))).toEqual({ ...base, active: true, detail: 'agent loaded (running)' });
    expect(calls).toEqual([PRINT]);
    expect(opts).toEqual([{ timeoutMs: 5000, env }]);
    expect(st(0, print('\t\tstate = running'))).toEqual({ ...base, active: true, detail: 'agent loaded (running)' });
    expect(st(0, print('\tstate = not running  '))).toEqual({ ...base, active: false, detail: 'agent loaded (not running)' });
    expect(st(0, `gui/501/${LABEL} = {\n}\n`)).toEqual({ ...base, active: false, detail: 'agent loaded (state unknown)' });
    expect(st(113, print('\tstate = running'))).toEqual({ ...base, active: false, detail: 'agent not loaded' });
    expect(st(-1, '')).toEqual({ ...base, active: null, detail: 'agent installed; launchctl not available to ask' });
  });

  test('uninstall boots it out and removes the plist; nothing there: no call at all', () => {
    expect(launchd.uninstall(c(), run)).toEqual({ files: [], notes: [], started: false });
    expect(calls).toEqual([]);
    launchd.install(spec(), c(), run);
    calls.length = 0;
    opts.length = 0;
    expect(launchd.uninstall(c(), run)).toEqual({ files: [file()], notes: [`unloaded ${LABEL}, removed ${file()}`], started: false });
    expect(calls).toEqual([`launchctl bootout gui/501/${LABEL}`]);
    expect(opts).toEqual([{ env }]);
    expect(fs.existsSync(file())).toBe(false);
  });

  test('logs: tail of the stderr file, the last N lines (100 when N is 0), followed when asked', () => {
    const log = '/Users/u/.local/state/gocondad/launchd.stderr.log';
    expect(launchd.logsCommand(c(), true, 20)).toEqual(['tail', '-n', '20', '-f', log]);
    expect(launchd.logsCommand(c(), false, 1)).toEqual(['tail', '-n', '1', log]);
    expect(launchd.logsCommand(c(), false, 0)).toEqual(['tail', '-n', '100', log]);
  });
});

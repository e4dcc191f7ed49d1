import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchd, LABEL, plistPath, plistText, stderrPath } from '../../../src/service/launchd';
import type { Runner, ServiceContext, ServiceSpec } from '../../../src/service/types';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-plist-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

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

test('install writes ~/Library/LaunchAgents/<label>.plist and bootstraps it in the gui domain; uninstall boots it out', () => {
  const calls: string[] = [];
  const run: Runner = (cmd, args) => {
    calls.push([cmd, ...args].join(' '));
    return { status: 0, stdout: args[0] === 'print' ? 'gui/501/org.gocondad.daemon = {\n\tstate = running\n' : '', stderr: '' };
  };
  const out = launchd.install(spec(), ctx(), run);
  const file = path.join(dir, 'home', 'Library', 'LaunchAgents', `${LABEL}.plist`);
  expect(plistPath(ctx())).toBe(file);
  expect(out).toMatchObject({ files: [file], started: true });
  expect(calls).toEqual([`launchctl bootout gui/501/${LABEL}`, `launchctl bootstrap gui/501 ${file}`]);
  expect(launchd.status(ctx(), run)).toMatchObject({ installed: true, active: true });
  calls.length = 0;
  launchd.uninstall(ctx(), run);
  expect(calls).toEqual([`launchctl bootout gui/501/${LABEL}`]);
  expect(fs.existsSync(file)).toBe(false);
  expect(launchd.status(ctx(), run)).toMatchObject({ installed: false });
});

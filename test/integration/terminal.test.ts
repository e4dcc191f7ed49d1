// For a person at a terminal, checked in a real pseudo-terminal (script from util-linux), not by faking
// isTTY: colour and symbols there, plain words in a pipe, NO_COLOR and FORCE_COLOR honoured; times in
// local time; `status --watch` ended by a real Ctrl-C (the pty's line discipline sends the SIGINT).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, GO119, requireReal, World } from '../helpers/world';

const ESC = '\x1b[';
let world: World;
let shell: ChildProcess | null = null;

/** The CLI in a pseudo-terminal: what a person would see (stdout and stderr both), and its exit status. */
function inPty(args: string[], extraEnv: Record<string, string> = {}): { status: number; out: string } {
  const cmd = `exec ${[process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ')}`;
  const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { env: { ...world.env, TERM: 'xterm', ...extraEnv }, encoding: 'utf8', timeout: 30000 });
  return { status: r.status ?? -1, out: r.stdout };
}

beforeAll(async () => {
  requireReal();
  if (spawnSync('sh', ['-c', 'command -v script']).status !== 0) throw new Error('script (util-linux) is missing: apt-get install util-linux');
  world = new World();
  world.env.CONDA_EXE = path.join(world.root, 'bin', 'conda');
  fs.writeFileSync(path.join(world.root, 'conda-meta', 'history'), '');
  world.makeEnv('plain');
  world.makeEnv('badpin', { pin: 'go: ">=1.19 <1.22\n' });
  fs.symlinkSync(path.join(GO119, 'bin', 'go'), path.join(world.makeEnv('messy'), 'bin', 'go'));
  world.startDaemon();
  await world.waitFor(() => world.status().envs.length >= 4, 'every env planned');
  shell = spawn('bash', world.shellArgs('bash', 'conda activate plain; sleep 60'), {
    env: { ...world.env, CONDA_EMU_MODE: 'conda' },
    cwd: world.dir,
    stdio: 'ignore',
  });
  await world.waitFor(() => world.status().sessions.length > 0, 'a live session');
});
afterAll(() => {
  shell?.kill();
  world?.cleanup();
});

describe('doctor: colour and symbols at a terminal, words in a pipe', () => {
  test('a terminal: red PROBLEM with ✗, yellow warning with ⚠', () => {
    const r = inPty(['doctor', '--all']);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`✗ ${ESC}1m${ESC}31mPROBLEM`);
    expect(r.out).toContain(`⚠ ${ESC}33mwarning`);
  });
  test('a terminal with NO_COLOR: symbols, no colour', () => {
    const r = inPty(['doctor', '--all'], { NO_COLOR: '1' });
    expect(r.out).toContain('✗ PROBLEM');
    expect(r.out).not.toContain(ESC);
  });
  test('a pipe: the plain words scripts read', () => {
    const r = world.cli(['doctor', '--all']);
    expect(r.stdout).toMatch(/^PROBLEM {2}\[/m);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).not.toMatch(/[✓✗⚠]/);
  });
  test('a pipe with FORCE_COLOR: colour, still no symbols', () => {
    const r = world.cli(['doctor', '--all'], { FORCE_COLOR: '1' });
    expect(r.stdout).toContain(`${ESC}31mPROBLEM`);
    expect(r.stdout).not.toMatch(/[✓✗⚠]/);
  });
  test('status at a terminal: section headings in bold; piped, none', () => {
    expect(inPty(['status']).out).toContain(`${ESC}1mshells (1)`);
    expect(world.cli(['status']).stdout).not.toContain(ESC);
  });
});

test('times for people are local (a zone 5:45 off UTC), JSON keeps ISO', () => {
  const since: string = world.status().sessions[0].since;
  expect(since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  const shifted = new Date(Date.parse(since) + (5 * 60 + 45) * 60000).toISOString(); // Asia/Kathmandu: no DST
  const want = `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}`;
  const text = world.cli(['status'], { TZ: 'Asia/Kathmandu' }).stdout;
  expect(text).toMatch(new RegExp(`\\bplain\\b.*${want}`));
  expect(text).not.toContain(since);
});

test('status --watch at a terminal ends quietly on Ctrl-C: exit 0, no "daemon closed the stream"', async () => {
  // exec: the CLI itself is the pty's foreground process, as when a person runs it from a shell prompt
  // (script's `sh -c` would otherwise be in the group too, and dash dies of the same Ctrl-C).
  const cmd = `exec ${[process.execPath, CLI, 'status', '--watch'].map((a) => `'${a}'`).join(' ')}`;
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...world.env, TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await world.waitFor(() => out.includes('waiting for events'), 'the stream');
  child.stdin!.write('\x03'); // Ctrl-C, typed
  expect(await exited).toBe(0);
  expect(out).not.toMatch(/closed the stream|Error|at .*\.js:\d+/);
});

// Every human-facing command, seen as a person sees it: in a real pseudo-terminal (script from
// util-linux, not a faked isTTY) colour and ✓ ✗ ⚠; with NO_COLOR the symbols alone; with TERM=dumb and
// in a pipe the plain words scripts read; FORCE_COLOR colour even in a pipe. Long work (go list, go
// build) says each step on the terminal's stderr and nothing in a pipe. doctor and status: terminal.test.ts.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, requireReal, World } from '../helpers/world';

// A pure-Go bundle builds into a fresh GOCACHE the first time: a minute on a loaded 2-core machine.
jest.setTimeout(240_000);

const ESC = '\x1b[';
const SYMBOL = /[✓✗⚠]/;
// eslint-disable-next-line no-control-regex -- colour codes are what is stripped
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
let world: World;
let cwd: string;

/** The CLI in a pseudo-terminal: what a person would see (stdout and stderr both), and its exit status. */
function inPty(args: string[], extraEnv: Record<string, string> = {}, dir = cwd): { status: number; out: string } {
  const cmd = `cd '${dir}' && exec ${[process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ')}`;
  const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { env: { ...world.env, TERM: 'xterm', ...extraEnv }, encoding: 'utf8', timeout: 200000 });
  return { status: r.status ?? -1, out: r.stdout.replace(/\r\n/g, '\n') };
}

function piped(args: string[], extraEnv: Record<string, string> = {}, dir = cwd): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: { ...world.env, ...extraEnv }, encoding: 'utf8', timeout: 200000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(world.dir, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

function condaMeta(prefix: string, pkgs: Record<string, string>): void {
  const meta = path.join(prefix, 'conda-meta');
  for (const f of fs.readdirSync(meta)) if (f.endsWith('.json')) fs.rmSync(path.join(meta, f));
  for (const [name, version] of Object.entries(pkgs))
    fs.writeFileSync(path.join(meta, `${name}-${version}-h0_0.json`), JSON.stringify({ name, version, build: 'h0_0', depends: [] }));
}

const GIT2GO = 'module example.com/app\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n';
let plain: string;
let pinned: string;
let synced: string;
let app: string;
let lib: string;
let hello: string;
let exported: string;

beforeAll(() => {
  requireReal();
  if (spawnSync('sh', ['-c', 'command -v script']).status !== 0) throw new Error('script (util-linux) is missing: apt-get install util-linux');
  world = new World();
  cwd = world.dir;
  world.env.CONDA_EXE = path.join(world.root, 'bin', 'conda');
  fs.writeFileSync(path.join(world.root, 'conda-meta', 'history'), '');
  plain = world.makeEnv('plain');
  pinned = world.makeEnv('pinned', { pin: 'go: "1.19"\n' });
  world.makeEnv('badpin', { pin: 'go: ">=1.19 <1.22\n' });
  world.makeEnv('restored');
  app = project('app', { 'go.mod': GIT2GO, 'environment.yml': 'name: app\ndependencies:\n  - go 1.22.*\n  - libgit2 1.3.*\n' });
  synced = world.makeEnv('synced');
  condaMeta(synced, { libgit2: '1.5.2', go: '1.22.5' });
  lib = project('lib', { 'go.mod': GIT2GO });
  if (piped(['sync', lib, '-p', synced]).status !== 0) throw new Error('sync -p did not record the project');
  condaMeta(synced, { libgit2: '1.9.0', go: '1.22.5' });
  hello = project('hello', { 'go.mod': 'module example.com/hello\n\ngo 1.19\n', 'main.go': 'package main\n\nfunc main() { println("hi") }\n' });
  exported = path.join(world.dir, 'pinned.yml');
  fs.writeFileSync(exported, piped(['export', 'pinned']).stdout);
});
afterAll(() => world?.cleanup());

interface Case {
  args: () => string[];
  /** What the terminal shows, colour codes and symbols included (a fragment). */
  tty: () => string;
  before?: () => void;
  /** Where it runs (default: the world's dir). */
  cwd?: () => string;
}

const G = (s: string) => `${ESC}32m${s}${ESC}39m`;
const R = (s: string) => `${ESC}31m${s}${ESC}39m`;
const PROBLEM = `✗ ${ESC}1m${R('PROBLEM')}${ESC}22m`;

const CASES: Record<string, Case> = {
  'sync (out of sync)': { args: () => ['sync', app], tty: () => `${PROBLEM} mismatch: github.com/libgit2/git2go/v34` },
  'sync (the verdict)': { args: () => ['sync', app], tty: () => `✗ ${R('out of sync: 1 problem, 0 warnings')}` },
  'sync-env (drift)': { args: () => ['sync-env', synced], tty: () => `${PROBLEM} ${lib}: github.com/libgit2/git2go/v34` },
  envs: { args: () => ['envs'], tty: () => `${ESC}1menvs${ESC}22m (` },
  'explain (chosen)': { args: () => ['explain', 'pinned'], tty: () => `✓ ${ESC}32m=> go1.19` },
  'explain (none)': { args: () => ['explain', 'badpin'], tty: () => `✗ ${ESC}31m=> no toolchain` },
  'shims install': {
    before: () => piped(['shims', 'uninstall', plain]) && undefined,
    args: () => ['shims', 'install', plain],
    tty: () => `✓ ${G('installed')}  ${plain}`,
  },
  'shims uninstall': {
    before: () => piped(['shims', 'install', plain]) && undefined,
    args: () => ['shims', 'uninstall', plain],
    tty: () => `✓ ${G('removed')}  ${plain}`,
  },
  'service status': { args: () => ['service', 'status'], tty: () => `✗ ${ESC}31mservice: not installed` },
  restore: {
    args: () => ['restore', 'restored', '--from', exported],
    tty: () => `✓ ${ESC}32mrestored Go state into ${path.join(world.root, 'envs', 'restored')}`,
  },
  bundle: {
    args: () => ['bundle', '-p', pinned, '-o', path.join(world.dir, 'out')],
    cwd: () => hello,
    tty: () => `✓ ${ESC}32mbundled example.com/hello into `,
  },
  'setup --dry-run': { args: () => ['setup', '--dry-run'], tty: () => `${ESC}1mgocondad setup would do this (nothing was changed):${ESC}22m` },
  'uninstall --dry-run': { args: () => ['uninstall', '--dry-run'], tty: () => `${ESC}1mgocondad uninstall would do this (nothing was changed):${ESC}22m` },
  setup: {
    before: () => piped(['uninstall']) && undefined,
    args: () => ['setup', '--no-plugin', '--no-service'],
    tty: () => `✓ shims    ${G('installed')}`,
  },
  uninstall: {
    before: () => piped(['setup', '--no-plugin', '--no-service']) && undefined,
    args: () => ['uninstall'],
    tty: () => `✓ ${ESC}32mgocondad is uninstalled from your envs`,
  },
};

describe.each(Object.entries(CASES))('%s', (_name, c) => {
  test('a terminal: colour and symbols', () => {
    c.before?.();
    expect(inPty(c.args(), {}, c.cwd?.()).out).toContain(c.tty());
  });
  test('a terminal with NO_COLOR: the symbols, no colour', () => {
    c.before?.();
    const r = inPty(c.args(), { NO_COLOR: '1' }, c.cwd?.());
    expect(r.out).toContain(strip(c.tty()));
    expect(r.out).not.toContain(ESC);
  });
  test('a terminal with TERM=dumb: plain words', () => {
    c.before?.();
    const r = inPty(c.args(), { TERM: 'dumb' }, c.cwd?.());
    expect(r.out).toContain(strip(c.tty()).replace(/^[✓✗⚠] /, ''));
    expect(r.out).not.toContain(ESC);
    expect(r.out).not.toMatch(SYMBOL);
  });
  test('a pipe: the plain words scripts read; with FORCE_COLOR the colour, still no symbols', () => {
    c.before?.();
    const r = piped(c.args(), {}, c.cwd?.());
    expect(r.stdout).toContain(strip(c.tty()).replace(/^[✓✗⚠] /, ''));
    expect(r.stdout + r.stderr).not.toContain(ESC);
    expect(r.stdout + r.stderr).not.toMatch(SYMBOL);
    c.before?.();
    const forced = piped(c.args(), { FORCE_COLOR: '1' }, c.cwd?.());
    expect(forced.stdout).toContain(c.tty().replace(/^[✓✗⚠] /, ''));
    expect(forced.stdout).not.toMatch(SYMBOL);
  });
});

describe('progress: each long step on a terminal, nothing in a pipe', () => {
  test.each([
    ['sync', () => ['sync', app], () => cwd, 'gocondad: go list -deps in '],
    ['bundle', () => ['bundle', '-p', pinned, '-o', path.join(world.dir, 'out')], () => hello, 'gocondad: building example.com/hello with go1.19'],
  ])('%s', (_name, args, dir, step) => {
    expect(inPty(args(), {}, dir()).out).toContain(step);
    expect(inPty(args(), { TERM: 'dumb' }, dir()).out).not.toContain(step);
    expect(piped(args(), {}, dir()).stderr).not.toContain(step);
  });
  test('doctor --fix: what it fixes, then the check again; nothing of it in a pipe', () => {
    const here = world.makeEnv('fix-tty');
    const r = inPty(['doctor', '--fix', here]);
    expect(r.out).toMatch(/gocondad: fixing \d+ finding\(s\)…/);
    expect(r.out).toContain('gocondad: checking again…');
    expect(r.out).toContain(`✓ ${G('fixed')}    installed shims in ${here}`);
    const there = world.makeEnv('fix-pipe');
    const p = piped(['doctor', '--fix', there]);
    expect(p.stdout).toContain(`fixed    installed shims in ${there}`);
    expect(p.stderr).not.toContain('gocondad: fixing');
  });
  test('sync --write: the files it writes, then both sides judged again', () => {
    const env = project('mendme', {
      'go.mod': 'module example.com/mend\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n',
      'environment.yml': 'name: m\ndependencies:\n  - go 1.22.*\n  - libgit2 1.3.*\n',
    });
    const r = inPty(['sync', env, '--write', 'conda']);
    expect(r.out).toContain('gocondad: writing environment.yml…');
    expect(r.out).toContain('gocondad: judging both sides again…');
    expect(r.out).toContain(`✓ ${ESC}32min sync (`);
  });
});

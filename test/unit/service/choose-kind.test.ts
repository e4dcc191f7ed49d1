// src/service/choose-kind.ts: the pure choice (every branch, its words exact), what a forced --manager
// cannot do, and the facts probed from a temp PATH (with and without systemctl/launchctl, not executable, a
// directory of that name) and a temp runtime dir.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cannotUse, chooseServiceKind, probeServiceFacts, type ServiceFacts } from '../../../src/service/choose-kind';
import { runCommand } from '../../../src/service/run';
import type { Runner } from '../../../src/service/types';

const linux: ServiceFacts = { platform: 'linux', launchctl: false, systemctl: true, userManagerState: 'running', runtimeSystemdDir: true };

describe('chooseServiceKind: every branch, with its words', () => {
  const cases: [string, Partial<ServiceFacts>, string, string][] = [
    ['running', {}, 'systemd-user', 'systemd user manager (running): a user unit'],
    ['degraded', { userManagerState: 'degraded' }, 'systemd-user', 'systemd user manager (degraded): a user unit'],
    ['starting', { userManagerState: 'starting' }, 'systemd-user', 'systemd user manager (starting): a user unit'],
    ['initializing', { userManagerState: 'initializing' }, 'systemd-user', 'systemd user manager (initializing): a user unit'],
    ['maintenance', { userManagerState: 'maintenance' }, 'systemd-user', 'systemd user manager (maintenance): a user unit'],
    ['no systemctl', { systemctl: false }, 'login-line', 'no systemctl on PATH (no systemd): a line in the login file'],
    [
      'no user bus',
      { userManagerState: null },
      'login-line',
      'systemctl --user cannot reach a user manager (a container, or WSL without systemd): a line in the login file',
    ],
    [
      'offline',
      { userManagerState: 'offline' },
      'login-line',
      'systemctl --user says "offline" (a container, or WSL without systemd): a line in the login file',
    ],
    [
      'stopping',
      { userManagerState: 'stopping' },
      'login-line',
      'systemctl --user says "stopping" (a container, or WSL without systemd): a line in the login file',
    ],
    [
      'no runtime dir',
      { runtimeSystemdDir: false },
      'login-line',
      'no $XDG_RUNTIME_DIR/systemd: no user manager runs for this login; a line in the login file',
    ],
    ['macOS with launchctl', { platform: 'darwin', launchctl: true }, 'launchd', 'macOS: a launchd agent in ~/Library/LaunchAgents'],
    ['macOS without launchctl', { platform: 'darwin', launchctl: false }, 'login-line', 'macOS without launchctl on PATH: a line in the login file'],
  ];
  test.each(cases)('%s', (_name, over, kind, why) => {
    expect(chooseServiceKind({ ...linux, ...over })).toEqual({ kind, why });
  });
});

test('cannotUse: a forced kind that cannot run here is named with why (without the fallback words); what works is null', () => {
  expect(cannotUse('systemd-user', linux)).toBeNull();
  expect(cannotUse('systemd-user', { ...linux, userManagerState: 'offline' })).toBe('systemctl --user says "offline" (a container, or WSL without systemd)');
  expect(cannotUse('systemd-user', { ...linux, userManagerState: null })).toBe(
    'systemctl --user cannot reach a user manager (a container, or WSL without systemd)',
  );
  expect(cannotUse('systemd-user', { ...linux, systemctl: false })).toBe('no systemctl on PATH (no systemd)');
  expect(cannotUse('systemd-user', { ...linux, runtimeSystemdDir: false })).toBe('no $XDG_RUNTIME_DIR/systemd: no user manager runs for this login');
  expect(cannotUse('systemd-user', { ...linux, platform: 'darwin', launchctl: true })).toBe('macOS: a launchd agent in ~/Library/LaunchAgents');
  const macOnly = 'launchd is macOS only (and needs launchctl on PATH)';
  expect(cannotUse('launchd', linux)).toBe(macOnly);
  expect(cannotUse('launchd', { ...linux, launchctl: true })).toBe(macOnly);
  expect(cannotUse('launchd', { ...linux, platform: 'darwin', launchctl: false })).toBe(macOnly);
  expect(cannotUse('launchd', { ...linux, platform: 'darwin', launchctl: true })).toBeNull();
  expect(cannotUse('login-line', { ...linux, systemctl: false })).toBeNull();
  expect(cannotUse('login-line', { ...linux, platform: 'darwin' })).toBeNull();
});

describe('probeServiceFacts over a temp PATH and runtime dir', () => {
  let dir: string;
  let calls: unknown[][];
  let answer: string;
  const run: Runner = (cmd, args, opts) => {
    calls.push([cmd, args, opts]);
    return { status: 1, stdout: answer, stderr: '' };
  };
  const bin = (name: string) => path.join(dir, name);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-probe-'));
    calls = [];
    answer = 'degraded\n';
    for (const d of ['tools', 'noexec', 'dirs', 'run/systemd', 'run-empty']) fs.mkdirSync(bin(d), { recursive: true });
    for (const c of ['systemctl', 'launchctl']) {
      fs.writeFileSync(path.join(bin('tools'), c), '#!/bin/sh\n', { mode: 0o755 });
      fs.writeFileSync(path.join(bin('noexec'), c), '#!/bin/sh\n', { mode: 0o644 });
      fs.mkdirSync(path.join(bin('dirs'), c), { mode: 0o755 });
    }
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  const cases: [string, string, NodeJS.Platform, boolean, boolean][] = [
    ['linux, systemctl on PATH', 'tools', 'linux', false, true],
    ['linux, on PATH after empty entries and a missing dir', '::/nonexistent::tools:', 'linux', false, true],
    ['linux, not executable', 'noexec', 'linux', false, false],
    ['linux, a directory of that name', 'dirs', 'linux', false, false],
    ['linux, a directory first, the command later', 'dirs:noexec:tools', 'linux', false, true],
    ['linux, neither', 'run-empty', 'linux', false, false],
    ['macOS, launchctl on PATH (systemctl there too is not asked)', 'tools', 'darwin', true, false],
    ['macOS, not executable', 'noexec', 'darwin', false, false],
    ['macOS, a directory of that name', 'dirs', 'darwin', false, false],
  ];
  test.each(cases)('%s', (_name, pathDirs, platform, launchctl, systemctl) => {
    const PATH = pathDirs
      .split(':')
      .map((d) => (d === '' || d.startsWith('/') ? d : bin(d)))
      .join(':');
    const env = { PATH, XDG_RUNTIME_DIR: bin('run') };
    expect(probeServiceFacts(env, run, platform)).toEqual({
      platform,
      launchctl,
      systemctl,
      userManagerState: systemctl ? 'degraded' : null,
      runtimeSystemdDir: true,
    });
    // systemctl is asked only when it is there, with a bound, in the given environment.
    expect(calls).toEqual(systemctl ? [['systemctl', ['--user', 'is-system-running'], { timeoutMs: 5000, env }]] : []);
  });

  test('an empty PATH entry is not the current directory (a unit must not depend on where setup ran)', () => {
    const cwd = process.cwd();
    process.chdir(bin('tools'));
    try {
      expect(probeServiceFacts({ PATH: ':' }, run, 'linux').systemctl).toBe(false);
      expect(probeServiceFacts({ PATH: '' }, run, 'darwin').launchctl).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  test('no PATH at all: /usr/bin:/bin, where this machine has systemctl', () => {
    expect(fs.existsSync('/usr/bin/systemctl') || fs.existsSync('/bin/systemctl')).toBe(true);
    expect(probeServiceFacts({}, run, 'linux')).toMatchObject({ systemctl: true, userManagerState: 'degraded' });
  });

  test('what is-system-running printed: the first line of the trimmed text; nothing (no bus): null', () => {
    const env = { PATH: bin('tools') };
    answer = '\n starting\nsecond\n';
    expect(probeServiceFacts(env, run, 'linux').userManagerState).toBe('starting');
    answer = '';
    expect(probeServiceFacts(env, run, 'linux').userManagerState).toBeNull();
    answer = ' \n';
    expect(probeServiceFacts(env, run, 'linux').userManagerState).toBeNull();
  });

  test('the runtime dir counts only with a systemd folder in it; unset or empty XDG_RUNTIME_DIR: false', () => {
    const f = (env: Record<string, string>) => probeServiceFacts({ PATH: bin('tools'), ...env }, run, 'linux').runtimeSystemdDir;
    expect(f({ XDG_RUNTIME_DIR: bin('run') })).toBe(true);
    expect(f({ XDG_RUNTIME_DIR: bin('run-empty') })).toBe(false);
    expect(f({ XDG_RUNTIME_DIR: bin('missing') })).toBe(false);
    expect(f({ XDG_RUNTIME_DIR: '' })).toBe(false);
    expect(f({})).toBe(false);
  });

  test('this machine, with a fresh runtime dir, has no user manager to reach: the real systemctl says so', () => {
    const f = probeServiceFacts({ PATH: '/usr/bin:/bin', XDG_RUNTIME_DIR: bin('run-empty') }, runCommand, 'linux');
    expect(f.systemctl).toBe(true);
    expect(chooseServiceKind(f).kind).toBe('login-line');
  });
});

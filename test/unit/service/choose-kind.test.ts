import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cannotUse, chooseServiceKind, probeServiceFacts, type ServiceFacts } from '../../../src/service/choose-kind';
import { runCommand } from '../../../src/service/run';
import type { Runner } from '../../../src/service/types';

const linux: ServiceFacts = { platform: 'linux', launchctl: false, systemctl: true, userManagerState: 'running', runtimeSystemdDir: true };

test('a reachable systemd user manager gets a user unit (running, degraded, starting)', () => {
  for (const state of ['running', 'degraded', 'starting', 'initializing', 'maintenance']) {
    expect(chooseServiceKind({ ...linux, userManagerState: state }).kind).toBe('systemd-user');
  }
});

test('no systemctl, no user bus, an offline or stopping manager, or no runtime dir: the login line', () => {
  expect(chooseServiceKind({ ...linux, systemctl: false })).toMatchObject({ kind: 'login-line', why: expect.stringContaining('no systemctl') });
  expect(chooseServiceKind({ ...linux, userManagerState: null })).toMatchObject({
    kind: 'login-line',
    why: expect.stringContaining('cannot reach a user manager'),
  });
  expect(chooseServiceKind({ ...linux, userManagerState: 'offline' })).toMatchObject({ kind: 'login-line', why: expect.stringContaining('"offline"') });
  expect(chooseServiceKind({ ...linux, userManagerState: 'stopping' }).kind).toBe('login-line');
  expect(chooseServiceKind({ ...linux, runtimeSystemdDir: false })).toMatchObject({
    kind: 'login-line',
    why: expect.stringContaining('XDG_RUNTIME_DIR/systemd'),
  });
});

test('macOS: launchd when launchctl is there, else the login line; systemd facts do not matter', () => {
  expect(chooseServiceKind({ ...linux, platform: 'darwin', launchctl: true }).kind).toBe('launchd');
  expect(chooseServiceKind({ ...linux, platform: 'darwin', launchctl: false }).kind).toBe('login-line');
});

describe('probeServiceFacts', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-probe-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin', 'systemctl'), '#!/bin/sh\n', { mode: 0o755 });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads what systemctl --user is-system-running prints, and the runtime dir', () => {
    const calls: string[][] = [];
    const run: Runner = (cmd, args) => {
      calls.push([cmd, ...args]);
      return { status: 1, stdout: 'degraded\n', stderr: '' };
    };
    fs.mkdirSync(path.join(dir, 'run', 'systemd'), { recursive: true });
    const f = probeServiceFacts({ PATH: path.join(dir, 'bin'), XDG_RUNTIME_DIR: path.join(dir, 'run') }, run, 'linux');
    expect(f).toEqual({ platform: 'linux', launchctl: false, systemctl: true, userManagerState: 'degraded', runtimeSystemdDir: true });
    expect(calls).toEqual([['systemctl', '--user', 'is-system-running']]);
  });

  test('no bus (nothing on stdout) and no XDG_RUNTIME_DIR: unreachable', () => {
    const run: Runner = () => ({ status: 1, stdout: '', stderr: 'Failed to connect to bus: No medium found' });
    expect(probeServiceFacts({ PATH: path.join(dir, 'bin') }, run, 'linux')).toMatchObject({
      systemctl: true,
      userManagerState: null,
      runtimeSystemdDir: false,
    });
    expect(probeServiceFacts({ PATH: '/nonexistent' }, run, 'linux')).toMatchObject({ systemctl: false, userManagerState: null });
  });

  test('this machine, with a fresh runtime dir, has no user manager to reach: the real systemctl says so', () => {
    fs.mkdirSync(path.join(dir, 'run'), { mode: 0o700 });
    const f = probeServiceFacts({ PATH: '/usr/bin:/bin', XDG_RUNTIME_DIR: path.join(dir, 'run') }, runCommand, 'linux');
    expect(chooseServiceKind(f).kind).toBe('login-line');
  });
});

test('cannotUse: a forced kind that cannot run here is named with why; what works is null', () => {
  expect(cannotUse('systemd-user', linux)).toBeNull();
  expect(cannotUse('systemd-user', { ...linux, userManagerState: 'offline' })).toBe('systemctl --user says "offline" (a container, or WSL without systemd)');
  expect(cannotUse('systemd-user', { ...linux, userManagerState: null })).toMatch(/cannot reach a user manager/);
  expect(cannotUse('systemd-user', { ...linux, systemctl: false })).toMatch(/no systemctl on PATH/);
  expect(cannotUse('systemd-user', { ...linux, runtimeSystemdDir: false })).toMatch(/no \$XDG_RUNTIME_DIR\/systemd/);
  expect(cannotUse('launchd', linux)).toMatch(/macOS only/);
  expect(cannotUse('launchd', { ...linux, platform: 'darwin', launchctl: true })).toBeNull();
  expect(cannotUse('login-line', { ...linux, systemctl: false })).toBeNull();
});

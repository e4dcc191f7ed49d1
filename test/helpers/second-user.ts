// A real second user for the "wrong files" edges suites: tests run as root, who reads everything, so a
// file "you cannot read" needs another user to run gocondad. The user, its HOME, a project dir and a
// private runtime dir are made by `secondUser()` (useradd) and removed by `remove()` (userdel).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, noTelemetry, requireReal } from './world';

export type Run = { status: number; stdout: string; stderr: string };

export const STACK = /^\s+at .+:\d+:\d+\)?$|node:internal/m;
/** An errno code in the open: what the user must never have to look up. */
export const ERRNO = /\bE(ACCES|PERM|NOENT|ISDIR|NOTDIR|ROFS|EXIST|LOOP|MFILE|NOSPC)\b/;

export function run(cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string; timeout?: number } = {}): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60000, ...opts });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export interface SecondUser {
  name: string;
  base: string;
  home: string;
  project: string;
  env: Record<string, string>;
  /** gocondad as the second user, in `cwd` (default: the project dir), with exactly `env` (and `extra`). */
  gocondad(args: string[], cwd?: string, extra?: Record<string, string>): Run;
  /** A file only root may read (another user's, as far as this user goes), written with `text`. */
  othersFile(file: string, text: string): string;
  remove(): void;
}

/** One line in words, naming the file, with the exit code given; nothing on stdout. */
export function expectOneLine(r: Run, status: number, what: RegExp, label: string): void {
  expect({ label, status: r.status, stdout: r.stdout }).toEqual({ label, status, stdout: '' });
  expect(r.stderr).toMatch(/^gocondad: [^\n]+\n$/);
  expect(r.stderr).toMatch(what);
  expect(r.stderr).not.toMatch(ERRNO);
  expect(r.stderr).not.toMatch(STACK);
}

export function secondUser(tag: string): SecondUser {
  requireReal();
  if (process.getuid?.() !== 0) throw new Error('this edges suite must run as root (or with sudo): it creates a user with useradd');
  for (const tool of ['useradd', 'userdel', 'runuser'])
    if (run('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is missing: apt-get install passwd util-linux (scripts/ensure-test-deps does it)`);
  const name = `gc${tag}${process.pid % 100000}`;
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `gocondad-edges-${tag}-`));
  fs.chmodSync(base, 0o755);
  const home = path.join(base, 'home');
  const project = path.join(base, 'project');
  const add = run('useradd', ['-M', '-d', home, '-s', '/bin/sh', '-U', name]);
  if (add.status !== 0) throw new Error(`useradd ${name} failed: ${add.stderr}`);
  fs.mkdirSync(path.join(home, '.config', 'gocondad'), { recursive: true });
  noTelemetry(home); // Go 1.23's telemetry child must not outlive the test in this HOME
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'go.mod'), 'module example.com/x\n\ngo 1.21\n');
  run('chown', ['-R', `${name}:${name}`, home, project]);
  const runtime = path.join(base, 'run');
  fs.mkdirSync(runtime, { mode: 0o700 });
  run('chown', [`${name}:${name}`, runtime]);
  const env = {
    HOME: home,
    USER: name,
    XDG_RUNTIME_DIR: runtime,
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    PATH: '/usr/bin:/bin',
    LANG: 'C.UTF-8',
  };
  return {
    name,
    base,
    home,
    project,
    env,
    gocondad(args, cwd = project, extra = {}) {
      const vars = Object.entries({ ...env, ...extra }).map(([k, v]) => `${k}=${v}`);
      return run('runuser', ['-u', name, '--', 'env', '-i', ...vars, process.execPath, CLI, ...args], { cwd, timeout: 120000 });
    },
    othersFile(file, text) {
      const p = path.isAbsolute(file) ? file : path.join(project, file);
      fs.writeFileSync(p, text);
      fs.chmodSync(p, 0o600); // an existing file keeps its mode through writeFileSync
      fs.chownSync(p, 0, 0);
      return p;
    },
    remove() {
      run('userdel', [name]);
      fs.rmSync(base, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

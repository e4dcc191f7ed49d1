// Issue 19 §1, "a reader that goes away": every command of the built CLI, run as a real process whose
// stdout (or stderr) is a real pipe the reader closed before the first write (test/helpers/edges.ts).
// Documented (docs/cli.md, "Exit codes and errors"): no trace, nothing on the other stream that the command would not
// print anyway, and the exit status the command has with a reader (a gone reader is no error: 0 when all
// went well); streams that never end (`logs -f`, `status --watch`, `service logs -f`) end with 0; a
// command that changes things finishes and records all of it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normally, readerGone, TRACE } from '../../helpers/edges';
import { GO122, requireReal, World } from '../../helpers/world';

const SHIM = 'zzz-gocondad.sh';

const GOMOD = (git2go: string, gocv: string) =>
  `module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/libgit2/git2go/${git2go.split('.')[0]} ${git2go}\n\tgocv.io/x/gocv ${gocv}\n)\n`;
const ENVYML = (libgit2: string, opencv: string) => `name: app\ndependencies:\n  - go 1.22.*\n  - libgit2 ${libgit2}\n  - opencv ${opencv}\n`;

let world: World;
let one: string;
let two: string;
let proj: string;

/** A world with two envs conda knows (environments.txt), a go.mod project beside an environment.yml, a daemon. */
function makeWorld(): void {
  world = new World();
  one = world.makeEnv('one');
  two = world.makeEnv('two');
  fs.mkdirSync(path.join(world.home, '.conda'), { recursive: true });
  fs.writeFileSync(path.join(world.home, '.conda', 'environments.txt'), `${one}\n${two}\n`);
  proj = path.join(world.dir, 'proj');
  fs.mkdirSync(proj);
  fs.writeFileSync(path.join(proj, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
  fs.writeFileSync(path.join(proj, 'main.go'), 'package main\n\nfunc main() { println("hi") }\n');
  fs.writeFileSync(path.join(proj, 'environment.yml'), 'name: app\ndependencies:\n  - go 1.22.*\n');
  Object.assign(world.env, { SHELL: '/bin/bash', PATH: `${path.join(GO122, 'bin')}:${world.env.PATH}` });
}

beforeAll(() => requireReal());

describe('commands that only read', () => {
  beforeAll(() => {
    makeWorld();
    world.installShims(one);
    world.startDaemon();
  });
  afterAll(() => world.cleanup());

  const lines = (): string[][] => [
    ['--help'],
    ['--version'],
    ['help', 'sync'],
    ['envs'],
    ['envs', '--json'],
    ['status'],
    ['status', '--json'],
    ['doctor', '--all'],
    ['doctor', '--all', '--json'],
    ['explain', one],
    ['explain', one, '--json'],
    ['export', one],
    ['export', one, '--json'],
    ['logs'],
    ['logs', '--json', '-n', '3'],
    ['service', 'status'],
    ['service', 'status', '--json'],
    ['service', 'logs'],
    ['sync', proj],
    ['sync', proj, '--json'],
    ['sync-env', one],
    ['sync-env', one, '--json'],
    ['setup', '--dry-run'],
    ['uninstall', '--dry-run'],
    ['shims', 'refresh', one, '--print', 'bash'],
    ['bundle', '--dockerfile', '-p', one],
    ['start'],
    // failing command lines keep their own exit status and their one line
    ['explain', path.join(world?.dir ?? '/', 'nowhere')],
    ['status', '--bogus'],
  ];

  test('stdout gone before the first write: no trace, stderr as with a reader, the same exit status', () => {
    const wrong: string[] = [];
    for (const args of lines()) {
      const cwd = args[0] === 'bundle' ? proj : undefined;
      const want = normally(world, args, { cwd });
      const got = readerGone(world, args, 'stdout', { cwd });
      if (TRACE.test(got.other) || got.code !== want.code || got.other !== want.other)
        wrong.push(`${args.join(' ')}: exit ${got.code} (with a reader ${want.code}); stderr ${JSON.stringify(got.other.slice(0, 300))}`);
    }
    expect(wrong).toEqual([]);
  });

  test('stderr gone before the first write: no trace, stdout as with a reader, the same exit status', () => {
    const wrong: string[] = [];
    for (const args of lines()) {
      if (['logs', 'status', 'service', 'start'].includes(args[0]!)) continue; // output that changes between runs
      const cwd = args[0] === 'bundle' ? proj : undefined;
      const want = normally(world, args, { cwd });
      const got = readerGone(world, args, 'stderr', { cwd });
      if (TRACE.test(got.other) || got.code !== want.code || got.other !== want.stdout)
        wrong.push(`${args.join(' ')}: exit ${got.code} (with a reader ${want.code}); stdout ${JSON.stringify(got.other.slice(0, 200))}`);
    }
    expect(wrong).toEqual([]);
  });

  test('streams that would print forever end, exit 0: logs -f, service logs -f, status --watch', () => {
    for (const args of [
      ['logs', '-f'],
      ['service', 'logs', '-f'],
      ['status', '--watch'],
      ['status', '--watch', '--json'],
    ]) {
      const got = readerGone(world, args, 'stdout');
      expect([args.join(' '), got.code, got.other]).toEqual([args.join(' '), 0, '']);
    }
  });
});

describe('commands that change things finish, and record all of it, with nobody reading', () => {
  beforeEach(() => makeWorld());
  afterEach(() => world.cleanup());

  const gone = (args: string[], opts: { cwd?: string } = {}) => {
    const r = readerGone(world, args, 'stdout', opts);
    expect([args.join(' '), TRACE.test(r.other)]).toEqual([args.join(' '), false]);
    return r;
  };

  test('setup --yes: shims in both envs, the login line, a daemon, and setup.json saying so (was: "service": null, no daemon)', () => {
    expect(gone(['setup', '--yes', '--no-plugin']).code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(world.env.XDG_STATE_HOME!, 'gocondad', 'setup.json'), 'utf8'));
    expect(manifest).toMatchObject({ service: 'login-line', envs: [one, two].sort() });
    expect(fs.readFileSync(path.join(world.home, '.profile'), 'utf8')).toContain('# >>> gocondad >>>');
    for (const p of [one, two]) expect(fs.existsSync(path.join(p, 'etc', 'conda', 'activate.d', SHIM))).toBe(true);
    expect(world.daemonPid()).not.toBeNull();
    // and uninstall, its reader gone too, undoes all of it
    expect(gone(['uninstall']).code).toBe(0);
    expect(fs.existsSync(path.join(world.env.XDG_STATE_HOME!, 'gocondad', 'setup.json'))).toBe(false);
    for (const p of [one, two]) expect(fs.existsSync(path.join(p, 'etc', 'conda', 'activate.d', SHIM))).toBe(false);
    expect(fs.existsSync(path.join(world.home, '.profile'))).toBe(false); // setup created it; the block was all of it
  });

  test('shims install|uninstall, service install|uninstall, doctor --fix, restore, sync --write, bundle', () => {
    expect(gone(['shims', 'install', one, two]).code).toBe(0);
    for (const p of [one, two]) expect(fs.readdirSync(path.join(p, 'etc', 'conda', 'activate.d'))).toContain(SHIM);
    expect(gone(['shims', 'uninstall', two]).code).toBe(0);
    expect(fs.existsSync(path.join(two, 'etc', 'conda', 'activate.d', SHIM))).toBe(false);

    expect(gone(['service', 'install']).code).toBe(0);
    expect(fs.readFileSync(path.join(world.home, '.profile'), 'utf8')).toContain('# >>> gocondad >>>');
    expect(world.daemonPid()).not.toBeNull();
    expect(gone(['service', 'uninstall']).code).toBe(0);
    expect(fs.existsSync(path.join(world.home, '.profile'))).toBe(false);

    // doctor --fix: what a second run finds left to fix is nothing
    fs.rmSync(path.join(one, 'etc', 'conda', 'activate.d', SHIM));
    gone(['doctor', '--fix', one]);
    expect(JSON.parse(normally(world, ['doctor', '--fix', '--json', one]).stdout).fixed).toEqual([]);
    expect(fs.existsSync(path.join(one, 'etc', 'conda', 'activate.d', SHIM))).toBe(true);

    // restore: the exported Go state of one, into a new env
    fs.writeFileSync(path.join(one, 'etc', 'gocondad.yml'), 'go: "1.19"\n');
    const exported = path.join(world.dir, 'one.yml');
    fs.writeFileSync(exported, normally(world, ['export', one]).stdout);
    const three = world.makeEnv('three');
    expect(gone(['restore', three, '--from', exported]).code).toBe(0);
    expect(fs.readFileSync(path.join(three, 'etc', 'gocondad.yml'), 'utf8')).toContain('1.19');
    expect(fs.existsSync(path.join(three, 'etc', 'conda', 'activate.d', SHIM))).toBe(true);

    // sync --write: both sides mended (environment.yml, and go.mod through go mod edit); a project of no
    // .go files, so that every coupling counts (one with .go files counts only the packages they import)
    const sp = path.join(world.dir, 'syncproj');
    fs.mkdirSync(sp);
    fs.writeFileSync(path.join(sp, 'go.mod'), GOMOD('v33.0.9', 'v0.36.1'));
    fs.writeFileSync(path.join(sp, 'environment.yml'), ENVYML('1.3.*', '4.9.0'));
    expect(normally(world, ['sync', sp]).code).toBe(0);
    fs.writeFileSync(path.join(sp, 'go.mod'), GOMOD('v34.0.0', 'v0.36.1'));
    fs.writeFileSync(path.join(sp, 'environment.yml'), ENVYML('1.3.*', '4.10.0'));
    expect(gone(['sync', sp, '--write']).code).toBe(0);
    expect(fs.readFileSync(path.join(sp, 'environment.yml'), 'utf8')).toContain('libgit2 1.5.*');
    expect(fs.readFileSync(path.join(sp, 'go.mod'), 'utf8')).not.toContain('gocv v0.36.1');
    expect(normally(world, ['sync', sp]).code).toBe(0);

    // bundle -o DIR and --dockerfile FILE
    expect(gone(['bundle', '-o', path.join(world.dir, 'out'), '-p', one], { cwd: proj }).code).toBe(0);
    expect(fs.readdirSync(path.join(world.dir, 'out')).sort()).toEqual(['bin', 'gocondad-bundle.json']);
    expect(gone(['bundle', '--dockerfile', path.join(world.dir, 'Dockerfile'), '-p', one], { cwd: proj }).code).toBe(0);
    expect(fs.readFileSync(path.join(world.dir, 'Dockerfile'), 'utf8')).toMatch(/^FROM /m);
  });
});

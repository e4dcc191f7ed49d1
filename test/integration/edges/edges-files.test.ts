// Wrong and unreadable files: the built CLI as a real process on each input file a command reads — one
// another user's permissions keep from this user (a real second user: tests run as root, who reads
// everything), a directory where the file should be, a missing one, an empty one, broken YAML — and an
// env this user cannot write. Every answer is one line in words naming the file (no errno code, no
// stack trace), exit 2 for bad input; `shims install` on an env the user cannot write names the admin
// command, as `setup --dry-run` does. The users are created here (useradd) and removed after (userdel).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERRNO, expectOneLine, run, secondUser, STACK, type SecondUser } from '../../helpers/second-user';

let user: SecondUser;
let base: string;
let home: string;
let project: string;
let shared: string;
let env: Record<string, string>;
const gocondad = (args: string[], cwd?: string) => user.gocondad(args, cwd);
const othersFile = (file: string, text: string) => user.othersFile(file, text);
const name = () => user.name;

beforeAll(() => {
  user = secondUser('e19');
  ({ base, home, project, env } = user);
  fs.mkdirSync(path.join(base, 'conda', 'envs'), { recursive: true });
  // An env root owns (an admin's shared env): readable by all, writable by root alone.
  shared = path.join(base, 'conda', 'envs', 'shared');
  for (const d of ['conda-meta', 'bin', 'etc']) fs.mkdirSync(path.join(shared, d), { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(shared, 'conda-meta', 'history'), '');
  // conda's list of envs, so that discovery (setup --dry-run) knows the shared env too.
  fs.mkdirSync(path.join(home, '.conda'));
  fs.writeFileSync(path.join(home, '.conda', 'environments.txt'), `${shared}\n`);
});

afterAll(() => user?.remove());

test('the second user really cannot read a file of root’s (else the tests below prove nothing)', () => {
  const p = othersFile('secret.yml', 'dependencies: [go]\n');
  expect(run('runuser', ['-u', name(), '--', 'cat', p]).status).not.toBe(0);
});

describe('sync: the conda-side file', () => {
  const ENV_YML = 'name: x\ndependencies:\n  - go\n';

  test('unreadable: "you cannot read it (permission denied)", file named, exit 2', () => {
    const p = othersFile('locked.yml', ENV_YML);
    expectOneLine(
      gocondad(['sync', '--file', p]),
      2,
      new RegExp(`^gocondad: ${p}: you cannot read it \\(permission denied\\); check its permissions: ls -ld ${p}\\n$`),
      'sync --file unreadable',
    );
    // Found by itself in the project dir, the same.
    const own = othersFile('environment.yml', ENV_YML);
    expectOneLine(gocondad(['sync']), 2, new RegExp(`^gocondad: ${own}: you cannot read it \\(permission denied\\); `), 'sync, environment.yml unreadable');
    fs.rmSync(own);
  });

  test('a directory where the file should be, a missing file, an empty file: exit 2, in words', () => {
    const dir = path.join(project, 'dir.yml');
    fs.mkdirSync(dir);
    expectOneLine(gocondad(['sync', '--file', dir]), 2, new RegExp(`^gocondad: ${dir}: it is a directory, not a file; `), 'sync --file DIR');
    expectOneLine(gocondad(['sync', '--file', path.join(project, 'missing.yml')]), 2, /: no such file or directory; check the path\n$/, 'sync --file missing');
    const empty = path.join(project, 'empty.yml');
    fs.writeFileSync(empty, '', { mode: 0o644 });
    const said = (f: string) =>
      new RegExp(`^gocondad: ${f}: it is empty; list the env's packages under \`dependencies:\` \\(conda env export --from-history > environment.yml\\)\\n$`);
    expectOneLine(gocondad(['sync', '--file', empty]), 2, said(empty), 'sync --file empty');
    // Only comments and blank lines: as empty, not "expected a mapping at line 1".
    const comments = path.join(project, 'comments.yml');
    fs.writeFileSync(comments, '# written later\n\n  # really\n', { mode: 0o644 });
    expectOneLine(gocondad(['sync', '--file', comments]), 2, said(comments), 'sync --file only comments');
    // An empty lock: the command that writes it again.
    const lock = path.join(project, 'conda-lock.yml');
    fs.writeFileSync(lock, '', { mode: 0o644 });
    expectOneLine(gocondad(['sync', '--file', lock]), 2, new RegExp(`^gocondad: ${lock}: it is empty; write it again with conda-lock`), 'sync, empty lock');
    fs.rmSync(lock);
  });

  test('broken YAML: file:line where the problem starts, the reason whole', () => {
    const quote = path.join(project, 'quote.yml');
    fs.writeFileSync(quote, 'name: "x\ndependencies:\n  - go\n', { mode: 0o644 });
    expectOneLine(
      gocondad(['sync', '--file', quote]),
      2,
      new RegExp(`^gocondad: ${quote}:1: YAML error: the "-quoted string that starts on this line is never closed \\(no closing "\\); fix the YAML syntax\\n$`),
      'unclosed quote',
    );
    const bracket = path.join(project, 'bracket.yml');
    fs.writeFileSync(bracket, 'name: x\ndependencies:\n  - go\n  - [a\nb: c\n', { mode: 0o644 });
    expectOneLine(
      gocondad(['sync', '--file', bracket]),
      2,
      new RegExp(`^gocondad: ${bracket}:4: YAML error: the \\[ that starts on this line is not closed with \\] before line 5; `),
      'unclosed [',
    );
    const tab = path.join(project, 'tab.yml');
    fs.writeFileSync(tab, 'name: x\n\tdependencies:\n', { mode: 0o644 });
    expectOneLine(
      gocondad(['sync', '--file', tab]),
      2,
      new RegExp(`^gocondad: ${tab}:2: YAML error: Tabs are not allowed as indentation \\(column 1\\); `),
      'tab',
    );
  });
});

describe('sync-env --planned FILE', () => {
  test('unreadable, a directory, missing: bad input, in words, exit 2', () => {
    const p = othersFile('planned.json', '{"link": [], "unlink": []}');
    expectOneLine(
      gocondad(['sync-env', shared, '--planned', p]),
      2,
      new RegExp(`^gocondad: ${p}: you cannot read it \\(permission denied\\); `),
      'planned unreadable',
    );
    expectOneLine(gocondad(['sync-env', shared, '--planned', project]), 2, new RegExp(`^gocondad: ${project}: it is a directory, not a file; `), 'planned DIR');
    expectOneLine(
      gocondad(['sync-env', shared, '--planned', path.join(project, 'nope.json')]),
      2,
      /: no such file or directory; check the path\n$/,
      'planned missing',
    );
  });
});

describe('an env or dir the user cannot write: restore, doctor --fix, bundle -o', () => {
  // Before the `shims install` case below, whose admin run gives the shared env its shims.
  test('restore: "you cannot write", with the command an admin can run; nothing written', () => {
    const from = path.join(project, 'state.yml');
    fs.writeFileSync(from, 'gocondad:\n  version: 1\n  toolchain: {ok: true, goVersion: null, chosenBy: null}\n  pin: {text: "go: \\"1.19\\"\\n"}\n', {
      mode: 0o644,
    });
    const r = gocondad(['restore', shared, '--from', 'state.yml']);
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(
      new RegExp(
        `^gocondad: ${shared}: you cannot write ${shared}/etc/gocondad\\.yml \\(permission denied\\); an admin can run: sudo \\S+ \\S+ restore ${shared} --from ${from}\\n$`,
      ),
    );
    expect(fs.existsSync(path.join(shared, 'etc', 'gocondad.yml'))).toBe(false);
  });

  test('doctor --fix: the env it cannot write keeps its problem, whose fix is the admin command (--fix does not try it); the others are fixed, exit 1', () => {
    const own = path.join(home, 'envs', 'own');
    fs.mkdirSync(path.join(own, 'conda-meta'), { recursive: true });
    fs.writeFileSync(path.join(own, 'conda-meta', 'history'), '');
    run('chown', ['-R', `${user.name}:${user.name}`, path.join(home, 'envs')]);
    // plain doctor first: the fix line is what an admin runs, the one setup --dry-run gives, not `gocondad shims install` (refused)
    const plain = gocondad(['doctor', shared]);
    expect(plain.status).toBe(1);
    const fix = new RegExp(
      `PROBLEM  \\[missing-shims\\] ${shared}\\n +no gocondad shims: activating this env does not set Go up\\n +fix: an admin can run: (sudo \\S+ \\S+ shims install ${shared})\\n`,
    );
    expect(plain.stdout).toMatch(fix);
    expect(gocondad(['setup', '--dry-run', '--no-plugin', '--no-service'], project).stdout).toContain(fix.exec(plain.stdout)![1]!);
    // the user's env first in the list, then the admin's: one that cannot be written stops nothing
    const r = gocondad(['doctor', '--fix', own, shared]);
    expect([r.status, r.stderr]).toEqual([1, '']);
    expect(r.stdout).toContain(`fixed    installed shims in ${own}`);
    expect(r.stdout).toMatch(fix);
    expect(r.stdout + r.stderr).not.toMatch(STACK);
  });

  test('bundle -o in a dir root owns: the dir named (not the hidden staging dir), in words', () => {
    const out = path.join(base, 'conda', 'out');
    fs.writeFileSync(path.join(project, 'main.go'), 'package main\n\nfunc main() {}\n', { mode: 0o644 });
    const r = gocondad(['bundle', '-o', out, '-p', shared]);
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toBe(
      `gocondad: output directory ${out}: you cannot write ${path.dirname(out)} (permission denied); choose an output directory you can write with -o\n`,
    );
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('an env the user cannot write', () => {
  test('shims install: "you cannot write", with the admin command setup --dry-run gives', () => {
    const r = gocondad(['shims', 'install', shared]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^gocondad: ${shared}: you cannot write \\S+ \\(permission denied\\); an admin can run: sudo \\S+ \\S+ shims install ${shared}\\n$`),
    );
    expect(r.stderr).not.toMatch(ERRNO);
    expect(r.stderr).not.toMatch(STACK);
    // The very command setup's plan prints for the same env.
    const admin = /an admin can run: (.+)\n$/.exec(r.stderr)![1]!;
    const plan = gocondad(['setup', '--dry-run', '--no-plugin', '--no-service'], project);
    expect(plan.stdout).toContain(admin);
    // And it is a command that works: as root it installs the shims.
    const asAdmin = run('sh', ['-c', admin.replace(/^sudo /, '')], {
      env: { ...env, HOME: base, XDG_STATE_HOME: path.join(base, 's'), XDG_RUNTIME_DIR: path.join(base, 'r') },
    });
    expect(asAdmin.status).toBe(0);
    expect(fs.readdirSync(path.join(shared, 'etc', 'conda', 'activate.d')).length).toBeGreaterThan(0);
  });

  test('shims uninstall: the same, with the admin command to uninstall', () => {
    const r = gocondad(['shims', 'uninstall', shared]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^gocondad: ${shared}: you cannot write \\S+ \\(permission denied\\); an admin can run: sudo \\S+ \\S+ shims uninstall ${shared}\\n$`),
    );
  });
});

describe('the user config, unreadable', () => {
  test('every command that reads it says so in words, and goes on without it', () => {
    const config = path.join(home, '.config', 'gocondad', 'config.yml');
    fs.writeFileSync(config, 'auto_install: false\n', { mode: 0o600 });
    fs.chownSync(config, 0, 0);
    try {
      for (const args of [['envs'], ['doctor'], ['shims', 'install', '--all']]) {
        const r = gocondad(args);
        const out = r.stdout + r.stderr;
        expect(out).toContain(`${config}: you cannot read it (permission denied); ignored`);
        expect(out).not.toMatch(ERRNO);
        expect(out).not.toMatch(STACK);
      }
    } finally {
      fs.rmSync(config);
    }
  });
});

// What the built CLI says off the happy path (issue 19 §6, found by a trial with a fresh HOME): every
// command described in its help, help as `conda go` sees it, wrong paths answered with the next step,
// and dry runs that list only what is there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireReal, World } from '../helpers/world';

let w: World;
beforeAll(() => {
  requireReal();
  w = new World();
});
afterAll(() => w.cleanup());

/** The `Commands:` section of a help text: [name and arguments, description] per command. */
function commandsOf(help: string): [string, string][] {
  const start = help.indexOf('\nCommands:\n');
  if (start < 0) return [];
  const rows: [string, string][] = [];
  for (const line of help.slice(start + '\nCommands:\n'.length).split('\n')) {
    const m = /^ {2}(\S.*?)(?: {2,}(\S.*))?$/.exec(line);
    if (m) rows.push([m[1]!, m[2] ?? '']);
    else if (!/^ {4,}\S/.test(line)) break; // a wrapped description goes on deeper
  }
  return rows;
}

test('every command and subcommand says what it does in its help (shims install/uninstall had nothing)', () => {
  const top = w.cli(['--help']);
  expect(top.status).toBe(0);
  const commands = commandsOf(top.stdout);
  expect(commands.length).toBeGreaterThan(10);
  const groups = commands.map(([c]) => c.split(' ')[0]!).filter((c) => c !== 'help');
  const undescribed: string[] = [];
  for (const [cmd, text] of commands) if (text === '') undescribed.push(cmd);
  for (const g of groups) {
    const r = w.cli(['help', g]);
    expect(r.status).toBe(0);
    for (const [cmd, text] of commandsOf(r.stdout)) if (text === '') undescribed.push(`${g} ${cmd}`);
  }
  expect(groups).toEqual(expect.arrayContaining(['shims', 'service']));
  expect(undescribed).toEqual([]);
});

test('as `conda go` (GOCONDAD_AS, set by the plugin): usage names conda go, and daemon/setup/uninstall/service are not offered', () => {
  const r = w.cli(['--help'], { GOCONDAD_AS: 'conda go' });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^Usage: conda go /);
  const names = commandsOf(r.stdout).map(([c]) => c.split(' ')[0]);
  expect(names).toEqual(expect.arrayContaining(['status', 'envs', 'doctor', 'explain', 'export']));
  for (const hidden of ['daemon', 'setup', 'uninstall', 'service']) expect(names).not.toContain(hidden);
  expect(w.cli(['doctor', '--help'], { GOCONDAD_AS: 'conda go' }).stdout).toMatch(/^Usage: conda go doctor /);
  // gocondad itself still lists them.
  expect(commandsOf(w.cli(['--help']).stdout).map(([c]) => c.split(' ')[0])).toEqual(expect.arrayContaining(['daemon', 'setup', 'uninstall', 'service']));
});

test('a path that is no conda env: one line with the next step, for every command that takes one; sync-env and sync -p exit 2', () => {
  const nowhere = path.join(w.dir, 'nonexistent');
  const line = `gocondad: ${nowhere} is not a conda env (no conda-meta/ in it); give an env's name or prefix (\`gocondad envs\` lists them), or make it one first: conda create -p ${nowhere}\n`;
  const from = path.join(w.dir, 'state.yml');
  fs.writeFileSync(from, 'gocondad: {version: 1, toolchain: {}}\n');
  for (const args of [
    ['explain', nowhere],
    ['export', nowhere],
    ['restore', nowhere, '--from', from],
    ['shims', 'install', nowhere],
    ['shims', 'uninstall', nowhere],
    ['shims', 'refresh', nowhere],
    ['shims', 'refresh', nowhere, '--print', 'posix'],
    ['bundle', '-p', nowhere, '-o', path.join(w.dir, 'out'), './cmd'],
    ['sync-env', nowhere],
    ['sync', w.dir, '-p', nowhere],
  ]) {
    const r = w.cli(args);
    expect({ args, status: r.status }).toEqual({ args, status: args[0]!.startsWith('sync') ? 2 : 1 });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(line);
  }
  // The active env, when it is the default, is checked the same way.
  for (const args of [['explain'], ['export'], ['sync-env']]) expect(w.cli(args, { CONDA_PREFIX: nowhere }).stderr).toBe(line);
  // doctor reports such a path as its not-an-env finding, in the same words.
  const doctor = w.cli(['doctor', nowhere, '--json']);
  expect(doctor.status).toBe(1);
  expect(JSON.parse(doctor.stdout).findings).toContainEqual(
    expect.objectContaining({ kind: 'not-an-env', message: line.slice('gocondad: '.length, line.indexOf('; ')), fix: line.slice(line.indexOf('; ') + 2, -1) }),
  );
  // A planned transaction may be for an env conda is about to create: that is no error.
  const planned = path.join(w.dir, 'planned.json');
  fs.writeFileSync(planned, '{"link": [], "unlink": []}');
  expect(w.cli(['sync-env', nowhere, '--planned', planned]).status).toBe(0);
});

test('no env given and none active: one line naming the command, exit 2, for every command that defaults to the active env', () => {
  for (const [args, usage] of [
    [['explain'], 'gocondad explain ENV'],
    [['export'], 'gocondad export ENV'],
    [['sync-env'], 'gocondad sync-env ENV'],
    [['bundle', '-o', path.join(w.dir, 'out'), './cmd'], 'gocondad bundle -p ENV PACKAGE'],
  ] as const) {
    const r = w.cli([...args], { CONDA_PREFIX: '' });
    expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status: 2, stdout: '' });
    expect(r.stderr).toBe(`gocondad: no env given, and none is active; name one (\`gocondad envs\` lists them) or activate it: ${usage}\n`);
  }
});

test('an env by name, in every command that takes one (sync-env, shims and bundle -p took paths only)', () => {
  const prefix = w.makeEnv('by-name-env');
  // conda lists the envs it made in ~/.conda/environments.txt: how gocondad knows this one by name.
  fs.mkdirSync(path.join(w.home, '.conda'), { recursive: true });
  fs.appendFileSync(path.join(w.home, '.conda', 'environments.txt'), `${prefix}\n`);
  const se = w.cli(['sync-env', 'by-name-env']);
  expect(se.stderr).toBe('');
  expect(se.stdout).toContain(`no go.mod project is synced against ${prefix}`);
  // The toolchain once as Go spells it (it said `go go1.22.12`).
  expect(w.cli(['shims', 'install', 'by-name-env']).stdout).toMatch(new RegExp(`^installed {2}${prefix} {2}go1\\.\\d+\\.\\d+ \\(newest\\)\n$`));
  expect(w.cli(['shims', 'refresh', 'by-name-env']).status).toBe(0);
  expect(w.cli(['explain', 'by-name-env', '--json']).stdout).toContain(`"prefix": "${prefix}"`);
  expect(w.cli(['shims', 'uninstall', 'by-name-env']).stdout).toBe(`removed  ${prefix}\n`);
  const unknown = w.cli(['sync-env', 'no-such-env-anywhere']);
  expect(unknown.stderr).toBe('gocondad: no env named no-such-env-anywhere; `gocondad envs` lists the envs found, or give its prefix\n');
});

test('restore --from a file that is not there: no such file, in words', () => {
  const env = w.makeEnv('restored');
  const r = w.cli(['restore', env, '--from', path.join(w.dir, 'x.yml')]);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe(`gocondad: ${path.join(w.dir, 'x.yml')}: no such file or directory; check the path\n`);
});

test('envs with auto_install on and no daemon says nothing installs shims into new envs until one runs', () => {
  const r = w.cli(['envs']);
  expect(r.status).toBe(0);
  expect(r.stdout.split('\n')[0]).toMatch(/^envs \(\d+; auto_install on, but no daemon runs: new envs get no shims until `gocondad start`/);
  w.config('auto_install: false\n');
  expect(w.cli(['envs']).stdout.split('\n')[0]).toMatch(/^envs \(\d+; auto_install off\)$/);
  w.config('system_toolchains: false\ntoolchains:\n  - /usr/lib/go-1.19\n  - /usr/lib/go-1.22\n');
});

test('uninstall --dry-run lists only what is there to remove (no runtime dir that was never made)', () => {
  const r = w.cli(['uninstall', '--dry-run']);
  expect(r.status).toBe(0);
  const removed = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('  remove /'))
    .map((l) => l.slice('  remove '.length));
  for (const p of removed) expect({ p, exists: fs.existsSync(p) }).toEqual({ p, exists: true });
  const fallback = path.join(w.env.TMPDIR ?? '/tmp', `gocondad-${process.getuid!()}`);
  if (!fs.existsSync(fallback)) expect(removed).not.toContain(fallback);
});

test('shims install|uninstall --all where conda knows no env: said on stderr, nothing done, exit 0 (it said "no env given … or pass --all")', () => {
  const bare = { HOME: path.join(w.dir, 'no-conda-home'), PATH: '/usr/bin:/bin', CONDA_EMU_ROOT: '', CONDA_PREFIX: '' };
  fs.mkdirSync(bare.HOME, { recursive: true });
  for (const verb of ['install', 'uninstall']) {
    const r = w.cli(['shims', verb, '--all'], bare);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 0,
      stdout: '',
      stderr: 'gocondad: no conda env found (no conda root, envs dir or environments.txt); nothing to do\n',
    });
  }
  const none = w.cli(['shims', 'install'], bare);
  expect(none.status).toBe(2);
  expect(none.stderr).toMatch(/^gocondad: no env given; name the envs, or pass --all/);
});

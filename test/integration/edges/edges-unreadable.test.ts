// Unreadable, misplaced and empty input files for every command that reads a file the user names or
// owns, beyond sync's and sync-env's (edges-files.test.ts): `restore --from`, bundle's `--conda-file`
// (and the env file it finds), `bundle -o`, an env's pin file (etc/gocondad.yml) for explain, doctor and
// export, sync's rule files (the project's gocondad-sync.yml, the user's sync-rules.yml), go.mod and
// go.sum, and doctor's `--module`. The built CLI as a real second user (tests run as root, who reads
// everything). Every answer is one line in words naming the file (no errno code, no stack trace), exit 2
// for bad input (docs/cli.md, "Exit codes and errors"); a pin that cannot be read is an unsatisfiable pin.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERRNO, expectOneLine, run, secondUser, type SecondUser } from '../../helpers/second-user';
import { GO119, GO122 } from '../../helpers/world';

let user: SecondUser;
let env: string;
const gocondad = (args: string[], cwd?: string) => user.gocondad(args, cwd);
const inProject = (name: string) => path.join(user.project, name);
/** A directory where the file should be, owned by the user. */
const dirAt = (p: string) => {
  fs.mkdirSync(p, { recursive: true });
  fs.chownSync(p, fs.statSync(user.home).uid, fs.statSync(user.home).gid);
  return p;
};
const words = (file: string) => ({
  unreadable: new RegExp(`^gocondad: ${file}: you cannot read it \\(permission denied\\); check its permissions: ls -ld ${file}\\n$`),
  dir: new RegExp(`^gocondad: ${file}: it is a directory, not a file; `),
  missing: new RegExp(`^gocondad: ${file}: no such file or directory; `),
  empty: new RegExp(`^gocondad: ${file}: it is empty; `),
});

beforeAll(() => {
  user = secondUser('unr');
  // An env root made (readable by all): the user's commands read it, and its pin.
  env = path.join(user.base, 'conda', 'envs', 'e');
  for (const d of ['conda-meta', 'bin', 'etc']) fs.mkdirSync(path.join(env, d), { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(env, 'conda-meta', 'history'), '');
  const config = path.join(user.home, '.config', 'gocondad', 'config.yml');
  fs.writeFileSync(config, `system_toolchains: false\ntoolchains:\n  - ${GO119}\n  - ${GO122}\n`);
  run('chown', ['-R', `${user.name}:${user.name}`, user.home]);
});
afterAll(() => user?.remove());

test('the second user really cannot read a file of root’s (else the tests below prove nothing)', () => {
  const p = user.othersFile('secret.yml', 'x: 1\n');
  expect(run('runuser', ['-u', user.name, '--', 'cat', p]).status).not.toBe(0);
});

describe('restore --from FILE', () => {
  test('unreadable, a directory, missing, empty, broken YAML, no state: bad input in words, exit 2, nothing restored', () => {
    const pin = path.join(env, 'etc', 'gocondad.yml');
    const cases: [string, string, RegExp][] = [
      ['unreadable', user.othersFile('state.yml', 'gocondad: {version: 1}\n'), words(inProject('state.yml')).unreadable],
      ['directory', dirAt(inProject('state.d')), words(inProject('state.d')).dir],
      ['missing', inProject('nope.yml'), words(inProject('nope.yml')).missing],
    ];
    const empty = inProject('empty.yml');
    fs.writeFileSync(empty, '# nothing yet\n', { mode: 0o644 });
    cases.push(['empty', empty, new RegExp(`^gocondad: ${empty}: it is empty; give a file written by \`conda export --format gocondad\``)]);
    const broken = inProject('broken.yml');
    fs.writeFileSync(broken, 'gocondad:\n  version: "1\n', { mode: 0o644 });
    cases.push(['broken', broken, new RegExp(`^gocondad: ${broken}:2: YAML error: the "-quoted string that starts on this line is never closed`)]);
    const plain = inProject('plain.yml');
    fs.writeFileSync(plain, 'name: x\ndependencies: [go]\n', { mode: 0o644 });
    cases.push(['no state', plain, new RegExp(`^gocondad: ${plain} has no gocondad state of version 1; export it again`)]);
    for (const [label, file, said] of cases) {
      expectOneLine(gocondad(['restore', env, '--from', file]), 2, said, `restore --from ${label}`);
      expect(fs.existsSync(pin)).toBe(false);
    }
  });
});

describe('bundle', () => {
  const dockerfile = (extra: string[]) => ['bundle', '--dockerfile', '-p', env, '--gocondad-from', 'gocondad@0.1.0', ...extra];

  test('--conda-file unreadable, a directory, missing, empty: bad input in words, exit 2, no Dockerfile', () => {
    const locked = user.othersFile('locked.yml', 'dependencies: [go]\n');
    expectOneLine(gocondad(dockerfile(['--conda-file', locked])), 2, words(locked).unreadable, '--conda-file unreadable');
    const dir = dirAt(inProject('envdir.yml'));
    expectOneLine(gocondad(dockerfile(['--conda-file', dir])), 2, words(dir).dir, '--conda-file DIR');
    expectOneLine(gocondad(dockerfile(['--conda-file', 'gone.yml'])), 2, words(inProject('gone.yml')).missing, '--conda-file missing');
    const empty = inProject('blank.yml');
    fs.writeFileSync(empty, '\n# to do\n', { mode: 0o644 });
    expectOneLine(gocondad(dockerfile(['--conda-file', empty])), 2, words(empty).empty, '--conda-file empty');
  });

  test('the environment.yml it finds by itself, unreadable or empty: said, not passed over', () => {
    const found = user.othersFile('environment.yml', 'dependencies: [go]\n');
    try {
      expectOneLine(gocondad(dockerfile([])), 2, words(found).unreadable, 'found environment.yml unreadable');
      fs.writeFileSync(found, '');
      fs.chmodSync(found, 0o644);
      expectOneLine(gocondad(dockerfile([])), 2, words(found).empty, 'found environment.yml empty');
    } finally {
      fs.rmSync(found);
    }
  });

  test('-o FILE (an existing regular file): in words, no ENOTDIR, no scandir, exit 1', () => {
    const file = inProject('app');
    fs.writeFileSync(file, 'a program\n');
    expectOneLine(
      gocondad(['bundle', '-o', file, '-p', env]),
      1,
      new RegExp(`^gocondad: ${file} is a file, not a directory; choose a new or empty directory with -o\\n$`),
      'bundle -o FILE',
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('a program\n');
    expectOneLine(
      gocondad(['bundle', '-o', path.join(file, 'sub'), '-p', env]),
      1,
      new RegExp(`^gocondad: output directory: a part of the path ${file}/sub is a file, not a directory; check the path\\n$`),
      'bundle -o FILE/sub',
    );
  });
});

describe("an env's pin file (etc/gocondad.yml)", () => {
  const pin = () => path.join(env, 'etc', 'gocondad.yml');
  afterEach(() => fs.rmSync(pin(), { recursive: true, force: true, maxRetries: 5 }));

  for (const kind of ['unreadable', 'a directory'] as const) {
    test(`${kind}: an unsatisfiable pin (no toolchain, nothing applied), said in explain and doctor; export refuses`, () => {
      if (kind === 'unreadable') user.othersFile(pin(), 'go: "1.19"\n');
      else fs.mkdirSync(pin());
      const why = kind === 'unreadable' ? 'you cannot read it \\(permission denied\\)' : 'is not a regular file';
      const explain = gocondad(['explain', env, '--json']);
      expect(explain.status).toBe(0);
      const e = JSON.parse(explain.stdout);
      // Without the pin it would be go1.22 (the newest): a pin that may exclude it decides nothing.
      expect([e.result.ok, e.result.goVersion]).toEqual([false, null]);
      expect(e.result.why).toMatch(new RegExp(`^the pin file cannot be read \\(${pin()}: ${why}`));
      const doctor = gocondad(['doctor', env]);
      expect(doctor.status).toBe(1);
      expect(doctor.stdout).toMatch(new RegExp(`PROBLEM  \\[pin\\] ${env}\\n +${pin()}: ${why}`));
      expect(doctor.stdout + doctor.stderr).not.toMatch(ERRNO);
      const exported = gocondad(['export', env]);
      expect(exported.stdout).toBe('');
      if (kind === 'unreadable') expectOneLine(exported, 2, words(pin()).unreadable, 'export, pin unreadable');
      else expectOneLine(exported, 2, words(pin()).dir, 'export, pin a directory');
    });
  }
});

describe("sync's rule files, go.mod and go.sum", () => {
  const ENV_YML = 'name: x\ndependencies:\n  - go 1.21.*\n';
  beforeAll(() => fs.writeFileSync(inProject('environment.yml'), ENV_YML, { mode: 0o644 }));
  afterAll(() => fs.rmSync(inProject('environment.yml')));

  test('the project’s gocondad-sync.yml and the user’s sync-rules.yml, unreadable or a directory: exit 2, never skipped', () => {
    expect(gocondad(['sync']).status).toBe(0); // in sync without them
    const project = user.othersFile('gocondad-sync.yml', 'rules: []\n');
    expectOneLine(gocondad(['sync']), 2, words(project).unreadable, 'project rules unreadable');
    fs.rmSync(project);
    const own = path.join(user.home, '.config', 'gocondad', 'sync-rules.yml');
    user.othersFile(own, 'tags: [dynamic]\n');
    expectOneLine(gocondad(['sync']), 2, words(own).unreadable, 'user rules unreadable');
    fs.rmSync(own);
    dirAt(own);
    expectOneLine(gocondad(['sync']), 2, words(own).dir, 'user rules a directory');
    fs.rmdirSync(own);
    expect(gocondad(['sync']).status).toBe(0);
  });

  test('sync-env: a project whose rule file cannot be read is not judged "ok": said, exit 2', () => {
    expect(gocondad(['sync', '-p', env]).status).toBe(0); // registers the project with the env
    expect(gocondad(['sync-env', env]).status).toBe(0);
    const rules = user.othersFile('gocondad-sync.yml', 'rules: []\n');
    try {
      const r = gocondad(['sync-env', env]);
      expect([r.status, r.stderr]).toEqual([2, '']);
      // the mark before it is the human renderer's (plain here: no terminal)
      expect(r.stdout).toMatch(new RegExp(`^\\S+ ${user.project}: cannot judge: ${rules}: you cannot read it \\(permission denied\\)\\n$`));
      const json = gocondad(['sync-env', env, '--json']);
      expect(json.status).toBe(2);
      expect(JSON.parse(json.stdout).projects).toEqual([
        { project: user.project, ok: false, findings: [], error: `${rules}: you cannot read it (permission denied)` },
      ]);
    } finally {
      fs.rmSync(rules);
    }
  });

  test('go.mod and go.sum unreadable: "you cannot read", not "no go.mod here" or skipped', () => {
    const mod = inProject('go.mod');
    const text = fs.readFileSync(mod, 'utf8');
    user.othersFile(mod, text);
    try {
      expectOneLine(gocondad(['sync']), 2, words(mod).unreadable, 'go.mod unreadable');
    } finally {
      fs.chmodSync(mod, 0o644);
    }
    const sum = user.othersFile('go.sum', '');
    try {
      expectOneLine(gocondad(['sync']), 2, words(sum).unreadable, 'go.sum unreadable');
    } finally {
      fs.rmSync(sum);
    }
  });
});

describe('doctor --module DIR', () => {
  test('a dir that is not there, a file: error in the one format, exit 2 (it used to check nothing and say ok)', () => {
    const see = '; see gocondad doctor --help\\n$';
    expectOneLine(
      gocondad(['doctor', env, '--module', '/nonexistent']),
      2,
      new RegExp(`^gocondad: --module /nonexistent: no such file or directory${see}`),
      '--module missing',
    );
    expectOneLine(
      gocondad(['doctor', env, '--module', inProject('go.mod')]),
      2,
      new RegExp(`^gocondad: --module ${inProject('go.mod')}: it is a file, not a directory \\(give the module's directory\\)${see}`),
      '--module FILE',
    );
  });

  test('the go.mod it finds there, unreadable: said, not passed over for one further up', () => {
    const sub = dirAt(inProject('sub'));
    const mod = user.othersFile(path.join(sub, 'go.mod'), 'module example.com/sub\n\ngo 1.30\n');
    expectOneLine(gocondad(['doctor', env, '--module', sub]), 2, words(mod).unreadable, 'module go.mod unreadable');
  });
});

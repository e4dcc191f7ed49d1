// `gocondad sync` on the files projects have, through the built CLI: a spec conda would refuse is bad
// input (exit 2, file:line), --file from the current directory, pixi findings at their pixi.toml line,
// pixi.lock format 5, @EXPLICIT files, a conda-lock file of another name keeping its name in the hint.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, requireReal, World } from '../helpers/world';

const FIX = path.join(__dirname, '..', 'fixtures', 'sync');
let world: World;
let n = 0;
beforeAll(() => {
  requireReal();
  world = new World();
});
afterAll(() => world.cleanup());

function project(files: Record<string, string>): string {
  const dir = path.join(world.dir, `formats${(n += 1)}`);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function sync(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'sync', ...args], { cwd, env: world.env, encoding: 'utf8', timeout: 30000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GOMOD = (go: string) => `module example.com/app\n\ngo ${go}\n`;

test('issue 19: an invalid match spec is bad input naming file:line (exit 2), in text and JSON', () => {
  const env = 'name: app\ndependencies:\n  - go >= 1.22\n  - libsqlite >=3,<<4\n';
  const dir = project({ 'go.mod': GOMOD('1.22'), 'environment.yml': env });
  const r = sync(['--check', dir], world.dir);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(
    new RegExp(
      `^gocondad: ${dir}/environment\\.yml:4: "libsqlite >=3,<<4" is not a conda match spec: Invalid version '<<4': invalid operator; write it as conda reads it`,
    ),
  );
  const j = JSON.parse(sync(['--check', '--json', dir], world.dir).stdout);
  expect(j.error).toMatchObject({ file: `${dir}/environment.yml`, line: 4 });
  // the same file without the bad line: `go >= 1.22` (a space after the operator) is conda's, and agrees
  fs.writeFileSync(path.join(dir, 'environment.yml'), 'name: app\ndependencies:\n  - go >= 1.22\n');
  const ok = sync(['--check', dir], world.dir);
  expect(ok.stdout).toMatch(/in sync \(1 coupled pair\)/);
  expect(ok.status).toBe(0);
});

test('--file is resolved against the current directory, not DIR', () => {
  const dir = project({ 'mod/go.mod': GOMOD('1.22'), 'envs/dev.yml': 'dependencies:\n  - go 1.21.*\n' });
  const r = sync(['--check', 'mod', '--file', 'envs/dev.yml'], dir);
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain(`${dir}/envs/dev.yml:2: go 1.21.*`);
  expect(r.status).toBe(1);
  // DIR-relative is not how it reads: the file under mod/ is not found from the project root
  fs.writeFileSync(path.join(dir, 'mod', 'env.yml'), 'dependencies:\n  - go\n');
  expect(sync(['--check', 'mod', '--file', 'env.yml'], dir).stderr).toMatch(new RegExp(`^gocondad: ${dir}/env\\.yml: no such file or directory`));
});

test('pixi: a finding points at the pixi.toml line that pins the package; pixi.lock format 5 is read', () => {
  const lock = fs
    .readFileSync(path.join(FIX, 'pixi-v5.lock'), 'utf8')
    .replace('osx-arm64/libsqlite-3.45.3-h091b4b1_0.conda', 'osx-arm64/go-1.21.6-h2ad7fe4_0.conda');
  const toml = '[project]\nname = "app"\nchannels = ["conda-forge"]\nplatforms = ["osx-arm64"]\n\n[dependencies]\npython = "3.12.*"\ngo = "1.21.*"\n';
  const dir = project({ 'go.mod': GOMOD('1.22.0'), 'pixi.toml': toml, 'pixi.lock': lock });
  const r = sync(['--check', '--platform', 'osx-arm64', dir], world.dir);
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain(`${dir}/pixi.toml:8: go 1.21.6`);
  expect(r.stdout).toContain('fix conda side: pixi add "go >=1.22.0"');
  expect(r.status).toBe(1);
});

test('@EXPLICIT files by content, and conda-lock files of another name keep it in the hint', () => {
  const explicit =
    '# platform: linux-64\n@EXPLICIT\nhttps://conda.anaconda.org/conda-forge/linux-64/go-1.21.6-h2ad7fe4_0.conda#0123456789abcdef0123456789abcdef\n';
  const dir = project({ 'go.mod': GOMOD('1.22.0'), 'spec-file.txt': explicit });
  const r = sync(['--check', '--json', '--file', 'spec-file.txt', '--platform', 'linux-64', '.'], dir);
  expect(r.status).toBe(1);
  const rep = JSON.parse(r.stdout);
  expect(rep.conda).toEqual({ kind: 'explicit', file: `${dir}/spec-file.txt` });
  expect(rep.findings[0]).toMatchObject({ kind: 'mismatch', condaPkg: 'go', condaVersion: '1.21.6', condaLine: 3 });

  const lock = fs.readFileSync(path.join(FIX, 'conda-lock.yml'), 'utf8');
  const d2 = project({ 'go.mod': GOMOD('1.22.0'), 'linux.conda-lock.yml': lock });
  const j = JSON.parse(sync(['--check', '--json', '--file', 'linux.conda-lock.yml', '--platform', 'linux-64', '.'], d2).stdout);
  expect(j.regenerate).toMatch(/^conda-lock lock -f \S+ --lockfile linux\.conda-lock\.yml$/);
});

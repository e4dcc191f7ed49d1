// Opening a project for judging: go.mod, the conda side, rules and tags, the env's toolchain (run.ts and
// drift.ts share it). Real files in a temp dir; no go is run (PATH holds none).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveLocations } from '../../../src/paths';
import { SyncInputError } from '../../../src/sync/errors';
import { openProject, readGoMod } from '../../../src/sync/open-project';

let home: string;
let dir: string;
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  HOME: home,
  XDG_STATE_HOME: path.join(home, 'state'),
  XDG_CONFIG_HOME: path.join(home, 'config'),
  PATH: '/nonexistent',
  ...extra,
});
const open = (opts: { tags?: string[]; prefix?: string; progress?: (s: string) => void } = {}, extra: NodeJS.ProcessEnv = {}) =>
  openProject({ dir, tags: [], ...opts }, resolveLocations(env(extra), process.getuid!()), env(extra));
const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
const said = async (f: () => Promise<unknown>) => {
  try {
    await f();
  } catch (err) {
    if (err instanceof SyncInputError) return [err.message, err.hint];
    throw err;
  }
  return null;
};

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-open-'));
  dir = path.join(home, 'proj');
  fs.mkdirSync(dir);
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true, maxRetries: 5 }));

test('no go.mod: said with what to do', async () => {
  write('environment.yml', 'dependencies:\n  - go\n');
  expect(await said(() => open())).toStrictEqual([
    `${path.join(dir, 'go.mod')}: no go.mod here`,
    'run sync in the module root (or pass its directory), or `go mod init`',
  ]);
  expect(() => readGoMod(path.join(dir, 'nope'))).toThrow(new Error(`${path.join(dir, 'nope', 'go.mod')}: no go.mod here`));
});

test('a rule file that is there but cannot be read (a directory in its place) is bad input, not absent', async () => {
  write('go.mod', 'module x\n');
  write('environment.yml', 'dependencies:\n  - go\n');
  fs.mkdirSync(path.join(dir, 'gocondad-sync.yml'));
  const r = await said(() => open());
  expect(r).toStrictEqual([`${path.join(dir, 'gocondad-sync.yml')}: it is a directory, not a file`, 'name a file']);
});

test('tags: the run’s, the rule file’s, the conda side’s GOFLAGS and the active env’s, once each, in that order', async () => {
  write('go.mod', 'module x\n');
  write('gocondad-sync.yml', 'tags: [fromrules, dynamic]\n');
  const prefix = path.join(home, 'env');
  fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
  fs.mkdirSync(path.join(prefix, 'etc', 'conda', 'activate.d'), { recursive: true });
  const p = await open({ tags: ['dynamic', 'mine'], prefix }, { CONDA_PREFIX: prefix, GOFLAGS: '-tags=active,mine' });
  expect([p.dir, p.tags, p.envPrefix, p.conda.kind]).toStrictEqual([dir, ['dynamic', 'mine', 'fromrules', 'active'], prefix, 'prefix']);
  // the active env's GOFLAGS count only when the judged prefix is the active env
  const other = await open({ prefix }, { CONDA_PREFIX: path.join(home, 'other'), GOFLAGS: '-tags=active' });
  expect([other.tags, other.envPrefix]).toStrictEqual([['fromrules', 'dynamic'], prefix]);
});

test('the env and its toolchain: a conda go in the prefix; a file with the active env; a file alone', async () => {
  write('go.mod', 'module x\n');
  write('environment.yml', 'dependencies:\n  - go\n');
  const prefix = path.join(home, 'env');
  fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
  fs.mkdirSync(path.join(prefix, 'bin'));
  fs.writeFileSync(path.join(prefix, 'bin', 'go'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  const steps: string[] = [];
  const inPrefix = await open({ prefix, progress: (s) => steps.push(s) });
  expect([inPrefix.envPrefix, inPrefix.toolchain]).toStrictEqual([prefix, { goBin: path.join(prefix, 'bin', 'go'), version: null }]);
  expect(steps).toStrictEqual([`go list -deps in ${dir} (which packages the build imports)`]);
  const active = await open({}, { CONDA_PREFIX: prefix });
  expect([active.conda.kind, active.envPrefix, active.toolchain]).toStrictEqual([
    'environment.yml',
    prefix,
    { goBin: path.join(prefix, 'bin', 'go'), version: null },
  ]);
  const alone = await open();
  expect([alone.envPrefix, alone.toolchain]).toStrictEqual([null, { goBin: 'go', version: null }]);
});

test('reread reads both sides again; judge uses the rules of the project', async () => {
  write('go.mod', 'module x\n\nrequire example.com/lib v1.0.0\n');
  write('environment.yml', 'dependencies:\n  - libx 2.*\n');
  write('gocondad-sync.yml', 'rules:\n  - go_module: example.com/lib\n    conda_pkg: libx\n    version_map: {spec: "1.*"}\n');
  const p = await open();
  expect(p.judge(p.mod, p.conda).findings.map((f) => [f.kind, f.message])).toStrictEqual([
    ['mismatch', `example.com/lib v1.0.0 needs libx 1.*, but ${path.join(dir, 'environment.yml')}:2 asks for libx 2.*`],
  ]);
  write('environment.yml', 'dependencies:\n  - libx 1.*\n');
  const again = p.reread();
  expect(p.judge(again.mod, again.conda).findings).toStrictEqual([]);
});

test('a user rule file under a path that is no directory (ENOTDIR) is absent, like a missing one', async () => {
  write('go.mod', 'module x\n');
  write('environment.yml', 'dependencies:\n  - go\n');
  const loc = resolveLocations(env(), process.getuid!());
  fs.mkdirSync(path.dirname(loc.configDir), { recursive: true });
  fs.writeFileSync(loc.configDir, '');
  expect((await open()).tags).toStrictEqual([]);
});

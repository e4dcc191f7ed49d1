// Opening a project for judging: go.mod, the conda side, rules and tags, the env's toolchain (run.ts and
// drift.ts share it). Real files in a temp dir; no go is run (PATH holds none).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveLocations } from '../../../src/paths';
import { SyncInputError } from '../../../src/sync/errors';
import { openProject, readGoMod } from '../../../src/sync/open-project';
import { GOCACHE } from '../../helpers/gomodcache';
import { syncEnv, syncHome } from '../../helpers/sync-run';

let home: string;
let dir: string;
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => syncEnv(home, extra);
const open = (opts: { tags?: string[]; prefix?: string; progress?: (s: string) => void } = {}, extra: Record<string, string> = {}) =>
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

// The machine's Go may run (a prefix with no go of its own picks one): its telemetry is off in this HOME.
beforeEach(() => ({ home, dir } = syncHome('gcd-open-')));
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

// Issue 21 §1, second pass: the survivors Stryker left in open-project.ts. These need a real Go
// (go list -deps answers only with one) and the toolchain gocondad picks from the user's config.
const GO122 = '/usr/lib/go-1.22';
const requireGo122 = () => {
  if (!fs.existsSync(path.join(GO122, 'bin', 'go'))) throw new Error(`${GO122} is missing: run bash scripts/ensure-test-deps (it installs golang-1.22-go)`);
};
/** An env prefix as conda lays it out; `go`: its bin/go is the real Go 1.22 (a symlink, as conda's go-bin). */
const envPrefix = (go: boolean) => {
  const prefix = path.join(home, 'env');
  fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
  if (go) {
    fs.mkdirSync(path.join(prefix, 'bin'));
    fs.symlinkSync(path.join(GO122, 'bin', 'go'), path.join(prefix, 'bin', 'go'));
  }
  return prefix;
};
/** The user's config naming Go 1.22 as the only toolchain gocondad may pick. */
const configGo122 = () => {
  const loc = resolveLocations(env(), process.getuid!());
  fs.mkdirSync(loc.configDir, { recursive: true });
  fs.writeFileSync(loc.configFile, `system_toolchains: false\ntoolchains:\n  - ${GO122}\n`);
};

describe('the import graph: go list -deps when Go answers, else the project’s own files', () => {
  // app imports mid, mid imports lib (an `// indirect` requirement of app); unused is required, imported by none
  beforeEach(() => {
    requireGo122();
    const mods = path.join(home, 'mods');
    for (const [name, src] of [
      ['mid', 'package mid\n\nimport "example.com/lib"\n\nfunc M() int { return lib.L() }\n'],
      ['lib', 'package lib\n\nfunc L() int { return 1 }\n'],
      ['unused', 'package unused\n\nfunc U() int { return 2 }\n'],
    ]) {
      fs.mkdirSync(path.join(mods, name!), { recursive: true });
      fs.writeFileSync(path.join(mods, name!, 'go.mod'), `module example.com/${name}\n\ngo 1.22\n`);
      fs.writeFileSync(path.join(mods, name!, `${name}.go`), src!);
    }
    write(
      'go.mod',
      [
        'module example.com/app',
        '',
        'go 1.22',
        '',
        'require (',
        '\texample.com/mid v1.0.0',
        '\texample.com/lib v1.0.0 // indirect',
        '\texample.com/unused v1.0.0 // indirect',
        ')',
        '',
        'replace example.com/mid => ../mods/mid',
        '',
        'replace example.com/lib => ../mods/lib',
        '',
        'replace example.com/unused => ../mods/unused',
        '',
      ].join('\n'),
    );
    write('main.go', 'package main\n\nimport "example.com/mid"\n\nfunc main() { println(mid.M()) }\n');
    write(
      'gocondad-sync.yml',
      'rules:\n  - go_module: example.com/lib\n    conda_pkg: libx\n    version_map: {spec: "1.*"}\n  - go_module: example.com/unused\n    conda_pkg: liby\n    version_map: {spec: "1.*"}\n',
    );
    write('environment.yml', 'dependencies:\n  - libx 2.*\n  - liby 2.*\n');
  });
  const judged = async (extra: Record<string, string>) => {
    const p = await open({}, extra);
    return p.judge(p.mod, p.conda).findings.map((f) => [f.kind, f.message]);
  };
  const yml = () => path.join(dir, 'environment.yml');

  test('with the env’s real Go: lib, imported only through mid, is judged; unused, imported by none, is not', async () => {
    // the unit tests' shared build cache: a fresh one per run makes go list slow (docs/mutation.md)
    expect(await judged({ CONDA_PREFIX: envPrefix(true), GOCACHE })).toStrictEqual([
      ['mismatch', `example.com/lib v1.0.0 needs libx 1.*, but ${yml()}:2 asks for libx 2.*`],
    ]);
  });

  test('without a Go (no graph): the own files show direct imports only, so both `// indirect` requirements are judged', async () => {
    expect(await judged({})).toStrictEqual([
      ['mismatch', `example.com/lib v1.0.0 needs libx 1.*, but ${yml()}:2 asks for libx 2.*`],
      ['mismatch', `example.com/unused v1.0.0 needs liby 1.*, but ${yml()}:3 asks for liby 2.*`],
    ]);
  });
});

describe('the Go gocondad picks for an env without a conda go', () => {
  beforeEach(() => {
    requireGo122();
    configGo122();
    // go 1.23: the picked go1.22.12 is too old for it
    write('go.mod', 'module x\n\ngo 1.23\n');
    write('environment.yml', 'dependencies:\n  - zlib\n');
  });

  test('judging the prefix: the toolchain is the picked GOROOT’s bin/go, and the go line is judged against it', async () => {
    const prefix = envPrefix(false);
    const p = await open({ prefix });
    expect([p.envPrefix, p.toolchain]).toStrictEqual([prefix, { goBin: path.join(GO122, 'bin', 'go'), version: 'go1.22.12' }]);
    expect(p.judge(p.mod, p.conda).findings.map((f) => [f.kind, f.message])).toStrictEqual([
      ['mismatch', "go.mod's `go 1.23` needs go >=1.23, but the toolchain gocondad picks for this env is go1.22.12"],
    ]);
  });

  test('judging a file with that env active: the same toolchain runs go, but the file’s own go (none) is judged, not the picked one', async () => {
    const prefix = envPrefix(false);
    const p = await open({}, { CONDA_PREFIX: prefix });
    expect([p.conda.kind, p.envPrefix, p.toolchain]).toStrictEqual(['environment.yml', prefix, { goBin: path.join(GO122, 'bin', 'go'), version: 'go1.22.12' }]);
    expect(p.judge(p.mod, p.conda).findings).toStrictEqual([]);
  });
});

test('a CONDA_PREFIX that names the judged file itself (no env) brings no active GOFLAGS tags: they count only for a judged prefix', async () => {
  write('go.mod', 'module x\n');
  write('environment.yml', 'dependencies:\n  - go\n');
  const yml = path.join(dir, 'environment.yml');
  const p = await open({}, { CONDA_PREFIX: yml, GOFLAGS: '-tags=active' });
  expect([p.conda.kind, p.conda.file, p.tags]).toStrictEqual(['environment.yml', yml, []]);
});

test('go.mod a symlink to itself: bad input in words, the path said once at the front (not again inside the words)', async () => {
  const file = path.join(dir, 'go.mod');
  fs.symlinkSync(file, file);
  expect(await said(async () => readGoMod(dir))).toStrictEqual([`${file}: too many levels of symbolic links`, 'check where its symlinks point']);
});

test('a project dir whose name is too long for the file system: "cannot read", with "check the path" (systemError has no hint for it)', async () => {
  const long = path.join(home, 'p'.repeat(300));
  expect(await said(async () => readGoMod(long))).toStrictEqual([`${path.join(long, 'go.mod')}: cannot read: name too long`, 'check the path']);
});

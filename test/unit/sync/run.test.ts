// Which side a finding proposes to mend (the drift direction), from the sync state that the run itself
// saved: a unit test of runSync over files in a temp dir, no daemon and no go (check only).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SyncOptions } from '../../../src/sync/run';
import { syncHome, syncIn } from '../../helpers/sync-run';

const GOMOD = (v: string) => `module example.com/app\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/${v.split('.')[0]} ${v}\n`;
const ENVYML = (spec: string) => `name: app\ndependencies:\n  - go 1.22.*\n  - libgit2 ${spec}\n`;

let dir: string;
let home: string;
const sync = (over: Partial<SyncOptions> = {}) => syncIn(dir, home, over);
const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

beforeEach(() => ({ home, dir } = syncHome('gcd-run-')));
afterEach(() => fs.rmSync(home, { recursive: true, force: true, maxRetries: 5 }));

test('go.mod moved since the last sync: the conda side is proposed', async () => {
  write('go.mod', GOMOD('v33.0.9'));
  write('environment.yml', ENVYML('1.3.*'));
  expect((await sync()).findings).toEqual([]);
  write('go.mod', GOMOD('v34.0.0'));
  const f = (await sync()).findings.find((x) => x.condaPkg === 'libgit2');
  expect(f).toMatchObject({ changed: 'go', propose: 'conda' });
});

test('the conda side moved since the last sync: the Go side is proposed', async () => {
  write('go.mod', GOMOD('v34.0.0'));
  write('environment.yml', ENVYML('1.5.*'));
  expect((await sync()).findings).toEqual([]);
  write('environment.yml', ENVYML('1.9.*'));
  const f = (await sync()).findings.find((x) => x.condaPkg === 'libgit2');
  expect(f).toMatchObject({ changed: 'conda', propose: 'go' });
});

test('no earlier sync: neither side is proposed', async () => {
  write('go.mod', GOMOD('v33.0.9'));
  write('environment.yml', ENVYML('1.5.*'));
  const f = (await sync({ saveState: false })).findings.find((x) => x.condaPkg === 'libgit2');
  expect(f).toMatchObject({ changed: 'unknown', propose: null });
});

test('--write conda moves every Go carrier out of line together (go-cgo beside go), and adds none the file lacks', async () => {
  write('go.mod', 'module example.com/app\n\ngo 1.24.0\n');
  write('environment.yml', 'name: app\ndependencies:\n  - go >=1.22\n  - go-cgo=1.22.5   # cgo toolchain\n');
  const r = await sync({ write: 'conda' });
  expect(fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8')).toBe('name: app\ndependencies:\n  - go >=1.24.0\n  - go-cgo >=1.24.0   # cgo toolchain\n');
  expect(r.ok).toBe(true);
  write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
  await sync({ write: 'conda' });
  expect(fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8')).toBe('name: app\ndependencies:\n  - go >=1.24.0\n');
});

test('--write go does not lower the go line below a required module’s own go line (module cache), and says why', async () => {
  write('go.mod', 'module example.com/app\n\ngo 1.24.0\n\nrequire golang.org/x/sys v0.30.0\n');
  write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
  const cache = path.join(home, 'go', 'pkg', 'mod', 'cache', 'download', 'golang.org', 'x', 'sys', '@v');
  fs.mkdirSync(cache, { recursive: true });
  fs.writeFileSync(path.join(cache, 'v0.30.0.mod'), 'module golang.org/x/sys\n\ngo 1.23.0\n');
  const r = await sync({ write: 'go' });
  expect(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8')).toBe('module example.com/app\n\ngo 1.24.0\n\nrequire golang.org/x/sys v0.30.0\n');
  expect(r.written).toEqual([]);
  expect(r.findings[0]!.fix.go).toBe(
    "none: golang.org/x/sys@v0.30.0 needs go 1.23.0 (its go.mod in the module cache), newer than the env's go 1.22; give the env go >=1.23.0 instead",
  );
  expect(r.todo.join('\n')).toContain('golang.org/x/sys@v0.30.0 needs go 1.23.0');
  // without the module in the cache the fix is offered, saying what it could not check
  fs.rmSync(path.join(cache, 'v0.30.0.mod'));
  expect((await sync({ write: null })).findings[0]!.fix.go).toContain('not checked against the go lines of 1 required module missing from the module cache');
});

test('--write auto with no earlier sync: the "to do" line names the pair in words, not by its key ("go -> go")', async () => {
  write('go.mod', GOMOD('v33.0.9'));
  write('environment.yml', ENVYML('1.5.*'));
  const r = await sync({ saveState: false, write: 'auto' });
  expect(r.todo).toEqual([
    "github.com/libgit2/git2go/v33 and conda's libgit2: both sides changed or no earlier sync is recorded; say which side to change: --write conda or --write go",
  ]);
  expect(r.todo.join('\n')).not.toMatch(/ -> /);
});

// Issue 19 §2: `--write` that needs both sides plans both before writing either. Here go.mod moved
// (git2go: the conda side is to be mended) and environment.yml moved (opencv: the Go side, through `go
// mod edit`), and no `go` is on PATH: the old code rewrote environment.yml, then failed on go.
const GOMOD2 = (git2go: string, gocv: string) =>
  `module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/libgit2/git2go/${git2go.split('.')[0]} ${git2go}\n\tgocv.io/x/gocv ${gocv}\n)\n`;
const ENVYML2 = (libgit2: string, opencv: string) => `name: app\ndependencies:\n  - go 1.22.*\n  - libgit2 ${libgit2}\n  - opencv ${opencv}\n`;

test('--write with both sides to mend and no go on PATH writes nothing, and says so', async () => {
  write('go.mod', GOMOD2('v33.0.9', 'v0.36.1'));
  write('environment.yml', ENVYML2('1.3.*', '4.9.0'));
  expect((await sync()).findings).toEqual([]);
  write('go.mod', GOMOD2('v34.0.0', 'v0.36.1'));
  write('environment.yml', ENVYML2('1.3.*', '4.10.0'));
  const proposed = (await sync()).findings.map((f) => [f.condaPkg, f.propose]);
  expect(proposed).toEqual(
    expect.arrayContaining([
      ['libgit2', 'conda'],
      ['opencv', 'go'],
    ]),
  );
  const before = ['go.mod', 'environment.yml'].map((n) => fs.readFileSync(path.join(dir, n), 'utf8'));
  await expect(sync({ write: 'auto' })).rejects.toThrow(/no `go` is on PATH; nothing was written/);
  expect(['go.mod', 'environment.yml'].map((n) => fs.readFileSync(path.join(dir, n), 'utf8'))).toEqual(before);
  expect(fs.readdirSync(dir).sort()).toEqual(['.gocondad-sync.json', 'environment.yml', 'go.mod']);
});

// Issue 21 §1: whole reports for each way `--write` can go (conda side by kind, Go side with a real go,
// a finding no side can mend), and --offline. Expected values written out.
describe('whole reports', () => {
  const FIX = path.join(__dirname, '..', '..', 'fixtures', 'sync');
  const GIT2GO = 'module x\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n';
  const syncWith = (over: Partial<SyncOptions>, extra: Record<string, string>) => syncIn(dir, home, over, extra);
  const GO_PAIR = { key: 'go -> go', module: 'go', goVersion: '1.22', condaPkg: 'go', condaFact: '1.22.5', want: '>=1.22' };
  const GIT2GO_PAIR = {
    key: 'github.com/libgit2/git2go/v* -> libgit2',
    module: 'github.com/libgit2/git2go/v34',
    goVersion: 'v34.0.0',
    condaPkg: 'libgit2',
    condaFact: '1.9.0',
    want: '1.5.*',
  };
  const mismatch = (condaFile: string, condaLine: number | null, where: string, conda: string) => ({
    key: 'github.com/libgit2/git2go/v* -> libgit2',
    module: 'github.com/libgit2/git2go/v34',
    goVersion: 'v34.0.0',
    goLine: 5,
    condaPkg: 'libgit2',
    condaSpec: null,
    condaVersion: '1.9.0',
    condaFile,
    condaLine,
    want: '1.5.*',
    note: 'each git2go major builds against one libgit2 minor only',
    kind: 'mismatch',
    severity: 'problem',
    message: `github.com/libgit2/git2go/v34 v34.0.0 needs libgit2 1.5.*, but libgit2 1.9.0 ${where}`,
    fix: { conda, go: null },
    goEdit: null,
    changed: 'unknown',
    propose: null,
  });
  const missingGit2go = () => ({
    dir: path.join(home, 'go', 'pkg', 'mod'),
    missing: [{ path: 'github.com/libgit2/git2go/v34', version: 'v34.0.0' }],
    present: 0,
  });

  test('--write conda on a conda-lock: its source environment.yml is edited and the lock is to be regenerated; without one, a to-do', async () => {
    write('go.mod', GIT2GO);
    fs.copyFileSync(path.join(FIX, 'conda-lock.yml'), path.join(dir, 'conda-lock.yml'));
    const LOCK = path.join(dir, 'conda-lock.yml');
    const report = (written: string[], todo: string[]) => ({
      dir,
      gomod: path.join(dir, 'go.mod'),
      conda: { kind: 'conda-lock', file: LOCK },
      tags: [],
      pairs: [GO_PAIR, GIT2GO_PAIR],
      findings: [mismatch(LOCK, 16, 'is locked', "put `- libgit2 1.5.*` in the lock's source file, then `conda-lock lock -f environment.yml`")],
      ok: false,
      modcache: missingGit2go(),
      regenerate: 'conda-lock lock -f environment.yml',
      written,
      todo,
      stateSaved: false,
    });
    expect(await syncWith({ write: 'conda', platform: 'linux-64' }, {})).toStrictEqual(
      report([], ["libgit2 1.5.*: put these in the lock's source file, then `conda-lock lock -f environment.yml`"]),
    );
    write('environment.yml', 'name: app\ndependencies:\n  - libgit2 >=1\n');
    expect(await syncWith({ write: 'conda', platform: 'linux-64' }, {})).toStrictEqual(
      report([`${path.join(dir, 'environment.yml')} (libgit2 1.5.*)`], ['regenerate the lock: `conda-lock lock -f environment.yml`']),
    );
    expect(fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8')).toBe('name: app\ndependencies:\n  - libgit2 1.5.*\n');
  });

  test('an installed env (-p): --write conda says the install, --write go says no Go-side fix is known', async () => {
    write('go.mod', GIT2GO);
    const prefix = path.join(home, 'env');
    fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
    fs.mkdirSync(path.join(prefix, 'bin'));
    // a conda go in the env: the toolchain is its bin/go (never run here: nothing to edit in go.mod)
    fs.writeFileSync(path.join(prefix, 'bin', 'go'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    for (const [name, version] of [
      ['libgit2', '1.9.0'],
      ['go', '1.22.5'],
    ])
      fs.writeFileSync(path.join(prefix, 'conda-meta', `${name}-${version}-h0_0.json`), JSON.stringify({ name, version, build: 'h0_0' }));
    const install = `conda install -p ${prefix} "libgit2 1.5.*"`;
    const report = (todo: string[]) => ({
      dir,
      gomod: path.join(dir, 'go.mod'),
      conda: { kind: 'prefix', file: prefix },
      tags: [],
      pairs: [GO_PAIR, GIT2GO_PAIR],
      findings: [mismatch(path.join(prefix, 'conda-meta', 'libgit2-1.9.0-h0_0.json'), null, 'is installed', install)],
      ok: false,
      modcache: missingGit2go(),
      regenerate: null,
      written: [],
      todo,
      stateSaved: false,
    });
    expect(await syncWith({ write: 'conda', prefix }, {})).toStrictEqual(report([install]));
    expect(await syncWith({ write: 'go', prefix }, {})).toStrictEqual(
      report([`github.com/libgit2/git2go/v34 and conda's libgit2: no Go-side fix is known; ${install}`]),
    );
  });

  test('--write go with a real go: go.mod gets the env’s go line, judged again and in sync; the state is saved', async () => {
    write('go.mod', 'module x\n\ngo 1.24\n');
    write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
    const r = await syncWith({ write: 'go' }, { PATH: '/usr/lib/go-1.22/bin:/usr/bin:/bin' });
    expect(r).toStrictEqual({
      dir,
      gomod: path.join(dir, 'go.mod'),
      conda: { kind: 'environment.yml', file: path.join(dir, 'environment.yml') },
      tags: [],
      pairs: [{ key: 'go -> go', module: 'go', goVersion: '1.22', condaPkg: 'go', condaFact: '1.22.*', want: '>=1.22' }],
      findings: [],
      ok: true,
      modcache: { dir: path.join(home, 'go', 'pkg', 'mod'), missing: [], present: 0 },
      regenerate: null,
      written: [`${path.join(dir, 'go.mod')} (go mod edit -go=1.22)`],
      todo: ['update go.sum and the code: `go mod tidy`'],
      stateSaved: true,
    });
    expect(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8')).toBe('module x\n\ngo 1.22\n');
    expect(fs.readFileSync(path.join(dir, '.gocondad-sync.json'), 'utf8')).toBe(
      '{\n  "version": 1,\n  "pairs": {\n    "go -> go": {\n      "go": "go@1.22",\n      "conda": "1.22.*"\n    }\n  }\n}\n',
    );
  });

  test('each long step of a --write go run is said as it starts (progress), in order', async () => {
    write('go.mod', 'module x\n\ngo 1.24\n');
    write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
    const steps: string[] = [];
    const r = await syncWith({ write: 'go', progress: (s) => steps.push(s) }, { PATH: '/usr/lib/go-1.22/bin:/usr/bin:/bin' });
    expect([r.ok, steps]).toStrictEqual([
      true,
      [
        `go list -deps in ${dir} (which packages the build imports)`,
        'go mod edit -go=1.22 (on a copy of go.mod)',
        'writing go.mod',
        'judging both sides again',
      ],
    ]);
  });

  test('--write conda with two packages to put in environment.yml: one edit naming both (a "*" spec by name alone), and its steps', async () => {
    write('go.mod', 'module x\n\ngo 1.24\n\nrequire github.com/google/gopacket v1.1.19\n');
    write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
    const steps: string[] = [];
    const r = await syncWith({ write: 'conda', progress: (s) => steps.push(s) }, {});
    expect([r.ok, r.written, r.todo, steps]).toStrictEqual([
      true,
      [`${path.join(dir, 'environment.yml')} (go >=1.24, libpcap)`],
      [],
      [`go list -deps in ${dir} (which packages the build imports)`, 'writing environment.yml', 'judging both sides again'],
    ]);
    expect(fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8')).toBe('name: app\ndependencies:\n  - go >=1.24\n  - libpcap\n');
  });

  test('--write conda on environment.yml with an active env: the to-do says how to update it', async () => {
    write('go.mod', 'module x\n\ngo 1.24\n');
    write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
    const r = await syncWith({ write: 'conda' }, { CONDA_PREFIX: '/envs/app' });
    expect([r.ok, r.written, r.todo]).toStrictEqual([
      true,
      [`${path.join(dir, 'environment.yml')} (go >=1.24)`],
      [`update the env: \`conda env update -p /envs/app -f ${path.join(dir, 'environment.yml')} --prune\``],
    ]);
  });

  test('--offline: a required module missing from the module cache fails an otherwise agreeing run, and no state is saved', async () => {
    write('go.mod', 'module x\n\ngo 1.22\n\nrequire golang.org/x/sys v0.30.0\n');
    write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
    const r = await sync({ offline: true });
    expect([r.ok, r.stateSaved, r.modcache]).toStrictEqual([
      false,
      false,
      { dir: path.join(home, 'go', 'pkg', 'mod'), missing: [{ path: 'golang.org/x/sys', version: 'v0.30.0' }], present: 0 },
    ]);
    expect(fs.existsSync(path.join(dir, '.gocondad-sync.json'))).toBe(false);
    const online = await sync({ offline: false });
    expect([online.ok, online.stateSaved]).toStrictEqual([true, true]);
  });

  /** A conda-lock (format 1) written here, for linux-64, naming its source files. */
  const lock = (sources: string[], pkgs: [string, string][]) =>
    `version: 1\nmetadata:\n  platforms:\n  - linux-64\n  sources:\n${sources.map((s) => `  - ${s}\n`).join('')}package:\n${pkgs
      .map(
        ([name, version]) =>
          `- name: ${name}\n  version: ${version}\n  manager: conda\n  platform: linux-64\n  url: https://example.invalid/${name}-${version}-h0_0.conda\n`,
      )
      .join('')}`;

  test('a lock whose source is not a YAML file: it is not edited, the to-do names the command', async () => {
    write('go.mod', GIT2GO);
    write('conda-lock.yml', lock(['pyproject.toml'], [['libgit2', '1.9.0']]));
    write('pyproject.toml', '[project]\nname = "app"\n');
    const r = await syncWith({ write: 'conda', platform: 'linux-64' }, {});
    expect([r.written, r.todo]).toStrictEqual([[], ["libgit2 1.5.*: put these in the lock's source file, then `conda-lock lock -f pyproject.toml`"]]);
    expect(fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8')).toBe('[project]\nname = "app"\n');
  });

  test('two findings on one package (a version that breaks and a known problem): one edit of its line', async () => {
    write('go.mod', 'module x\n\ngo 1.22\n\nrequire gocv.io/x/gocv v0.36.1\n');
    write('conda-lock.yml', lock(['envs/dev.yml'], [['libopencv', '5.0.0']]));
    fs.mkdirSync(path.join(dir, 'envs'));
    fs.writeFileSync(path.join(dir, 'envs', 'dev.yml'), 'name: app\ndependencies:\n  - libopencv >=4\n');
    const r = await syncWith({ write: 'conda', platform: 'linux-64' }, {});
    expect(r.findings.map((f) => f.kind)).toStrictEqual(['mismatch', 'known-problem']);
    expect(r.written).toStrictEqual([`${path.join(dir, 'envs', 'dev.yml')} (libopencv 4.9.0)`]);
    expect(fs.readFileSync(path.join(dir, 'envs', 'dev.yml'), 'utf8')).toBe('name: app\ndependencies:\n  - libopencv 4.9.0\n');
  });

  test('a loose spec is mended on the conda side even when the conda side is what moved', async () => {
    write('go.mod', GIT2GO);
    write('environment.yml', 'name: app\ndependencies:\n  - libgit2 1.5.*\n');
    expect((await sync()).stateSaved).toBe(true);
    write('environment.yml', 'name: app\ndependencies:\n  - libgit2\n');
    expect((await sync()).findings.map((f) => [f.kind, f.changed, f.propose])).toStrictEqual([['loose', 'conda', 'conda']]);
  });

  test('--offline with every required module in the cache (or none required) stays ok', async () => {
    write('go.mod', 'module x\n\ngo 1.22\n');
    write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
    expect((await sync({ offline: true })).ok).toBe(true);
  });

  test('the project is registered for the daemon with its env and tags; a state dir it cannot write does not fail the run', async () => {
    write('go.mod', 'module x\n\ngo 1.22\n');
    write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
    await syncWith({ tags: ['dynamic'] }, { CONDA_PREFIX: '/envs/app' });
    const registry = JSON.parse(fs.readFileSync(path.join(home, 'state', 'gocondad', 'sync-projects.json'), 'utf8')) as { projects: { lastRun: string }[] };
    // lastRun is the clock's: only its shape is known
    expect(registry.projects.map((p) => ({ ...p, lastRun: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(p.lastRun) }))).toStrictEqual([
      { dir, prefix: '/envs/app', tags: ['dynamic'], lastRun: true },
    ]);
    // the state dir is a file: the registry cannot be written, the check still answers
    fs.rmSync(path.join(home, 'state'), { recursive: true });
    fs.writeFileSync(path.join(home, 'state'), '');
    expect((await sync()).ok).toBe(true);
  });
});

test('--write go with required modules missing from the module cache: the to-do says the new go line was not checked against them', async () => {
  write('go.mod', 'module example.com/app\n\ngo 1.24.0\n\nrequire golang.org/x/sys v0.30.0\n');
  write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
  const r = await syncIn(dir, home, { write: 'go' }, { PATH: '/usr/lib/go-1.22/bin:/usr/bin:/bin' });
  expect([r.written, r.todo]).toStrictEqual([
    [`${path.join(dir, 'go.mod')} (go mod edit -go=1.22)`],
    [
      'the new go line was not checked against the go lines of 1 required module missing from the module cache (run `go mod download`)',
      'update go.sum and the code: `go mod tidy`',
    ],
  ]);
  expect(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8')).toBe('module example.com/app\n\ngo 1.22\n\nrequire golang.org/x/sys v0.30.0\n');
});

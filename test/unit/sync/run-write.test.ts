// runSync's `--write` orchestration (src/sync/run.ts), case by case: which side each finding is
// proposed on, what a check alone leaves alone, the to-do lines for findings no side can mend, which
// file a lock's edit goes to, and the progress steps of runs that plan one edit, two or none. Real files
// in a temp dir; the real Go 1.22 where go.mod is edited (issue 21 §1: Stryker's run.ts survivors).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SyncOptions } from '../../../src/sync/run';
import { renderText } from '../../../src/sync/report';
import { syncHome, syncIn } from '../../helpers/sync-run';
import { GO122 } from '../../helpers/world';

let dir: string;
let home: string;
const sync = (over: Partial<SyncOptions> = {}, extra: Record<string, string> = {}) => syncIn(dir, home, over, extra);
const WITH_GO = { PATH: `${GO122}/bin:/usr/bin:/bin` };
const write = (name: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
};
const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
const at = (name: string) => path.join(dir, name);
const GOLIST = () => `go list -deps in ${dir} (which packages the build imports)`;

beforeEach(() => ({ home, dir } = syncHome('gcd-runw-')));
afterEach(() => fs.rmSync(home, { recursive: true, force: true, maxRetries: 5 }));

/** A conda-lock (format 1) for linux-64 naming its source files. */
const lock = (sources: string[], pkgs: [string, string][]) =>
  `version: 1\nmetadata:\n  platforms:\n  - linux-64\n  sources:\n${sources.map((s) => `  - ${s}\n`).join('')}package:\n${pkgs
    .map(
      ([name, version]) =>
        `- name: ${name}\n  version: ${version}\n  manager: conda\n  platform: linux-64\n  url: https://example.invalid/${name}-${version}-h0_0.conda\n`,
    )
    .join('')}`;
const GIT2GO_GOCV = 'module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/libgit2/git2go/v34 v34.0.0\n\tgocv.io/x/gocv v0.36.1\n)\n';

describe('which side a finding is proposed on, and what it was', () => {
  test('no earlier sync: a missing package is still proposed on the conda side (only that side can add it)', async () => {
    write('go.mod', 'module x\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n');
    write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
    const yml = at('environment.yml');
    expect((await sync({ saveState: false })).findings).toStrictEqual([
      {
        key: 'github.com/libgit2/git2go/v* -> libgit2',
        module: 'github.com/libgit2/git2go/v34',
        goVersion: 'v34.0.0',
        goLine: 5,
        condaPkg: 'libgit2',
        condaSpec: null,
        condaVersion: null,
        condaFile: yml,
        condaLine: null,
        want: '1.5.*',
        note: 'each git2go major builds against one libgit2 minor only',
        kind: 'missing',
        severity: 'problem',
        message: `github.com/libgit2/git2go/v34 v34.0.0 needs libgit2 1.5.*, but ${yml} has no libgit2`,
        fix: { conda: `${yml}: \`- libgit2 1.5.*\`, then \`conda env update -f ${yml} --prune\``, go: null },
        goEdit: null,
        changed: 'unknown',
        propose: 'conda',
      },
    ]);
  });

  test('no earlier sync: two carriers that disagree (go, go-cgo) are proposed on the conda side', async () => {
    write('go.mod', 'module x\n\ngo 1.11\n');
    write('environment.yml', 'name: app\ndependencies:\n  - go >=1.24.0\n  - go-cgo=1.11.3\n');
    const r = await sync({ saveState: false });
    expect(r.findings.map((f) => [f.kind, f.condaPkg, f.changed, f.propose])).toStrictEqual([['disagree', 'go-cgo', 'unknown', 'conda']]);
  });

  test('after a sync, go.mod moved: the finding says what both sides were (was)', async () => {
    write('go.mod', 'module x\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v33 v33.0.9\n');
    write('environment.yml', 'name: app\ndependencies:\n  - libgit2 1.3.*\n');
    expect((await sync()).stateSaved).toBe(true);
    write('go.mod', 'module x\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n');
    const f = (await sync()).findings;
    expect(f.map((x) => [x.kind, x.changed, x.propose, x.was])).toStrictEqual([
      ['mismatch', 'go', 'conda', { go: 'github.com/libgit2/git2go/v33@v33.0.9', conda: '1.3.*' }],
    ]);
  });
});

test('a check alone (no --write) of a project out of sync: nothing is written and nothing is to do', async () => {
  write('go.mod', 'module x\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n');
  write('environment.yml', 'name: app\ndependencies:\n  - libgit2 1.3.*\n');
  const r = await sync({ saveState: false });
  expect([r.ok, r.findings.map((f) => f.kind), r.written, r.todo]).toStrictEqual([false, ['mismatch'], [], []]);
  expect(read('environment.yml')).toBe('name: app\ndependencies:\n  - libgit2 1.3.*\n');
});

// A project rule whose go table has no row for this go line: no spec is known for the carriers, so they
// disagree with no fix on either side (and each carrier gets a no-entry warning, which asks for nothing).
test('a problem no side has a fix for: the to-do says which side was asked for, and "edit by hand"; warnings add none', async () => {
  write('go.mod', 'module x\n\ngo 1.24.0\n');
  write('environment.yml', 'name: app\ndependencies:\n  - go >=1.24.0\n  - go-cgo=1.11.3\n');
  write('gocondad-sync.yml', 'rules:\n  - go_module: go\n    conda_pkg: [go, go-cgo]\n    version_map: {table: [{go: ">=1.30.0 <1.31.0", conda: "1.30.*"}]}\n');
  const conda = await sync({ write: 'conda', saveState: false });
  expect([conda.findings.map((f) => [f.kind, f.severity, f.condaPkg, f.fix]), conda.written, conda.todo]).toStrictEqual([
    [
      ['disagree', 'problem', 'go-cgo', { conda: null, go: null }],
      ['no-entry', 'warning', 'go', { conda: null, go: null }],
      ['no-entry', 'warning', 'go-cgo', { conda: null, go: null }],
    ],
    [],
    ["go.mod's go line and conda's go-cgo: no conda-side fix is known; edit by hand"],
  ]);
  expect((await sync({ write: 'go', saveState: false })).todo).toStrictEqual(["go.mod's go line and conda's go-cgo: no Go-side fix is known; edit by hand"]);
});

describe('--write conda on a lock: which environment file gets the edit', () => {
  const GIT2GO = 'module x\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n';
  const lockSync = () => sync({ write: 'conda', platform: 'linux-64', saveState: false });

  test.each(['environment.yml', 'environment.yaml'])('a lock whose source is no YAML file: the project’s %s is edited instead', async (name) => {
    write('go.mod', GIT2GO);
    write('conda-lock.yml', lock(['pyproject.toml'], [['libgit2', '1.9.0']]));
    write('pyproject.toml', '[project]\nname = "app"\n');
    write(name, 'name: app\ndependencies:\n  - libgit2 >=1\n');
    const r = await lockSync();
    expect([r.written, r.todo]).toStrictEqual([[`${at(name)} (libgit2 1.5.*)`], ['regenerate the lock: `conda-lock lock -f pyproject.toml`']]);
    expect(read(name)).toBe('name: app\ndependencies:\n  - libgit2 1.5.*\n');
  });

  test('a source that only has ".yml" inside its name (a template) is not edited; two packages go in one to-do', async () => {
    write('go.mod', GIT2GO_GOCV);
    write(
      'conda-lock.yml',
      lock(
        ['environment.yml.in'],
        [
          ['libgit2', '1.9.0'],
          ['libopencv', '4.8.0'],
        ],
      ),
    );
    write('environment.yml.in', 'name: app\ndependencies:\n  - libgit2 >=1\n  - libopencv\n');
    const r = await lockSync();
    expect([r.written, r.todo]).toStrictEqual([
      [],
      ["libgit2 1.5.*, libopencv 4.9.0: put these in the lock's source file, then `conda-lock lock -f environment.yml.in`"],
    ]);
    expect(read('environment.yml.in')).toBe('name: app\ndependencies:\n  - libgit2 >=1\n  - libopencv\n');
  });

  test('an environment file named by --file, not environment.yml: that file is edited', async () => {
    write('go.mod', GIT2GO);
    write('envs/dev.yml', 'name: app\ndependencies:\n  - libgit2 1.3.*\n');
    const r = await sync({ write: 'conda', file: at('envs/dev.yml'), saveState: false });
    expect([r.conda, r.written, r.todo]).toStrictEqual([{ kind: 'environment.yml', file: at('envs/dev.yml') }, [`${at('envs/dev.yml')} (libgit2 1.5.*)`], []]);
    expect(read('envs/dev.yml')).toBe('name: app\ndependencies:\n  - libgit2 1.5.*\n');
  });

  test('the source already says what the lock needs (not regenerated yet): nothing is written or judged again; the to-do says regenerate', async () => {
    write('go.mod', 'module x\n\ngo 1.22\n\nrequire gocv.io/x/gocv v0.36.1\n');
    write('conda-lock.yml', lock(['envs/dev.yml'], [['libopencv', '5.0.0']]));
    write('envs/dev.yml', 'name: app\ndependencies:\n  - libopencv 4.9.0\n');
    const steps: string[] = [];
    const r = await sync({ write: 'conda', platform: 'linux-64', saveState: false, progress: (s) => steps.push(s) });
    expect([r.ok, r.findings.map((f) => f.kind), r.written, r.todo, steps]).toStrictEqual([
      false,
      ['mismatch', 'known-problem'],
      [],
      ['regenerate the lock: `conda-lock lock -f envs/dev.yml`'],
      [GOLIST(), 'writing dev.yml'],
    ]);
    expect(read('envs/dev.yml')).toBe('name: app\ndependencies:\n  - libopencv 4.9.0\n');
  });
});

describe('progress steps', () => {
  test('a --write that plans no edit says no writing and no second judging', async () => {
    write('go.mod', 'module x\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n');
    write('environment.yml', 'name: app\ndependencies:\n  - libgit2 1.3.*\n');
    const steps: string[] = [];
    const r = await sync({ write: 'go', saveState: false, progress: (s) => steps.push(s) });
    expect([r.written, r.todo, steps]).toStrictEqual([
      [],
      ['go get github.com/libgit2/git2go/v33@latest  (move to github.com/libgit2/git2go/v33; a new major, so the import paths change too)'],
      [GOLIST()],
    ]);
  });

  // Issue 19 §2's case with a go on PATH: go.mod moved (git2go: mend conda) and environment.yml moved
  // (opencv and go: mend go.mod with two flags), so both files are planned, then written.
  test('--write auto mending both sides: one go mod edit with both flags, both files written, each step said', async () => {
    write('go.mod', 'module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/libgit2/git2go/v33 v33.0.9\n\tgocv.io/x/gocv v0.36.1\n)\n');
    write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n  - libgit2 1.3.*\n  - libopencv 4.9.0\n');
    expect((await sync({}, WITH_GO)).stateSaved).toBe(true);
    write('go.mod', GIT2GO_GOCV);
    write('environment.yml', 'name: app\ndependencies:\n  - go 1.21.*\n  - libgit2 1.3.*\n  - libopencv 4.10.0\n');
    const steps: string[] = [];
    const r = await sync({ write: 'auto', progress: (s) => steps.push(s) }, WITH_GO);
    const edit = 'go mod edit -go=1.21 -require=gocv.io/x/gocv@v0.37.0';
    expect([r.ok, r.written, r.todo, steps]).toStrictEqual([
      true,
      [`${at('environment.yml')} (libgit2 1.5.*)`, `${at('go.mod')} (${edit})`],
      [
        'the new go line was not checked against the go lines of 2 required modules missing from the module cache (run `go mod download`)',
        'update go.sum and the code: `go mod tidy`',
      ],
      [GOLIST(), `${edit} (on a copy of go.mod)`, 'writing environment.yml and go.mod', 'judging both sides again'],
    ]);
    expect([read('go.mod'), read('environment.yml')]).toStrictEqual([
      'module x\n\ngo 1.21\n\nrequire (\n\tgithub.com/libgit2/git2go/v34 v34.0.0\n\tgocv.io/x/gocv v0.37.0\n)\n',
      'name: app\ndependencies:\n  - go 1.21.*\n  - libgit2 1.5.*\n  - libopencv 4.10.0\n',
    ]);
  });
});

// A loose spec is a warning: the project is in sync, yet the report says `--write` pins it ("a loose
// finding is mended on the conda side only, which `--write` does"). --write used to act only when a
// problem was found, so it printed that and then wrote nothing.
describe('--write on a project in sync with warnings', () => {
  const GIT2GO = 'module x\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n';

  test('a loose spec the conda side moved to: --write (auto) pins it, as the report says', async () => {
    write('go.mod', GIT2GO);
    write('environment.yml', 'name: app\ndependencies:\n  - libgit2 1.5.*\n');
    expect((await sync()).stateSaved).toBe(true);
    write('environment.yml', 'name: app\ndependencies:\n  - libgit2\n');
    const r = await sync({ write: 'auto' });
    expect([r.ok, r.findings, r.written, r.todo]).toStrictEqual([true, [], [`${at('environment.yml')} (libgit2 1.5.*)`], []]);
    expect(read('environment.yml')).toBe('name: app\ndependencies:\n  - libgit2 1.5.*\n');
  });

  test('a loose spec beside a module no rule knows a version for (no-entry): --write conda pins the one, and the other asks for nothing', async () => {
    write('go.mod', 'module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/libgit2/git2go/v34 v34.0.0\n\tgocv.io/x/gocv v0.90.0\n)\n');
    write('environment.yml', 'name: app\ndependencies:\n  - libgit2\n');
    const r = await sync({ write: 'conda', saveState: false });
    expect([r.ok, r.findings.map((f) => [f.kind, f.condaPkg]), r.written, r.todo]).toStrictEqual([
      true,
      [['no-entry', 'libopencv']],
      [`${at('environment.yml')} (libgit2 1.5.*)`],
      [],
    ]);
  });

  // A loose spec has a conda fix only, so `--write go` runs (a conda fix is known) and reaches the
  // "no Go-side fix is known" branch with it: a warning asks for nothing there, only a problem does.
  test('a loose spec alone, --write go: nothing is written and nothing is asked (a warning is no problem to hand-edit)', async () => {
    write('go.mod', 'module x\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n');
    write('environment.yml', 'name: app\ndependencies:\n  - libgit2\n');
    const r = await sync({ write: 'go', saveState: false });
    expect([r.ok, r.findings.map((f) => [f.kind, f.severity, f.condaPkg, f.fix]), r.written, r.todo]).toStrictEqual([
      true,
      [
        [
          'loose',
          'warning',
          'libgit2',
          { conda: `${at('environment.yml')} line 3: \`- libgit2 1.5.*\`, then \`conda env update -f ${at('environment.yml')} --prune\``, go: null },
        ],
      ],
      [],
      [],
    ]);
    expect(read('environment.yml')).toBe('name: app\ndependencies:\n  - libgit2\n');
  });

  test('only a warning no side can mend (no-entry), no earlier sync: --write (auto) writes nothing and asks nothing', async () => {
    write('go.mod', 'module x\n\ngo 1.22\n\nrequire gocv.io/x/gocv v0.90.0\n');
    write('environment.yml', 'name: app\ndependencies:\n  - libopencv 4.9.0\n');
    const r = await sync({ write: 'auto', saveState: false });
    expect([r.ok, r.findings.map((f) => [f.kind, f.condaPkg]), r.written, r.todo]).toStrictEqual([true, [['no-entry', 'libopencv']], [], []]);
    expect(read('environment.yml')).toBe('name: app\ndependencies:\n  - libopencv 4.9.0\n');
  });
});

test('--write auto, no earlier sync: a no-entry warning beside a real problem asks for nothing; only the problem asks which side', async () => {
  write('go.mod', 'module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/libgit2/git2go/v33 v33.0.9\n\tgocv.io/x/gocv v0.90.0\n)\n');
  write('environment.yml', 'name: app\ndependencies:\n  - libgit2 1.5.*\n  - libopencv 4.9.0\n');
  const r = await sync({ write: 'auto', saveState: false });
  expect([r.ok, r.findings.map((f) => [f.kind, f.condaPkg]), r.written, r.todo]).toStrictEqual([
    false,
    [
      ['mismatch', 'libgit2'],
      ['no-entry', 'libopencv'],
    ],
    [],
    [
      "github.com/libgit2/git2go/v33 and conda's libgit2: both sides changed or no earlier sync is recorded; say which side to change: --write conda or --write go",
    ],
  ]);
});

// The gate of run.ts (`opts.write && (!result.ok || a finding has a conda fix)`, and the loop's skip of a
// warning with no fix on either side) passes a run whose only finding is a no-entry warning, whatever side
// --write names: the checker makes two kinds of warning, no-entry (no fix on either side) and loose (a conda
// fix, never a go one), so such a run has nothing to plan. Pinned here: the report, its text and the files are
// those of a check alone (test/mutation/equivalent/sync.yaml, run.ts 53:22, 53:57, 59:63).
test.each(['go', 'auto', 'conda'] as const)('a no-entry warning alone, --write %s: nothing planned, nothing written, the exact output', async (side) => {
  const GOMOD = 'module x\n\ngo 1.22\n\nrequire gocv.io/x/gocv v0.90.0\n';
  const ENV = 'name: app\ndependencies:\n  - libopencv 4.9.0\n';
  write('go.mod', GOMOD);
  write('environment.yml', ENV);
  const steps: string[] = [];
  const r = await sync({ write: side, saveState: false, progress: (s) => steps.push(s) });
  expect([r.ok, r.findings.map((f) => [f.kind, f.severity, f.fix, f.goEdit]), r.written, r.todo, r.stateSaved, steps]).toStrictEqual([
    true,
    [['no-entry', 'warning', { conda: null, go: null }, null]],
    [],
    [],
    false,
    [GOLIST()],
  ]);
  expect(renderText(r)).toBe(
    [
      `go.mod: ${at('go.mod')}`,
      `conda:  ${at('environment.yml')} (environment.yml)`,
      '',
      'warning no-entry: no libopencv version is known for gocv.io/x/gocv v0.90.0 (rule from built-in): add a table entry in gocondad-sync.yml',
      '    go.mod:5: gocv.io/x/gocv v0.90.0',
      `    ${at('environment.yml')}:3: libopencv 4.9.0`,
      '    why: each gocv release is built and tested against one OpenCV release; libopencv holds the C++ libraries (opencv adds the Python bindings on top)',
      '',
      `module cache: 1 of 1 required modules missing from ${path.join(home, 'go', 'pkg', 'mod')} (run \`go mod download\` while online): gocv.io/x/gocv@v0.90.0`,
      '',
      'in sync (2 coupled pairs, 1 warning)',
      '',
    ].join('\n'),
  );
  expect([read('go.mod'), read('environment.yml'), fs.readdirSync(dir).sort()]).toStrictEqual([GOMOD, ENV, ['environment.yml', 'go.mod']]);
});

// The daemon's drift judgement (pure parts; the hook runs in test/integration/sync.test.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CheckResult, Finding } from '../../../src/sync/checker';
import { checkDrift, driftOf } from '../../../src/sync/drift';
import { resolveLocations } from '../../../src/paths';
import { parseTransaction } from '../../../src/sync/transaction';
import { hasProjects, projectsOfEnv, registerProject } from '../../../src/sync/synced-projects';
import { noTelemetry } from '../../helpers/world';

describe('drift', () => {
  test('drift is the errors of a judgement, warnings alone are none', () => {
    const f = (severity: 'problem' | 'warning', message: string): Finding =>
      ({ severity, message, fix: { conda: `conda install ${message}`, go: null } }) as Finding;
    const result = (findings: Finding[]): CheckResult => ({ pairs: [], findings, ok: findings.every((x) => x.severity !== 'problem') });
    expect(driftOf('/p', '/env', result([f('warning', 'loose')]), 't')).toBeNull();
    expect(driftOf('/p', '/env', result([f('warning', 'loose'), f('problem', 'x')]), 't')).toEqual({
      kind: 'sync-drift',
      project: '/p',
      prefix: '/env',
      at: 't',
      findings: [{ message: 'x', fix: 'conda install x' }],
    });
  });
});
test('projects of an env, and the cheap check the CLI makes before loading rattler', () => {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-sync-'));
  try {
    expect(hasProjects(state, '/env')).toBe(false);
    fs.writeFileSync(path.join(state, 'go.mod'), 'module x\n');
    registerProject(state, { dir: state, prefix: '/env', lastRun: '1' });
    expect(hasProjects(state, '/env')).toBe(true);
    expect(hasProjects(state, '/other')).toBe(false);
    expect(
      projectsOfEnv(
        [
          { dir: '/p/a', prefix: '/env', lastRun: '1' },
          { dir: '/p/b', prefix: null, lastRun: '1' },
        ],
        '/env',
      ).map((p) => p.dir),
    ).toEqual(['/p/a']);
  } finally {
    fs.rmSync(state, { recursive: true, force: true, maxRetries: 5 });
  }
});

describe('a planned transaction in a world that already drifted', () => {
  // The env already disagrees with go.mod (libgit2 1.3 where git2go v34 needs 1.5) before any transaction:
  // a transaction is judged only on what it changes, so an unrelated one is not blamed for the old drift.
  let home: string;
  let prefix: string;
  const env = () => ({ HOME: home, XDG_STATE_HOME: path.join(home, 'state'), PATH: '/nonexistent' });
  const loc = () => resolveLocations(env(), process.getuid!());
  const tx = (o: object) => parseTransaction(JSON.stringify(o), 'tx');
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-drift-'));
    noTelemetry(home); // a prefix with no go runs the machine's: its telemetry child must not outlive the test in HOME
    prefix = path.join(home, 'env');
    const meta = path.join(prefix, 'conda-meta');
    fs.mkdirSync(meta, { recursive: true });
    fs.writeFileSync(path.join(meta, 'history'), '');
    for (const [name, version] of [
      ['libgit2', '1.3.2'],
      ['zstd', '1.5.6'],
    ])
      fs.writeFileSync(path.join(meta, `${name}-${version}-h0_0.json`), JSON.stringify({ name, version, build: 'h0_0', depends: [] }));
    const proj = path.join(home, 'proj');
    fs.mkdirSync(proj);
    fs.writeFileSync(path.join(proj, 'go.mod'), 'module x\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n');
    registerProject(loc().stateDir, { dir: proj, prefix, lastRun: '1' });
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true, maxRetries: 5 }));
  const drift = async (planned?: ReturnType<typeof tx>) => (await checkDrift([prefix], loc(), () => 't', planned))[0]!;

  test('the env as it is drifts', async () => {
    expect((await drift()).drift?.findings[0]?.message).toMatch(/libgit2/);
  });
  test('a transaction that touches only zstd is not blamed for it', async () => {
    expect(await drift(tx({ unlink: [{ name: 'zstd' }], link: [{ name: 'zstd', version: '1.5.7' }] }))).toMatchObject({ drift: null });
  });
  test('one that mends libgit2 agrees; one that moves it elsewhere wrong drifts', async () => {
    expect(await drift(tx({ unlink: [{ name: 'libgit2' }], link: [{ name: 'libgit2', version: '1.5.2' }] }))).toMatchObject({ drift: null });
    expect((await drift(tx({ unlink: [{ name: 'libgit2' }], link: [{ name: 'libgit2', version: '1.9.0' }] }))).drift?.findings[0]?.message).toMatch(/libgit2/);
  });
});

// Issue 21 §1: whole results, each project the daemon must pass over, and a project it cannot judge.
describe('checkDrift, whole results', () => {
  let home: string;
  const env = () => ({ HOME: home, XDG_STATE_HOME: path.join(home, 'state'), PATH: '/nonexistent' });
  const loc = () => resolveLocations(env(), process.getuid!());
  const project = (name: string, gomod: string | null, prefix: string | null) => {
    const dir = path.join(home, name);
    fs.mkdirSync(dir);
    if (gomod !== null) fs.writeFileSync(path.join(dir, 'go.mod'), gomod);
    return { dir, prefix, lastRun: '1' };
  };
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-drift2-'));
    noTelemetry(home);
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true, maxRetries: 5 }));

  test('judged: only projects of the changed env with a go.mod; a broken go.mod is an error, not a throw', async () => {
    const prefix = path.join(home, 'env');
    fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'libgit2-1.3.2-h0_0.json'), JSON.stringify({ name: 'libgit2', version: '1.3.2', build: 'h0_0' }));
    // no go line: which toolchain gocondad would pick depends on the machine
    const GIT2GO = 'module x\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n';
    const drifting = project('a-drifts', GIT2GO, prefix);
    const agrees = project('b-agrees', 'module x\n\nrequire github.com/libgit2/git2go/v33 v33.0.9\n', prefix);
    const broken = project('c-broken', 'module x\nrequire (\n', prefix);
    const projects = [
      drifting,
      agrees,
      broken,
      project('d-files-only', GIT2GO, null),
      project('e-other-env', GIT2GO, path.join(home, 'other')),
      project('f-gone', null, prefix),
    ];
    fs.mkdirSync(path.join(home, 'state', 'gocondad'), { recursive: true });
    fs.writeFileSync(path.join(home, 'state', 'gocondad', 'sync-projects.json'), JSON.stringify({ projects }));
    const out = await checkDrift([prefix], loc(), () => 'T');
    expect(out.map((o) => (o.error ? { ...o, error: o.error.replace(broken.dir, 'DIR') } : o))).toStrictEqual([
      {
        project: drifting.dir,
        prefix,
        drift: {
          kind: 'sync-drift',
          project: drifting.dir,
          prefix,
          at: 'T',
          findings: [
            {
              message: 'github.com/libgit2/git2go/v34 v34.0.0 needs libgit2 1.5.*, but libgit2 1.3.2 is installed',
              fix: `conda install -p ${prefix} "libgit2 1.5.*"`,
            },
          ],
        },
      },
      { project: agrees.dir, prefix, drift: null },
      { project: broken.dir, prefix, drift: null, error: 'DIR/go.mod:3: unclosed `require (` block' },
    ]);
  });

  test('driftOf: a problem with only a Go-side fix carries that fix', () => {
    const f = { severity: 'problem', message: 'm', fix: { conda: null, go: 'go mod edit -go=1.22' } } as Finding;
    expect(driftOf('/p', '/env', { findings: [f] }, 't')).toStrictEqual({
      kind: 'sync-drift',
      project: '/p',
      prefix: '/env',
      at: 't',
      findings: [{ message: 'm', fix: 'go mod edit -go=1.22' }],
    });
  });
});

test('checkDrift stamps a drift with the clock when no clock is given', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-drift3-'));
  noTelemetry(home);
  try {
    const env = { HOME: home, XDG_STATE_HOME: path.join(home, 'state'), PATH: '/nonexistent' };
    const loc = resolveLocations(env, process.getuid!());
    const prefix = path.join(home, 'env');
    fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
    fs.mkdirSync(path.join(home, 'proj'));
    fs.writeFileSync(path.join(home, 'proj', 'go.mod'), 'module x\n\nrequire github.com/pebbe/zmq4 v1.2.11\n');
    registerProject(loc.stateDir, { dir: path.join(home, 'proj'), prefix, lastRun: '1' });
    const [r] = await checkDrift([prefix], loc);
    expect(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(r!.drift!.at)).toBe(true);
  } finally {
    fs.rmSync(home, { recursive: true, force: true, maxRetries: 5 });
  }
});

// Issue 21 §1: the build tags a project was registered with reach the judgement (go list's -tags); an
// entry from before tags were recorded has none.
test('checkDrift judges with the tags each project was registered with, and none for an entry without tags', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-drift4-'));
  noTelemetry(home);
  try {
    const loc = resolveLocations({ HOME: home, XDG_STATE_HOME: path.join(home, 'state'), PATH: '/nonexistent' }, process.getuid!());
    const prefix = path.join(home, 'env');
    fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
    fs.mkdirSync(path.join(prefix, 'bin'));
    // the env's go: writes each run's arguments, one a line and a blank line after the run, then fails
    // (so the project's own .go files are read instead)
    const log = path.join(home, 'go-args');
    fs.writeFileSync(path.join(prefix, 'bin', 'go'), `#!/bin/sh\nprintf '%s\\n' "$@" '' >> '${log}'\nexit 1\n`, { mode: 0o755 });
    const project = (name: string) => {
      const dir = path.join(home, name);
      fs.mkdirSync(dir);
      // no go line: the env holds no go package, and the toolchain is not what this test is about
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module x\n');
      return dir;
    };
    const [plain, tagged] = [project('a-plain'), project('b-tagged')];
    fs.mkdirSync(loc.stateDir, { recursive: true });
    fs.writeFileSync(
      path.join(loc.stateDir, 'sync-projects.json'),
      JSON.stringify({
        projects: [
          { dir: plain, prefix, lastRun: '1' },
          { dir: tagged, prefix, lastRun: '1', tags: ['libsqlite3', 'static'] },
        ],
      }),
    );
    expect(await checkDrift([prefix], loc, () => 'T')).toStrictEqual([
      { project: plain, prefix, drift: null },
      { project: tagged, prefix, drift: null },
    ]);
    const runs = fs
      .readFileSync(log, 'utf8')
      .replace(/-modfile=\S*\/gocondad-golist-[A-Za-z0-9]{6}\/go\.mod/g, '-modfile=TMP/go.mod')
      .split('\n\n')
      .filter(Boolean)
      .map((run) => run.split('\n'));
    expect(runs).toStrictEqual([
      ['list', '-deps', '-modfile=TMP/go.mod', '-mod=mod', '-f', '{{.ImportPath}}', './...'],
      ['list', '-deps', '-modfile=TMP/go.mod', '-mod=mod', '-f', '{{.ImportPath}}', '-tags=libsqlite3,static', './...'],
    ]);
  } finally {
    fs.rmSync(home, { recursive: true, force: true, maxRetries: 5 });
  }
});

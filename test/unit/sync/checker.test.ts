// The checker (pure): findings with both sides' facts and fixes, loose specs.
import { probeVersions, type CheckInput } from '../../../src/sync/checker';
import { parseEnvironmentYml } from '../../../src/sync/conda/envyml';
import type { CondaSide } from '../../../src/sync/conda/types';
import { loadCondaVersions, type CondaVersions } from '../../../src/sync/condaver';
import { GOMOD, GOOD, installed, runCheck } from '../../helpers/sync-check';

let cv: CondaVersions;
beforeAll(async () => {
  cv = await loadCondaVersions();
});

const run = (mod: string, conda: CondaSide, extra: Partial<CheckInput> = {}) => runCheck(cv, mod, conda, extra);

describe('check against an installed env', () => {
  test('all coupled pairs agree: ok, no findings; kafka only with -tags dynamic', () => {
    const r = run(GOMOD, installed(GOOD));
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.pairs.map((p) => p.key)).toEqual([
      'go -> go',
      'github.com/libgit2/git2go/v* -> libgit2',
      'gocv.io/x/gocv -> opencv',
      'github.com/tensorflow/tensorflow -> libtensorflow',
    ]);
    expect(run(GOMOD, installed(GOOD), { tags: new Set(['dynamic']) }).pairs).toHaveLength(5);
  });
  test('libgit2 1.9 under git2go/v34: both sides facts and both fixes', () => {
    const r = run(GOMOD, installed({ ...GOOD, libgit2: '1.9.0' }));
    expect(r.ok).toBe(false);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({
      kind: 'mismatch',
      severity: 'problem',
      module: 'github.com/libgit2/git2go/v34',
      goVersion: 'v34.0.0',
      goLine: 6,
      condaPkg: 'libgit2',
      condaVersion: '1.9.0',
      want: '1.5.*',
      message: 'github.com/libgit2/git2go/v34 v34.0.0 needs libgit2 1.5.*, but libgit2 1.9.0 is installed',
      fix: { conda: 'conda install -p /env "libgit2 1.5.*"', go: null },
    });
    const r2 = run(GOMOD, installed({ ...GOOD, libgit2: '1.3.1' }));
    expect(r2.findings[0]!.fix.go).toMatch(/^go get github.com\/libgit2\/git2go\/v33@latest/);
  });
  test('the toolchain: go line above the env’s go (GOTOOLCHAIN=local makes it a hard error)', () => {
    const r = run(GOMOD.replace('go 1.22', 'go 1.24'), installed({ ...GOOD, go: '1.23.6' }));
    expect(r.findings[0]).toMatchObject({ kind: 'mismatch', module: 'go', want: '>=1.24', goEdit: ['-go=1.23'] });
    expect(r.findings[0]!.note).toMatch(/GOTOOLCHAIN=local/);
  });
  test('no conda go: the toolchain gocondad picks is judged instead', () => {
    const noGo = Object.fromEntries(Object.entries(GOOD).filter(([name]) => name !== 'go'));
    expect(run(GOMOD, installed(noGo), { pickedGo: 'go1.22.12' }).ok).toBe(true);
    const r = run(GOMOD.replace('go 1.22', 'go 1.23'), installed(noGo), { pickedGo: 'go1.22.12' });
    expect(r.findings[0]).toMatchObject({ kind: 'mismatch', message: expect.stringMatching(/toolchain gocondad picks for this env is go1.22.12/) });
  });
  test('a coupled package that is absent', () => {
    const r = run(GOMOD, installed({ go: '1.22.5', opencv: '4.9.0', libtensorflow: '2.15.0' }));
    expect(r.findings[0]).toMatchObject({ kind: 'missing', condaPkg: 'libgit2', fix: { conda: 'conda install -p /env "libgit2 1.5.*"' } });
  });
  test('OpenCV 5 and its opencv5.pc', () => {
    const r = run(GOMOD, installed({ ...GOOD, opencv: '5.0.0' }));
    expect(r.findings.map((f) => f.kind)).toEqual(['mismatch', 'known-problem']);
    expect(r.findings[1]!.message).toMatch(/opencv5\.pc/);
  });
  test('kafka with -tags dynamic: librdkafka older than the module; Go-side fix moves the module down', () => {
    const r = run(GOMOD, installed({ ...GOOD, librdkafka: '2.3.0' }), { tags: new Set(['dynamic']) });
    expect(r.findings[0]).toMatchObject({ want: '>=2.4.0', goEdit: ['-require=github.com/confluentinc/confluent-kafka-go/v2@v2.3.0'] });
  });
  test('tensorflow +incompatible: exact libtensorflow', () => {
    const r = run(GOMOD, installed({ ...GOOD, libtensorflow: '2.16.1' }));
    expect(r.findings[0]).toMatchObject({ want: '==2.15.0', goEdit: ['-require=github.com/tensorflow/tensorflow@v2.16.1+incompatible'] });
  });
  test('a module version no rule entry covers is a warning, not a pass', () => {
    const r = run(GOMOD.replace('v0.36.1', 'v0.44.0'), installed(GOOD));
    expect(r.findings[0]).toMatchObject({ kind: 'no-entry', severity: 'warning' });
    expect(r.ok).toBe(true);
  });
  test('replace: the version the build uses counts', () => {
    const r = run(`${GOMOD}replace gocv.io/x/gocv v0.36.1 => gocv.io/x/gocv v0.37.0\n`, installed(GOOD));
    expect(r.findings[0]).toMatchObject({ goVersion: 'v0.37.0', want: '4.10.0' });
  });
});

describe('check against environment.yml specs', () => {
  const env = (deps: string) => parseEnvironmentYml(`name: app\ndependencies:\n${deps}`, '/p/environment.yml');
  test('no pin is loose; a pin admitting a breaking version is loose; a disjoint pin is a mismatch', () => {
    const r = run(GOMOD, env('  - go >=1.22\n  - libgit2\n  - opencv >=4.9\n  - libtensorflow 2.15.0\n'));
    expect(r.findings.map((f) => [f.kind, f.condaPkg])).toEqual([
      ['loose', 'libgit2'],
      ['loose', 'opencv'],
    ]);
    expect(r.findings[0]!.message).toBe('libgit2 (no version) admits libgit2 2.0, which github.com/libgit2/git2go/v34 v34.0.0 cannot use (needs 1.5.*)');
    expect(r.findings[0]!.fix.conda).toBe('/p/environment.yml line 4: `- libgit2 1.5.*`, then `conda env update -f /p/environment.yml --prune`');
    expect(r.ok).toBe(true);
    const bad = run(GOMOD, env('  - libgit2 1.3.*\n  - opencv 4.9.0\n  - libtensorflow 2.15.0\n'));
    expect(bad.findings[0]).toMatchObject({ kind: 'mismatch', condaSpec: '1.3.*', condaLine: 3 });
    expect(bad.findings[0]!.fix.go).toMatch(/git2go\/v33/);
    expect(run(GOMOD, env('  - libgit2 1.5.*\n  - opencv 4.9.0\n  - libtensorflow 2.15.0\n')).findings).toEqual([]);
  });
  test('probe versions straddle every bound', () => {
    expect(probeVersions('>=4.8,<4.9')).toEqual(expect.arrayContaining(['4.8', '4.9', '5.0', '4.7.99', '4.8.1', '4.10']));
  });
});

describe('issue 20: real package names, linked packages only, every Go carrier', () => {
  const env = (deps: string) => parseEnvironmentYml(`name: app\ndependencies:\n${deps}`, '/p/environment.yml');
  const CV = 'module x\n\ngo 1.22\n\nrequire gocv.io/x/gocv v0.36.1\n';
  test('gocv is satisfied by libopencv or opencv; with neither, the finding names both', () => {
    expect(run(CV, installed({ go: '1.22.5', libopencv: '4.9.0' })).findings).toEqual([]);
    expect(run(CV, installed({ go: '1.22.5', opencv: '4.9.0' })).findings).toEqual([]);
    const none = run(CV, env('  - go 1.22.*\n'));
    expect(none.findings).toEqual([
      expect.objectContaining({
        kind: 'missing',
        condaPkg: 'libopencv',
        message: expect.stringContaining('needs libopencv 4.9.0 (or opencv), but /p/environment.yml has none of them'),
      }),
    ]);
    // a wrong libopencv is still judged when opencv is absent
    expect(run(CV, installed({ go: '1.22.5', libopencv: '4.10.0' })).findings[0]).toMatchObject({ kind: 'mismatch', condaPkg: 'libopencv', want: '4.9.0' });
  });
  test('go-sqlite3 with -tags libsqlite3: libsqlite or sqlite', () => {
    const mod = 'module x\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n';
    for (const name of ['libsqlite', 'sqlite'])
      expect(run(mod, installed({ go: '1.22.5', [name]: '3.46.0' }), { tags: new Set(['libsqlite3']) }).findings).toEqual([]);
  });
  const TFMOD = 'module x\n\ngo 1.22\n\nrequire github.com/tensorflow/tensorflow v0.0.0-00010101000000-000000000000\n';
  const PROTOS = new Set(['github.com/tensorflow/tensorflow/tensorflow/go/core/framework/tensor_go_proto', 'google.golang.org/protobuf/proto']);
  test('tensorflow imported only for its protobuf packages: no coupling, nothing asked of conda', () => {
    const r = run(TFMOD, env('  - go 1.22.*\n'), { imports: PROTOS });
    expect(r.pairs.map((p) => p.key)).toEqual(['go -> go']);
    expect(r.findings).toEqual([]);
  });
  test('a pseudo-version the map cannot map: a warning naming it, no spec (nothing for --write)', () => {
    const r = run(TFMOD, env('  - go 1.22.*\n'), { imports: new Set([...PROTOS, 'github.com/tensorflow/tensorflow/tensorflow/go']) });
    expect(r.findings).toEqual([
      expect.objectContaining({ kind: 'no-entry', severity: 'warning', want: null, message: expect.stringContaining('pseudo-version') }),
    ]);
    expect(JSON.stringify(r)).not.toContain('==0.0.0');
    expect(r.ok).toBe(true);
  });
  test('an // indirect requirement counts unless the whole import graph (go list -deps) rules it out', () => {
    // GOMOD has tensorflow // indirect: the project's own files cannot show a dependency's imports
    expect(run(GOMOD, installed(GOOD), { imports: new Set(['fmt']) }).pairs.map((p) => p.key)).toContain('github.com/tensorflow/tensorflow -> libtensorflow');
    expect(run(GOMOD, installed(GOOD), { imports: new Set(['fmt']), importsComplete: true }).pairs.map((p) => p.key)).toEqual(['go -> go']);
  });
  test('a lock with go 1.25.7 and go-cgo 1.13.5: go-cgo is judged too, and the two disagree', () => {
    const r = run('module x\n\ngo 1.24.0\n', installed({ go: '1.25.7', 'go-cgo': '1.13.5', _go_select: '2.3.0' }));
    expect(r.findings.map((f) => [f.kind, f.condaPkg])).toEqual([
      ['disagree', 'go-cgo'],
      ['mismatch', 'go-cgo'],
    ]);
    expect(r.findings[0]!.message).toBe(
      'go-cgo 1.13.5 and go 1.25.7 are both in /env: they carry one Go toolchain and pin each other exactly, so no solver can install both',
    );
    expect(r.ok).toBe(false);
    // an old go line both satisfy: still no solver can install both
    expect(run('module x\n\ngo 1.11\n', installed({ go: '1.25.7', 'go-cgo': '1.13.5' })).findings.map((f) => f.kind)).toEqual(['disagree']);
  });
  test('environment.yml with go >=1.24.0 beside go-cgo=1.11.3: disjoint specs disagree', () => {
    const r = run('module x\n\ngo 1.11\n', env('  - go >=1.24.0\n  - go-cgo=1.11.3\n'));
    expect(r.findings[0]).toMatchObject({ kind: 'disagree', condaPkg: 'go-cgo', condaLine: 4 });
    expect(run('module x\n\ngo 1.11\n', env('  - go >=1.24.0\n  - go-cgo >=1.24\n')).findings).toEqual([]);
  });
  test('warnings cite versions that exist, not probes like 1.22.3.99', () => {
    const r = run('module x\n\ngo 1.23.0\n', env('  - go >=1.22.3\n'));
    expect(r.findings[0]).toMatchObject({ kind: 'loose' });
    expect(r.findings[0]!.message).toBe("go >=1.22.3 admits go 1.22.4, which go.mod's `go 1.23.0` cannot use (needs >=1.23.0)");
    expect(r.findings[0]!.message).not.toMatch(/\.99\b/);
  });
});

test('an unpinned go is said to admit the Go just below the go line (1.21.x), not the 0.0.1 probe', () => {
  const r = runCheck(cv, 'module x\n\ngo 1.22\n', parseEnvironmentYml('name: a\ndependencies:\n  - go\n', '/p/environment.yml'));
  expect(r.findings[0]!.message).toBe("go (no version) admits go 1.21.x, which go.mod's `go 1.22` cannot use (needs >=1.22)");
});

test('rapids cuvs: go.mod `go 1.22.4` and an unpinned go: the warning cites go 1.22.3, not the 1.22.3.99 probe', () => {
  const r = runCheck(cv, 'module x\n\ngo 1.22.4\n', parseEnvironmentYml('name: a\ndependencies:\n  - go\n', '/p/environment.yml'));
  expect(r.findings[0]!.message).toBe("go (no version) admits go 1.22.3, which go.mod's `go 1.22.4` cannot use (needs >=1.22.4)");
});

test('a module replaced by a fork (nmeum/depp: git2go v34 → nmeum/git2go for a newer libgit2): skipped with a warning, not mapped', () => {
  const mod =
    'module x\n\ngo 1.21\n\nrequire github.com/libgit2/git2go/v34 v34.0.0-20221005011223-4b14d29c207e\n\nreplace github.com/libgit2/git2go/v34 v34.0.0-20221005011223-4b14d29c207e => github.com/nmeum/git2go/v34 v34.0.1-0.20241106182505-99577a2a0e18\n';
  const r = runCheck(cv, mod, installed({ go: '1.22.5', libgit2: '1.8.4' }));
  expect(r.findings).toEqual([
    expect.objectContaining({
      kind: 'no-entry',
      severity: 'warning',
      want: null,
      message: expect.stringContaining('replaced by the fork github.com/nmeum/git2go/v34'),
    }),
  ]);
  // a replacement by a version of the same module still counts (the version the build uses)
  expect(runCheck(cv, `${mod.split('\n\nreplace')[0]}\n`, installed({ go: '1.22.5', libgit2: '1.8.4' })).findings[0]).toMatchObject({
    kind: 'mismatch',
    want: '1.5.*',
  });
});

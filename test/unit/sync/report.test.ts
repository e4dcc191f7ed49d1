// The text report: both sides of each finding, what changed since the last sync, the fixes.
import { pairLabel, renderText, type AnnotatedFinding, type Paint, type SyncReport } from '../../../src/sync/report';

const base: SyncReport = {
  dir: '/p',
  gomod: '/p/go.mod',
  conda: { kind: 'prefix', file: '/env' },
  tags: ['dynamic'],
  pairs: [{ key: 'k', module: 'github.com/libgit2/git2go/v34', goVersion: 'v34.0.0', condaPkg: 'libgit2', condaFact: '1.9.0', want: '1.5.*' }],
  findings: [],
  ok: true,
  modcache: { dir: '/m', missing: [], present: 3 },
  regenerate: null,
  written: [],
  todo: [],
  stateSaved: false,
};

test('in sync, with the module cache line', () => {
  expect(renderText(base)).toBe(
    'go.mod: /p/go.mod\nconda:  /env (prefix)   build tags: dynamic\n\nmodule cache: all 3 required modules are in /m (offline builds work)\n\nin sync (1 coupled pair)\n',
  );
});

test('a finding: facts of both sides, which side moved, both fixes, why', () => {
  const r: SyncReport = {
    ...base,
    ok: false,
    modcache: null,
    findings: [
      {
        kind: 'mismatch',
        severity: 'problem',
        key: 'k',
        module: 'github.com/libgit2/git2go/v34',
        goVersion: 'v34.0.0',
        goLine: 6,
        condaPkg: 'libgit2',
        condaSpec: null,
        condaVersion: '1.9.0',
        condaFile: '/env/conda-meta/libgit2-1.9.0-h0.json',
        condaLine: null,
        want: '1.5.*',
        message: 'm',
        fix: { conda: 'conda install -p /env "libgit2 1.5.*"', go: null },
        goEdit: null,
        note: 'n',
        changed: 'conda',
        propose: 'go',
        was: { go: 'github.com/libgit2/git2go/v34@v34.0.0', conda: '1.5.2' },
      },
    ],
  };
  expect(renderText(r).split('\n')).toEqual([
    'go.mod: /p/go.mod',
    'conda:  /env (prefix)   build tags: dynamic',
    '',
    'PROBLEM mismatch: m',
    '    go.mod:6: github.com/libgit2/git2go/v34 v34.0.0',
    '    /env/conda-meta/libgit2-1.9.0-h0.json: libgit2 1.9.0',
    '    since the last sync: the conda side changed (was 1.5.2); `--write` mends go.mod to match',
    '    fix conda side: conda install -p /env "libgit2 1.5.*"',
    '    why: n',
    '',
    'out of sync: 1 problem, 0 warnings',
    '',
  ]);
});

test('the module cache line counts right: no required modules, one, several', () => {
  const line = (present: number) => renderText({ ...base, modcache: { dir: '/m', missing: [], present } }).split('\n')[3];
  expect(line(0)).toBe('module cache: the module requires no other modules (offline builds work)');
  expect(line(1)).toBe('module cache: all 1 required module is in /m (offline builds work)');
  expect(line(2)).toBe('module cache: all 2 required modules are in /m (offline builds work)');
});

test('what --write would mend is said as the file it edits; a missing package changed on the conda side is mended there only', () => {
  const f: AnnotatedFinding = {
    kind: 'missing',
    severity: 'problem',
    key: 'go -> go',
    module: 'go',
    goVersion: '1.23',
    goLine: 3,
    condaPkg: 'go',
    condaSpec: null,
    condaVersion: null,
    condaFile: '/p/environment.yml',
    condaLine: null,
    want: '>=1.23',
    message: 'm',
    fix: { conda: 'add "go >=1.23"', go: null },
    goEdit: null,
    note: undefined,
    changed: 'conda',
    propose: 'conda',
    was: { go: 'go@1.23', conda: '1.23.*' },
  };
  const text = (over: object) => renderText({ ...base, ok: false, modcache: null, findings: [{ ...f, ...over }] });
  expect(text({})).toContain(
    'since the last sync: the conda side changed (was 1.23.*); a missing finding is mended on the conda side only, which `--write` does',
  );
  expect(text({ changed: 'go' })).toContain('since the last sync: go.mod changed (was go@1.23); `--write` mends the conda side to match');
  expect(text({ kind: 'mismatch', propose: 'go' })).toContain('; `--write` mends go.mod to match');
  expect(text({})).not.toMatch(/sync the (conda|Go) side/);
  // "to do: go -> go: …" named the pair by its state-file key; it is said in words.
  expect(pairLabel(f)).toBe("go.mod's go line and conda's go");
  expect(pairLabel({ module: 'github.com/libgit2/git2go/v34', condaPkg: 'libgit2' })).toBe("github.com/libgit2/git2go/v34 and conda's libgit2");
});

test('painted for a terminal: each finding head and the verdict go through the Paint; plain says PROBLEM/warning', () => {
  const finding = (severity: 'problem' | 'warning'): AnnotatedFinding => ({
    kind: severity === 'problem' ? 'mismatch' : 'loose',
    severity,
    key: 'k',
    module: 'm',
    goVersion: 'v1.0.0',
    goLine: null,
    condaPkg: 'libx',
    condaSpec: null,
    condaVersion: '1.0',
    condaFile: '/env',
    condaLine: null,
    want: null,
    message: severity,
    fix: { conda: null, go: null },
    goEdit: null,
    changed: 'unknown',
    propose: null,
  });
  const r: SyncReport = { ...base, ok: false, modcache: null, findings: [finding('problem'), finding('warning')] };
  const paint: Paint = { head: (s) => `<${s}>`, ok: (w) => `<ok ${w}>`, bad: (w) => `<bad ${w}>` };
  const lines = renderText(r, paint).split('\n');
  expect(lines).toContain('<problem> mismatch: problem');
  expect(lines).toContain('<warning> loose: warning');
  expect(lines).toContain('<bad out of sync: 1 problem, 1 warning>');
  expect(renderText({ ...base }, paint)).toContain('<ok in sync (1 coupled pair)>');
  const plain = renderText(r).split('\n');
  expect(plain).toContain('PROBLEM mismatch: problem');
  expect(plain).toContain('warning loose: warning');
  expect(renderText(r)).not.toMatch(/[✓✗⚠!]/);
});

// Issue 21 §1: every line the text report can hold, each in its exact words.
describe('renderText, line by line', () => {
  const finding = (over: Partial<AnnotatedFinding>): AnnotatedFinding => ({
    kind: 'mismatch',
    severity: 'problem',
    key: 'k',
    module: 'github.com/libgit2/git2go/v34',
    goVersion: 'v34.0.0',
    goLine: null,
    condaPkg: 'libgit2',
    condaSpec: null,
    condaVersion: null,
    condaFile: '/p/environment.yml',
    condaLine: null,
    want: '1.5.*',
    message: 'm',
    fix: { conda: null, go: null },
    goEdit: null,
    changed: 'unknown',
    propose: null,
    ...over,
  });
  /** The lines of one finding's block (between the header and the verdict). */
  const block = (over: Partial<AnnotatedFinding>) =>
    renderText({ ...base, tags: [], ok: false, modcache: null, findings: [finding(over)] })
      .split('\n')
      .slice(3, -3);
  test.each<[string, Partial<AnnotatedFinding>, string[]]>([
    [
      'no line numbers, neither version nor spec: any version',
      {},
      ['PROBLEM mismatch: m', '    go.mod: github.com/libgit2/git2go/v34 v34.0.0', '    /p/environment.yml: libgit2 (any version)'],
    ],
    [
      'missing: absent',
      { kind: 'missing' },
      ['PROBLEM missing: m', '    go.mod: github.com/libgit2/git2go/v34 v34.0.0', '    /p/environment.yml: libgit2 (absent)'],
    ],
    [
      'the go line, a spec with its line',
      { module: 'go', goVersion: '1.24', goLine: 3, condaSpec: '1.22.*', condaLine: 4 },
      ['PROBLEM mismatch: m', '    go.mod:3: go 1.24', '    /p/environment.yml:4: libgit2 1.22.*'],
    ],
    [
      'a version wins over the spec; both fixes and why',
      { condaVersion: '1.9.0', condaSpec: '>=1', fix: { conda: 'c', go: 'g' }, note: 'n' },
      [
        'PROBLEM mismatch: m',
        '    go.mod: github.com/libgit2/git2go/v34 v34.0.0',
        '    /p/environment.yml: libgit2 1.9.0',
        '    fix conda side: c',
        '    fix Go side:    g',
        '    why: n',
      ],
    ],
    [
      'both sides changed, nothing proposed',
      { changed: 'both', was: { go: 'a@v1', conda: '1' } },
      [
        'PROBLEM mismatch: m',
        '    go.mod: github.com/libgit2/git2go/v34 v34.0.0',
        '    /p/environment.yml: libgit2 (any version)',
        '    since the last sync: both sides changed',
      ],
    ],
    [
      'the conda side changed from absent',
      { changed: 'conda', was: { go: 'a@v1', conda: null }, propose: 'go' },
      [
        'PROBLEM mismatch: m',
        '    go.mod: github.com/libgit2/git2go/v34 v34.0.0',
        '    /p/environment.yml: libgit2 (any version)',
        '    since the last sync: the conda side changed (was absent); `--write` mends go.mod to match',
      ],
    ],
    [
      'a record, but nothing moved (unknown): no since-line',
      { changed: 'unknown', was: { go: 'a@v1', conda: '1' } },
      ['PROBLEM mismatch: m', '    go.mod: github.com/libgit2/git2go/v34 v34.0.0', '    /p/environment.yml: libgit2 (any version)'],
    ],
    [
      'moved, but no record to cite: no since-line',
      { changed: 'go' },
      ['PROBLEM mismatch: m', '    go.mod: github.com/libgit2/git2go/v34 v34.0.0', '    /p/environment.yml: libgit2 (any version)'],
    ],
  ])('%s', (_name, over, lines) => {
    expect(block(over)).toStrictEqual(lines);
  });

  test('header without tags, no coupled pairs, written files and to-dos', () => {
    expect(renderText({ ...base, tags: [], pairs: [], modcache: null, written: ['/p/go.mod (go mod edit -go=1.22)'], todo: ['a', 'b'] })).toBe(
      'go.mod: /p/go.mod\nconda:  /env (prefix)\nno module of this go.mod is coupled to a conda package\nwrote /p/go.mod (go mod edit -go=1.22)\nto do: a\nto do: b\n\nin sync (0 coupled pairs)\n',
    );
  });

  test('the verdict counts pairs, problems and warnings in singular and plural', () => {
    const verdict = (ok: boolean, pairs: number, severities: ('problem' | 'warning')[]) =>
      renderText({
        ...base,
        ok,
        modcache: null,
        pairs: Array.from({ length: pairs }, () => base.pairs[0]!),
        findings: severities.map((severity) => ({
          kind: 'loose' as const,
          severity,
          key: 'k',
          module: 'm',
          goVersion: 'v1',
          goLine: null,
          condaPkg: 'x',
          condaSpec: null,
          condaVersion: null,
          condaFile: '/f',
          condaLine: null,
          want: null,
          message: 'm',
          fix: { conda: null, go: null },
          goEdit: null,
          changed: 'unknown' as const,
          propose: null,
        })),
      })
        .split('\n')
        .slice(-2)[0];
    expect([
      verdict(true, 2, ['warning']),
      verdict(true, 1, ['warning', 'warning']),
      verdict(true, 2, []),
      verdict(false, 2, ['problem', 'problem', 'warning']),
      verdict(false, 1, ['problem', 'warning', 'warning']),
    ]).toStrictEqual([
      'in sync (2 coupled pairs, 1 warning)',
      'in sync (1 coupled pair, 2 warnings)',
      'in sync (2 coupled pairs)',
      'out of sync: 2 problems, 1 warning',
      'out of sync: 1 problem, 2 warnings',
    ]);
  });

  test('modules missing from the cache: counted, the first five named, then an ellipsis', () => {
    const mods = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `m${i + 1}`, version: 'v1.0.0' }));
    const line = (missing: number, present: number) => renderText({ ...base, modcache: { dir: '/m', missing: mods(missing), present } }).split('\n')[3];
    expect([line(1, 0), line(5, 2), line(6, 0)]).toStrictEqual([
      'module cache: 1 of 1 required modules missing from /m (run `go mod download` while online): m1@v1.0.0',
      'module cache: 5 of 7 required modules missing from /m (run `go mod download` while online): m1@v1.0.0, m2@v1.0.0, m3@v1.0.0, m4@v1.0.0, m5@v1.0.0',
      'module cache: 6 of 6 required modules missing from /m (run `go mod download` while online): m1@v1.0.0, m2@v1.0.0, m3@v1.0.0, m4@v1.0.0, m5@v1.0.0, …',
    ]);
  });
});

test('several build tags are said apart', () => {
  expect(renderText({ ...base, tags: ['dynamic', 'libsqlite3'] }).split('\n')[1]).toBe('conda:  /env (prefix)   build tags: dynamic libsqlite3');
});

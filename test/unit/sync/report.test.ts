// The text report: both sides of each finding, what changed since the last sync, the fixes.
import { renderText, type SyncReport } from '../../../src/sync/report';

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
        severity: 'error',
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
    '✗ mismatch: m',
    '    go.mod:6: github.com/libgit2/git2go/v34 v34.0.0',
    '    /env/conda-meta/libgit2-1.9.0-h0.json: libgit2 1.9.0',
    '    since the last sync: the conda side changed (was 1.5.2); sync the Go side',
    '    fix conda side: conda install -p /env "libgit2 1.5.*"',
    '    why: n',
    '',
    'out of sync: 1 error, 0 warnings',
    '',
  ]);
});

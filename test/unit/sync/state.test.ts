// The state file: which side moved since the last in-sync view, both directions.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CheckInput } from '../../../src/sync/checker';
import type { CondaSide } from '../../../src/sync/conda/types';
import { loadCondaVersions, type CondaVersions } from '../../../src/sync/condaver';
import { changedSide, readState, saveState, stateOf } from '../../../src/sync/state';
import { GOMOD, GOOD, installed, runCheck } from '../../helpers/sync-check';

let cv: CondaVersions;
beforeAll(async () => {
  cv = await loadCondaVersions();
});

const run = (mod: string, conda: CondaSide, extra: Partial<CheckInput> = {}) => runCheck(cv, mod, conda, extra);

describe('which side changed (state file)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-state-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  test('the Go side moved: git2go v33 -> v34 with libgit2 still 1.3', () => {
    const before = run(GOMOD.replace('git2go/v34 v34.0.0', 'git2go/v33 v33.0.9'), installed({ ...GOOD, libgit2: '1.3.1' }));
    expect(before.ok).toBe(true);
    saveState(dir, stateOf(before.pairs));
    const after = run(GOMOD, installed({ ...GOOD, libgit2: '1.3.1' }));
    const pair = after.pairs.find((p) => p.key === after.findings[0]!.key)!;
    expect(changedSide(pair, readState(dir))).toEqual({ side: 'go', was: { go: 'github.com/libgit2/git2go/v33@v33.0.9', conda: '1.3.1' } });
  });
  test('the conda side moved: libgit2 1.5 -> 1.9', () => {
    saveState(dir, stateOf(run(GOMOD, installed(GOOD)).pairs));
    const after = run(GOMOD, installed({ ...GOOD, libgit2: '1.9.0' }));
    const pair = after.pairs.find((p) => p.key === after.findings[0]!.key)!;
    expect(changedSide(pair, readState(dir))).toEqual({ side: 'conda', was: { go: 'github.com/libgit2/git2go/v34@v34.0.0', conda: '1.5.2' } });
  });
  test('both moved, or nothing recorded', () => {
    saveState(dir, stateOf(run(GOMOD, installed(GOOD)).pairs));
    const after = run(GOMOD.replace('v0.36.1', 'v0.37.0'), installed({ ...GOOD, opencv: '4.8.0' }));
    expect(
      changedSide(
        after.pairs.find((p) => p.module === 'gocv.io/x/gocv')!,
        readState(dir),
      ).side,
    ).toBe('both');
    expect(changedSide(after.pairs[0]!, null)).toEqual({ side: 'unknown' });
  });
  test('saveState writes only on change; a damaged file reads as none', () => {
    const s = stateOf(run(GOMOD, installed(GOOD)).pairs);
    expect(saveState(dir, s)).toBe(true);
    expect(saveState(dir, s)).toBe(false);
    fs.writeFileSync(path.join(dir, '.gocondad-sync.json'), '{');
    expect(readState(dir)).toBeNull();
  });
});

// Issue 21 §1: the state file's exact bytes, every combination of moves, every damaged shape.
describe('state edges', () => {
  const pair = (key: string, goFact: string, condaFact: string | null) => ({ key, module: 'm', goVersion: 'v1', goFact, condaPkg: 'x', condaFact, want: null });
  test('stateOf sorts by key', () => {
    expect(stateOf([pair('b', 'b@v1', null), pair('a', 'a@v2', '1.0')])).toStrictEqual({
      version: 1,
      pairs: { a: { go: 'a@v2', conda: '1.0' }, b: { go: 'b@v1', conda: null } },
    });
    expect(Object.keys(stateOf([pair('b', 'b@v1', null), pair('a', 'a@v2', '1.0')]).pairs)).toStrictEqual(['a', 'b']);
  });
  const saved = { version: 1 as const, pairs: { k: { go: 'm@v1', conda: '1.0' }, n: { go: 'm@v1', conda: null } } };
  test.each<[string, ReturnType<typeof pair>, ReturnType<typeof changedSide>]>([
    ['nothing moved', pair('k', 'm@v1', '1.0'), { side: 'unknown', was: { go: 'm@v1', conda: '1.0' } }],
    ['go moved', pair('k', 'm@v2', '1.0'), { side: 'go', was: { go: 'm@v1', conda: '1.0' } }],
    ['conda moved', pair('k', 'm@v1', '2.0'), { side: 'conda', was: { go: 'm@v1', conda: '1.0' } }],
    ['both moved', pair('k', 'm@v2', '2.0'), { side: 'both', was: { go: 'm@v1', conda: '1.0' } }],
    ['absent then and now', pair('n', 'm@v1', null), { side: 'unknown', was: { go: 'm@v1', conda: null } }],
    ['absent then, there now', pair('n', 'm@v1', '1.0'), { side: 'conda', was: { go: 'm@v1', conda: null } }],
    ['no record of the pair', pair('z', 'm@v1', '1.0'), { side: 'unknown' }],
  ])('%s', (_name, p, want) => {
    expect(changedSide(p, saved)).toStrictEqual(want);
  });
  test('the file: exact bytes, mode 0644 when new, kept when there; damaged shapes read as none', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-state2-'));
    try {
      const file = path.join(dir, '.gocondad-sync.json');
      expect(saveState(dir, { version: 1, pairs: { k: { go: 'm@v1', conda: null } } })).toBe(true);
      expect(fs.readFileSync(file, 'utf8')).toBe('{\n  "version": 1,\n  "pairs": {\n    "k": {\n      "go": "m@v1",\n      "conda": null\n    }\n  }\n}\n');
      expect(fs.statSync(file).mode & 0o777).toBe(0o644);
      expect(readState(dir)).toStrictEqual({ version: 1, pairs: { k: { go: 'm@v1', conda: null } } });
      fs.chmodSync(file, 0o600);
      expect(saveState(dir, { version: 1, pairs: {} })).toBe(true);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      for (const text of ['null', '{"version": 2, "pairs": {}}', '{"version": 1, "pairs": "x"}', '{"version": 1}', '[']) {
        fs.writeFileSync(file, text);
        expect([text, readState(dir)]).toStrictEqual([text, null]);
      }
      expect(readState(path.join(dir, 'nope'))).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

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
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

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

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { keptFilesForRun, keptForRun, strykerSandbox } from '../../helpers/stryker-memo';

describe('strykerSandbox', () => {
  test.each([
    ['/r/.stryker-tmp/sandbox-ab12/test/helpers', '/r/.stryker-tmp/sandbox-ab12'],
    ['/r/.stryker-tmp/sandbox-ab12', '/r/.stryker-tmp/sandbox-ab12'],
    ['/work/main/test/helpers', null],
    ['/r/.stryker-tmpx/sandbox-ab12/test', null],
    ['/r/stryker-tmp/sandbox-ab12/test', null],
  ])('%s -> %s', (dir, sandbox) => {
    expect(strykerSandbox(dir)).toBe(sandbox);
  });
});

describe('keptForRun', () => {
  let sandbox: string;
  beforeEach(() => {
    sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-memo-'));
  });
  afterEach(() => fs.rmSync(sandbox, { recursive: true, force: true, maxRetries: 5 }));

  test('outside a sandbox every call asks again', () => {
    let asked = 0;
    const ask = () => ({ n: (asked += 1) });
    expect([keptForRun(null, 'k', ask), keptForRun(null, 'k', ask)]).toEqual([{ n: 1 }, { n: 2 }]);
  });

  test('inside a sandbox the first answer to a key is kept in a file, other keys ask', () => {
    let asked = 0;
    const ask = () => ({ n: (asked += 1) });
    expect([keptForRun(sandbox, 'k', ask), keptForRun(sandbox, 'k', ask), keptForRun(sandbox, 'other', ask)]).toEqual([{ n: 1 }, { n: 1 }, { n: 2 }]);
    // Nothing half-written is left beside the answers.
    expect(fs.readdirSync(path.join(sandbox, '.real-answers')).filter((f) => !/^[0-9a-f]{64}\.json$/.test(f))).toEqual([]);
    expect(fs.readdirSync(path.join(sandbox, '.real-answers'))).toHaveLength(2);
  });

  test('a failed ask keeps nothing, so the next call asks again', () => {
    expect(() =>
      keptForRun(sandbox, 'k', () => {
        throw new Error('conda broke');
      }),
    ).toThrow('conda broke');
    expect(keptForRun(sandbox, 'k', () => 'second')).toBe('second');
  });
});

describe('keptFilesForRun', () => {
  let sandbox: string;
  let work: string;
  beforeEach(() => {
    sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-memo-'));
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-memo-work-'));
  });
  afterEach(() => {
    fs.rmSync(sandbox, { recursive: true, force: true, maxRetries: 5 });
    fs.rmSync(work, { recursive: true, force: true, maxRetries: 5 });
  });

  let built = 0;
  const build = (into: string) => () => {
    built += 1;
    fs.writeFileSync(path.join(into, 'prog'), `build ${built}`, { mode: 0o755 });
    fs.writeFileSync(path.join(into, 'lib.so'), 'lib', { mode: 0o644 });
  };
  const read = (d: string) => [
    fs.readFileSync(path.join(d, 'prog'), 'utf8'),
    fs.statSync(path.join(d, 'prog')).mode & 0o777,
    fs.statSync(path.join(d, 'lib.so')).mode & 0o777,
  ];

  test('outside a sandbox every call builds', () => {
    built = 0;
    keptFilesForRun(null, 'k', work, ['prog', 'lib.so'], build(work));
    keptFilesForRun(null, 'k', work, ['prog', 'lib.so'], build(work));
    expect(read(work)).toEqual(['build 2', 0o755, 0o644]);
  });

  test('inside a sandbox the first build is copied into later dirs, mode kept; another key builds', () => {
    built = 0;
    keptFilesForRun(sandbox, 'k', work, ['prog', 'lib.so'], build(work));
    const second = fs.mkdtempSync(path.join(work, 'second-'));
    keptFilesForRun(sandbox, 'k', second, ['prog', 'lib.so'], build(second));
    expect(read(second)).toEqual(['build 1', 0o755, 0o644]);
    const third = fs.mkdtempSync(path.join(work, 'third-'));
    keptFilesForRun(sandbox, 'other', third, ['prog', 'lib.so'], build(third));
    expect(read(third)).toEqual(['build 2', 0o755, 0o644]);
    // Only the two kept dirs, nothing left aside.
    expect(fs.readdirSync(path.join(sandbox, '.real-answers')).filter((f) => !/^[0-9a-f]{64}$/.test(f))).toEqual([]);
    expect(fs.readdirSync(path.join(sandbox, '.real-answers'))).toHaveLength(2);
  });

  test('a kept dir missing one of the names builds again', () => {
    built = 0;
    keptFilesForRun(sandbox, 'k', work, ['prog'], build(work));
    const second = fs.mkdtempSync(path.join(work, 'second-'));
    keptFilesForRun(sandbox, 'k', second, ['prog', 'lib.so'], build(second));
    expect(read(second)).toEqual(['build 2', 0o755, 0o644]);
  });

  test('a failed build keeps nothing', () => {
    expect(() =>
      keptFilesForRun(sandbox, 'k', work, ['prog'], () => {
        throw new Error('gcc broke');
      }),
    ).toThrow('gcc broke');
    expect(fs.existsSync(path.join(sandbox, '.real-answers'))).toBe(false);
  });
});

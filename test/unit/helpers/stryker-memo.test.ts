import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { keptForRun, strykerSandbox } from '../../helpers/stryker-memo';

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

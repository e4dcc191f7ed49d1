// A planned conda transaction applied to an env's facts.
import type { CondaSide } from '../../../src/sync/conda/types';
import { SyncInputError } from '../../../src/sync/errors';
import { applyTransaction, changedNames, parseTransaction } from '../../../src/sync/transaction';

const side: CondaSide = {
  kind: 'prefix',
  file: '/env',
  goflags: null,
  regenerate: null,
  packages: new Map([
    ['libgit2', { name: 'libgit2', spec: null, version: '1.5.2', build: 'h0', file: '/env/conda-meta/libgit2.json', line: null }],
    ['zstd', { name: 'zstd', spec: null, version: '1.5.6', build: 'h0', file: '/env/conda-meta/zstd.json', line: null }],
  ]),
};

test('unlink, then link: an update, a removal, an addition', () => {
  const tx = parseTransaction(
    JSON.stringify({
      unlink: [{ name: 'libgit2' }, { name: 'zstd' }],
      link: [
        { name: 'libgit2', version: '1.9.0', build: 'h1' },
        { name: 'libpcap', version: '1.10.4' },
      ],
    }),
    'tx',
  );
  const after = applyTransaction(side, tx);
  expect([...after.packages.keys()].sort()).toEqual(['libgit2', 'libpcap']);
  expect(after.packages.get('libgit2')).toMatchObject({ version: '1.9.0', build: 'h1', file: '/env' });
  expect(after.planned).toBe(true);
  expect(side.packages.get('libgit2')!.version).toBe('1.5.2');
  expect([...changedNames(tx)].sort()).toEqual(['libgit2', 'libpcap', 'zstd']);
});

test('bad transactions say what shape is expected', () => {
  for (const bad of ['{', '[]', '{"link": {}}', '{"link": [{"name": "x"}]}', '{"unlink": [{}]}']) {
    expect(() => parseTransaction(bad, '<stdin>')).toThrow(SyncInputError);
  }
  expect(parseTransaction('{}', 'tx')).toEqual({ link: [], unlink: [] });
});

// Issue 21 §1: exact words for each bad shape, whole packages after the transaction.
const HINT = 'expected {"link": [{"name", "version", "build"?}], "unlink": [{"name"}]}';
/** Node's own words for a JSON syntax error (they differ between Node versions). */
const nodeSays = (text: string) => {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return 'parsed';
};
test.each<[string, string]>([
  ['{', `tx: not JSON: ${nodeSays('{')}`],
  ['', `tx: not JSON: ${nodeSays('')}`],
  ['null', 'tx: `link` and `unlink` must be lists'],
  ['[]', 'tx: `link` and `unlink` must be lists'],
  ['"x"', 'tx: `link` and `unlink` must be lists'],
  // a number or a boolean has no `link` to read (a string has one: String.prototype.link, a function, which is no list)
  ['5', 'tx: `link` and `unlink` must be lists'],
  ['true', 'tx: `link` and `unlink` must be lists'],
  ['{"link": {}}', 'tx: `link` and `unlink` must be lists'],
  ['{"unlink": "zstd"}', 'tx: `link` and `unlink` must be lists'],
  ['{"link": [{"name": "x"}]}', 'tx: every package needs a name (and, to link, a version)'],
  ['{"link": [{"version": "1"}]}', 'tx: every package needs a name (and, to link, a version)'],
  ['{"link": [null]}', 'tx: every package needs a name (and, to link, a version)'],
  ['{"unlink": [{}]}', 'tx: every package needs a name (and, to link, a version)'],
  ['{"unlink": [null]}', 'tx: every package needs a name (and, to link, a version)'],
])('%s is refused: %s', (text, message) => {
  let err: SyncInputError | undefined;
  try {
    parseTransaction(text, 'tx');
  } catch (e) {
    err = e as SyncInputError;
  }
  expect([err?.constructor, err?.message, err?.hint]).toStrictEqual([SyncInputError, message, HINT]);
});

test('parsed whole: a build only when it is a string, extra keys dropped; applied whole', () => {
  const tx = parseTransaction(
    JSON.stringify({
      link: [
        { name: 'a', version: '1', build: 'h0', extra: 1 },
        { name: 'b', version: '2', build: 7 },
      ],
      unlink: [{ name: 'c', version: '0' }],
    }),
    'tx',
  );
  expect(tx).toStrictEqual({
    link: [
      { name: 'a', version: '1', build: 'h0' },
      { name: 'b', version: '2' },
    ],
    unlink: [{ name: 'c' }],
  });
  const after = applyTransaction(side, tx);
  expect(after).toStrictEqual({
    ...side,
    planned: true,
    packages: new Map([
      ['libgit2', { name: 'libgit2', spec: null, version: '1.5.2', build: 'h0', file: '/env/conda-meta/libgit2.json', line: null }],
      ['zstd', { name: 'zstd', spec: null, version: '1.5.6', build: 'h0', file: '/env/conda-meta/zstd.json', line: null }],
      ['a', { name: 'a', spec: null, version: '1', build: 'h0', file: '/env', line: null }],
      ['b', { name: 'b', spec: null, version: '2', build: null, file: '/env', line: null }],
    ]),
  });
});

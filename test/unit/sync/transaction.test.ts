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

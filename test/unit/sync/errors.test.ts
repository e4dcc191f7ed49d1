// Sync's one error for bad input: FILE[:LINE]: detail, a hint, exit status 2.
import { EXIT, GocondadError } from '../../../src/errors';
import { SyncInputError } from '../../../src/sync/errors';

test.each<[number | undefined, string]>([
  [undefined, '/p/go.mod: bad'],
  [0, '/p/go.mod:0: bad'],
  [7, '/p/go.mod:7: bad'],
])('line %j', (line, message) => {
  const e = new SyncInputError('/p/go.mod', line, 'bad', 'fix it');
  expect([e instanceof GocondadError, e.name, e.message, e.hint, e.exitCode, e.file, e.line, e.detail]).toStrictEqual([
    true,
    'SyncInputError',
    message,
    'fix it',
    EXIT.USAGE,
    '/p/go.mod',
    line,
    'bad',
  ]);
  expect(EXIT.USAGE).toBe(2);
});

// Python's int() of a str (src/sync/pyint.ts). Each expectation is Python 3.11's own answer (/usr/bin/python3,
// the real conda's Python); pyregex.test.ts also puts conditionals that read a group number through it to
// the real conda.
import { pythonInt } from '../../../src/sync/pyint';

const CASES: [string, bigint | null][] = [
  ['10', 10n],
  [' 1_0 ', 10n],
  ['\u0661\u0660', 10n], // Arabic-Indic digits
  ['\u{1D7D8}\u{1D7E2}\u{1D7D7}', 9n], // three sets of mathematical digits that touch: 0, 0, 9
  ['-0', 0n],
  ['+5', 5n],
  ['-7', -7n],
  ['\x85 7', 7n], // int() strips U+0085 ...
  ['\u30007\u3000', 7n],
  ['\ufeff7', null], // ... and not U+FEFF (JavaScript's trim() does the opposite)
  ['7\ufeff', null],
  ['1__0', null],
  ['_1', null],
  ['1_', null],
  ['', null],
  ['+', null],
  ['12345678901234567890123', 12345678901234567890123n], // past 2**53: no rounding
  ['9'.repeat(4300), 10n ** 4300n - 1n],
  ['9'.repeat(4301), null], // more digits than sys.int_info.default_max_str_digits
  [`1_${'0'.repeat(4299)}`, 10n ** 4299n], // 4300 digits: its `_` is not counted
];

test.each(CASES.map(([s, want]) => [JSON.stringify(s).slice(0, 40), s, want]))('int(%s)', (_title, s, want) => {
  expect(pythonInt(s as string)).toBe(want);
});

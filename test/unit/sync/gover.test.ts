// Go's version order, as golang.org/x/mod/gover has it.
import { compareGo, parseGoVersion } from '../../../src/sync/gover';

test('language version < rc < release < patch; old releases without .0', () => {
  const sorted = ['1.19', '1.20.14', '1.21', '1.21rc2', '1.21.0', '1.21.13', '1.22', '1.22.3', '1.24.0', '1.25rc1', '1.25.0'];
  expect([...sorted].reverse().sort(compareGo)).toEqual(sorted);
  expect(compareGo('1.20', '1.20.0')).toBe(0);
  expect(compareGo('go1.22.3', '1.22.3')).toBe(0);
  expect(parseGoVersion('1.22.3.99')).toBeNull();
});

test.each([
  ['1.21', [1, 21, 0, 0]],
  ['1.21beta1', [1, 21, 1, 1]],
  ['1.21rc2', [1, 21, 2, 2]],
  ['1.21.0', [1, 21, 3, 0]],
  ['1.21.13', [1, 21, 3, 13]],
  // before 1.21 the bare language version was the release itself
  ['1.20', [1, 20, 3, 0]],
  ['1.9', [1, 9, 3, 0]],
  ['2.0', [2, 0, 0, 0]],
  ['go1.22.10', [1, 22, 3, 10]],
  ['1.22.3.99', null],
  ['1', null],
  ['1.22alpha1', null],
  ['x1.22', null],
  ['1.22rc', null],
  ['gogo1.22', null],
  // only a leading "go" is Go's prefix
  ['1.21go', null],
])('parseGoVersion(%s)', (v, want) => expect(parseGoVersion(v)).toEqual(want));

test.each([
  ['1.21rc1', '1.21beta2', 1],
  ['1.21beta2', '1.21rc1', -1],
  ['1.22.10', '1.22.9', 1],
  ['nonsense', '1.22', -1],
  ['1.22', 'nonsense', 1],
  ['nonsense', 'other', 0],
  ['1.22.3', '1.22.3', 0],
])('compareGo(%s, %s) has the sign of %d', (a, b, sign) => expect(Math.sign(compareGo(a, b))).toBe(sign));

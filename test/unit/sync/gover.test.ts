// Go's version order, as golang.org/x/mod/gover has it.
import { compareGo, parseGoVersion } from '../../../src/sync/gover';

test('language version < rc < release < patch; old releases without .0', () => {
  const sorted = ['1.19', '1.20.14', '1.21', '1.21rc2', '1.21.0', '1.21.13', '1.22', '1.22.3', '1.24.0', '1.25rc1', '1.25.0'];
  expect([...sorted].reverse().sort(compareGo)).toEqual(sorted);
  expect(compareGo('1.20', '1.20.0')).toBe(0);
  expect(compareGo('go1.22.3', '1.22.3')).toBe(0);
  expect(parseGoVersion('1.22.3.99')).toBeNull();
});

// `shims refresh --print` takes DIALECT_NAMES (declared without loading shell code); they are DIALECTS'.
import { DIALECTS } from '../../../src/shell';
import { DIALECT_NAMES } from '../../../src/shell/names';

test('the option’s table is the dialects’ names, in order', () => {
  expect([...DIALECT_NAMES]).toEqual(DIALECTS.map((d) => d.name));
});

// src/shell/index.ts: the dialects shims are written in, and a shell's name to its dialect (the POSIX
// shells share one; tcsh is csh; an unknown name has none).
import { DIALECTS, dialectByName } from '../../../src/shell';

test('every dialect, in the order shims are written', () => {
  expect(DIALECTS.map((d) => d.name)).toEqual(['posix', 'fish', 'csh']);
});

test("a shell's name to its dialect", () => {
  for (const sh of ['bash', 'zsh', 'dash', 'sh', 'ksh', 'posix']) expect([sh, dialectByName(sh)?.name]).toEqual([sh, 'posix']);
  expect(dialectByName('fish')?.name).toBe('fish');
  for (const sh of ['tcsh', 'csh']) expect([sh, dialectByName(sh)?.name]).toEqual([sh, 'csh']);
  for (const sh of ['', 'pwsh', 'nu', 'Bash', 'toString', 'constructor']) expect([sh, dialectByName(sh)]).toEqual([sh, undefined]);
});

import { styleFor, wantsColour } from '../../../src/cli/style';

test.each([
  ['a terminal', true, {}, true],
  ['a pipe', false, {}, false],
  ['a terminal, NO_COLOR=1', true, { NO_COLOR: '1' }, false],
  ['a terminal, NO_COLOR empty (no-color.org: ignored)', true, { NO_COLOR: '' }, true],
  ['a pipe, FORCE_COLOR=1', false, { FORCE_COLOR: '1' }, true],
  ['a pipe, FORCE_COLOR empty', false, { FORCE_COLOR: '' }, true],
  ['a terminal, FORCE_COLOR=0', true, { FORCE_COLOR: '0' }, false],
  ['FORCE_COLOR wins over NO_COLOR (as in Node)', false, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
  ['TERM=dumb', true, { TERM: 'dumb' }, false],
])('%s', (_name, tty, env, want) => expect(wantsColour(tty, env)).toBe(want));

test('symbols only on a terminal, colour by the rule above', () => {
  const pipe = styleFor({ isTTY: false }, { FORCE_COLOR: '1' });
  expect([pipe.colour, pipe.mark.problem, pipe.red('x')]).toEqual([true, '', '\x1b[31mx\x1b[39m']);
  const tty = styleFor({ isTTY: true }, { NO_COLOR: '1' });
  expect([tty.colour, tty.mark.problem, tty.red('x')]).toEqual([false, '✗ ', 'x']);
});

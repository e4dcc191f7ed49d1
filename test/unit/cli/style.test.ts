import { badHead, okHead, PLAIN, severityHead, stepLine, styleFor, wantsColour } from '../../../src/cli/style';

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

test('heads: the same words in every report; symbols and colour only where the style has them', () => {
  const tty = styleFor({ isTTY: true }, { TERM: 'xterm' });
  expect([severityHead(PLAIN, 'problem'), severityHead(PLAIN, 'warning'), okHead(PLAIN, 'ok'), badHead(PLAIN, 'out')]).toEqual([
    'PROBLEM',
    'warning',
    'ok',
    'out',
  ]);
  expect(severityHead(tty, 'problem')).toBe('✗ \x1b[1m\x1b[31mPROBLEM\x1b[39m\x1b[22m');
  expect(okHead(tty, 'ok')).toBe('✓ \x1b[32mok\x1b[39m');
});

test.each([
  ['shims    installed   /e  (go1.22)', '✓ shims    \x1b[32minstalled\x1b[39m   /e  (go1.22)'],
  ['shims    FAILED      /e: no', '✗ shims    \x1b[1m\x1b[31mFAILED\x1b[39m\x1b[22m      /e: no'],
  ['shims    not writable /e; an admin can run: x', '⚠ shims    \x1b[33mnot writable\x1b[39m /e; an admin can run: x'],
  ['up to date  /e  go 1.22', '  \x1b[2mup to date\x1b[22m  /e  go 1.22'],
  ['record   /x/setup.json', '  record   /x/setup.json'],
  ['installed  /e', '✓ \x1b[32minstalled\x1b[39m  /e'],
])('stepLine paints the outcome word of %j', (line, want) => {
  const tty = styleFor({ isTTY: true }, { TERM: 'xterm' });
  expect(stepLine(tty, line)).toBe(want);
  expect(stepLine(PLAIN, line)).toBe(line);
});

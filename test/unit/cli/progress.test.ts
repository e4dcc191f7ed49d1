// One progress helper for every long command: lines on a terminal, nothing in a pipe or with TERM=dumb.
import { progressFor } from '../../../src/cli/progress';

function stream(isTTY: boolean): { isTTY: boolean; text: string; write(s: string): boolean } {
  return {
    isTTY,
    text: '',
    write(s) {
      this.text += s;
      return true;
    },
  };
}

test('a terminal: one line per step, prefixed like every other gocondad line on stderr', () => {
  const tty = stream(true);
  const p = progressFor(tty, { TERM: 'xterm' });
  p?.('building example.com/x');
  p?.('copying 2 libraries');
  expect(tty.text).toBe('gocondad: building example.com/x…\ngocondad: copying 2 libraries…\n');
});

test.each([
  ['a pipe', false, {}],
  ['a terminal with TERM=dumb', true, { TERM: 'dumb' }],
])('%s: none at all (callers skip what is done only for it)', (_name, isTTY, env) => {
  expect(progressFor(stream(isTTY), env)).toBeUndefined();
});

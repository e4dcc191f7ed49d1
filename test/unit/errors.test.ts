import { EXIT, exitCodeOf, formatError, GocondadError } from '../../src/errors';

test('an error with a hint is one line: what went wrong; what to do next', () => {
  expect(formatError(new GocondadError('no daemon', 'start it: gocondad start', EXIT.NO_DAEMON))).toBe('gocondad: no daemon; start it: gocondad start\n');
  expect(formatError(new GocondadError('bad'))).toBe('gocondad: bad\n');
  expect(formatError(new Error('plain'))).toBe('gocondad: plain\n');
  expect(formatError('text')).toBe('gocondad: text\n');
});

test('exit codes come from the error', () => {
  expect(exitCodeOf(new GocondadError('x', null, EXIT.USAGE))).toBe(2);
  expect(exitCodeOf(new GocondadError('x'))).toBe(EXIT.FAILED);
  expect(exitCodeOf(new Error('x'))).toBe(EXIT.FAILED);
});

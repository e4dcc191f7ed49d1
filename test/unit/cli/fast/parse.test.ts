import { parseFast } from '../../../../src/cli/fast/parse';

describe('parseFast: which command lines skip commander', () => {
  test.each([
    [['--version'], { kind: 'version' }],
    [['-V'], { kind: 'version' }],
    [['status'], { kind: 'status', json: false }],
    [['status', '--json'], { kind: 'status', json: true }],
    [['shims', 'refresh', '/e', '--print', 'posix'], { kind: 'refresh', prefix: '/e', print: 'posix' }],
    // The order shell/gocondad.sh uses when a stale shim refreshes.
    [['shims', 'refresh', '--print', 'posix', '/e'], { kind: 'refresh', prefix: '/e', print: 'posix' }],
    [['shims', 'refresh', '--print=fish', '/e'], { kind: 'refresh', prefix: '/e', print: 'fish' }],
    [['shims', 'refresh', '--print', 'csh', '--', '-odd prefix'], { kind: 'refresh', prefix: '-odd prefix', print: 'csh' }],
  ])('%j is fast', (argv, expected) => {
    expect(parseFast(argv)).toEqual(expected);
  });

  // Everything else is commander's: help, other flags, mistakes (commander words the error), other commands.
  test.each([
    [[]],
    [['--version', 'status']],
    [['--help']],
    [['status', '--help']],
    [['status', '--watch']],
    [['status', '-w']],
    [['status', '--json', 'extra']],
    [['status', '--json=yes']],
    [['status', '--jsn']],
    [['shims', 'refresh', '/e']], // no --print: the plain rewrite prints nothing, commander's path is fine
    [['shims', 'refresh', '--print', 'posix']], // no prefix
    [['shims', 'refresh', '/a', '/b', '--print', 'posix']],
    [['shims', 'refresh', '/e', '--print']],
    [['shims', 'refresh', '/e', '--print', 'posix', '--all']],
    [['shims', 'install', '/e']],
    [['logs']],
    [['doctor']],
  ])('%j goes to commander', (argv) => {
    expect(parseFast(argv)).toBeNull();
  });
});

// src/service/run.ts: the real Runner — real child processes: status and output, the environment given or
// this process's, stdin closed, a command that is not there, and the hard timeout.
import { runCommand } from '../../../src/service/run';

test('status, stdout and stderr of a real command; the env given, else this process', () => {
  expect(runCommand('sh', ['-c', 'printf out; printf err >&2; exit 3'])).toEqual({ status: 3, stdout: 'out', stderr: 'err' });
  expect(runCommand('sh', ['-c', 'printf "%s" "$ONLY"'], { env: { ONLY: 'given', PATH: '/usr/bin:/bin' } }).stdout).toBe('given');
  process.env.GOCONDAD_RUN_TEST = 'inherited';
  try {
    expect(runCommand('sh', ['-c', 'printf "%s" "$GOCONDAD_RUN_TEST"']).stdout).toBe('inherited');
  } finally {
    delete process.env.GOCONDAD_RUN_TEST;
  }
});

test('stdin is closed: a command reading it ends at once; it is /dev/null, not a pipe', () => {
  expect(runCommand('cat', [], { timeoutMs: 5000 })).toEqual({ status: 0, stdout: '', stderr: '' });
  expect(runCommand('readlink', ['/proc/self/fd/0'])).toEqual({ status: 0, stdout: '/dev/null\n', stderr: '' });
});

test('a command killed by a signal has no exit status: -1, with what it printed before', () => {
  expect(runCommand('sh', ['-c', 'printf before; kill -9 $$'])).toEqual({ status: -1, stdout: 'before', stderr: '' });
});

test('a command that is not there, and one past its timeout: status -1 with why, never a throw', () => {
  expect(runCommand('/nonexistent/gocondad-test-cmd', [])).toEqual({ status: -1, stdout: '', stderr: expect.stringContaining('ENOENT') });
  const started = Date.now();
  expect(runCommand('sleep', ['20'], { timeoutMs: 300 })).toEqual({ status: -1, stdout: '', stderr: expect.stringContaining('ETIMEDOUT') });
  expect(Date.now() - started).toBeLessThan(15000); // the 300 ms limit, not the default 15 s
});

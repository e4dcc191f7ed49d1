import { hostSubdir } from '../../../src/sync/source';

test('hostSubdir', () => {
  expect(hostSubdir('linux', 'x64')).toBe('linux-64');
  expect(hostSubdir('linux', 'arm64')).toBe('linux-aarch64');
  expect(hostSubdir('darwin', 'arm64')).toBe('osx-arm64');
  expect(hostSubdir('win32', 'x64')).toBe('win-64');
});

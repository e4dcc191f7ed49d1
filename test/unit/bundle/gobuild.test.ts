// How the program's file name is chosen when Go reports no target, and go list's line format.
import { defaultBinName, parseListLine } from '../../../src/bundle/gobuild';

test('the last path element, skipping a major-version suffix, as go build names binaries', () => {
  expect(defaultBinName('example.com/tools/cmd/app')).toBe('app');
  expect(defaultBinName('example.com/app/v2')).toBe('app');
  expect(defaultBinName('app')).toBe('app');
});

test('go list fields, tab-separated (paths with spaces stay whole)', () => {
  expect(parseListLine('main\texample.com/app\t/src/my app\t/env/bin/app')).toEqual({
    name: 'main',
    importPath: 'example.com/app',
    dir: '/src/my app',
    target: '/env/bin/app',
  });
  expect(parseListLine('lib\texample.com/lib\t/src/lib\t')).toEqual({ name: 'lib', importPath: 'example.com/lib', dir: '/src/lib', target: '' });
});

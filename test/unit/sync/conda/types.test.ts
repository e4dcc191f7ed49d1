import { splitPackageFile } from '../../../../src/sync/conda/types';

test('conda file names split into name, version, build', () => {
  expect(splitPackageFile('https://x/linux-64/python_abi-3.13-5_cp313t.conda')).toEqual({ name: 'python_abi', version: '3.13', build: '5_cp313t' });
  expect(splitPackageFile('https://x/noarch/ca-certificates-2024.8.30-hbcca054_0.tar.bz2')).toEqual({
    name: 'ca-certificates',
    version: '2024.8.30',
    build: 'hbcca054_0',
  });
  expect(splitPackageFile('https://x/pkg.whl')).toBeNull();
});

test.each([
  ['C:\\pkgs\\lib-git2-1.5.1-h1234_0.conda', { name: 'lib-git2', version: '1.5.1', build: 'h1234_0' }],
  ['a-1-h.tar.bz2', { name: 'a', version: '1', build: 'h' }],
  ['https://x/linux-64/a-1.conda', null],
  ['https://x/linux-64/a-1-h.conda.part', null],
  ['https://x/linux-64/a-1-h.tar', null],
  ['a-1-h', null],
  ['', null],
])('splitPackageFile(%j)', (url, want) => expect(splitPackageFile(url)).toEqual(want));

// conda platforms to Go's, and the platform / leaked-activation findings of an activation. Pure.
import { detectConflicts, type Facts } from '../../../src/core/conflicts';
import { goPlatformOf, subdirsFromHistory } from '../../../src/core/platform';

test.each([
  ['linux-64', 'linux', 'amd64'],
  ['linux-aarch64', 'linux', 'arm64'],
  ['linux-ppc64le', 'linux', 'ppc64le'],
  ['osx-64', 'darwin', 'amd64'],
  ['osx-arm64', 'darwin', 'arm64'],
  ['win-64', 'windows', 'amd64'],
])('%s is %s/%s', (subdir, goos, goarch) => expect(goPlatformOf(subdir)).toEqual({ subdir, go: { goos, goarch } }));

test('an unknown subdir is reported, not guessed', () => {
  expect(goPlatformOf('zos-z')).toEqual({ subdir: 'zos-z', go: null, problem: expect.stringMatching(/no known Go GOOS\/GOARCH/) });
});

test('subdirs from conda-meta/history, noarch left out', () => {
  const history =
    '==> 2024-01-01 <==\n# cmd: conda create -n x python\n+conda-forge/linux-64::python-3.11.0-h1\n+conda-forge/noarch::pip-23.0-pyhd8ed1ab_0\n+https://repo.anaconda.com/pkgs/main/linux-64::zlib-1.2.13-h5\n-conda-forge/linux-64::openssl-3.0-h0\n';
  expect([...subdirsFromHistory(history)]).toEqual([['linux-64', 3]]);
});

const facts: Facts = { inspect: () => ({ ok: false, root: '', reason: '' }), goIn: () => null, realpath: (p) => p };
const seen = { prefix: '/e', shellPid: 1, goroot: '/go', gorootBefore: null, pathBefore: '', staleRemoved: [], at: 't' };

test('an inherited GOOS/GOARCH that differs from the env is a warning, not a fix', () => {
  expect(detectConflicts({ ...seen, goos0: 'windows', goarch0: 'amd64', goos: 'linux', goarch: 'amd64' }, facts)).toEqual([
    { prefix: '/e', shellPid: 1, at: 't', kind: 'platform-mismatch', before: 'windows/amd64', after: 'linux/amd64', warning: true },
  ]);
  expect(detectConflicts({ ...seen, goos0: 'linux', goarch0: '', goos: 'linux', goarch: 'amd64' }, facts)).toEqual([]);
  expect(detectConflicts({ ...seen, goos0: 'windows', goarch0: '', goos: '', goarch: '' }, facts)).toEqual([]);
});

test('leaked conda-forge go activation values are a fix', () => {
  expect(detectConflicts({ ...seen, leaked: ['CGO_ENABLED', 'GOOS'] }, facts)).toEqual([
    { prefix: '/e', shellPid: 1, at: 't', kind: 'leaked-go-activation', before: 'CGO_ENABLED GOOS', after: null },
  ]);
});

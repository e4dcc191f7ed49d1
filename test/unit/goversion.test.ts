import { compareGo, goSatisfies, goToSemver, normalizeGoRange, versionFromVersionFile } from '../../src/goversion';

test.each([
  ['go1.22', '1.22.0-0'],
  ['1.22.5', '1.22.5'],
  ['go1.21rc2', '1.21.0-rc.2'],
  ['go1.18beta1', '1.18.0-beta.1'],
  ['go1.20', '1.20.0'],
  ['go1.21.0-custom', '1.21.0'],
  ['go1.22.5 X:nocoverageredesign', '1.22.5'],
  ['go1.9.2rc2', '1.9.2-rc.2'],
  ['go1', '1.0.0'],
])('goToSemver(%s) = %s', (go, sv) => expect(goToSemver(go)).toBe(sv));

test.each(['devel +abc123', 'devel go1.23-abc', '', 'gox', '2.0', 'go1.x'])('goToSemver(%j) is null', (v) => expect(goToSemver(v)).toBeNull());

// Pairs a < b in Go's order (go/version.Compare and the toolchain document).
test.each([
  ['1.21', '1.21rc1'],
  ['1.21rc1', '1.21rc2'],
  ['1.21rc2', '1.21.0'],
  ['1.21.0', '1.21.1'],
  ['1.20rc3', '1.20'],
  ['1.20', '1.20.1'],
  ['1.20beta1', '1.20rc1'],
  ['1.19.13', '1.20'],
  ['1.21.13', '1.22'],
  ['1.9', '1.10'],
  ['1.22.12', '1.23.0'],
  ['devel +x', '1.0'],
])('%s < %s', (a, b) => {
  expect(compareGo(a, b)).toBeLessThan(0);
  expect(compareGo(b, a)).toBeGreaterThan(0);
});

test('go1.21.0-custom equals go1.21.0', () => expect(compareGo('go1.21.0-custom', 'go1.21.0')).toBe(0));

test.each([
  ['go1.22.12', '1.22', true],
  ['go1.22.12', '>=1.21 <1.23', true],
  ['go1.23.5', '>=1.21 <1.23', false],
  ['go1.22rc1', '1.22', true],
  ['go1.22.5', 'go1.22.5', true],
  ['go1.22.6', 'go1.22.5', false],
  ['go1.23rc1', '1.23rc1', true],
  ['go1.19.8', '1.22', false],
])('%s satisfies %s: %s', (v, r, ok) => expect(goSatisfies(v, r)).toBe(ok));

test('invalid ranges are refused', () => {
  expect(normalizeGoRange('not a range')).toBeNull();
  expect(normalizeGoRange('')).toBeNull();
});

test('VERSION files: first line, Go spelling', () => {
  expect(versionFromVersionFile('go1.22.12\ntime 2025-01-31T18:38:03Z\n')).toBe('go1.22.12');
  expect(versionFromVersionFile('go1.19.8')).toBe('go1.19.8');
  expect(versionFromVersionFile('devel +abc\n')).toBeNull();
});

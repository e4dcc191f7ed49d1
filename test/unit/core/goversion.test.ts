import * as semver from 'semver';
import {
  compareGo,
  DEVEL_SEMVER,
  goLang,
  goSatisfies,
  goToSemver,
  normalizeGoRange,
  SWITCHING_SINCE,
  versionFromVersionFile,
} from '../../../src/core/goversion';

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

test.each(['', 'gox', '2.0', 'go1.x'])('goToSemver(%j) is null', (v) => expect(goToSemver(v)).toBeNull());
test.each(['devel +abc123', 'devel go1.23-abc'])('goToSemver(%j) is the devel version, below every release', (v) => expect(goToSemver(v)).toBe(DEVEL_SEMVER));

// Go's order, pair by pair: go/version.Compare's documentation, the toolchain document's examples and
// the comparison table of cmd/go/internal/gover. Each row: a, b, sign of compare(a, b).
const ORDER: [string, string, -1 | 0 | 1][] = [
  ['1.21', '1.21rc1', -1],
  ['1.21rc1', '1.21rc2', -1],
  ['1.21rc2', '1.21.0', -1],
  ['1.21', '1.21.0', -1],
  ['1.21.0', '1.21.1', -1],
  ['1.21rc1', '1.21.0', -1],
  ['1.20rc3', '1.20', -1],
  ['1.20', '1.20.1', -1],
  ['1.20', '1.20.0', 0],
  ['1.20rc1', '1.20', -1],
  ['1.19', '1.19.0', 0],
  ['1.19rc1', '1.19', -1],
  ['1.19rc1', '1.19.1', -1],
  ['1.19rc1', '1.19rc2', -1],
  ['1.19rc1', '1.19.0', -1],
  ['1.19.0', '1.19.1', -1],
  ['1.19', '1.19.1', -1],
  ['1.19alpha3', '1.19beta2', -1],
  ['1.19beta2', '1.19rc1', -1],
  ['1.20beta1', '1.20rc1', -1],
  ['1.18beta1', '1.18beta2', -1],
  ['1.18beta2', '1.18', -1],
  ['1', '1.1', -1],
  ['1.5', '1.6', -1],
  ['1.5', '1.10', -1],
  ['1.6', '1.6.1', -1],
  ['1.6', '1.19', -1],
  ['1.9', '1.10', -1],
  ['1.9.2rc2', '1.9.2', -1],
  ['1.19.13', '1.20', -1],
  ['1.20.14', '1.21', -1],
  ['1.21.13', '1.22', -1],
  ['1.22', '1.22rc1', -1],
  ['1.22rc2', '1.22.0', -1],
  ['1.22.12', '1.23.0', -1],
  ['1.23', '1.23.0', -1],
  ['1.23.4', '1.23.5', -1],
  ['go1.21.0-custom', 'go1.21.0', 0],
  ['go1.23.4-bigcorp', 'go1.23.4', 0],
  ['go1.22.5 X:exp', 'go1.22.5', 0],
  ['go1.22', '1.22', 0],
  ['devel +abc123', '1.0', -1],
  ['devel +abc123', 'devel go1.23-def', 0],
  ['', 'x', 0],
  ['', '1.21', -1],
  ['bad', 'devel +x', 0],
];

const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);
test.each(ORDER)('compare(%j, %j) = %d', (a, b, s) => {
  expect(sign(compareGo(a, b))).toBe(s);
  expect(sign(compareGo(b, a))).toBe(-s || 0);
  // The semver strings themselves carry the order: plain semver.compare agrees.
  expect(sign(semver.compare(goToSemver(a) ?? DEVEL_SEMVER, goToSemver(b) ?? DEVEL_SEMVER))).toBe(s);
});

test('at least 40 pairs', () => expect(ORDER.length).toBeGreaterThanOrEqual(40));

test.each([
  ['go1.21rc2', 'go1.21'],
  ['go1.21.2', 'go1.21'],
  ['go1.21', 'go1.21'],
  ['go1', 'go1'],
  ['bad', null],
  ['1.21', null],
])('Lang(%j) = %j (go/version examples)', (v, lang) => expect(goLang(v)).toBe(lang));

// Ranges over Go versions only work with includePrerelease: "1.21" (the language version) and the rcs
// are semver prereleases of 1.21.0.
test.each([
  ['1.21', '>=1.21', true],
  ['1.21rc1', '>=1.21', true],
  ['1.21rc1', '>=1.21.0', false],
  ['1.21.0', '>=1.21rc1', true],
  ['1.22rc2', '~1.22', true],
  ['1.20rc3', '>=1.20', false],
  ['1.20', '>=1.20', true],
])('%s satisfies %s (with prereleases): %s', (v, r, ok) => expect(goSatisfies(v, r)).toBe(ok));

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

describe('the edges of each function, said exactly', () => {
  test.each([
    ['1.22', '1.22'],
    ['go1.22.5', '1.22.5'],
    ['>=1.21 <1.23', '>=1.21.0-0 <1.23.0-0'],
    ['>=1.20', '>=1.20.0'],
    ['=1.20', '=1.20.0'],
    ['<=1.22', '<=1.22.0-0'],
    ['>1.21', '>1.21.0-0'],
    ['>= 1.21', '>=1.21.0-0'],
    ['>=go1.21', '>=1.21.0-0'],
    ['~1.22', '~1.22'],
    ['^1.22', '^1.22'],
    ['>=1.21.3', '>=1.21.3'],
    ['1.23rc1', '1.23.0-rc.1'],
    ['go1.23rc1', '1.23.0-rc.1'],
    ['<1.21rc2', '<1.21.0-rc.2'],
    ['>=1.22beta1 <1.23', '>=1.22.0-beta.1 <1.23.0-0'],
    ['1.21 || 1.22', '1.21 || 1.22'],
    ['1.22 || 1.23rc1', '1.22 || 1.23.0-rc.1'],
    ['1.23rc1-custom', '1.23.0-rc.1'],
    ['go1.9.2rc2', '1.9.2-rc.2'],
    ['  1.22  ', '1.22'],
    ['go 1.22', null],
    ['ago1.22', null],
    ['   ', null],
    ['1.22 banana', null],
    // "go" after a space is Go's spelling too; an rc past 9 is one number.
    ['go1.21 || go1.22', '1.21 || 1.22'],
    ['>=1.23rc10', '>=1.23.0-rc.10'],
    // A three-part prerelease (Go 1.9.2rc2 was one) in a range of several parts is converted too.
    ['>=go1.9.2rc2 <1.10', '>=1.9.2-rc.2 <1.10.0'],
    // After an operator only a bare 1.N is Go's version; "1" alone stays semver's whole major line.
    ['=1', '=1'],
    ['<=1 >=1.21', '<=1 >=1.21.0-0'],
  ])('normalizeGoRange(%j) = %j', (range, out) => expect(normalizeGoRange(range)).toBe(out));

  test.each([
    ['  devel +abc', DEVEL_SEMVER],
    ['develop', null],
    ['xdevel +abc', null],
    ['  go1.22.1  ', '1.22.1'],
    ['go1.21', '1.21.0-0'],
    ['go1.20rc1', '1.20.0-rc.1'],
    ['go1.22.05', '1.22.5'],
    ['go1.22rc01', '1.22.0-rc.1'],
    ['go1.22.1rc', null],
    ['go1.2.3.4', null],
    ['go2', null],
    ['xgo1.22', null],
    ['go1.22x', null],
  ])('goToSemver(%j) = %j', (v, out) => expect(goToSemver(v)).toBe(out));

  test.each([
    [' go1.21.3', 'go1.21'],
    ['go1.0', 'go1'],
    ['go1.9rc1', 'go1.9'],
    ['1.9', null],
    ['devel +x', null],
  ])('goLang(%j) = %j', (v, lang) => expect(goLang(v)).toBe(lang));

  test('a range of several parts with a prerelease in it keeps every part (it was cut to its first word)', () => {
    expect(goSatisfies('go1.22.5', '1.22 || 1.23rc1')).toBe(true);
    expect(goSatisfies('go1.23rc1', '1.22 || 1.23rc1')).toBe(true);
    expect(goSatisfies('go1.23.0', '1.22 || 1.23rc1')).toBe(false);
    expect(normalizeGoRange('1.22.5 || 1.23rc1')).toBe('1.22.5 || 1.23.0-rc.1');
    expect(normalizeGoRange('1.21 <1.23rc1')).toBe('1.21 <1.23.0-rc.1');
  });

  test('goSatisfies: a version or a range that is no Go version satisfies nothing', () => {
    expect(goSatisfies('bad', '1.22')).toBe(false);
    expect(goSatisfies('go1.22.0', 'not a range')).toBe(false);
    expect(goSatisfies('go1.22.0', '>=1.22 <1.23')).toBe(true);
  });

  test('VERSION files: CRLF, spaces, an empty file', () => {
    expect(versionFromVersionFile('go1.22.1\r\ntime x\r\n')).toBe('go1.22.1');
    expect(versionFromVersionFile('  go1.22.1  \n')).toBe('go1.22.1');
    expect(versionFromVersionFile('')).toBeNull();
    expect(versionFromVersionFile('\ngo1.22.1\n')).toBeNull();
  });

  test('SWITCHING_SINCE is below 1.21rc1 and above every 1.20', () => {
    expect(semver.lt(SWITCHING_SINCE, '1.21.0-rc.1')).toBe(true);
    expect(semver.gt(SWITCHING_SINCE, '1.20.99')).toBe(true);
  });
});

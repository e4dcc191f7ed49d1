// Conda version order and specs (conda's rules, condaversion.ts), loaded lazily.
import { loadCondaVersions, type CondaVersions } from '../../../src/sync/condaver';

let cv: CondaVersions;

beforeAll(async () => {
  cv = await loadCondaVersions();
});

describe('conda version order and specs', () => {
  test('conda, not semver', () => {
    expect(cv.compare('1.0rc1', '1.0')).toBe(-1);
    expect(cv.compare('1.5', '1.5.0')).toBe(0);
    expect(cv.compare('1.10', '1.9')).toBe(1);
    expect(cv.compare('2024.1', '2024.01')).toBe(0);
    expect(cv.matches('1.5.*', '1.5.2')).toBe(true);
    expect(cv.matches('1.5.*', '1.50')).toBe(false);
    expect(cv.matches('>=4.8,<4.9', '4.8.1')).toBe(true);
    expect(cv.matches('>=4.8,<4.9', '4.9.0')).toBe(false);
    expect(cv.matches('=1.5', '1.5.9')).toBe(true);
    expect(cv.specError('>=>1')).toMatch(/.+/);
    expect(cv.versionError('a b')).toMatch(/invalid character/);
  });
});

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

describe('the lazy wrapper', () => {
  test('one load, shared by every caller', () => {
    expect(loadCondaVersions()).toBe(loadCondaVersions());
  });
  test('order as -1, 0, 1; conda’s complaint word for word, null when valid', () => {
    expect([cv.compare('1.9', '1.10'), cv.compare('1.10', '1.10.0'), cv.compare('2', '1.99')]).toEqual([-1, 0, 1]);
    expect(cv.specError('>=>1')).toBe("invalid version spec '>=>1': invalid operator");
    expect(cv.specError('>=1.5,<2')).toBeNull();
    expect(cv.versionError('a b')).toBe("invalid version spec 'a b': invalid character(s)");
    expect(cv.versionError('1.22.5')).toBeNull();
    expect(() => cv.compare('1.0', 'a b')).toThrow("invalid version spec 'a b': invalid character(s)");
    expect(() => cv.matches('>=>1', '1.0')).toThrow("invalid version spec '>=>1': invalid operator");
  });
  test('an error that is not conda’s complaint (a caller passing no string) is not swallowed', () => {
    expect(() => cv.versionError(undefined as unknown as string)).toThrow(TypeError);
    expect(() => cv.specError(undefined as unknown as string)).toThrow(TypeError);
  });
});

// The module version grammar: pseudo-versions in their three forms, +incompatible, /vN majors.
import { compareModVersions, modCore, modInRange, parseModVersion, pathMajor, pathWithoutMajor, pseudoBase } from '../../../src/sync/modversion';

describe('module versions', () => {
  test('the three pseudo-version forms and their bases', () => {
    const none = parseModVersion('v0.0.0-20240101010101-abcdefabcdef')!;
    expect(none.pseudo).toEqual({ form: 'no-base', time: '20240101010101', rev: 'abcdefabcdef' });
    expect(pseudoBase(none)).toBeNull();
    const pre = parseModVersion('v1.2.3-beta.0.20240101010101-abcdefabcdef')!;
    expect(pre.pseudo?.form).toBe('prerelease-base');
    expect(pre.prerelease).toBe('beta');
    expect(pseudoBase(pre)).toBe('v1.2.3-beta');
    const rel = parseModVersion('v1.2.4-0.20240101010101-abcdefabcdef')!;
    expect(rel.pseudo?.form).toBe('release-base');
    expect(pseudoBase(rel)).toBe('v1.2.3');
    expect(parseModVersion('v2.0.0-20240101010101-abcdefabcdef')?.pseudo?.form).toBe('no-base');
    expect(parseModVersion('v1.2.3-rc.1')?.pseudo).toBeNull();
  });
  test('+incompatible', () => {
    const v = parseModVersion('v2.15.0+incompatible')!;
    expect(v.incompatible).toBe(true);
    expect(v.major).toBe(2);
    expect(modCore('v2.15.0+incompatible')).toBe('2.15.0');
  });
  test.each(['v1.2', 'latest', 'master', '1.2.3', 'v1.2.3+meta', 'v01.2.3'])('%s is not canonical', (s) => expect(parseModVersion(s)).toBeNull());
  test('order: a pseudo-version sorts below the release after its base', () => {
    expect(compareModVersions('v1.2.4-0.20240101010101-abcdefabcdef', 'v1.2.4')).toBe(-1);
    expect(compareModVersions('v1.2.4-0.20240101010101-abcdefabcdef', 'v1.2.3')).toBe(1);
    expect(compareModVersions('v2.15.0+incompatible', 'v2.15.0')).toBe(0);
    expect(compareModVersions('v0.10.0', 'v0.9.9')).toBe(1);
  });
  test('ranges with or without v', () => {
    expect(modInRange('v0.37.1', '>=0.37.0 <0.40.0')).toBe(true);
    expect(modInRange('v0.40.0', '>=v0.37.0 <v0.40.0')).toBe(false);
    expect(modInRange('v0.40.0-0.20240101010101-abcdefabcdef', '>=0.37.0 <0.40.0')).toBe(true);
  });
  test('/vN majors', () => {
    expect(pathMajor('github.com/libgit2/git2go/v34')).toBe(34);
    expect(pathMajor('github.com/confluentinc/confluent-kafka-go/v2')).toBe(2);
    expect(pathMajor('gopkg.in/yaml.v3')).toBe(3);
    expect(pathMajor('gocv.io/x/gocv')).toBeNull();
    expect(pathMajor('example.com/v1')).toBeNull();
    expect(pathMajor('github.com/tensorflow/tensorflow')).toBeNull();
    expect(pathWithoutMajor('github.com/libgit2/git2go/v34')).toBe('github.com/libgit2/git2go');
  });
});

describe('module versions: whole results, table-driven', () => {
  const V = (raw: string, major: number, minor: number, patch: number, prerelease: string, incompatible: boolean, pseudo: unknown) => ({
    raw,
    major,
    minor,
    patch,
    prerelease,
    incompatible,
    pseudo,
  });
  const T = '20240101010101';
  const H = 'abcdefabcdef';
  test.each([
    ['v1.2.3', V('v1.2.3', 1, 2, 3, '', false, null)],
    ['v10.20.30-rc.1', V('v10.20.30-rc.1', 10, 20, 30, 'rc.1', false, null)],
    ['v2.15.0+incompatible', V('v2.15.0+incompatible', 2, 15, 0, '', true, null)],
    [`v0.0.0-${T}-${H}`, V(`v0.0.0-${T}-${H}`, 0, 0, 0, '', false, { form: 'no-base', time: T, rev: H })],
    [`v3.0.0-${T}-${H}+incompatible`, V(`v3.0.0-${T}-${H}+incompatible`, 3, 0, 0, '', true, { form: 'no-base', time: T, rev: H })],
    [`v1.2.4-0.${T}-${H}`, V(`v1.2.4-0.${T}-${H}`, 1, 2, 4, '', false, { form: 'release-base', time: T, rev: H })],
    [`v1.2.3-beta.1.0.${T}-${H}`, V(`v1.2.3-beta.1.0.${T}-${H}`, 1, 2, 3, 'beta.1', false, { form: 'prerelease-base', time: T, rev: H })],
    // a time-and-hash tail that none of the three forms allows: an ordinary prerelease
    [`v1.2.0-${T}-${H}`, V(`v1.2.0-${T}-${H}`, 1, 2, 0, `${T}-${H}`, false, null)],
    [`v0.1.0-${T}-${H}`, V(`v0.1.0-${T}-${H}`, 0, 1, 0, `${T}-${H}`, false, null)],
    [`v0.0.1-${T}-${H}`, V(`v0.0.1-${T}-${H}`, 0, 0, 1, `${T}-${H}`, false, null)],
    [`v1.2.4-1.${T}-${H}`, V(`v1.2.4-1.${T}-${H}`, 1, 2, 4, `1.${T}-${H}`, false, null)],
    [`v1.2.4-0.${T}-ABCDEFABCDEF`, V(`v1.2.4-0.${T}-ABCDEFABCDEF`, 1, 2, 4, `0.${T}-ABCDEFABCDEF`, false, null)],
    [`v1.2.4-0.2024010101010-${H}`, V(`v1.2.4-0.2024010101010-${H}`, 1, 2, 4, `0.2024010101010-${H}`, false, null)],
    [`v1.2.4-0.${T}-abcdefabcde`, V(`v1.2.4-0.${T}-abcdefabcde`, 1, 2, 4, `0.${T}-abcdefabcde`, false, null)],
  ])('parseModVersion(%s)', (raw, want) => expect(parseModVersion(raw)).toEqual(want));

  test.each(['v1.2.3-', 'v1.2.3-rc_1', 'v1.2.3+incompatible+incompatible', ' v1.2.3', 'v1.2.3 ', 'v1.02.3', 'v1.2.03', 'v1.2.3.4', 'x1.2.3'])(
    '%j is not a module version',
    (raw) => expect(parseModVersion(raw)).toBeNull(),
  );

  test.each([
    [`v1.3.0-0.${T}-${H}`, null],
    [`v1.3.1-0.${T}-${H}`, 'v1.3.0'],
    [`v1.3.1-rc.2.0.${T}-${H}`, 'v1.3.1-rc.2'],
    [`v0.0.0-${T}-${H}`, null],
    ['v1.3.1', null],
  ])('pseudoBase(%s) is %j', (raw, want) => expect(pseudoBase(parseModVersion(raw)!)).toBe(want));

  test.each([
    ['v1.2.3', '1.2.3'],
    ['1.2.3', '1.2.3'],
    ['vv1', 'v1'],
    ['1.0.0-dev', '1.0.0-dev'],
    ['v1.0.0+incompatible', '1.0.0'],
    ['v1.0.0+incompatible.x', '1.0.0+incompatible.x'],
  ])('modCore(%s) is %s', (raw, want) => expect(modCore(raw)).toBe(want));

  test.each([
    ['v1.2.3', '^v1.2.0', true],
    ['v2.0.0', '^v1.2.0', false],
    ['v1.2.9', '~v1.2.0', true],
    ['v3.0.0', '<v2.0.0 || >=v3.0.0', true],
    ['v2.5.0', '<v2.0.0 || >=v3.0.0', false],
    ['v1.2', '>=0.0.0', false],
    ['v0.38.0-rc.1', '>=0.38.0-0 <0.39.0', true],
    ['v1.0.0', 'dev >=1.0.0', false],
  ])('modInRange(%s, %j) is %s', (v, range, want) => expect(modInRange(v, range)).toBe(want));

  test.each([
    ['gopkg.in/yaml.v3', 3],
    ['gopkg.in/check.v1-unstable', 1],
    ['gopkg.in/yaml.v3/sub', null],
    ['example.com/gopkg.in/yaml.v3', null],
    ['example.com/m/v10', 10],
    ['example.com/m/v100', 100],
    ['example.com/m/v2', 2],
    ['example.com/m/v1', null],
    ['example.com/m/v0', null],
    ['example.com/m/v01', null],
    ['example.com/m/v2/sub', null],
    ['example.com/mv2', null],
  ])('pathMajor(%s) is %j', (p, want) => expect(pathMajor(p)).toBe(want));

  test.each([
    ['example.com/m/v10', 'example.com/m'],
    ['example.com/m/v1', 'example.com/m/v1'],
    ['example.com/m/v100', 'example.com/m'],
    ['example.com/m/v2/sub', 'example.com/m/v2/sub'],
    ['example.com/m', 'example.com/m'],
  ])('pathWithoutMajor(%s) is %s', (p, want) => expect(pathWithoutMajor(p)).toBe(want));
});

// Stryker's survivors in modversion.ts (issue 21 §1), each case one step past the ones above.
describe('module versions: one step further (Stryker survivors)', () => {
  const T = '20240101010101';
  const H = 'abcdefabcdef';
  test('vX.0.0-0.time-hash is the release-base form (a 0. before the time), not no-base', () => {
    expect(parseModVersion(`v2.0.0-0.${T}-${H}`)).toStrictEqual({
      raw: `v2.0.0-0.${T}-${H}`,
      major: 2,
      minor: 0,
      patch: 0,
      prerelease: '',
      incompatible: false,
      pseudo: { form: 'release-base', time: T, rev: H },
    });
  });

  test('ranges with "v" in every place semver allows one, and versions semver refuses', () => {
    expect([
      modInRange('v1.2.3', 'v1.2.3'),
      modInRange('v1.5.0', 'v1.0.0 - v2.0.0'),
      modInRange('v1.5.0', '>= v1.0.0'),
      modInRange('v0.37.5', '>=v0.37.0 <v0.40.0'),
      modInRange('v0.40.0', '>=v0.37.0 <v0.40.0'),
      modInRange('v1.2.0', 'v1.2.x'),
      modInRange('latest', '>=0.0.0'),
      modInRange('v1.2.3', 'not a range'),
    ]).toStrictEqual([true, true, true, true, false, true, false, false]);
  });

  test('gopkg.in with a two-digit major', () => {
    expect([pathMajor('gopkg.in/yaml.v10'), pathMajor('gopkg.in/check.v12-unstable')]).toStrictEqual([10, 12]);
  });
});

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

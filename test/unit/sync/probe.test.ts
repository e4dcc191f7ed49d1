// Probing conda specs: the versions around every number a spec names, and a match that treats an invalid spec as none.
import { loadCondaVersions, type CondaVersions } from '../../../src/sync/condaver';
import { probeVersions, safe } from '../../../src/sync/probe';

let cv: CondaVersions;
beforeAll(async () => {
  cv = await loadCondaVersions();
});

test.each<[(string | null)[], string[]]>([
  [[], ['0.0.1', '99999']],
  [
    [null, ''],
    ['0.0.1', '99999'],
  ],
  [['0'], ['0.0.1', '99999', '0', '1', '0.1']],
  [['>=2'], ['0.0.1', '99999', '2', '3', '1.99', '2.1']],
  [['1.0'], ['0.0.1', '99999', '1.0', '2.0', '0.99', '1.1', '1.0.1']],
  [
    ['1.22.*', '>=1.22'],
    ['0.0.1', '99999', '1.22', '2.0', '0.99', '1.23', '1.21.99', '1.22.1'],
  ],
  [['>=1.5,<2'], ['0.0.1', '99999', '1.5', '2.0', '0.99', '1.6', '1.4.99', '1.5.1', '2', '3', '1.99', '2.1']],
])('probeVersions(%j)', (specs, want) => {
  expect(probeVersions(...specs)).toStrictEqual(want);
});

test.each<[string, string, boolean]>([
  ['>=1.22', '1.22.5', true],
  ['>=1.22', '1.21.9', false],
  ['1.5.*', '1.5.2', true],
  ['>=>=1', '1.0', false],
  ['1.5.*', 'not a version!', false],
])('safe(%j, %j) = %j', (spec, version, want) => {
  expect(safe(cv, spec, version)).toBe(want);
});

// conda's version order and version specs (src/sync/condaversion.ts), judged by the real conda: every
// pair of a list of versions is ordered by both, and every spec of a list is parsed (accept/reject,
// conda's normal form) and matched against every version by both.
import { InvalidVersionSpec, parseVersionSpec, treeify, VersionOrder } from '../../../src/sync/condaversion';
import { askConda, type OracleVersion } from '../../helpers/conda-oracle';
import { describeWithConda } from '../../helpers/realconda';

// conda's documented order (version.py docstring) plus what conda-forge's go, libsqlite, opencv, libgit2 use.
const VERSIONS = [
  '0.4',
  '0.4.0',
  '0.4.1.rc',
  '0.4.1.RC',
  '0.4.1',
  '0.5a1',
  '0.5b3',
  '0.5C1',
  '0.5',
  '0.9.6',
  '0.960923',
  '1.0',
  '1.1dev1',
  '1.1_',
  '1.1a1',
  '1.1.0dev1',
  '1.1.dev1',
  '1.1.a1',
  '1.1.0rc1',
  '1.1.0',
  '1.1',
  '1.1.0post1',
  '1.1.post1',
  '1.1post1',
  '1996.07.12',
  '1!0.4.1',
  '1!3.1.1.6',
  '2!0.4.1',
  '1.22',
  '1.22.0',
  '1.22.5',
  '1.22.10',
  '1.23rc1',
  '1.23.0',
  '1.5',
  '1.5a',
  '1.5.0rc1',
  '1.50',
  '3.45.3',
  '4.10.0',
  '4.9.0',
  '1.5.1+local',
  '1.5.1+local.2',
  '20230101123456789012',
  '20230101123456789013',
  '1.2-3',
  '1.0.1_',
  '1.0.1a',
  'latest',
];

const SPECS = [
  '1.5*',
  '1.5.*',
  '1.5',
  '==1.5',
  '=1.5',
  '<<4',
  '>=3,<<4',
  '1.2|1.3',
  '>=1,<2',
  '~=1.5',
  '~=1.22.0',
  '!=1.5',
  '1.5.*.*',
  '*',
  '1.5.2*',
  '>1.2,<2|==1.7',
  '1.*,>=1.2',
  '=1.5.*',
  '>=1.5.*',
  '<1.5.*',
  '1.5.0.*',
  '!=1.5.*',
  '==1.5.*',
  '1.5@x',
  '^1.5',
  '1.5$',
  '^1\\.5.*$',
  '1.*.5',
  '>=1.5a',
  '~=1.5.0',
  '~=1',
  '~=1.5.*',
  '1.5.2,<2',
  '(>=1,<2)|3',
  '(1.2|1.3),>=1.25',
  '((1.5|((1.6|1.7), 1.8), 1.9 |2.0))|2.1',
  '>=1.5,',
  ',>=1.5',
  '(1.5',
  '1.5)',
  '=',
  '==',
  '>=',
  '>=1.22',
  '>1.22',
  '<=1.22',
  '<1.23',
  '>=1.22.0,<1.23',
  '1.22.*,!=1.22.5',
  '1!1.5',
  '1.5+local',
  '>=1.5.1+local',
  '1..5',
  '1.5.',
  '!1.5',
  '1!',
  '1.5-1',
  '1_5',
  '0.4.1.r*',
  '0.5c*',
  '1.1d*',
  '=0.4.1.r',
];

describeWithConda('conda versions agree with the real conda', (conda) => {
  const pairs: [string, string][] = VERSIONS.flatMap((a) => VERSIONS.map((b) => [a, b] as [string, string]));
  let order: (number | null)[];
  let specs: OracleVersion[];
  beforeAll(() => {
    const a = askConda(conda, { order: pairs, versions: SPECS.map((spec) => ({ spec, versions: VERSIONS })) });
    order = a.order;
    specs = a.versions;
  });

  test('order of every pair', () => {
    const bad = pairs
      .map(([a, b], i) => {
        let mine: number | null;
        try {
          mine = new VersionOrder(a).compare(new VersionOrder(b));
        } catch {
          mine = null;
        }
        return mine === order[i] ? null : `${a} vs ${b}: conda ${order[i]}, ours ${mine}`;
      })
      .filter(Boolean);
    expect(bad).toEqual([]);
  });

  test('every spec: accepted or refused, normal form, and which versions it matches', () => {
    const bad: string[] = [];
    SPECS.forEach((spec, i) => {
      const c = specs[i]!;
      let mine: { spec: string; match(v: string): boolean };
      try {
        mine = parseVersionSpec(spec);
      } catch (err) {
        if (!(err instanceof InvalidVersionSpec)) throw err;
        if (c.ok) bad.push(`${spec}: conda accepts, ours refuses (${err.reason})`);
        return;
      }
      if (!c.ok) return void bad.push(`${spec}: conda refuses (${c.error}), ours accepts`);
      if (mine.spec !== c.spec) bad.push(`${spec}: conda's form ${c.spec}, ours ${mine.spec}`);
      VERSIONS.forEach((v, j) => {
        let m: boolean | null;
        try {
          m = mine.match(v);
        } catch {
          m = null;
        }
        if (m !== c.matches![j]) bad.push(`${spec} on ${v}: conda ${c.matches![j]}, ours ${m}`);
      });
    });
    expect(bad).toEqual([]);
  });
});

describe('condaversion', () => {
  test('treeify as conda documents it', () => {
    expect(treeify('1.2.3,4.5.6|<=7.8.9')).toEqual(['|', [',', '1.2.3', '4.5.6'], '<=7.8.9']);
    expect(treeify('((1.5|((1.6|1.7), 1.8), 1.9 |2.0))|2.1')).toEqual(['|', '1.5', [',', ['|', '1.6', '1.7'], '1.8', '1.9'], '2.0', '2.1']);
  });
  test('a space after the operator is not a version spec on its own (MatchSpec drops it)', () => {
    expect(() => parseVersionSpec('>= 1.22')).toThrow(/invalid operator/);
  });
});

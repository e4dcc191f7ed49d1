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
  // one step past each rule: '_' and '.' alike in a local part and before a trailing '_', a '*'
  // component (it sorts below 'dev'), an epoch that is not all digits at either end
  '1.5+a_b',
  '1.5+a.b',
  '1.0_1_',
  '1.1*',
  '1.5*',
  'a1!2',
  '1a!2',
  // the refused ones of the reasons table below, so the real conda holds their refusal too
  '',
  ' ',
  'a b',
  '1-2_3',
  '1!2!3',
  'x!1',
  '1+a+b',
  '+a',
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
  // one step past each rule: a local part the version lacks, the last component's head differing, a
  // newline before the first operator (conda's split pattern stops at it), '*' kept inside a version,
  // several dots before the '*', a '*' component against 'dev'
  '=1.5.1+local.3',
  '=1.1a',
  '1.5\n,2',
  '1.5**',
  '1..*',
  '>=1.1*',
  // the refused ones of the reasons table below that the list above lacks
  '',
  ' ',
  '((1.5',
  '()',
  '>=>1',
  '^1[$',
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

// conda's reasons in its own words (version.py's InvalidVersionSpec texts); the real conda's
// accept/reject of each is held by the tables above.
describe('condaversion: what is refused, and why', () => {
  const reason = (f: () => unknown): [string, string, string, string] | 'accepted' => {
    try {
      f();
    } catch (err) {
      if (!(err instanceof InvalidVersionSpec)) throw err;
      return [err.name, err.spec, err.reason, err.message];
    }
    return 'accepted';
  };
  test.each([
    ['', 'empty version string'],
    [' ', 'empty version string'],
    ['a b', 'invalid character(s)'],
    ['1-2_3', 'invalid character(s)'],
    ['1!2!3', "duplicated epoch separator '!'"],
    ['x!1', 'epoch must be an integer'],
    ['a1!2', 'epoch must be an integer'],
    ['1a!2', 'epoch must be an integer'],
    ['1+a+b', "duplicated local version separator '+'"],
    ['+a', "Missing version before local version separator '+'"],
    ['1..5', 'empty version component'],
    ['1.5.', 'empty version component'],
  ])('version %j: %s', (v, why) => {
    expect(reason(() => new VersionOrder(v))).toEqual(['InvalidVersionSpec', v, why, `invalid version spec '${v}': ${why}`]);
  });

  test.each([
    ['', 'empty version spec'],
    [' ', 'empty version spec'],
    ['>=1,', 'cannot join single expression'],
    [',>=1', 'cannot join single expression'],
    ['(1.5', "unable to convert to expression tree: ['(']"],
    ['((1.5', "unable to convert to expression tree: ['(', '(']"],
    ['1|(2,(3', "unable to convert to expression tree: ['(', '|', '(', ',']"],
    ['1.5)', "expression must start with '('"],
    ['()', 'unable to determine version from spec'],
    ['>=>1', 'invalid operator'],
    ['~=1.5.*', "invalid operator with '.*'"],
    ['^1.5', "regex specs must start with '^' and end with '$'"],
    ['1.5$', "regex specs must start with '^' and end with '$'"],
    ['1.5\n,2', 'invalid character(s)'],
  ])('spec %j: %s', (spec, why) => {
    expect(reason(() => parseVersionSpec(spec))).toEqual(['InvalidVersionSpec', spec, why, `invalid version spec '${spec}': ${why}`]);
  });

  test('a regex Python cannot compile: refused in Python’s words, as conda lets them out', () => {
    expect(reason(() => parseVersionSpec('^1[$'))).toEqual([
      'InvalidVersionSpec',
      '^1[$',
      'unterminated character set at position 2',
      "invalid version spec '^1[$': unterminated character set at position 2",
    ]);
    let err: unknown;
    try {
      parseVersionSpec('^1\\q$');
    } catch (e) {
      err = e;
    }
    expect([(err as InvalidVersionSpec).reason, (err as InvalidVersionSpec).python]).toEqual(['bad escape \\q at position 2', true]);
  });

  // where gocondad parts from conda: Python takes `(?P<n>…)`, JavaScript's RegExp cannot run it
  test('a regex Python takes but RegExp cannot run: refused, in RegExp’s words', () => {
    const r = reason(() => parseVersionSpec('^1(?P<a>x)$'));
    expect((r as string[]).slice(0, 2)).toEqual(['InvalidVersionSpec', '^1(?P<a>x)$']);
    expect((r as string[])[2]).toMatch(/^bad regex: Invalid regular expression: \/\^1\(\?P<a>x\)\$\/.*: Invalid group$/);
  });

  test.each([
    [' 1.2-3 ', '1.2_3'],
    ['1.0RC1', '1.0rc1'],
    ['1.0.1_', '1.0.1_'],
    ['1!2.0', '1!2.0'],
    ['1.5+Local_2', '1.5+local_2'],
    ['1.0_1_', '1.0_1_'],
  ])('the normal form of %j is %j', (v, norm) => expect(new VersionOrder(v).toString()).toBe(norm));

  test.each([
    ['*', '*'],
    ['1.5*', '1.5.*'],
    ['1*', '1.*'],
    ['1.5**', '1.5*.*'],
    ['1..*', '1..*'],
    ['1.*.5', '1.*.5'],
    ['1.5@x', '1.5@x'],
    ['=1.5.*', '=1.5.*'],
    ['1|2,3', '1|2,3'],
    ['1,(2|3)', '1,2|3'],
    ['1,2,3', '1,2,3'],
    ['((1))', '1'],
    [' >=1.5 ', '>=1.5'],
  ])('the normal form of spec %j is %j', (spec, norm) => expect(parseVersionSpec(spec).spec).toBe(norm));

  test.each([
    ['1,2|3', ['|', [',', '1', '2'], '3']],
    ['1|2,3', ['|', '1', [',', '2', '3']]],
    ['(1|2),3', [',', ['|', '1', '2'], '3']],
    ['1,(2,3)', [',', '1', '2', '3']],
    ['1|(2|3)', ['|', '1', '2', '3']],
    ['^a|b$,c', [',', '^a|b$', 'c']],
    [' 1 , 2 ', [',', '1', '2']],
    ['1', '1'],
  ])('treeify(%j)', (spec, tree) => expect(treeify(spec)).toEqual(tree));

  // matchers the oracle's version list does not reach (the real conda's VersionSpec.match gives the same)
  test.each([
    ['1.5@x', '1.5@x', true],
    ['1.5@x', '1.5', false],
    ['1.*.5', '1.2.5', true],
    ['1.*.5', '1.2.5.1', false],
    ['1.*.5', 'x1.2.5', false],
    ['1.5.*', '1.5', true],
    ['1.5*', '1.50', false],
    ['^1\\.5.*$', '1.5.3', true],
    ['^1\\.5.*$', '11.5', false],
    ['~=1.5.2', '1.5.9', true],
    ['~=1.5.2', '1.6.0', false],
    ['~=1.5.2', '1.5.1', false],
    ['!=1.5.*', '1.5.3', false],
    ['!=1.5.*', '1.6', true],
    ['>1.5,<2|==3', '3.0', true],
    ['>1.5,<2|==3', '2.0', false],
    ['1.5+local', '1.5+local', true],
    ['=1.5+lo', '1.5+local', true],
    ['=1.5+lo', '1.6+local', false],
    ['=1.5+lo', '1.5+other', false],
    ['=1.1a', '1.1a1', true],
    ['=1.1a', '1.5a', false],
    ['1.5**', '1.5*', true],
    ['1..*', '1.5', true],
    ['>=1.1*', '1.1dev1', true],
  ])('%s matches %s: %s', (spec, v, want) => expect(parseVersionSpec(spec).match(v)).toBe(want));

  // (expected values as the real conda gives them: VersionOrder's <, ==, startswith)
  test('order and equality directly: local parts, post, dev, a trailing underscore', () => {
    const cmp = (a: string, b: string) => new VersionOrder(a).compare(new VersionOrder(b));
    expect([cmp('1.5+a', '1.5+b'), cmp('1.5+b', '1.5+a'), cmp('1.5+1', '1.5+1.0'), cmp('1.5', '1.5+0')]).toEqual([-1, 1, 0, 0]);
    expect([cmp('1.0post1', '1.0.1'), cmp('1.1dev1', '1.1a1'), cmp('1.0.1_', '1.0.1a'), cmp('1.0', '1.0.0.0')]).toEqual([1, -1, -1, 0]);
    expect([cmp('1.5+a_b', '1.5+a.b'), cmp('1.0_1_', '1.0.1_'), cmp('1.1dev1', '1.1*'), cmp('1.1*', '1.1dev1')]).toEqual([0, 0, 1, -1]);
    expect(new VersionOrder('1.5').equals(new VersionOrder('1.5.0'))).toBe(true);
    expect(new VersionOrder('1.5').equals(new VersionOrder('1.5+x'))).toBe(false);
    expect(new VersionOrder('1.5.1').startsWith(new VersionOrder('1.5'))).toBe(true);
    expect(new VersionOrder('1.50').startsWith(new VersionOrder('1.5'))).toBe(false);
    expect(new VersionOrder('1.5a').startsWith(new VersionOrder('1.5'))).toBe(true);
    expect(new VersionOrder('1.5rc1').startsWith(new VersionOrder('1.5r'))).toBe(true);
    expect(new VersionOrder('1.5').startsWith(new VersionOrder('1.5r'))).toBe(false);
    expect(new VersionOrder('1.5+abc').startsWith(new VersionOrder('1.5+ab'))).toBe(true);
    expect(new VersionOrder('1.6+abc').startsWith(new VersionOrder('1.5+ab'))).toBe(false);
  });
});

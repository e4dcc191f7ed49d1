// The edges of conda's match-spec grammar (src/sync/matchspec.ts) that matchspec.test.ts's generated table
// does not reach or cannot tell apart (it compares accept/reject, not conda's reason): one row per case,
// the whole result written out. The last describe asks the real conda for every row: each written
// expectation is conda's own answer, and the rows where gocondad parts from conda on purpose say so.
import * as condaversion from '../../../src/sync/condaversion';
import { parseMatchSpec, rsplit, tryParseMatchSpec, type MatchSpec } from '../../../src/sync/matchspec';
import { askConda, type OracleSpec } from '../../helpers/conda-oracle';
import { describeWithConda } from '../../helpers/realconda';
import { outcome } from '../../helpers/spec-outcome';

type Want = MatchSpec | { refused: string };
const none = { version: null, build: null, channel: null, subdir: null };

const ROWS: [string, Want][] = [
  // '=' and '==' with nothing after them are operators without a version; a bare trailing '=' is no version at all
  ['go =', { refused: "Invalid version '=': invalid operator" }],
  ['go ==', { refused: "Invalid version '==': invalid operator" }],
  ['go==', { refused: "Invalid version '==': invalid operator" }],
  ['go=', { ...none, name: 'go' }],
  // '==1.22' is 1.22 exactly, however many '=' lead; '=1.22' is 1.22.*, in brackets too
  ['go ==1.22', { ...none, name: 'go', version: '1.22' }],
  ['go ===1.22', { ...none, name: 'go', version: '1.22' }],
  ['go =1.22', { ...none, name: 'go', version: '1.22.*' }],
  ["go[version='=1.22']", { ...none, name: 'go', version: '1.22.*' }],
  // after '=', a version holding ',' or '|' stays as written: conda adds no '*'
  ['go =1.2,<2', { ...none, name: 'go', version: '=1.2,<2' }],
  ['go =1.2|1.3', { ...none, name: 'go', version: '=1.2|1.3' }],
  // '==' before such a version with a build after it stays too: only '==' with no build is stripped
  ['go ==1.2|1.3 h1', { ...none, name: 'go', version: '==1.2|1.3', build: 'h1' }],
  // a version already ending in '*' gets no second one
  ['go =1.2*', { ...none, name: 'go', version: '1.2.*' }],
  ['go = *cgo', { ...none, name: 'go', version: '*cgo*' }],
  // the build loses the spaces around it
  ['go 1.2  h1', { ...none, name: 'go', version: '1.2', build: 'h1' }],
  // only the brackets' version key is read as a version: a build starting with '=' stays as written
  ["go[build='=h1']", { ...none, name: 'go', build: '=h1' }],
  // build_number: trimmed first, an operator only at its start, then one word and nothing after it
  ["go[build_number=' >>3']", { refused: "Invalid version '>>3': invalid operator" }],
  ["go[build_number='3>']", { ...none, name: 'go' }],
  ["go[build_number='>=3 4']", { refused: "Invalid version '>=3 4': invalid operator" }],
  // a glob name is not held to the package-name rules
  ['* 1.2', { ...none, name: '*', version: '1.2' }],
  ['conda-forge::*', { ...none, name: '*', channel: 'conda-forge' }],
  // conda tests for a package file on the string as it stands: a space after it makes it a name
  ['https://x/linux-64/a-1-h.conda ', { refused: 'package name contains invalid characters (/)' }],
  ['a-1-h.conda ', { ...none, name: 'a-1-h.conda' }],
  // a query naming the file again: the file still sits in linux-64
  ['https://x/linux-64/go-1-h.conda?u=/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  // no name: conda quotes what follows it, up to a line break, and Python's None when nothing does
  ['[version=1]', { refused: "no package name found in 'None'" }],
  ['c::[build=x]', { refused: "no package name found in 'None'" }],
  ['>=1\n2', { refused: "no package name found in '>=1'" }],
  // conda's bracket and parenthesis patterns match from the start only, and '.' stops at a line break
  ['go\n[version=1]', { refused: 'package name contains invalid characters (\n[)' }],
  ['go\n(optional)', { refused: 'package name contains invalid characters (\n())' }],
];

/** A version spec nested `depth` groups deep, alternating '|' and ',' so no level can be flattened. */
function nested(depth: number): string {
  let v = '1';
  for (let i = 0; i < depth; i++) v = `${i % 2 ? '1,(' : '1|('}${v})`;
  return v;
}
const DEEP = `go[version='${nested(10000)}']`;

describe('parseMatchSpec: the edges, whole results', () => {
  test.each(ROWS)('%j', (spec, want) => {
    expect(outcome(spec)).toEqual(want);
    expect(tryParseMatchSpec(spec)).toEqual('refused' in want ? null : want);
  });

  // conda would read the leading space as part of a relative file path (its channel becomes
  // file://<cwd>/ https:/x, see below); an environment file's line with a stray space means the URL
  test('a package URL after a space: the URL, its channel without the space', () => {
    expect(parseMatchSpec(' https://x/linux-64/Go-1-h.conda')).toEqual({ name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' });
  });

  test('a version nested past the stack is refused, not a crash (conda refuses it too)', () => {
    expect(outcome(DEEP)).toEqual({ refused: `Invalid version '${nested(10000)}': nested too deeply` });
    expect(tryParseMatchSpec(DEEP)).toBeNull();
  });
});

describe('tryParseMatchSpec hides only what conda refuses', () => {
  afterEach(() => jest.restoreAllMocks());

  // No input makes the parser throw anything else (that would be a bug in it): one is planted here
  test('any other error from the parser goes through to the caller', () => {
    jest.spyOn(condaversion, 'parseVersionSpec').mockImplementation(() => {
      throw new TypeError('a planted parser bug');
    });
    expect(() => tryParseMatchSpec('go 1.22')).toThrow(new TypeError('a planted parser bug'));
    expect(() => parseMatchSpec('go 1.22')).toThrow(new TypeError('a planted parser bug'));
  });
});

describe("rsplit: Python's str.rsplit(sep, max)", () => {
  test.each([
    ['go', ['go']],
    ['', ['']],
    ['a:b', ['a', 'b']],
    ['a:b:c', ['a', 'b', 'c']],
    ['a:b:c:d', ['a:b', 'c', 'd']],
    ['::go', ['', '', 'go']],
    [':::go', [':', '', 'go']],
  ])("rsplit(%j, ':', 2)", (s, want) => expect(rsplit(s, ':', 2)).toEqual(want));
});

describeWithConda('the rows are the real conda’s answers', (conda) => {
  let rows: OracleSpec[];
  let leadingSpace: OracleSpec;
  let deep: OracleSpec;
  beforeAll(() => {
    const specs = [...ROWS.map(([spec]) => spec), ' https://x/linux-64/Go-1-h.conda', DEEP];
    const answers = askConda(conda, { specs: specs.map((spec) => ({ spec, channel: null })) }).specs;
    rows = answers.slice(0, ROWS.length);
    [leadingSpace, deep] = answers.slice(ROWS.length) as [OracleSpec, OracleSpec];
  });

  /** conda's answer in a row's shape; conda's message repeats "Invalid spec '…': " once or twice before the reason. */
  function asRow(spec: string, a: OracleSpec): Want {
    if (a.ok) return { name: a.name!, version: a.version!, build: a.build!, channel: a.channel!, subdir: a.subdir! };
    const prefix = `Invalid spec '${spec}': `;
    let reason = a.message!;
    while (reason.startsWith(prefix)) reason = reason.slice(prefix.length);
    return { refused: reason };
  }

  test('every row', () => {
    expect(ROWS.map(([spec], i) => [spec, asRow(spec, rows[i]!)])).toEqual(ROWS);
    // the refusals are conda's InvalidMatchSpec, not some other failure
    expect(rows.filter((a) => !a.ok).map((a) => a.error!.split(':')[0])).toEqual(ROWS.filter(([, w]) => 'refused' in w).map(() => 'InvalidMatchSpec'));
  });

  test('where gocondad parts from conda: a leading space, a spec nested too deep', () => {
    expect(leadingSpace).toEqual({
      ok: true,
      name: 'go',
      version: '1',
      build: 'h',
      channel: `file://${process.cwd()}/ https:/x`,
      oursCanonical: null,
      subdir: 'linux-64',
    });
    expect([deep.ok, deep.error!.split(':')[0]]).toEqual([false, 'RecursionError']);
  });
});

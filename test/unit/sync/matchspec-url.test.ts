// A package URL whose query holds a line break (src/sync/matchspec.ts's fromUrl): the query that counts is
// the one after the last line break, as `.` in `/[?#].*$/` stops at one. Cutting instead from the first `?`
// to the line break (the same pattern without `$`) leaves `go-1-h.conda\n?v` as the "subdir", so the file
// would be matched by its name only. Each row is also put to the real conda, which reads the same package.
import { parseMatchSpec, type MatchSpec } from '../../../src/sync/matchspec';
import { askConda, type OracleSpec } from '../../helpers/conda-oracle';
import { describeWithConda } from '../../helpers/realconda';

const GO_IN_LINUX_64: MatchSpec = { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' };

const ROWS: [string, MatchSpec][] = [
  ['https://x/linux-64/go-1-h.conda?u\n?v/go-1-h.conda', GO_IN_LINUX_64],
  ['https://x/linux-64/go-1-h.conda?u\r\n?v/go-1-h.conda', GO_IN_LINUX_64],
  ['https://x/linux-64/go-1-h.conda?u\r?v/go-1-h.conda', GO_IN_LINUX_64],
  ['https://x/linux-64/go-1-h.conda?\n?/z/go-1-h.conda', GO_IN_LINUX_64],
];

describe('parseMatchSpec: a package URL with a line break in its query', () => {
  test.each(ROWS)('%j', (spec, want) => {
    expect(parseMatchSpec(spec)).toStrictEqual(want);
  });
});

describeWithConda('the rows are the real conda’s answers', (conda) => {
  let answers: OracleSpec[];
  beforeAll(() => {
    answers = askConda(conda, { specs: ROWS.map(([spec]) => ({ spec, channel: null })) }).specs;
  });

  test('every row', () => {
    const asRow = (a: OracleSpec): MatchSpec | { refused: string } =>
      a.ok ? { name: a.name!, version: a.version!, build: a.build!, channel: a.channel!, subdir: a.subdir! } : { refused: a.message! };
    expect(ROWS.map(([spec], i) => [spec, asRow(answers[i]!)])).toStrictEqual(ROWS);
  });
});

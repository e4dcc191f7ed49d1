// conda's match spec grammar (src/sync/matchspec.ts), judged by the real conda: every spec of a table —
// the forms environment files use, written here, and ~1,300 generated ones — goes through
// conda.models.match_spec.MatchSpec and through parseMatchSpec; name, version, build, channel, subdir and
// accept/reject must agree for every one. (A table of specs taken from public projects' files belongs in
// the project's shared/ folder, not in this repository: see docs/sync.md's corpus note.)
import { formatMatchSpec, InvalidMatchSpec, parseMatchSpec, splitChannel, splitDistName, tryParseMatchSpec, type MatchSpec } from '../../../src/sync/matchspec';
import { askConda, type OracleSpec } from '../../helpers/conda-oracle';
import { describeWithConda } from '../../helpers/realconda';

/** Dependency lines in the forms environment files, conda-lock sources and pixi manifests use. */
function writtenSpecs(): string[] {
  return [
    'python >=3.10',
    'python=3.11',
    'python 3.11.*',
    'numpy>=1.26,<2',
    'numpy >=1.26, <2.0a0',
    'go >= 1.22',
    'go=1.22.5',
    'go-cgo 1.22.*',
    'go-nocgo>=1.21',
    '_go_select *=cgo',
    'libgdal-core >=3.8',
    'libsqlite >=3.45,<4',
    'sqlite',
    'libopencv 4.10.*',
    'opencv=4.10.0=*_0',
    'libgit2 1.7.*',
    'tiledb >=2.24,<2.25',
    'librdkafka>=2.3',
    'conda-forge::go-cgo',
    'conda-forge/linux-64::libgit2==1.7.2',
    'pkgs/main::zstd 1.5.5 h12345_0',
    'cuda-version >=12.0,<13',
    'libcuvs==25.10.*,>=0.0.0a0',
    'pytorch=*=*cuda*',
    'r-base>=4.3',
    'pip',
    'openssl 3.*',
    'libblas=*=*mkl',
    'hdf5 1.14.3 nompi_*',
    'proj >=9.3',
    'geos~=3.12.1',
    'libvips[version=">=8.15"]',
    "gdal[version='>=3.8,<3.10']",
    'nodejs 20.*|22.*',
    'compilers',
    'c-compiler >=1.7',
  ];
}

/** Names × version forms × builds, with and without the space conda tolerates, plus bracket forms. */
function generatedSpecs(): string[] {
  const names = ['go', 'libsqlite', 'conda-forge::go', 'conda-forge/linux-64::libgit2', 'pkgs/main::zstd', 'Go-CGO', '_go_select'];
  const versions = [
    '1.22',
    '=1.22',
    '==1.22',
    '>=1.22',
    '>= 1.22',
    '>=1.22,<2',
    '>=1.22, <2',
    '>= 1.22 , < 2',
    '1.22.*',
    '1.22*',
    '!=1.22',
    '~=1.22',
    '~=1.22.3',
    '1.21|1.22',
    '>=1,<2|>=3',
    '<<4',
    '>=3,<<4',
    '=>1.2',
    '1..2',
    '*',
    '1.22.*.*',
    '>=1.22.*',
    '!=1.5.*',
    '~=1',
    '1.*.5',
    '^1\\.5.*$',
    '1.5@x',
    '(>=1,<2)|3',
    '=1.22.3=h1_0',
    '1.22.3=h1_0',
    '==1.22=h1',
    '1.2.3_1',
    '1!2.0',
    '2022.01.01',
    '1.0rc1',
    '=',
    '==',
    '>=',
  ];
  const builds = ['', ' h123_0', ' *cgo', '=cgo*'];
  const out = new Set<string>();
  for (const n of names) {
    for (const v of versions) {
      for (const b of builds) out.add(`${n} ${v}${b}`);
      if (/^[=<>!~]/.test(v)) out.add(`${n}${v}`);
    }
  }
  const brackets = [
    "[version='>=1,<2']",
    '[build=h1*]',
    "[version='>=1.22', build=cgo*]",
    '[version=">=1"]',
    '[version=1.22]',
    "[version='=1.22']",
    '[build_number=3]',
    "[build_number='>=3']",
    '[bogus=1]',
    "[version='<<4']",
    '[channel=conda-forge]',
    "[channel='conda-forge/osx-arm64']",
    '[subdir=linux-64]',
    '[md5=d7c89558ba9fa0495403155b64376d81]',
    "[version='>=1,<2' build='*cgo']",
  ];
  for (const n of ['go', 'conda-forge::libgit2', 'libsqlite 3.45']) for (const b of brackets) out.add(`${n}${b}`);
  for (const s of [
    '>=1.2',
    '=1.2',
    'bad name!',
    'go 1.22 # a comment',
    'go >=1.22 if __unix',
    'go (optional)',
    'numpy-1.11.0-py27_0',
    'https://conda.anaconda.org/conda-forge/linux-64/go-1.22.5-h1234567_0.conda',
    'https://conda.anaconda.org/conda-forge/noarch/tzdata-2024a-h0c530f3_0.conda',
    'conda-forge/label/dev::go',
    'https://conda.anaconda.org/conda-forge::go >=1.22',
    'conda-forge:go',
    'go >1.2 abc',
    'go 1.2.3 0',
    'go=*',
    'go *',
    'go * *',
    "go[version='>=1'][build=x]",
    'go 1.22 [build=x]',
    'Go',
    'go__x',
    '__glibc >=2.17',
    'go-',
    '-go',
    'go.',
    'pkg.name_x-y',
    'go >=1.22,',
    'go ,>=1.22',
    'go >=1.22 ,<2 =h1',
    'go >=1.22 , < 2 py34_0',
    'go ==1.22 h1',
  ])
    out.add(s);
  return [...out];
}

function ours(spec: string): { ok: true; ms: MatchSpec } | { ok: false; error: string } {
  try {
    return { ok: true, ms: parseMatchSpec(spec) };
  } catch (err) {
    if (err instanceof InvalidMatchSpec) return { ok: false, error: err.reason };
    throw err;
  }
}

describeWithConda('parseMatchSpec agrees with the real conda', (conda) => {
  const specs = [...new Set([...writtenSpecs(), ...generatedSpecs()])];
  // Never parsed while jest collects the tests: a parser that throws something other than InvalidMatchSpec
  // must fail these tests, not the file (Stryker counts that as a RuntimeError). beforeAll parses only to
  // ask conda for the canonical names of our channels; the test parses again in its own body, because
  // Stryker's per-test coverage sees only code run inside a test: code run in beforeAll counts as "static",
  // and with ignoreStatic a mutant there never ran this table (2 of matchspec.ts's 369 mutants did).
  let answers: OracleSpec[];
  beforeAll(() => {
    const pre = specs.map(ours);
    answers = askConda(conda, { specs: specs.map((spec, i) => ({ spec, channel: pre[i]!.ok ? (pre[i] as { ms: MatchSpec }).ms.channel : null })) }).specs;
  });

  test('the table: the written forms and ~1,300 generated ones, some of which conda refuses', () => {
    expect(specs.length).toBeGreaterThanOrEqual(1300);
    expect(answers.filter((a) => !a.ok).length).toBeGreaterThanOrEqual(30);
  });

  test('accept/reject, name, version, build, channel and subdir: every spec', () => {
    const parsed = specs.map(ours);
    const disagreements: string[] = [];
    specs.forEach((spec, i) => {
      const a = answers[i]!;
      const o = parsed[i]!;
      if (a.ok !== o.ok) {
        disagreements.push(`${spec}: conda ${a.ok ? 'accepts' : `refuses (${a.error})`}, ours ${o.ok ? 'accepts' : `refuses (${o.error})`}`);
        return;
      }
      if (!a.ok || !o.ok) return;
      const m = o.ms;
      const mine = { name: m.name, version: m.version, build: m.build, channel: m.channel === null ? null : a.oursCanonical, subdir: m.subdir };
      const theirs = { name: a.name, version: a.version, build: a.build, channel: a.channel, subdir: a.subdir };
      if (JSON.stringify(mine) !== JSON.stringify(theirs)) disagreements.push(`${spec}: conda ${JSON.stringify(theirs)}, ours ${JSON.stringify(mine)}`);
    });
    expect(disagreements).toEqual([]);
  });
});

describe('parseMatchSpec: the issue’s forms', () => {
  const none = { version: null, build: null, channel: null, subdir: null };
  test.each([
    ['go >= 1.22', { ...none, name: 'go', version: '>=1.22' }],
    ['go=1.22', { ...none, name: 'go', version: '1.22.*' }],
    ['go 1.22.*', { ...none, name: 'go', version: '1.22.*' }],
    ['go 1.22.5 h1_0', { ...none, name: 'go', version: '1.22.5', build: 'h1_0' }],
    ["go[version='>=1,<2']", { ...none, name: 'go', version: '>=1,<2' }],
    ['libgit2=1.5.2=h123_0', { ...none, name: 'libgit2', version: '1.5.2', build: 'h123_0' }],
    ['conda-forge/linux-64::go >=1.22', { name: 'go', version: '>=1.22', build: null, channel: 'conda-forge', subdir: 'linux-64' }],
    // brackets: channel and subdir from inside them win over the prefix; other keys are checked, then dropped
    ['go[channel=conda-forge/linux-64]', { ...none, name: 'go', channel: 'conda-forge', subdir: 'linux-64' }],
    ['c::go[subdir=osx-64]', { ...none, name: 'go', channel: 'c', subdir: 'osx-64' }],
    ['c/linux-64::go[channel=d]', { ...none, name: 'go', channel: 'd', subdir: 'linux-64' }],
    ["go[build_number='^3$']", { ...none, name: 'go' }],
    ["go[build_number='>=3']", { ...none, name: 'go' }],
    ['go[build_number=3]', { ...none, name: 'go' }],
    ['go[target=x,optional]', { ...none, name: 'go' }],
    ['go[optional=true,target=x]', { ...none, name: 'go' }],
    // a name inside the brackets: conda warns and keeps the one outside
    ['go[name=foo]', { ...none, name: 'go' }],
    ['go 1.22 [build=x]', { ...none, name: 'go', version: '1.22', build: 'x' }],
    ['GO-CGO 1.22', { ...none, name: 'go-cgo', version: '1.22' }],
    // what conda cuts off: a comment, a condition, the legacy (optional) part
    ['go 1.22 # c', { ...none, name: 'go', version: '1.22' }],
    ['go >=1 if __unix', { ...none, name: 'go', version: '>=1' }],
    ['go (optional)', { ...none, name: 'go' }],
    // a track_feature, a package file outside a channel's subdir: matched by file, no name
    ['feature@', { ...none, name: '*' }],
    ['a-1.0-h1.tar.bz2', { ...none, name: '*' }],
    ['https://x/foo/go-1.22-h1_0.conda', { ...none, name: '*' }],
    ['https://x/linux-64/Go-1.22-h1_0.conda', { name: 'go', version: '1.22', build: 'h1_0', channel: 'https://x', subdir: 'linux-64' }],
    // conda's: file:///linux-64/… without the subdir and file is `file://`, which urlparse reads as host `file`
    ['/linux-64/go-1.22-h1_0.conda', { name: 'go', version: '1.22', build: 'h1_0', channel: 'https://file', subdir: 'linux-64' }],
  ])('%s', (raw, want) => expect(parseMatchSpec(raw)).toEqual(want));

  // conda's reason where conda has one (the real conda's accept/reject is held by the table above)
  test.each([
    ["go[build_number='>>3']", "Invalid version '>>3': invalid operator"],
    ["go[build_number='>=x!1']", "Invalid version 'x!1': epoch must be an integer"],
    ["go[build_number='^3']", "Invalid version '^3': regex specs must start with '^' and end with '$'"],
    ["go[build_number='3$']", "Invalid version '3$': regex specs must start with '^' and end with '$'"],
    ['go[version=]', 'key-value mismatch in brackets'],
    ['go__x', 'invalid package name'],
    ['Go$%$', 'package name contains invalid characters ($%)'],
    ['go[bogus=1,colour=2]', 'Cannot match on field(s): bogus, colour'],
    ['>=1.2', "no package name found in '>=1.2'"],
    ['c::>=1.2', "no package name found in '>=1.2'"],
    ["go >=1 [build=x][version='2']", 'multiple brackets sections not allowed'],
    ['go >=1.22,', "Invalid version '>=1.22,': cannot join single expression"],
    ['go 1..2', "Invalid version '1..2': empty version component"],
    ['libsqlite >=3,<<4', "Invalid version '<<4': invalid operator"],
  ])('%s is refused: %s', (raw, reason) => {
    let err: unknown;
    try {
      parseMatchSpec(raw);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidMatchSpec);
    expect([(err as InvalidMatchSpec).name, (err as InvalidMatchSpec).spec, (err as InvalidMatchSpec).reason, (err as InvalidMatchSpec).message]).toEqual([
      'InvalidMatchSpec',
      raw,
      reason,
      `invalid match spec '${raw}': ${reason}`,
    ]);
    expect(tryParseMatchSpec(raw)).toBeNull();
  });

  test('tryParseMatchSpec gives the spec back when conda accepts it', () => {
    expect(tryParseMatchSpec('go 1.22.*')).toEqual({ name: 'go', version: '1.22.*', build: null, channel: null, subdir: null });
  });

  test.each([
    [null, { channel: null, subdir: null }],
    ['', { channel: null, subdir: null }],
    ['conda-forge', { channel: 'conda-forge', subdir: null }],
    ['conda-forge/', { channel: 'conda-forge', subdir: null }],
    ['conda-forge/linux-64', { channel: 'conda-forge', subdir: 'linux-64' }],
    ['conda-forge/linux-64//', { channel: 'conda-forge', subdir: 'linux-64' }],
    ['c/osx-arm64/', { channel: 'c', subdir: 'osx-arm64' }],
    ['https://x/c/noarch', { channel: 'https://x/c', subdir: 'noarch' }],
    ['c/label/dev', { channel: 'c/label/dev', subdir: null }],
    // a subdir with nothing before it is no channel/subdir pair
    ['/linux-64', { channel: '/linux-64', subdir: null }],
    ['linux-64', { channel: 'linux-64', subdir: null }],
  ])('splitChannel(%j)', (value, want) => expect(splitChannel(value)).toEqual(want));

  test.each([
    ['https://x/linux-64/ld_impl_linux-64-2.40-h41732ed_0.conda', { name: 'ld_impl_linux-64', version: '2.40', build: 'h41732ed_0' }],
    ['n-a-m-e-1-h_0.tar.bz2', { name: 'n-a-m-e', version: '1', build: 'h_0' }],
    ['C:\\pkgs\\a-b-1-h.tar.bz2', { name: 'a-b', version: '1', build: 'h' }],
    ['https://x/a-1-h.conda?x=1', { name: 'a', version: '1', build: 'h' }],
    ['https://x/a-1-h.conda#md5', { name: 'a', version: '1', build: 'h' }],
    ['a-1-h', { name: 'a', version: '1', build: 'h' }],
    ['a--b.conda', null],
    ['a-1.conda', null],
    ['notapackage', null],
    ['', null],
  ])('splitDistName(%j)', (file, want) => expect(splitDistName(file)).toEqual(want));

  test('formatMatchSpec: the line an environment.yml would hold', () => {
    expect([formatMatchSpec('go', null), formatMatchSpec('go', '1.5.*'), formatMatchSpec('go', '')]).toEqual(['go', 'go 1.5.*', 'go']);
  });
});

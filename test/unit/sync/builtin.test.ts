// The built-in table is valid data (its rows' meanings are in rules.test.ts).
import { BUILTIN_RULES } from '../../../src/sync/builtin';
import { loadCondaVersions, type CondaVersions } from '../../../src/sync/condaver';
import { neededSpec, rulePackages } from '../../../src/sync/rules';

let cv: CondaVersions;

beforeAll(async () => {
  cv = await loadCondaVersions();
});

test('every built-in spec is a valid conda spec', () => {
  for (const r of BUILTIN_RULES) {
    const vm = r.version_map;
    const specs = vm.kind === 'table' ? vm.entries.map((e) => e.conda) : vm.kind === 'major' ? Object.values(vm.majors) : vm.kind === 'spec' ? [vm.spec] : [];
    for (const s of specs) expect([r.go_module, s, cv.specError(s)]).toEqual([r.go_module, s, null]);
  }
});

test('the pairs the issue names are all there', () => {
  expect(BUILTIN_RULES.map((r) => `${r.go_module} -> ${r.conda_pkg}`)).toEqual([
    'go -> go',
    'github.com/libgit2/git2go/v* -> libgit2',
    'gocv.io/x/gocv -> libopencv',
    'github.com/confluentinc/confluent-kafka-go/v* -> librdkafka',
    'github.com/mattn/go-sqlite3 -> libsqlite',
    'github.com/google/gopacket -> libpcap',
    'github.com/gopacket/gopacket -> libpcap',
    'github.com/pebbe/zmq4 -> zeromq',
    'github.com/DataDog/zstd -> zstd',
    'github.com/h2non/bimg -> libvips',
    'github.com/davidbyttow/govips/v* -> libvips',
    'github.com/tensorflow/tensorflow -> libtensorflow',
    'github.com/TileDB-Inc/TileDB-Go -> tiledb',
    'github.com/airbusgeo/godal -> libgdal',
    'github.com/lukeroth/gdal -> libgdal',
    'gonum.org/v1/hdf5 -> hdf5',
    'github.com/twpayne/go-proj/v* -> proj',
    'github.com/twpayne/go-geos -> geos',
  ]);
});

test('every conda package that satisfies a rule, as conda-forge names them (read from the feedstocks)', () => {
  const names = Object.fromEntries(BUILTIN_RULES.filter((r) => r.also).map((r) => [r.go_module, rulePackages(r)]));
  expect(names).toEqual({
    go: ['go', 'go-cgo', 'go-nocgo'],
    'gocv.io/x/gocv': ['libopencv', 'opencv'],
    'github.com/mattn/go-sqlite3': ['libsqlite', 'sqlite'],
    'github.com/tensorflow/tensorflow': ['libtensorflow', 'libtensorflow_cc'],
    'github.com/airbusgeo/godal': ['libgdal', 'libgdal-core', 'gdal'],
    'github.com/lukeroth/gdal': ['libgdal', 'libgdal-core', 'gdal'],
  });
});

test('no row lacks its source: the Go project and the conda-forge feedstock, each at a commit or file', () => {
  // the feedstock at a commit for the conda name; for a library, the Go project's README or cgo file too
  const feedstock = /conda-forge\/[\w.-]+-feedstock@[0-9a-f]{12} recipe\//;
  const goSide = /[\w.-]+\/[\w.-]+(@[0-9a-f]{12})? [^;]*\.(md|go)\b/;
  const lacking = BUILTIN_RULES.filter((r) => !feedstock.test(r.source ?? '') || (r.go_module !== 'go' && !goSide.test(r.source ?? '')));
  expect(lacking.map((r) => r.go_module)).toEqual([]);
});

test('tables current: gocv through 0.43 on OpenCV 4.13, git2go v27–v34, TileDB-Go through 0.39', () => {
  const rule = (m: string) => BUILTIN_RULES.find((r) => r.go_module === m)!;
  expect(neededSpec(rule('gocv.io/x/gocv'), 'gocv.io/x/gocv', 'v0.43.0')).toBe('4.13.0');
  expect(neededSpec(rule('gocv.io/x/gocv'), 'gocv.io/x/gocv', 'v0.42.1')).toBe('4.12.0');
  expect(neededSpec(rule('gocv.io/x/gocv'), 'gocv.io/x/gocv', 'v0.40.0')).toBe('4.11.0');
  const g = rule('github.com/libgit2/git2go/v*');
  expect(['v27', 'v28', 'v29', 'v30', 'v31'].map((v) => neededSpec(g, `github.com/libgit2/git2go/${v}`, `${v}.0.1`))).toEqual([
    '0.27.*',
    '0.28.*',
    '0.99.*',
    '1.0.*',
    '1.1.*',
  ]);
  const t = rule('github.com/TileDB-Inc/TileDB-Go');
  expect(['v0.23.2', 'v0.33.0', 'v0.38.0', 'v0.39.1'].map((v) => neededSpec(t, t.go_module, v))).toEqual(['2.17.*', '2.26.*', '2.29.*', '2.30.*']);
});

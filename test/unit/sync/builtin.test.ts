// The built-in table is valid data (its rows' meanings are in rules.test.ts).
import { BUILTIN_RULES } from '../../../src/sync/builtin';
import { loadCondaVersions, type CondaVersions } from '../../../src/sync/condaver';

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
    'gocv.io/x/gocv -> opencv',
    'github.com/confluentinc/confluent-kafka-go/v* -> librdkafka',
    'github.com/mattn/go-sqlite3 -> libsqlite',
    'github.com/google/gopacket -> libpcap',
    'github.com/gopacket/gopacket -> libpcap',
    'github.com/pebbe/zmq4 -> zeromq',
    'github.com/DataDog/zstd -> zstd',
    'github.com/h2non/bimg -> libvips',
    'github.com/tensorflow/tensorflow -> libtensorflow',
  ]);
});

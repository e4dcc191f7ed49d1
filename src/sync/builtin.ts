// The built-in coupling table. Each row is data a user rule file can override (same go_module) or
// switch off (`disable:`). Sources: each project's README / build docs, conda-forge's package names.
import { TOOLCHAIN_MODULE, type SyncRule } from './rules';

export const BUILTIN_RULES: SyncRule[] = [
  {
    go_module: TOOLCHAIN_MODULE,
    conda_pkg: 'go',
    version_map: { kind: 'minimum' },
    note: 'conda-forge’s go sets GOTOOLCHAIN=local, so a go line above the env’s go is a hard error (“go.mod requires go >= …”)',
  },
  {
    go_module: 'github.com/libgit2/git2go/v*',
    conda_pkg: 'libgit2',
    version_map: { kind: 'major', majors: { '34': '1.5.*', '33': '1.3.*', '32': '1.2.*', '31': '1.1.*' } },
    unless_tags: ['static'],
    note: 'each git2go major builds against one libgit2 minor only',
  },
  {
    go_module: 'gocv.io/x/gocv',
    conda_pkg: 'opencv',
    version_map: {
      kind: 'table',
      entries: [
        { go: '>=0.34.0 <0.35.0', conda: '4.8.0' },
        { go: '>=0.35.0 <0.36.0', conda: '4.8.1' },
        { go: '>=0.36.0 <0.37.0', conda: '4.9.0' },
        { go: '>=0.37.0 <0.40.0', conda: '4.10.0' },
      ],
    },
    warn: { spec: '>=5', message: 'OpenCV 5 installs opencv5.pc; gocv’s cgo flags ask pkg-config for opencv4, so the build cannot find OpenCV' },
  },
  {
    go_module: 'github.com/confluentinc/confluent-kafka-go/v*',
    conda_pkg: 'librdkafka',
    version_map: { kind: 'minimum' },
    tags: ['dynamic'],
    note: 'with -tags dynamic, confluent-kafka-go vX.Y.Z links the system librdkafka and needs >= X.Y.Z',
  },
  {
    go_module: 'github.com/mattn/go-sqlite3',
    conda_pkg: 'libsqlite',
    version_map: { kind: 'spec', spec: '>=3' },
    tags: ['libsqlite3'],
    note: 'with -tags libsqlite3, go-sqlite3 links the env’s libsqlite instead of its bundled copy',
  },
  {
    go_module: 'github.com/google/gopacket',
    conda_pkg: 'libpcap',
    version_map: { kind: 'spec', spec: '*' },
    package: 'github.com/google/gopacket/pcap',
    note: 'gopacket/pcap links libpcap',
  },
  {
    go_module: 'github.com/gopacket/gopacket',
    conda_pkg: 'libpcap',
    version_map: { kind: 'spec', spec: '*' },
    package: 'github.com/gopacket/gopacket/pcap',
    note: 'gopacket/pcap links libpcap',
  },
  {
    go_module: 'github.com/pebbe/zmq4',
    conda_pkg: 'zeromq',
    version_map: { kind: 'minimum', version: '4.0.1' },
    note: 'zmq4 needs ZeroMQ 4.0.1 or later',
  },
  {
    go_module: 'github.com/DataDog/zstd',
    conda_pkg: 'zstd',
    version_map: { kind: 'spec', spec: '*' },
    tags: ['external_libzstd'],
    note: 'with -tags external_libzstd, DataDog/zstd links the env’s libzstd instead of its bundled copy',
  },
  {
    go_module: 'github.com/h2non/bimg',
    conda_pkg: 'libvips',
    version_map: { kind: 'spec', spec: '>7.40' },
    note: 'bimg needs libvips newer than 7.40',
  },
  {
    go_module: 'github.com/tensorflow/tensorflow',
    conda_pkg: 'libtensorflow',
    version_map: { kind: 'identity' },
    note: 'the Go binding v2.x.y+incompatible calls the C API of libtensorflow x.y.z exactly',
  },
].map((r) => ({ ...(r as SyncRule), origin: 'built-in' }));

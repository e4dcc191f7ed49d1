// --write: environment.yml edits keep every other byte; go.mod edits go through a real toolchain's
// `go mod edit` and replace go.mod atomically (or not at all).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseEnvironmentYml } from '../../../src/sync/conda/envyml';
import { SyncInputError } from '../../../src/sync/errors';
import { parseGoMod } from '../../../src/sync/gomod';
import { applyGoModEdits, commitEdits, editEnvironmentYml, writeEnvironmentYml } from '../../../src/sync/writer';
import { noTelemetry } from '../../helpers/world';

const ENV = `# project env — keep this comment
name: app
channels:
  - conda-forge
dependencies:
  # the toolchain
  - go 1.22.*          # trailing comment
  - libgit2            # no pin yet
  - "opencv >=4.8,<4.9"
  - conda-forge::zeromq=4.3
  - pip:
      - requests
variables:
  GOFLAGS: -tags=dynamic
`;

function hintOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof SyncInputError) return err.hint;
    throw err;
  }
  throw new Error('nothing thrown');
}

describe('editEnvironmentYml', () => {
  test('changes only the edited entries; comments, quotes, channel prefixes and order stay', () => {
    const out = editEnvironmentYml(ENV, 'environment.yml', [
      { name: 'libgit2', spec: '1.5.*' },
      { name: 'opencv', spec: '4.9.0' },
      { name: 'zeromq', spec: '>=4.3.5' },
    ]);
    expect(out).toBe(
      ENV.replace('- libgit2            #', '- libgit2 1.5.*            #')
        .replace('"opencv >=4.8,<4.9"', '"opencv 4.9.0"')
        .replace('conda-forge::zeromq=4.3', 'conda-forge::zeromq >=4.3.5'),
    );
    const side = parseEnvironmentYml(out, 'environment.yml');
    expect(side.packages.get('libgit2')?.spec).toBe('1.5.*');
    expect(side.packages.get('zeromq')?.spec).toBe('>=4.3.5');
  });
  test('appends an absent package after the last conda entry, indented alike', () => {
    const out = editEnvironmentYml(ENV, 'environment.yml', [
      { name: 'librdkafka', spec: '>=2.4.0' },
      { name: 'libpcap', spec: '*' },
    ]);
    expect(out).toBe(ENV.replace('  - conda-forge::zeromq=4.3\n', '  - conda-forge::zeromq=4.3\n  - librdkafka >=2.4.0\n  - libpcap\n'));
  });
  test('round trip: an edit then its inverse gives the original bytes back', () => {
    const once = editEnvironmentYml(ENV, 'e.yml', [{ name: 'go', spec: '>=1.24' }]);
    expect(editEnvironmentYml(once, 'e.yml', [{ name: 'go', spec: '1.22.*' }])).toBe(ENV);
  });
  test('refuses what it cannot edit safely, saying what to do', () => {
    expect(hintOf(() => editEnvironmentYml('dependencies: [go]\n', 'e.yml', [{ name: 'x', spec: '1' }]))).toBe('add the line by hand: - x 1');
    expect(() => editEnvironmentYml('name: x\n', 'e.yml', [{ name: 'x', spec: '1' }])).toThrow(SyncInputError);
  });
  test('writeEnvironmentYml replaces the file atomically and keeps its mode', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-envyml-'));
    try {
      const file = path.join(dir, 'environment.yml');
      fs.writeFileSync(file, ENV, { mode: 0o640 });
      writeEnvironmentYml(file, [{ name: 'libgit2', spec: '1.5.*' }]);
      expect(fs.readFileSync(file, 'utf8')).toContain('- libgit2 1.5.*');
      expect(fs.statSync(file).mode & 0o777).toBe(0o640);
      expect(fs.readdirSync(dir)).toEqual(['environment.yml']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('applyGoModEdits (real go mod edit)', () => {
  const GO = '/usr/lib/go-1.22/bin/go';
  const env: NodeJS.ProcessEnv = { ...process.env };
  let dir: string;
  beforeAll(() => {
    if (!fs.existsSync(GO)) throw new Error(`${GO} is missing: run \`bash scripts/ensure-test-deps\` as root`);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-gomodedit-'));
    env.HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-gohome-'));
    noTelemetry(env.HOME);
    fs.writeFileSync(
      path.join(dir, 'go.mod'),
      'module example.com/app\n\n// keep me\ngo 1.24\n\nrequire github.com/confluentinc/confluent-kafka-go/v2 v2.4.0\n',
    );
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(env.HOME!, { recursive: true, force: true });
  });

  test('-go and -require land in go.mod, comments kept, no temp file left', () => {
    applyGoModEdits(path.join(dir, 'go.mod'), GO, [{ flags: ['-go=1.22'] }, { flags: ['-require=github.com/confluentinc/confluent-kafka-go/v2@v2.3.0'] }], env);
    const text = fs.readFileSync(path.join(dir, 'go.mod'), 'utf8');
    expect(text).toContain('// keep me');
    const mod = parseGoMod(text, 'go.mod');
    expect(mod.go).toBe('1.22');
    expect(mod.require[0]!.version).toBe('v2.3.0');
    expect(fs.readdirSync(dir)).toEqual(['go.mod']);
  });
  test('a failing edit leaves go.mod byte-identical', () => {
    const before = fs.readFileSync(path.join(dir, 'go.mod'), 'utf8');
    expect(hintOf(() => applyGoModEdits(path.join(dir, 'go.mod'), GO, [{ flags: ['-require=not a module'] }], env))).toMatch(/go.mod is unchanged/);
    expect(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8')).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['go.mod']);
  });
});

describe('commitEdits: all files or none', () => {
  test('when the second file cannot be written, the first gets its old text back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-commit-'));
    try {
      const a = path.join(dir, 'environment.yml');
      fs.writeFileSync(a, 'old a\n');
      // go.mod in a directory this process cannot write (a plain file where its directory should be)
      const b = path.join(dir, 'not-a-dir', 'go.mod');
      fs.writeFileSync(path.join(dir, 'not-a-dir'), '');
      expect(() =>
        commitEdits([
          { file: a, before: 'old a\n', after: 'new a\n' },
          { file: b, before: 'old b\n', after: 'new b\n' },
        ]),
      ).toThrow(/cannot write .*go.mod: .*; nothing was written/);
      expect(fs.readFileSync(a, 'utf8')).toBe('old a\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test('unchanged files are not rewritten and not reported', () => {
    const writes: string[] = [];
    expect(
      commitEdits(
        [
          { file: 'x', before: 's', after: 's' },
          { file: 'y', before: 's', after: 't' },
        ],
        (f) => void writes.push(f),
      ),
    ).toEqual(['y']);
    expect(writes).toEqual(['y']);
  });
});

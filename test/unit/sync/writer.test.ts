// --write: environment.yml edits keep every other byte; go.mod edits go through a real toolchain's
// `go mod edit` and replace go.mod atomically (or not at all).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseEnvironmentYml } from '../../../src/sync/conda/envyml';
import { SyncInputError } from '../../../src/sync/errors';
import { parseGoMod } from '../../../src/sync/gomod';
import { GocondadError } from '../../../src/errors';
import { applyGoModEdits, commitEdits, editEnvironmentYml, planGoModEdits, writeEnvironmentYml } from '../../../src/sync/writer';
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
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
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
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    fs.rmSync(env.HOME!, { recursive: true, force: true, maxRetries: 5 });
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
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
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

// Issue 21 §1: a world that already holds the thing, compared byte for byte.
describe('editEnvironmentYml in files other tools wrote', () => {
  test.each<[string, string, { name: string; spec: string }[], string]>([
    [
      'CRLF: the edited line keeps its CRLF, an appended line gets one',
      'name: app\r\ndependencies:\r\n  - go 1.22.*\r\n  - zlib\r\n',
      [
        { name: 'libx', spec: '1.0' },
        { name: 'go', spec: '>=1.24' },
      ],
      'name: app\r\ndependencies:\r\n  - go >=1.24\r\n  - zlib\r\n  - libx 1.0\r\n',
    ],
    [
      'no final newline: the new line goes at the end, still without one',
      'name: app\ndependencies:\n  - go 1.22.*\n  - zlib',
      [{ name: 'libx', spec: '1.0' }],
      'name: app\ndependencies:\n  - go 1.22.*\n  - zlib\n  - libx 1.0',
    ],
    [
      'single quotes and a channel with its subdir are kept',
      "dependencies:\n- go\n- 'libgit2 1.3.*'\n- conda-forge/linux-64::zeromq=4.3\n",
      [
        { name: 'libgit2', spec: '1.5.*' },
        { name: 'zeromq', spec: '>=4.3.5' },
      ],
      "dependencies:\n- go\n- 'libgit2 1.5.*'\n- conda-forge/linux-64::zeromq >=4.3.5\n",
    ],
    [
      'an odd indent and a comment after the last entry: appended lines indented alike, after the comment',
      'dependencies:\n    -   go   # x\n',
      [
        { name: 'libx', spec: '*' },
        { name: 'liby', spec: '1.*' },
      ],
      'dependencies:\n    -   go   # x\n    -   libx\n    -   liby 1.*\n',
    ],
    [
      'only a pip section: the package goes before it',
      'dependencies:\n  - pip:\n      - requests\n',
      [{ name: 'libx', spec: '1' }],
      'dependencies:\n  - libx 1\n  - pip:\n      - requests\n',
    ],
    [
      'a package, then a pip section: after the package',
      'dependencies:\n  - go\n  - pip:\n      - requests\n',
      [{ name: 'libx', spec: '1' }],
      'dependencies:\n  - go\n  - libx 1\n  - pip:\n      - requests\n',
    ],
    ['the line already there: no byte changes', 'dependencies:\n  - go   # any\n', [{ name: 'go', spec: '*' }], 'dependencies:\n  - go   # any\n'],
    [
      'a double-quoted entry stays double-quoted',
      'dependencies:\n  - "libgit2 >=1"\n',
      [{ name: 'libgit2', spec: '1.5.*' }],
      'dependencies:\n  - "libgit2 1.5.*"\n',
    ],
  ])('%s', (_name, before, changes, after) => {
    expect(editEnvironmentYml(before, 'e.yml', changes)).toBe(after);
  });

  const refusal = (text: string, changes: { name: string; spec: string }[]) => {
    try {
      editEnvironmentYml(text, 'e.yml', changes);
    } catch (err) {
      if (err instanceof SyncInputError) return [err.message, err.hint];
      throw err;
    }
    return null;
  };
  test.each<[string, string, { name: string; spec: string }[], [string, string]]>([
    [
      'flow style, two lines to add',
      'dependencies: [go, zlib]\n',
      [
        { name: 'libx', spec: '1' },
        { name: 'liby', spec: '2' },
      ],
      ['e.yml: cannot append to an empty or flow-style `dependencies` list', 'add the lines by hand: - libx 1, - liby 2'],
    ],
    [
      'an empty flow list',
      'dependencies: []\n',
      [{ name: 'libx', spec: '1' }],
      ['e.yml: cannot append to an empty or flow-style `dependencies` list', 'add the line by hand: - libx 1'],
    ],
    [
      '`dependencies:` with nothing',
      'dependencies:\n',
      [{ name: 'libx', spec: '1' }],
      ['e.yml: cannot edit: no `dependencies:` list', 'add `dependencies:` with at least one package'],
    ],
    [
      'no dependencies key',
      'name: x\n',
      [{ name: 'libx', spec: '1' }],
      ['e.yml: cannot edit: no `dependencies:` list', 'add `dependencies:` with at least one package'],
    ],
    [
      'broken YAML',
      'name: [\n',
      [{ name: 'libx', spec: '1' }],
      ['e.yml: cannot edit: not a valid environment file', 'fix it first (`gocondad sync --check` names the line)'],
    ],
    [
      'a list, not a mapping',
      '- a\n',
      [{ name: 'libx', spec: '1' }],
      ['e.yml: cannot edit: not a valid environment file', 'fix it first (`gocondad sync --check` names the line)'],
    ],
  ])('refused: %s', (_name, text, changes, said) => {
    expect(refusal(text, changes)).toStrictEqual(said);
  });
});

describe('planGoModEdits: the missing toolchain and the failing edit in words', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-gomodplan-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\r\n\r\ngo 1.24\r\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  const said = (goBin: string, env: NodeJS.ProcessEnv) => {
    try {
      planGoModEdits(path.join(dir, 'go.mod'), goBin, [{ flags: ['-go=1.22'] }], env);
    } catch (err) {
      return [(err as Error).constructor.name, (err as Error).message, (err as { hint?: string }).hint];
    }
    return null;
  };
  test('no go on PATH, a named go that does not exist: MissingGoError, go.mod untouched, no copy left', () => {
    const gomod = path.join(dir, 'go.mod');
    expect(said('go', { PATH: path.join(dir, 'empty') })).toStrictEqual([
      'MissingGoError',
      `editing ${gomod} needs \`go mod edit\`, and no \`go\` is on PATH; nothing was written`,
      'activate the env (its Go), or put a go on PATH, or name the env with -p PREFIX, then run the same command again',
    ]);
    expect(said('/nonexistent/bin/go', {})).toStrictEqual([
      'MissingGoError',
      `editing ${gomod} needs \`go mod edit\`, and /nonexistent/bin/go does not exist; nothing was written`,
      'see why with: gocondad explain (the env has no usable toolchain), then run the same command again',
    ]);
    expect(fs.readFileSync(gomod, 'utf8')).toBe('module example.com/app\r\n\r\ngo 1.24\r\n');
    expect(fs.readdirSync(dir)).toStrictEqual(['go.mod']);
  });
  test('a go that fails: its stderr in the message, the hint says go.mod is unchanged', () => {
    const fake = path.join(dir, 'fakego');
    fs.writeFileSync(fake, '#!/bin/sh\necho "go: bad flag  " >&2\nexit 3\n', { mode: 0o755 });
    expect(said(fake, {})).toStrictEqual([
      'SyncInputError',
      `${path.join(dir, 'go.mod')}: \`${fake} mod edit -go=1.22\` failed: go: bad flag`,
      'nothing was written (go.mod is unchanged); run the command yourself to see why',
    ]);
    expect(fs.readdirSync(dir).sort()).toStrictEqual(['fakego', 'go.mod']);
  });
  test('the real go on a CRLF go.mod: the plan holds both texts, go.mod itself is untouched until commit', () => {
    const GO = '/usr/lib/go-1.22/bin/go';
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-gohome-'));
    try {
      noTelemetry(home);
      const plan = planGoModEdits(path.join(dir, 'go.mod'), GO, [{ flags: ['-go=1.22'] }], { ...process.env, HOME: home });
      expect(plan).toStrictEqual({
        file: path.join(dir, 'go.mod'),
        before: 'module example.com/app\r\n\r\ngo 1.24\r\n',
        after: 'module example.com/app\n\ngo 1.22\n',
      });
      expect(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8')).toBe('module example.com/app\r\n\r\ngo 1.24\r\n');
    } finally {
      fs.rmSync(home, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

describe('commitEdits: what is said when a file cannot be put back', () => {
  test('the second write fails and so does the first file’s restore: both named', () => {
    const writes: [string, string][] = [];
    const write = (f: string, t: string) => {
      writes.push([f, t]);
      if (f === 'b' || (f === 'a' && t === 'old a')) throw new Error(`EACCES ${f}`);
    };
    let caught: GocondadError | undefined;
    try {
      commitEdits(
        [
          { file: 'a', before: 'old a', after: 'new a' },
          { file: 'b', before: 'old b', after: 'new b' },
          { file: 'c', before: 'old c', after: 'new c' },
        ],
        write,
      );
    } catch (err) {
      caught = err as GocondadError;
    }
    expect([caught?.message, caught?.hint]).toStrictEqual([
      'cannot write b: EACCES b; and could not put back a',
      'make the files writable, then run the same command again',
    ]);
    expect(writes).toStrictEqual([
      ['a', 'new a'],
      ['b', 'new b'],
      ['a', 'old a'],
    ]);
  });
  test('the restore works: "nothing was written", the first file written twice', () => {
    const writes: [string, string][] = [];
    expect(() =>
      commitEdits(
        [
          { file: 'a', before: 'old a', after: 'new a' },
          { file: 'b', before: 'old b', after: 'new b' },
        ],
        (f, t) => {
          writes.push([f, t]);
          if (f === 'b') throw new Error('EROFS');
        },
      ),
    ).toThrow(new Error('cannot write b: EROFS; nothing was written'));
    expect(writes).toStrictEqual([
      ['a', 'new a'],
      ['b', 'new b'],
      ['a', 'old a'],
    ]);
  });
});

// Issue 21 §1: writer.ts's Stryker survivors, each one step past what the tables above hold.
describe('editEnvironmentYml: one step further', () => {
  test.each<[string, string, { name: string; spec: string }[], string]>([
    [
      'a flow-style list, an edit and nothing to append: edited in place (only appending is refused there)',
      'dependencies: [go, libopencv]\n',
      [{ name: 'go', spec: '1.22.*' }],
      'dependencies: [go 1.22.*, libopencv]\n',
    ],
    [
      'a flow-style list, a spec with a comma: double-quoted (plain, the comma would end the item)',
      'dependencies: [go, libopencv]\n',
      [{ name: 'libopencv', spec: '>=4.8,<4.9' }],
      'dependencies: [go, "libopencv >=4.8,<4.9"]\n',
    ],
    [
      'a block list, a spec with a comma: stays plain (a comma ends nothing there)',
      'dependencies:\n  - go\n  - libopencv\n',
      [{ name: 'libopencv', spec: '>=4.8,<4.9' }],
      'dependencies:\n  - go\n  - libopencv >=4.8,<4.9\n',
    ],
    [
      'a last package of one letter (r): the new line is indented like it',
      'name: app\ndependencies:\n  - r\n',
      [{ name: 'libx', spec: '1' }],
      'name: app\ndependencies:\n  - r\n  - libx 1\n',
    ],
    [
      'only a pip section, two packages: both before it, one a line',
      'dependencies:\n  - pip:\n      - requests\n',
      [
        { name: 'libx', spec: '1' },
        { name: 'liby', spec: '2' },
      ],
      'dependencies:\n  - libx 1\n  - liby 2\n  - pip:\n      - requests\n',
    ],
    [
      'a plain entry whose new text holds " #" (YAML would cut a comment there): double-quoted',
      'dependencies:\n  - libx\n',
      [{ name: 'libx', spec: '1 #pinned' }],
      'dependencies:\n  - "libx 1 #pinned"\n',
    ],
    [
      'the last package with its dash alone on the line above: the new item is indented like the dash (at column 0 it was invalid YAML)',
      'dependencies:\n  - zlib\n  -\n    go\n',
      [{ name: 'libx', spec: '1' }],
      'dependencies:\n  - zlib\n  -\n    go\n  - libx 1\n',
    ],
    [
      'a dash alone with a comment after it, a blank and a comment line before its package, CRLF',
      'dependencies:\r\n    -   # the toolchain\r\n\r\n      # pinned by hand\r\n      go\r\n',
      [{ name: 'libx', spec: '1' }],
      'dependencies:\r\n    -   # the toolchain\r\n\r\n      # pinned by hand\r\n      go\r\n    - libx 1\r\n',
    ],
    [
      'only a pip section whose dash is alone: the package goes before the dash, not inside the item',
      'dependencies:\n  -\n    pip:\n      - requests\n',
      [{ name: 'libx', spec: '1' }],
      'dependencies:\n  - libx 1\n  -\n    pip:\n      - requests\n',
    ],
    [
      'a dash alone, its package behind an anchor that holds a dash (`&go-pin`): the new item takes the dash line’s indent, not the anchor’s dash',
      'dependencies:\n  - zlib\n  -\n    &go-pin go\n',
      [{ name: 'libx', spec: '1' }],
      'dependencies:\n  - zlib\n  -\n    &go-pin go\n  - libx 1\n',
    ],
    [
      'a dash alone, then a comment line that ends in a dash, then the package: the comment is no dash line',
      'dependencies:\n  -\n    # pinned -\n    go\n',
      [{ name: 'libx', spec: '1' }],
      'dependencies:\n  -\n    # pinned -\n    go\n  - libx 1\n',
    ],
    [
      'an appended line holding " #": double-quoted',
      'dependencies:\n  - go\n',
      [{ name: 'libx', spec: '1 #pinned' }],
      'dependencies:\n  - go\n  - "libx 1 #pinned"\n',
    ],
  ])('%s', (_name, before, changes, after) => {
    expect(editEnvironmentYml(before, 'e.yml', changes)).toBe(after);
  });

  test.each([
    ['dependencies:\n  - zlib\n  -\n    go\n', ['zlib', 'go', 'libx']],
    ['dependencies:\r\n    -   # c\r\n\r\n      go\r\n', ['go', 'libx']],
    ['dependencies:\n  -\n    pip:\n      - requests\n', ['libx']],
  ])('a dash alone: the edited file %j reads back with the new package', (before, names) => {
    const out = editEnvironmentYml(before, 'e.yml', [{ name: 'libx', spec: '1' }]);
    expect([...parseEnvironmentYml(out, 'e.yml').packages.keys()]).toStrictEqual(names);
  });
  test('the flow list with a quoted comma spec reads back as two packages (unquoted it was three, one with no name)', () => {
    const out = editEnvironmentYml('dependencies: [go, libopencv]\n', 'e.yml', [{ name: 'libopencv', spec: '>=4.8,<4.9' }]);
    expect([...parseEnvironmentYml(out, 'e.yml').packages.values()].map((p) => [p.name, p.spec])).toStrictEqual([
      ['go', null],
      ['libopencv', '>=4.8,<4.9'],
    ]);
  });

  test('planGoModEdits: a failing go named with every flag of every edit, space-separated', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-gomodplan2-'));
    try {
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.24\n');
      const fake = path.join(dir, 'fakego');
      fs.writeFileSync(fake, '#!/bin/sh\necho "go: bad flag" >&2\nexit 3\n', { mode: 0o755 });
      expect(() =>
        planGoModEdits(path.join(dir, 'go.mod'), fake, [{ flags: ['-go=1.22', '-require=a.b/c@v1.0.0'] }, { flags: ['-droprequire=d.e/f'] }], {}),
      ).toThrow(new Error(`${path.join(dir, 'go.mod')}: \`${fake} mod edit -go=1.22 -require=a.b/c@v1.0.0 -droprequire=d.e/f\` failed: go: bad flag`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });

  test('commitEdits: the third write fails and neither earlier file can be put back: both named, comma-separated', () => {
    const write = (f: string, t: string) => {
      if (f === 'c' || t.startsWith('old')) throw new Error(`EACCES ${f}`);
    };
    const edits = ['a', 'b', 'c'].map((f) => ({ file: f, before: `old ${f}`, after: `new ${f}` }));
    expect(() => commitEdits(edits, write)).toThrow(new Error('cannot write c: EACCES c; and could not put back a, b'));
  });
});

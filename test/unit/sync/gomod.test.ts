// go.mod parsing, held to the real `go mod edit -json` of every installed toolchain
// (scripts/ensure-test-deps installs them).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SyncInputError } from '../../../src/sync/errors';
import { effectiveVersion, parseGoMod, toEditJson } from '../../../src/sync/gomod';
import { noTelemetry } from '../../helpers/world';

const TOOLCHAINS = ['1.19', '1.21', '1.22', '1.23'];

const FULL = `// a module using every part of the grammar
module example.com/proj/v2

go 1.21

toolchain go1.22.5

require (
\tgithub.com/libgit2/git2go/v34 v34.0.0
\tgocv.io/x/gocv v0.35.0 // indirect
\tgithub.com/tensorflow/tensorflow v2.15.0+incompatible
\tgolang.org/x/sys v0.0.0-20240101010101-abcdefabcdef // indirect; kept for x
\texample.com/pre v1.2.3-beta.0.20240101010101-abcdefabcdef
\texample.com/patch v1.2.4-0.20240101010101-abcdefabcdef
\tgopkg.in/yaml.v3 v3.0.1
)

require "github.com/pebbe/zmq4" v1.2.10
require example.com/short v1.2

replace github.com/mattn/go-sqlite3 => ../sqlite
replace (
\tgocv.io/x/gocv v0.35.0 => gocv.io/x/gocv v0.36.1
\texample.com/pre => example.com/fork v1.0.0
)
exclude example.com/bad v1.0.0
retract [v1.0.0, v1.1.0] // broken
retract (
\t// leaked a key
\tv1.1.1
)
`;

function realEditJson(version: string, text: string): { json?: unknown; stderr: string } {
  const go = `/usr/lib/go-${version}/bin/go`;
  if (!fs.existsSync(go)) throw new Error(`${go} is missing: run \`bash scripts/ensure-test-deps\` as root (installs golang-${version}-go)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-gomod-'));
  noTelemetry(dir);
  try {
    fs.writeFileSync(path.join(dir, 'go.mod'), text);
    const r = spawnSync(go, ['mod', 'edit', '-json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', HOME: dir } });
    return r.status === 0 ? { json: JSON.parse(r.stdout), stderr: r.stderr } : { stderr: r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

describe('parseGoMod agrees with `go mod edit -json`', () => {
  test.each(TOOLCHAINS.filter((v) => v !== '1.19'))(
    'go %s: go, toolchain, require blocks, indirect, replace, pseudo-versions, +incompatible, exclude, retract',
    (v) => {
      const real = realEditJson(v, FULL);
      expect(real.stderr).toBe('');
      expect(toEditJson(parseGoMod(FULL, 'go.mod'))).toEqual(real.json);
    },
  );

  test('go 1.19 (no toolchain directive yet): the same file without its toolchain line', () => {
    const text = FULL.replace('toolchain go1.22.5\n', '');
    const real = realEditJson('1.19', text);
    expect(real.stderr).toBe('');
    expect(toEditJson(parseGoMod(text, 'go.mod'))).toEqual(real.json);
  });

  test.each(TOOLCHAINS)('go %s: a bare module', (v) => {
    expect(toEditJson(parseGoMod('module x\n', 'go.mod'))).toEqual(realEditJson(v, 'module x\n').json);
  });

  test.each(TOOLCHAINS)('go %s rejects what the parser rejects (unknown directive, bad version)', (v) => {
    for (const bad of ['module x\nfoo bar\n', 'module x\nrequire a.b/c latest\n', 'module x\nrequire `a.b/c` v1.0.0\n']) {
      expect(realEditJson(v, bad).json).toBeUndefined();
      expect(() => parseGoMod(bad, 'go.mod')).toThrow(SyncInputError);
    }
  });
});

describe('parseGoMod', () => {
  // read in beforeAll, not while jest collects the tests (see conda/envyml.test.ts)
  let mod: ReturnType<typeof parseGoMod>;
  beforeAll(() => (mod = parseGoMod(FULL, '/p/go.mod')));
  test('records lines for messages', () => {
    expect(mod.goLine).toBe(4);
    expect(mod.require.find((r) => r.path === 'gocv.io/x/gocv')?.line).toBe(10);
  });
  test('errors name file and line and say what to do', () => {
    try {
      parseGoMod('module x\n\nrequire (\n\ta.b/c v1.0.0\n\ta.b/d nope\n)\n', '/p/go.mod');
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(SyncInputError);
      expect((err as SyncInputError).message).toBe('/p/go.mod:5: require a.b/d: "nope" is not a module version (vX.Y.Z)');
      expect((err as SyncInputError).hint).toMatch(/go mod tidy/);
    }
    expect(() => parseGoMod('module x\nrequire (\n', 'go.mod')).toThrow(/unclosed `require \(` block/);
    expect(() => parseGoMod('go 1.22\n', 'go.mod')).toThrow(/no module directive/);
    expect(() => parseGoMod('module x\ngo 1.22 extra\n', 'go.mod')).toThrow(/go.mod:2: go: invalid go version/);
    expect(() => parseGoMod('module x\nrequire "a.b/c v1.0.0\n', 'go.mod')).toThrow(/go.mod:2: unterminated quoted string/);
  });
  test('CRLF line ends', () => {
    expect(parseGoMod('module x\r\ngo 1.22\r\n', 'go.mod').go).toBe('1.22');
  });
  test('effectiveVersion follows replace: versioned, path-wide, to a directory', () => {
    const req = (p: string) => mod.require.find((r) => r.path === p)!;
    expect(effectiveVersion(mod, req('gocv.io/x/gocv'))).toEqual({ path: 'gocv.io/x/gocv', version: 'v0.36.1' });
    expect(effectiveVersion(mod, req('example.com/pre'))).toEqual({ path: 'example.com/fork', version: 'v1.0.0' });
    expect(effectiveVersion(mod, req('github.com/pebbe/zmq4'))).toEqual({ path: 'github.com/pebbe/zmq4', version: 'v1.2.10' });
    const dirRep = parseGoMod('module x\nrequire a.b/c v1.0.0\nreplace a.b/c => ../c\n', 'go.mod');
    expect(effectiveVersion(dirRep, dirRep.require[0]!)).toEqual({ path: '../c', version: null });
  });
});

// Every shape real go.mod files take, CRLF line ends throughout: a quoted module path with an escape,
// go and toolchain with rc/suffix, godebug on one line and in a block, `//indirect` glued to the version,
// the `indirect;` forms Go does and does not count, short versions Go canonicalizes, a prerelease that
// ends like a short version, single-line and block exclude/replace, a rationale from two comment lines
// and one cut off by a blank line. go 1.23 (the first that knows godebug) says the same.
const SHAPES = [
  '// shapes real tools and people write',
  'module "example.com/q\\"uoted"',
  '',
  'go 1.21rc1',
  'toolchain go1.22.5-custom',
  'godebug default=go1.21',
  'godebug (',
  '\tpanicnil=1',
  ')',
  '',
  'require (',
  '\ta.b/direct v1 //indirect',
  '\ta.b/two v1.10',
  '\ta.b/semi v1.0.0 // indirect;',
  '\ta.b/why v1.0.0 // indirect; pulled by x',
  '\ta.b/tab v1.0.0 // indirect\tx',
  '\ta.b/pre v1.2.3-pre.v1',
  ')',
  'require a.b/single v0.1.0// indirect',
  'exclude (',
  '\ta.b/e v1.0.0',
  '\ta.b/e v1.1.0',
  ')',
  'replace a.b/two v1.10.0 => a.b/fork v1.2',
  'replace (',
  '\ta.b/pre => ./pre',
  ')',
  '// first',
  '// second',
  'retract v0.9.0',
  '// dropped by the blank line',
  '',
  'retract [v0.1.0,v0.2.0]',
  '',
].join('\r\n');

describe('parseGoMod: every shape, the whole result', () => {
  test('go 1.23 reads the shapes as the parser does', () => {
    const real = realEditJson('1.23', SHAPES);
    expect(real.stderr).toBe('');
    expect(toEditJson(parseGoMod(SHAPES, 'go.mod'))).toEqual(real.json);
  });

  test('the parsed file, lines and all', () => {
    expect(parseGoMod(SHAPES, '/p/go.mod')).toEqual({
      file: '/p/go.mod',
      module: 'example.com/q"uoted',
      go: '1.21rc1',
      goLine: 4,
      toolchain: 'go1.22.5-custom',
      require: [
        { path: 'a.b/direct', version: 'v1.0.0', indirect: true, line: 12 },
        { path: 'a.b/two', version: 'v1.10.0', indirect: false, line: 13 },
        { path: 'a.b/semi', version: 'v1.0.0', indirect: false, line: 14 },
        { path: 'a.b/why', version: 'v1.0.0', indirect: true, line: 15 },
        { path: 'a.b/tab', version: 'v1.0.0', indirect: false, line: 16 },
        { path: 'a.b/pre', version: 'v1.2.3-pre.v1', indirect: false, line: 17 },
        { path: 'a.b/single', version: 'v0.1.0', indirect: true, line: 19 },
      ],
      exclude: [
        { path: 'a.b/e', version: 'v1.0.0' },
        { path: 'a.b/e', version: 'v1.1.0' },
      ],
      replace: [
        { old: { path: 'a.b/two', version: 'v1.10.0' }, new: { path: 'a.b/fork', version: 'v1.2.0' }, line: 24 },
        { old: { path: 'a.b/pre' }, new: { path: './pre' }, line: 26 },
      ],
      retract: [
        { low: 'v0.9.0', high: 'v0.9.0', rationale: 'first\nsecond' },
        { low: 'v0.1.0', high: 'v0.2.0', rationale: '' },
      ],
    });
  });

  test('an empty block, a trailing comment on a retract, a comment before another directive is no rationale', () => {
    const text = 'module x\nrequire (\n)\n// about y\nrequire a.b/y v1.0.0\nretract v1.0.0 //  trailing words  \nretract (\n\t// in the block\n\tv1.1.0\n)\n';
    expect(parseGoMod(text, 'go.mod')).toEqual({
      file: 'go.mod',
      module: 'x',
      go: null,
      goLine: null,
      toolchain: null,
      require: [{ path: 'a.b/y', version: 'v1.0.0', indirect: false, line: 5 }],
      exclude: [],
      replace: [],
      retract: [
        { low: 'v1.0.0', high: 'v1.0.0', rationale: 'trailing words' },
        { low: 'v1.1.0', high: 'v1.1.0', rationale: 'in the block' },
      ],
    });
    // a comment line before a directive other than retract does not carry over to the next retract
    expect(parseGoMod('module x\n// about y\nrequire a.b/y v1.0.0\nretract v1.0.0\n', 'go.mod').retract).toEqual([
      { low: 'v1.0.0', high: 'v1.0.0', rationale: '' },
    ]);
  });

  test.each([
    ['1', true],
    ['1.22', true],
    ['1.22.10', true],
    ['1.21rc1', true],
    ['1.21beta2', true],
    ['1.2.3.4', false],
    ['11.2', false],
    ['1.22x', false],
    ['1.21rc', false],
    ['1.21alpha1', false],
    ['v1.22', false],
  ])('go %s: accepted %s', (v, ok) => {
    const parse = () => parseGoMod(`module x\ngo ${v}\n`, 'go.mod');
    if (ok) expect(parse().go).toBe(v);
    else expect(thrownMessage(parse)).toBe(`go.mod:2: go: invalid go version "${v}" (expected e.g. 1.22 or 1.22.5)`);
  });

  test.each([
    ['go1.22.5', true],
    ['go1.22', true],
    ['go1.21rc2', true],
    ['go1.22.10-custom', true],
    ['default', true],
    ['1.22.5', false],
    ['go1.22.5x', false],
    ['xgo1.22', false],
    ['defaults', false],
    ['xdefault', false],
    ['go1.2.3.4', false],
  ])('toolchain %s: accepted %s', (v, ok) => {
    const parse = () => parseGoMod(`module x\ntoolchain ${v}\n`, 'go.mod');
    if (ok) expect(parse().toolchain).toBe(v);
    else expect(thrownMessage(parse)).toBe(`go.mod:2: toolchain: invalid toolchain "${v}" (expected e.g. go1.22.5)`);
  });

  test.each([
    ['v1', 'v1.0.0'],
    ['v10', 'v10.0.0'],
    ['v1.2', 'v1.2.0'],
    ['v1.10', 'v1.10.0'],
    ['v2.0.0+incompatible', 'v2.0.0+incompatible'],
    ['v1.2.3-pre.v1', 'v1.2.3-pre.v1'],
    ['v1.2.3-pre.v1.2', 'v1.2.3-pre.v1.2'],
  ])('require version %s is %s', (v, want) => {
    expect(parseGoMod(`module x\nrequire a.b/c ${v}\n`, 'go.mod').require).toEqual([{ path: 'a.b/c', version: want, indirect: false, line: 2 }]);
  });

  // What Go counts as `// indirect`: the comment's one word "indirect", or a first word "indirect;".
  test.each([
    ['// indirect', true],
    ['//indirect', true],
    ['//   indirect   ', true],
    ['// indirect; kept for x', true],
    ['//indirect;\tx', true],
    ['// indirect;', false],
    ['// indirect;why', false],
    ['// indirect x', false],
    ['// indirectly', false],
    ['// x indirect', false],
    ['// x; indirect;', false],
    ['', false],
  ])('require … %j: indirect %s', (comment, indirect) => {
    expect(parseGoMod(`module x\nrequire a.b/c v1.0.0 ${comment}\n`, 'go.mod').require[0]!.indirect).toBe(indirect);
  });

  test.each([
    ['replace a.b/c => a.b/d', { old: { path: 'a.b/c' }, new: { path: 'a.b/d' }, line: 2 }],
    ['replace a.b/c v1.0.0 => a.b/d', { old: { path: 'a.b/c', version: 'v1.0.0' }, new: { path: 'a.b/d' }, line: 2 }],
    ['replace a.b/c => a.b/d v2', { old: { path: 'a.b/c' }, new: { path: 'a.b/d', version: 'v2.0.0' }, line: 2 }],
    ['replace a.b/c v1 => a.b/d v2.1', { old: { path: 'a.b/c', version: 'v1.0.0' }, new: { path: 'a.b/d', version: 'v2.1.0' }, line: 2 }],
  ])('%s', (line, want) => {
    expect(parseGoMod(`module x\n${line}\n`, 'go.mod').replace).toEqual([want]);
  });

  test.each([
    // tokenizer
    ['module x\nrequire "a.b/c v1.0.0\n', 'go.mod:2: unterminated quoted string'],
    ['module x\nrequire "a.b/c\\" v1.0.0\n', 'go.mod:2: unterminated quoted string'],
    ['module x\nrequire `a.b/c` v1.0.0\n', 'go.mod:2: a back-quoted string is not allowed here (go.mod quotes with ")'],
    // directives
    ['module x y\n', 'go.mod:1: module: expected one module path'],
    ['module\n', 'go.mod:1: module: expected one module path'],
    ['module x\ngo\n', 'go.mod:2: go: invalid go version "" (expected e.g. 1.22 or 1.22.5)'],
    ['module x\ngo 1.22 extra\n', 'go.mod:2: go: invalid go version "1.22 extra" (expected e.g. 1.22 or 1.22.5)'],
    ['module x\ntoolchain go1.22 go1.23\n', 'go.mod:2: toolchain: invalid toolchain "go1.22 go1.23" (expected e.g. go1.22.5)'],
    ['module x\nrequire a.b/c\n', 'go.mod:2: require: expected a module path and a version'],
    ['module x\nrequire a.b/c v1.0.0 v1.1.0\n', 'go.mod:2: require: expected a module path and a version'],
    ['module x\nrequire a.b/c latest\n', 'go.mod:2: require a.b/c: "latest" is not a module version (vX.Y.Z)'],
    ['module x\nexclude a.b/c\n', 'go.mod:2: exclude: expected a module path and a version'],
    ['module x\nexclude a.b/c master\n', 'go.mod:2: exclude a.b/c: "master" is not a module version (vX.Y.Z)'],
    ['module x\nreplace => a.b/d\n', 'go.mod:2: replace: expected `old [version] => new [version]`'],
    ['module x\nreplace a.b/c v1.0.0 v1.1.0 => a.b/d\n', 'go.mod:2: replace: expected `old [version] => new [version]`'],
    ['module x\nreplace a.b/c =>\n', 'go.mod:2: replace: expected `old [version] => new [version]`'],
    ['module x\nreplace a.b/c => a.b/d v1.0.0 x\n', 'go.mod:2: replace: expected `old [version] => new [version]`'],
    // no spaces around => make one word: Go refuses it too
    ['module x\nreplace a.b/c=>../d\n', 'go.mod:2: replace: expected `old [version] => new [version]`'],
    ['module x\nreplace a.b/c a.b/d\n', 'go.mod:2: replace: expected `old [version] => new [version]`'],
    ['module x\nreplace a.b/c vX => a.b/d\n', 'go.mod:2: replace a.b/c: "vX" is not a module version (vX.Y.Z)'],
    ['module x\nreplace a.b/c => a.b/d vX\n', 'go.mod:2: replace => a.b/d: "vX" is not a module version (vX.Y.Z)'],
    ['module x\nretract [v1.0.0, v1.1.0\n', 'go.mod:2: retract: expected [low, high]'],
    ['module x\nretract [v1.0.0 v1.1.0]\n', 'go.mod:2: retract: expected [low, high]'],
    ['module x\nretract [v1.0.0, v1.1.0, v1.2.0]\n', 'go.mod:2: retract: expected [low, high]'],
    ['module x\nretract v1.0.0 v1.1.0\n', 'go.mod:2: retract: expected a version or [low, high]'],
    ['module x\nretract [v1.0.0, nope]\n', 'go.mod:2: retract: "nope" is not a module version (vX.Y.Z)'],
    ['module x\nretract nope\n', 'go.mod:2: retract: "nope" is not a module version (vX.Y.Z)'],
    ['module x\nfoo bar\n', 'go.mod:2: unknown directive: foo'],
    // a BOM: go refuses it too ("unexpected input character '\ufeff'")
    ['\ufeffmodule x\n', 'go.mod:1: unknown directive: \ufeffmodule'],
    // blocks
    ['module x\nfoo (\n)\n', 'go.mod:2: unknown block: foo ('],
    ['module x\nrequire (\n\ta.b/c v1.0.0\n', 'go.mod:4: unclosed `require (` block'],
    // `)` with more on its line is refused, as Go's modfile parser does; never a require of a module `)`
    ['module x\nrequire (\n\ta.b/c v1.0.0\n) x\n', 'go.mod:4: syntax error (expected newline after closing paren)'],
    ['module x\nrequire (\n\ta.b/c v1.0.0\n) v1.0.0\n', 'go.mod:4: syntax error (expected newline after closing paren)'],
    ['module x\ntool (\n\ta.b/c\n)x\n', 'go.mod:4: syntax error (expected newline after closing paren)'],
    ['module x\nrequire ( a.b/c v1.0.0\n', 'go.mod:2: require: expected a module path and a version'],
    ['go 1.22\n', 'go.mod:1: no module directive'],
    ['', 'go.mod:1: no module directive'],
  ])('refused: %j', (text, message) => {
    expect(thrownMessage(() => parseGoMod(text, 'go.mod'))).toBe(message);
  });

  test('a `)` followed by a comment closes its block (real Go 1.19 and 1.23 read it so)', () => {
    expect(parseGoMod('module x\nrequire (\n\ta.b/c v1.0.0\n) // end\nrequire d.e/f v2.0.0\n', 'go.mod').require).toEqual([
      { path: 'a.b/c', version: 'v1.0.0', indirect: false, line: 3 },
      { path: 'd.e/f', version: 'v2.0.0', indirect: false, line: 5 },
    ]);
  });

  test('quoted strings: an escaped quote stays inside, an escaped backslash ends before the quote', () => {
    expect(parseGoMod('module x\nrequire "a.b/c\\\\" v1.0.0\nrequire "a.b/\\"d" v1.0.0\n', 'go.mod').require).toEqual([
      { path: 'a.b/c\\', version: 'v1.0.0', indirect: false, line: 2 },
      { path: 'a.b/"d', version: 'v1.0.0', indirect: false, line: 3 },
    ]);
  });

  test('the hints: fix the line, or add a module line', () => {
    expect(thrownHint(() => parseGoMod('module x\nfoo\n', 'go.mod'))).toBe('fix the line (see https://go.dev/ref/mod#go-mod-file) or run `go mod tidy`');
    expect(thrownHint(() => parseGoMod('module x\nrequire (\n', 'go.mod'))).toBe('fix the line (see https://go.dev/ref/mod#go-mod-file) or run `go mod tidy`');
    expect(thrownHint(() => parseGoMod('go 1.22\n', 'go.mod'))).toBe('add `module <path>` as the first line (`go mod init <path>`)');
  });

  test('toEditJson: what `go mod edit -json` leaves out', () => {
    expect(toEditJson(parseGoMod('module x\n', 'go.mod'))).toEqual({ Module: { Path: 'x' }, Require: null, Exclude: null, Replace: null, Retract: null });
  });

  test('effectiveVersion: a versioned replace applies to that version only', () => {
    const m = parseGoMod(
      'module x\nrequire (\n\ta.b/c v1.1.0\n\ta.b/d v1.0.0\n)\nreplace a.b/c v1.0.0 => a.b/e v1.0.0\nreplace a.b/d v1.0.0 => a.b/f v2.0.0\n',
      'go.mod',
    );
    expect(effectiveVersion(m, m.require[0]!)).toEqual({ path: 'a.b/c', version: 'v1.1.0' });
    expect(effectiveVersion(m, m.require[1]!)).toEqual({ path: 'a.b/f', version: 'v2.0.0' });
  });
});

function thrownMessage(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof SyncInputError) return err.message;
    throw err;
  }
  throw new Error('nothing thrown');
}

function thrownHint(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof SyncInputError) return err.hint;
    throw err;
  }
  throw new Error('nothing thrown');
}

// Stryker's survivors in gomod.ts (issue 21 §1), each case one step past the ones above.
describe('parseGoMod: one step further (Stryker survivors)', () => {
  test('a bare CR is whitespace, as Go reads it (go 1.23 `go mod edit -json` agrees), and stays inside a comment', () => {
    const text = 'module x\nrequire a.b/c\rv1.0.0\nretract v1.0.0 // bad\rrelease\r\n';
    const real = realEditJson('1.23', text);
    expect(real.stderr).toBe('');
    expect(toEditJson(parseGoMod(text, 'go.mod'))).toStrictEqual(real.json);
    expect(toEditJson(parseGoMod(text, 'go.mod'))).toStrictEqual({
      Module: { Path: 'x' },
      Require: [{ Path: 'a.b/c', Version: 'v1.0.0' }],
      Exclude: null,
      Replace: null,
      Retract: [{ Low: 'v1.0.0', High: 'v1.0.0', Rationale: 'bad\rrelease' }],
    });
  });

  test('a quoted string with a bad escape or a raw tab is refused at its line (was a SyntaxError)', () => {
    expect(thrownMessage(() => parseGoMod('module x\nrequire "a.b/c\\q" v1.0.0\n', 'go.mod'))).toBe('go.mod:2: invalid quoted string "a.b/c\\q"');
    expect(thrownMessage(() => parseGoMod('module x\nrequire "a.b/c\td" v1.0.0\n', 'go.mod'))).toBe('go.mod:2: invalid quoted string "a.b/c\td"');
  });

  test('a two-digit major before the minor is canonicalized like the others (go 1.23 says v10.2.0 too)', () => {
    expect(parseGoMod('module x\nrequire a.b/c/v10 v10.2\n', 'go.mod').require).toStrictEqual([
      { path: 'a.b/c/v10', version: 'v10.2.0', indirect: false, line: 2 },
    ]);
  });

  test('a release candidate with a two-digit number: go 1.21rc10, toolchain go1.21rc10 (go 1.23 reads both)', () => {
    const mod = parseGoMod('module x\ngo 1.21rc10\ntoolchain go1.21rc10\n', 'go.mod');
    expect([mod.go, mod.toolchain]).toStrictEqual(['1.21rc10', 'go1.21rc10']);
  });

  test('"indirect;" that is not the first word marks nothing (Go reads only the first word)', () => {
    expect(parseGoMod('module x\nrequire a.b/c v1.0.0 // x indirect; y\n', 'go.mod').require[0]!.indirect).toBe(false);
  });

  test('a retract on the first line has no rationale', () => {
    expect(parseGoMod('retract v1.0.0\nmodule x\n', 'go.mod').retract).toStrictEqual([{ low: 'v1.0.0', high: 'v1.0.0', rationale: '' }]);
  });

  // each refused by go 1.23 too: "unexpected token after version", "expected ',' after version", "expected ']' after version"
  test.each([
    ['module x\nretract [v1.0.0, v1.1.0] x\n', 'go.mod:2: retract: expected [low, high]'],
    ['module x\nretract [v1.0.0 x v1.1.0]\n', 'go.mod:2: retract: expected [low, high]'],
    ['module x\nretract [v1.0.0, v1.1.0 x\n', 'go.mod:2: retract: expected [low, high]'],
    ['module x\nretract [nope, v1.0.0]\n', 'go.mod:2: retract: "nope" is not a module version (vX.Y.Z)'],
  ])('refused: %j', (text, message) => {
    expect(thrownMessage(() => parseGoMod(text, 'go.mod'))).toBe(message);
  });

  test('tool and ignore (Go 1.24, 1.25): read past, on one line or as a block', () => {
    const text =
      'module x\ntool golang.org/x/tools/cmd/stringer\nignore ./node_modules\ntool (\n\texample.com/gen\n)\nignore (\n\t./dist\n)\nrequire a.b/c v1.0.0\n';
    expect(parseGoMod(text, 'go.mod').require).toStrictEqual([{ path: 'a.b/c', version: 'v1.0.0', indirect: false, line: 10 }]);
  });
});

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
    fs.rmSync(dir, { recursive: true, force: true });
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
  const mod = parseGoMod(FULL, '/p/go.mod');
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

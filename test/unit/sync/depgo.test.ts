// The required modules' go lines, from the module cache and from directory replacements.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { depGoLines, goLineOf } from '../../../src/sync/depgo';
import { parseGoMod } from '../../../src/sync/gomod';

let tmp: string;
beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-depgo-'))));
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 }));

function cached(mod: string, version: string, text: string): void {
  const d = path.join(
    tmp,
    'modcache',
    'cache',
    'download',
    mod.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`),
    '@v',
  );
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, `${version}.mod`), text);
}

test('the highest go line wins; a module missing from the cache is named, not guessed', () => {
  cached('github.com/BurntSushi/toml', 'v1.4.0', 'module github.com/BurntSushi/toml\n\ngo 1.18\n');
  cached('golang.org/x/sys', 'v0.30.0', 'module golang.org/x/sys\n\ngo 1.23.0 // needs 1.23\n');
  fs.mkdirSync(path.join(tmp, 'proj', 'local'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'proj', 'local', 'go.mod'), 'module example.com/local\n\ngo 1.21\n');
  const mod = parseGoMod(
    'module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/BurntSushi/toml v1.4.0\n\tgolang.org/x/sys v0.30.0\n\texample.com/local v0.0.0\n\texample.com/gone v1.0.0\n)\n\nreplace example.com/local => ./local\n',
    '/p/go.mod',
  );
  const r = depGoLines(mod, path.join(tmp, 'proj'), path.join(tmp, 'modcache'));
  expect(r.max).toEqual({ module: 'golang.org/x/sys@v0.30.0', go: '1.23.0' });
  expect(r.missing).toEqual([{ path: 'example.com/gone', version: 'v1.0.0' }]);
  expect(goLineOf('module m\n')).toBeNull();
});

// Issue 21 §1: which go.mod a requirement's go line comes from, and which line is the go line.
test.each<[string, string | null]>([
  ['module m\n\ngo 1.21\n', '1.21'],
  ['module m\n\ngo   1.21.3   // pinned\n', '1.21.3'],
  ['module m\n// go 1.99\n', null],
  ['module m\n\ntoolchain go1.23.0\n', null],
  ['module m\n\n go 1.21\n', null],
  ['module m\n\ngo 1.21 extra\n', null],
  ['module m\n\ngo\n', null],
])('goLineOf(%j) = %j', (text, want) => {
  expect(goLineOf(text)).toBe(want);
});

test('replacements: by version only when the old version matches; a directory replacement read from there; ties keep the first', () => {
  cached('example.com/a', 'v1.0.0', 'module example.com/a\n\ngo 1.20\n');
  cached('example.com/fork', 'v2.0.0', 'module example.com/fork\n\ngo 1.21\n');
  cached('example.com/b', 'v1.0.0', 'module example.com/b\n\ngo 1.21\n');
  fs.mkdirSync(path.join(tmp, 'local'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'local', 'go.mod'), 'module example.com/c\n\ngo 1.22\n');
  const mc = path.join(tmp, 'modcache');
  const req = 'module x\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0\n)\n';
  // a replacement of another version of a does not apply
  expect(depGoLines(parseGoMod(`${req}\nreplace example.com/a v0.9.0 => example.com/fork v2.0.0\n`, '/p/go.mod'), path.join(tmp, 'proj'), mc)).toStrictEqual({
    max: { module: 'example.com/b@v1.0.0', go: '1.21' },
    missing: [],
  });
  // the matching one does (and is named by the requirement, not the fork); b's equal go line does not displace it
  expect(depGoLines(parseGoMod(`${req}\nreplace example.com/a v1.0.0 => example.com/fork v2.0.0\n`, '/p/go.mod'), path.join(tmp, 'proj'), mc)).toStrictEqual({
    max: { module: 'example.com/a@v1.0.0', go: '1.21' },
    missing: [],
  });
  // a directory replacement, relative to the project
  expect(depGoLines(parseGoMod(`${req}\nreplace example.com/a => ../local\n`, '/p/go.mod'), path.join(tmp, 'proj'), mc)).toStrictEqual({
    max: { module: 'example.com/a@v1.0.0', go: '1.22' },
    missing: [],
  });
  // a directory replacement with no go.mod there is missing, under its directory path
  expect(depGoLines(parseGoMod(`${req}\nreplace example.com/a => ../nowhere\n`, '/p/go.mod'), path.join(tmp, 'proj'), mc)).toStrictEqual({
    max: { module: 'example.com/b@v1.0.0', go: '1.21' },
    missing: [{ path: '../nowhere', version: 'v1.0.0' }],
  });
});

// go.sum adds the modules a pre-1.17 go.mod does not list.
import { parseGoMod } from '../../../src/sync/gomod';
import { parseGoSum, withGoSum } from '../../../src/sync/gosum';

const SUM = `github.com/libgit2/git2go/v31 v31.4.3 h1:abc=
github.com/libgit2/git2go/v31 v31.4.3/go.mod h1:def=
github.com/libgit2/git2go/v31 v31.7.9 h1:ghi=
github.com/libgit2/git2go/v31 v31.10.0/go.mod h1:jkl=
golang.org/x/sys v0.0.0-20200101000000-abcdefabcdef h1:mno=
not a line
`;

test('the highest version with content per module; go.mod-only lines and junk skipped', () => {
  expect(Object.fromEntries(parseGoSum(SUM))).toEqual({ 'github.com/libgit2/git2go/v31': 'v31.7.9', 'golang.org/x/sys': 'v0.0.0-20200101000000-abcdefabcdef' });
});

test('a go 1.16 module gets go.sum’s modules as indirect requirements; a 1.17+ one lists them itself', () => {
  const old = parseGoMod('module x\n\ngo 1.16\n\nrequire golang.org/x/sys v0.0.0-20200101000000-abcdefabcdef\n', 'go.mod');
  const merged = withGoSum(old, parseGoSum(SUM));
  expect(merged.require.map((r) => [r.path, r.version, r.indirect])).toEqual([
    ['golang.org/x/sys', 'v0.0.0-20200101000000-abcdefabcdef', false],
    ['github.com/libgit2/git2go/v31', 'v31.7.9', true],
  ]);
  const modern = parseGoMod('module x\n\ngo 1.21\n', 'go.mod');
  expect(withGoSum(modern, parseGoSum(SUM))).toBe(modern);
  expect(withGoSum(old, null)).toBe(old);
});

test('go.sum as go writes it (CRLF too): versions compared as semver, not as text; junk and go.mod-only lines skipped', () => {
  const text = [
    'a.b/c v1.9.0 h1:x=',
    'a.b/c v1.10.0 h1:y=',
    'a.b/c v1.2.0 h1:z=',
    'a.b/d v1.0.0/go.mod h1:w=',
    'a.b/e latest h1:v=',
    'a.b/f v1.0.0',
    '  a.b/g   v0.1.0   h1:u=  ',
    'a.b/h v2.0.0+incompatible h1:t=\r',
    // equal in semver order (build metadata): the first line stays
    'a.b/i v2.0.0 h1:s=',
    'a.b/i v2.0.0+incompatible h1:r=',
    '',
  ].join('\n');
  expect(Object.fromEntries(parseGoSum(text))).toEqual({ 'a.b/c': 'v1.10.0', 'a.b/g': 'v0.1.0', 'a.b/h': 'v2.0.0+incompatible', 'a.b/i': 'v2.0.0' });
});

test.each([
  [null, true],
  ['1.16', true],
  ['1.9', true],
  ['1', true],
  ['1.17', false],
  ['1.21.3', false],
])('go %s: go.sum adds modules: %s', (go, adds) => {
  const mod = parseGoMod(`module x\n${go ? `go ${go}\n` : ''}require a.b/listed v1.0.0\n`, 'go.mod');
  const sum = new Map([
    ['a.b/listed', 'v1.5.0'],
    ['a.b/extra', 'v0.2.0'],
  ]);
  const want = adds
    ? [
        { path: 'a.b/listed', version: 'v1.0.0', indirect: false, line: go ? 3 : 2 },
        { path: 'a.b/extra', version: 'v0.2.0', indirect: true, line: 0 },
      ]
    : mod.require;
  expect(withGoSum(mod, sum).require).toEqual(want);
  expect(withGoSum(mod, sum).module).toBe('x');
});

test('nothing extra in go.sum: the same module back', () => {
  const mod = parseGoMod('module x\ngo 1.16\nrequire a.b/listed v1.0.0\n', 'go.mod');
  expect(withGoSum(mod, new Map([['a.b/listed', 'v1.0.0']]))).toBe(mod);
});

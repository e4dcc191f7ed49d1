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

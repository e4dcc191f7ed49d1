// The go-line fix checked against the required modules' go lines (issue 20 §7).
import { toolchainGoFix } from '../../../src/sync/toolchain-check';

test('a dependency that needs a newer Go than the env has: no go-line fix, the reason named', () => {
  const f = toolchainGoFix('1.25.0', '1.22.5', { max: { module: 'golang.org/x/sys@v0.30.0', go: '1.23.0' }, missing: [] });
  expect(f.goEdit).toBeNull();
  expect(f.fix.go).toBe(
    "none: golang.org/x/sys@v0.30.0 needs go 1.23.0 (its go.mod in the module cache), newer than the env's go 1.22.5; give the env go >=1.23.0 instead",
  );
});

test('a dependency that needs a newer patch the env has: the line goes to it, not to the bare minor', () => {
  expect(toolchainGoFix('1.25.0', '1.22.5', { max: { module: 'm@v1', go: '1.22.3' }, missing: [] }).goEdit).toEqual(['-go=1.22.3']);
  expect(toolchainGoFix('1.25.0', '1.22.5', { max: { module: 'm@v1', go: '1.21' }, missing: [] }).goEdit).toEqual(['-go=1.22']);
});

test('modules missing from the cache: the fix says it could not check them', () => {
  const f = toolchainGoFix('1.25.0', '1.22.5', {
    max: null,
    missing: [
      { path: 'a', version: 'v1.0.0' },
      { path: 'b', version: 'v1.0.0' },
    ],
  });
  expect(f.goEdit).toEqual(['-go=1.22']);
  expect(f.fix.go).toContain('not checked against the go lines of 2 required modules missing from the module cache (run `go mod download`)');
});

// `go list -deps` offline with a real Go: the whole build's imports, go.mod untouched; null when it cannot answer.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listDeps } from '../../../src/sync/golist';
import { GO122, noTelemetry } from '../../helpers/world';

const GO = path.join(GO122, 'bin', 'go');
let tmp: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  if (!fs.existsSync(GO)) throw new Error(`${GO} missing: run scripts/ensure-test-deps (installs golang-1.22-go)`);
});
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-golist-'));
  noTelemetry(tmp);
  env = { HOME: tmp, PATH: '/usr/bin:/bin', GOMODCACHE: path.join(tmp, 'modcache'), GOCACHE: path.join(tmp, 'gocache') };
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 }));

test('a module whose imports are all at hand: every package of the build, go.mod and go.sum unchanged', () => {
  fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
  fs.mkdirSync(path.join(tmp, 'sub'));
  fs.writeFileSync(path.join(tmp, 'main.go'), 'package main\n\nimport _ "example.com/app/sub"\n\nfunc main() {}\n');
  fs.writeFileSync(path.join(tmp, 'sub', 'sub.go'), 'package sub\n\nimport _ "net/http"\n');
  const deps = listDeps(tmp, GO, [], env);
  expect(deps).not.toBeNull();
  expect([...deps!]).toEqual(expect.arrayContaining(['example.com/app', 'example.com/app/sub', 'net/http', 'crypto/tls']));
  expect(fs.readFileSync(path.join(tmp, 'go.mod'), 'utf8')).toBe('module example.com/app\n\ngo 1.22\n');
  expect(fs.existsSync(path.join(tmp, 'go.sum'))).toBe(false);
});

test('a requirement not in the module cache, no go, or no package: no answer (the caller reads the .go files)', () => {
  fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/app\n\ngo 1.22\n\nrequire gocv.io/x/gocv v0.43.0\n');
  expect(listDeps(tmp, GO, [], env)).toBeNull();
  fs.writeFileSync(path.join(tmp, 'main.go'), 'package main\n\nimport _ "gocv.io/x/gocv"\n\nfunc main() {}\n');
  expect(listDeps(tmp, GO, [], env)).toBeNull();
  expect(listDeps(tmp, path.join(tmp, 'no-go'), [], env)).toBeNull();
  expect(fs.readFileSync(path.join(tmp, 'go.mod'), 'utf8')).toBe('module example.com/app\n\ngo 1.22\n\nrequire gocv.io/x/gocv v0.43.0\n');
});

test('build tags reach go list; the user’s GOFLAGS and GOWORK do not', () => {
  fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
  fs.writeFileSync(path.join(tmp, 'main.go'), 'package main\n\nfunc main() {}\n');
  fs.writeFileSync(path.join(tmp, 'dyn.go'), '//go:build dynamic && cgo2\n\npackage main\n\nimport _ "os/user"\n');
  // the user's GOFLAGS would add tags of its own, and a go.work naming no module would make go list fail
  fs.writeFileSync(path.join(tmp, 'go.work'), 'go 1.22\n');
  const hostile = { ...env, GOFLAGS: '-tags=dynamic,cgo2' };
  const has = (tags: string[]) => listDeps(tmp, GO, tags, hostile)?.has('os/user') ?? null;
  expect([has([]), has(['dynamic']), has(['dynamic', 'cgo2'])]).toStrictEqual([false, false, true]);
});

test('a directory without go.mod: no answer, nothing thrown', () => {
  expect(listDeps(path.join(tmp, 'nowhere'), GO, [], env)).toBeNull();
});

// `go list -deps` offline with a real Go: the whole build's imports, go.mod untouched; null when it cannot answer.
import { spawnSync } from 'node:child_process';
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

test('its temp copy of go.mod is removed whether go answers, fails, or never runs', () => {
  // os.tmpdir() moved into this test's own dir (jest's process.env is not the one node:os reads), which must be empty again after each call
  const own = path.join(tmp, 'tmpdir');
  fs.mkdirSync(own);
  const tmpdir = jest.spyOn(require('node:os') as typeof os, 'tmpdir').mockReturnValue(own);
  try {
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
    fs.writeFileSync(path.join(tmp, 'main.go'), 'package main\n\nfunc main() {}\n');
    const left = () => fs.readdirSync(own);
    expect([listDeps(tmp, GO, [], env)?.has('example.com/app'), left()]).toStrictEqual([true, []]);
    expect([listDeps(tmp, path.join(tmp, 'no-go'), [], env), left()]).toStrictEqual([null, []]);
    // no go.mod to copy: the copy throws inside, and the temp dir made before it still goes
    expect([listDeps(path.join(tmp, 'nowhere'), GO, [], env), left()]).toStrictEqual([null, []]);
    expect(tmpdir).toHaveBeenCalledTimes(3);
  } finally {
    tmpdir.mockRestore();
  }
});

// Stryker's survivors in golist.ts (issue 21 §1): what reaches the go command, and the go.sum copy.
describe('one step further (Stryker survivors)', () => {
  /** A go that writes its environment and arguments to $LOG, then runs the real Go 1.22. */
  const recordingGo = () => {
    const go = path.join(tmp, 'go-recording');
    fs.writeFileSync(
      go,
      `#!/bin/sh\n{ printf 'GOFLAGS=%s GOPROXY=%s GOTOOLCHAIN=%s GOWORK=%s GOTELEMETRY=%s\\n' "$GOFLAGS" "$GOPROXY" "$GOTOOLCHAIN" "$GOWORK" "$GOTELEMETRY"; printf '%s\\n' "$@"; } > "$LOG"\nexec ${GO} "$@"\n`,
      { mode: 0o755 },
    );
    return go;
  };
  const recorded = (log: string) =>
    fs
      .readFileSync(log, 'utf8')
      .replace(/gocondad-golist-[A-Za-z0-9]{6}/, 'gocondad-golist-XXXXXX')
      .split('\n');

  test('the go command gets an offline, local, workspace-free, telemetry-free environment, a go.mod copy in its own temp dir, and -tags only when there are tags', () => {
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
    fs.writeFileSync(path.join(tmp, 'main.go'), 'package main\n\nfunc main() {}\n');
    const log = path.join(tmp, 'log');
    const go = recordingGo();
    const hostile = {
      ...env,
      LOG: log,
      GOFLAGS: '-tags=x',
      GOPROXY: 'https://proxy.example',
      GOTOOLCHAIN: 'auto',
      GOWORK: path.join(tmp, 'go.work'),
      GOTELEMETRY: 'on',
    };
    const modfile = `-modfile=${path.join(os.tmpdir(), 'gocondad-golist-XXXXXX', 'go.mod')}`;
    expect(listDeps(tmp, go, [], hostile)?.has('example.com/app')).toBe(true);
    expect(recorded(log)).toStrictEqual([
      'GOFLAGS= GOPROXY=off GOTOOLCHAIN=local GOWORK=off GOTELEMETRY=off',
      'list',
      '-deps',
      modfile,
      '-mod=mod',
      '-f',
      '{{.ImportPath}}',
      './...',
      '',
    ]);
    listDeps(tmp, go, ['a', 'b'], hostile);
    expect(recorded(log)).toStrictEqual([
      'GOFLAGS= GOPROXY=off GOTOOLCHAIN=local GOWORK=off GOTELEMETRY=off',
      'list',
      '-deps',
      modfile,
      '-mod=mod',
      '-f',
      '{{.ImportPath}}',
      '-tags=a,b',
      './...',
      '',
    ]);
  });

  test('packages only in subdirectories are found (./..., not the root alone)', () => {
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
    fs.mkdirSync(path.join(tmp, 'cmd'));
    fs.writeFileSync(path.join(tmp, 'cmd', 'main.go'), 'package main\n\nimport _ "os/user"\n\nfunc main() {}\n');
    expect(listDeps(tmp, GO, [], env)?.has('os/user')).toBe(true);
  });

  test("the project's go.sum goes with the go.mod copy: a cached dependency is verified by it, offline", () => {
    // a module cache holding example.com/lib v1.0.0 (one package importing os/user), written here
    const v = path.join(tmp, 'modcache', 'cache', 'download', 'example.com', 'lib', '@v');
    fs.mkdirSync(v, { recursive: true });
    const libMod = 'module example.com/lib\n\ngo 1.19\n';
    fs.writeFileSync(path.join(v, 'list'), 'v1.0.0\n');
    fs.writeFileSync(path.join(v, 'v1.0.0.info'), '{"Version":"v1.0.0","Time":"2024-01-02T03:04:05Z"}\n');
    fs.writeFileSync(path.join(v, 'v1.0.0.mod'), libMod);
    const zip =
      'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], "w")\nz.writestr("example.com/lib@v1.0.0/go.mod", sys.argv[2])\nz.writestr("example.com/lib@v1.0.0/lib.go", "package lib\\n\\nimport _ \\"os/user\\"\\n")\nz.close()\n';
    expect(spawnSync('/usr/bin/python3', ['-c', zip, path.join(v, 'v1.0.0.zip'), libMod]).status).toBe(0);
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/app\n\ngo 1.22\n\nrequire example.com/lib v1.0.0\n');
    fs.writeFileSync(path.join(tmp, 'main.go'), 'package main\n\nimport _ "example.com/lib"\n\nfunc main() {}\n');
    // without go.sum the go command asks the checksum database: no network, no answer
    expect(listDeps(tmp, GO, [], env)).toBeNull();
    // the hashes real Go 1.22 wrote for this module (go mod tidy, GOSUMDB=off)
    const sum =
      'example.com/lib v1.0.0 h1:HEfiLBYKvyzr0mopmCTd/NCwwFc2NUupCovOGzK/q7A=\nexample.com/lib v1.0.0/go.mod h1:HwqbfeMRqJtcNhqUwzjhPwsEB0Cr5U3U5sCLg7xgNyo=\n';
    fs.writeFileSync(path.join(tmp, 'go.sum'), sum);
    expect(listDeps(tmp, GO, [], env)?.has('os/user')).toBe(true);
    expect(fs.readFileSync(path.join(tmp, 'go.sum'), 'utf8')).toBe(sum);
  });
});

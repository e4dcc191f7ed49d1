// What the package is (`go list`) and its build (`go build`), with the real Go 1.22 on modules written
// here; the program's file name when Go reports no target; go list's line format.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultBinName, describeMain, goBuild, parseListLine } from '../../../src/bundle/gobuild';
import { GOCACHE } from '../../helpers/gomodcache';
import { caught } from '../../helpers/caught';

const GO = '/usr/lib/go-1.22/bin/go';
let dir: string;
let env: Record<string, string>;

beforeAll(() => {
  if (!fs.existsSync(GO)) throw new Error(`${GO} is missing: run bash scripts/ensure-test-deps (installs golang-1.22)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-gobuild-'));
  env = {
    PATH: '/usr/bin:/bin',
    HOME: dir,
    GOPATH: path.join(dir, 'gopath'),
    GOBIN: path.join(dir, 'gobin'),
    GOCACHE,
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    GOFLAGS: '-mod=mod',
    GOTELEMETRY: 'off',
    CGO_ENABLED: '1',
  };
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write('app/go.mod', 'module example.com/app/v2\n\ngo 1.21\n');
  write('app/main.go', 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("built") }\n');
  write('app/cmd/tool/main.go', 'package main\n\nimport "example.com/app/v2/cwrap"\n\nfunc main() { println(cwrap.N()) }\n');
  write('app/cwrap/c.go', 'package cwrap\n\n// int n(void) { return 3; }\nimport "C"\n\nfunc N() int { return int(C.n()) }\n');
  write('app/lib/lib.go', 'package lib\n\nconst X = 1\n');
  write('app/usebad/main.go', 'package main\n\nimport _ "example.com/app/v2/bad"\n\nfunc main() {}\n');
  write('app/bad/bad.go', 'package bad\n\nimport _ "example.com/missing"\n');
  write('app/docs/README', 'no Go here\n');
  write('app/ignored/main.go', '//go:build ignore\n\npackage main\n\nfunc main() {}\n');
  write('app/xmain/main.go', 'package main\n\n// int n(void) { return 4; }\nimport "C"\n\nfunc main() { println(C.n()) }\n');
  write('app/broken/main.go', 'package main\n\nfunc main() { undefined() }\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

describe('describeMain', () => {
  it('a pure Go main package: its import path, dir, the name go install gives it, no cgo', () => {
    expect(describeMain(GO, '.', env, path.join(dir, 'app'))).toEqual({
      importPath: 'example.com/app/v2',
      dir: path.join(dir, 'app'),
      binName: 'app',
      cgoPackages: [],
    });
  });

  it('a main package whose dependency has cgo files: that package is named', () => {
    expect(describeMain(GO, './cmd/tool', env, path.join(dir, 'app'))).toEqual({
      importPath: 'example.com/app/v2/cmd/tool',
      dir: path.join(dir, 'app', 'cmd', 'tool'),
      binName: 'tool',
      cgoPackages: ['example.com/app/v2/cwrap'],
    });
  });

  it('cross-compiling with GOBIN set, Go names no target: the name comes from the import path, /v2 skipped', () => {
    expect(describeMain(GO, '.', { ...env, GOARCH: 'arm64' }, path.join(dir, 'app'))).toEqual({
      importPath: 'example.com/app/v2',
      dir: path.join(dir, 'app'),
      binName: 'app',
      cgoPackages: [],
    });
  });

  it('for windows, without GOBIN: the name is Go’s target’s, .exe and all', () => {
    const noGobin: Record<string, string> = { ...env, GOOS: 'windows', GOARCH: 'amd64' };
    delete noGobin.GOBIN;
    expect(describeMain(GO, '.', noGobin, path.join(dir, 'app'))).toEqual({
      importPath: 'example.com/app/v2',
      dir: path.join(dir, 'app'),
      binName: 'app.exe',
      cgoPackages: [],
    });
  });

  it('a main package whose dependency cannot be found: go list passes, go list -deps fails with Go’s words', () => {
    const err = caught(() => describeMain(GO, './usebad', env, path.join(dir, 'app')));
    // Go says "go: finding module for package …" once, twice or not at all (its lookup cache): those lines aside, exact.
    expect({ ...err, message: err.message.replace(/go: finding module for package example\.com\/missing\n/g, '') }).toEqual({
      name: 'BundleError',
      message: 'go list -deps ./usebad failed: bad/bad.go:3:8: cannot find module providing package example.com/missing: module lookup disabled by GOPROXY=off',
      hint: 'fix the build error above, then bundle again',
    });
  });

  it('a package that is not main: no program to bundle', () => {
    expect(caught(() => describeMain(GO, './lib', env, path.join(dir, 'app')))).toEqual({
      name: 'BundleError',
      message: 'example.com/app/v2/lib is package lib, not a main package: there is no program to bundle',
      hint: 'name a package with `package main` and a func main, e.g. gocondad bundle ./cmd/app -o DIR',
    });
  });

  it.each<[string, number]>([
    ['./c...', 2], // cmd/tool and cwrap
    ['./docs/...', 0], // a dir with no Go files: go list warns and exits 0
  ])('a pattern naming no single package: %s', (pkg, n) => {
    expect(caught(() => describeMain(GO, pkg, env, path.join(dir, 'app')))).toEqual({
      name: 'BundleError',
      message: `${pkg} names ${n} packages`,
      hint: 'name exactly one main package, e.g. gocondad bundle ./cmd/app -o DIR',
    });
  });

  it('go list failing: its words, where it ran', () => {
    const cwd = path.join(dir, 'app');
    expect(caught(() => describeMain(GO, './nope', env, cwd))).toEqual({
      name: 'BundleError',
      message: `go list ./nope failed in ${cwd}: stat ${cwd}/nope: directory not found`,
      hint: 'run gocondad bundle in the module’s directory, or name the main package (e.g. ./cmd/app)',
    });
  });

  describe('a package Go excludes: the hint names cgo only when cgo off is why', () => {
    const CGO_OFF = 'CGO_ENABLED=0 hides the files that import "C": unset CGO_ENABLED (or set it to 1) and bundle again';
    const NOT_FOUND = 'run gocondad bundle in the module’s directory, or name the main package (e.g. ./cmd/app)';
    it.each<[string, string, string, string]>([
      ['./xmain', '0', 'go list ./xmain failed in APP: package example.com/app/v2/xmain: build constraints exclude all Go files in APP/xmain', CGO_OFF],
      [
        './ignored',
        '0',
        'go list ./ignored failed in APP: package example.com/app/v2/ignored: build constraints exclude all Go files in APP/ignored',
        NOT_FOUND,
      ],
      [
        './ignored',
        '1',
        'go list ./ignored failed in APP: package example.com/app/v2/ignored: build constraints exclude all Go files in APP/ignored',
        NOT_FOUND,
      ],
      [
        './cmd/tool',
        '0',
        'go list -deps ./cmd/tool failed: package example.com/app/v2/cmd/tool\n\timports example.com/app/v2/cwrap: build constraints exclude all Go files in APP/cwrap',
        CGO_OFF,
      ],
    ])('%s with CGO_ENABLED=%j', (pkg, cgo, message, hint) => {
      const app = path.join(dir, 'app');
      expect(caught(() => describeMain(GO, pkg, { ...env, CGO_ENABLED: cgo }, app))).toEqual({
        name: 'BundleError',
        message: message.replaceAll('APP', app),
        hint,
      });
    });

    // Go 1.20 on: CGO_ENABLED unset or empty and no C compiler on PATH, Go turns cgo off by itself.
    const NO_CC =
      'Go turned cgo off (CGO_ENABLED unset, no C compiler on PATH), which hides the files that import "C": install one into the env (conda install c-compiler) or name it in CC, then bundle again';
    it.each<[string, string | undefined, string]>([
      ['./xmain', undefined, NO_CC],
      ['./xmain', '', NO_CC],
      ['./ignored', undefined, NOT_FOUND],
    ])('%s with CGO_ENABLED %j and no C compiler on PATH', (pkg, cgo, hint) => {
      const app = path.join(dir, 'app');
      const noCc: Record<string, string> = { ...env, PATH: path.join(dir, 'no-cc') };
      delete noCc.CGO_ENABLED;
      if (cgo !== undefined) noCc.CGO_ENABLED = cgo;
      const name = pkg.slice(2);
      expect(caught(() => describeMain(GO, pkg, noCc, app))).toEqual({
        name: 'BundleError',
        message: `go list ${pkg} failed in ${app}: package example.com/app/v2/${name}: build constraints exclude all Go files in ${app}/${name}`,
        hint,
      });
    });
  });

  it('a go that cannot be run', () => {
    expect(caught(() => describeMain(path.join(dir, 'no-go'), '.', env, dir))).toEqual({
      name: 'BundleError',
      message: `cannot run ${path.join(dir, 'no-go')}: spawnSync ${path.join(dir, 'no-go')} ENOENT`,
      hint: 'check the env’s toolchain with: gocondad doctor',
    });
  });
});

describe('goBuild', () => {
  it('builds the package to the given file, without the build machine’s paths (-trimpath)', () => {
    const out = path.join(dir, 'out', 'bin', 'app');
    goBuild(GO, '.', out, env, path.join(dir, 'app'));
    expect(spawnSync(out, { encoding: 'utf8' }).stdout).toBe('built\n');
    expect(fs.readFileSync(out).includes(Buffer.from(path.join(dir, 'app')))).toBe(false);
  });

  it('a build error: the compiler’s words after the command', () => {
    expect(caught(() => goBuild(GO, './broken', path.join(dir, 'out', 'broken'), env, path.join(dir, 'app')))).toEqual({
      name: 'BundleError',
      message: 'go build ./broken failed:\n# example.com/app/v2/broken\nbroken/main.go:3:15: undefined: undefined',
      hint: 'the same build inside the activated env shows the error; fix it, then bundle again',
    });
  });
});

test('the last path element, skipping a major-version suffix, as go build names binaries', () => {
  expect(
    ['example.com/tools/cmd/app', 'example.com/app/v2', 'example.com/app/v12', 'app', 'v2', 'example.com/v2x', 'example.com/app/xv2', 'example.com/app/v'].map(
      defaultBinName,
    ),
  ).toEqual(['app', 'app', 'app', 'app', 'v2', 'v2x', 'xv2', 'v']);
});

test('go list fields, tab-separated (paths with spaces stay whole)', () => {
  expect(parseListLine('main\texample.com/app\t/src/my app\t/env/bin/app')).toEqual({
    name: 'main',
    importPath: 'example.com/app',
    dir: '/src/my app',
    target: '/env/bin/app',
  });
  expect(parseListLine('lib\texample.com/lib\t/src/lib\t')).toEqual({ name: 'lib', importPath: 'example.com/lib', dir: '/src/lib', target: '' });
  expect(parseListLine('main')).toEqual({ name: 'main', importPath: '', dir: '', target: '' });
});

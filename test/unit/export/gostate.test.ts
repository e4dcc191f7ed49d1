// src/export/gostate.ts: reading `go version -m DIR` (real output of Go 1.23 over a dir holding a tool, Go's
// own commands and a file that is no Go binary), the command that rebuilds a tool, and goState over a temp env.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadContext } from '../../../src/doctor/context';
import { goState, parseVersionM, STATE_VERSION, toolRestoreCommand } from '../../../src/export/gostate';
import { doctorWorld, GO119, GO122, requireToolchains } from '../../helpers/doctor-world';
import { GOCACHE, writeModuleCache } from '../../helpers/gomodcache';
import { noTelemetry } from '../../helpers/world';
import { EXIT, exitCodeOf, formatError } from '../../../src/errors';

const GO = '/usr/lib/go-1.23/bin/go';

test("parseVersionM keeps tools with their main package and module, drops Go's own commands", () => {
  const text = [
    '/p/bin/go: go1.23.5',
    '\tpath\tcmd/go',
    '\tbuild\t-compiler=gc',
    '/p/bin/hello: go1.23.5',
    '\tpath\texample.com/hello/cmd/hello',
    '\tmod\texample.com/hello\tv1.2.3\th1:abc=',
    '\tdep\tgolang.org/x/text\tv0.3.0\th1:def=',
    '/p/bin/local: go1.22.12',
    '\tpath\texample.com/local',
    '\tmod\texample.com/local\t(devel)\t',
    '',
  ].join('\n');
  expect(parseVersionM(text, '/p/bin')).toEqual([
    { name: 'hello', path: 'example.com/hello/cmd/hello', module: 'example.com/hello', version: 'v1.2.3', go: 'go1.23.5' },
    { name: 'local', path: 'example.com/local', module: 'example.com/local', version: '(devel)', go: 'go1.22.12' },
  ]);
});

test('parseVersionM: a file name holding a CR, U+2028 or U+2029 (go prints it as it is) is a tool of that name, not fields of the tool before it', () => {
  const text = [
    '/p/bin/a: go1.23.5',
    '\tpath\texample.com/a',
    '\tmod\texample.com/a\tv1.0.0\th1:a=',
    '/p/bin/b\rc: go1.23.5',
    '\tpath\texample.com/bc',
    '\tmod\texample.com/bc\tv2.0.0\th1:bc=',
    '/p/bin/d\u2028e\u2029f: go1.22.12',
    '\tpath\texample.com/def',
    '',
  ].join('\n');
  expect(parseVersionM(text, '/p/bin')).toEqual([
    { name: 'a', path: 'example.com/a', module: 'example.com/a', version: 'v1.0.0', go: 'go1.23.5' },
    { name: 'b\rc', path: 'example.com/bc', module: 'example.com/bc', version: 'v2.0.0', go: 'go1.23.5' },
    { name: 'd\u2028e\u2029f', path: 'example.com/def', module: null, version: null, go: 'go1.22.12' },
  ]);
});

test('a tool installed as module@version is rebuilt by go install path@version; one built from a checkout cannot be', () => {
  expect(
    toolRestoreCommand({ name: 'hello', path: 'example.com/hello/cmd/hello', module: 'example.com/hello', version: 'v1.2.3', go: 'go1.23.5' }, '/envs/x'),
  ).toBe('conda run -p /envs/x go install example.com/hello/cmd/hello@v1.2.3');
  expect(
    toolRestoreCommand({ name: 'local', path: 'example.com/local', module: 'example.com/local', version: '(devel)', go: 'go1.22.12' }, '/envs/x'),
  ).toBeNull();
  // A module line with no version, or a version with no module: nothing to name.
  expect(toolRestoreCommand({ name: 't', path: 'example.com/t', module: 'example.com/t', version: null, go: 'go1.22.12' }, '/envs/x')).toBeNull();
  expect(toolRestoreCommand({ name: 't', path: 'example.com/t', module: null, version: 'v1.0.0', go: 'go1.22.12' }, '/envs/x')).toBeNull();
});

test("real `go version -m` over a bin dir: a locally built tool is found, Go's own binaries and other files are not", () => {
  if (!fs.existsSync(GO)) throw new Error(`${GO} missing: run bash scripts/ensure-test-deps`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-vm-'));
  noTelemetry(dir);
  try {
    const src = path.join(dir, 'src');
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(src);
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(src, 'go.mod'), 'module example.com/tool\n\ngo 1.21\n');
    fs.writeFileSync(path.join(src, 'main.go'), 'package main\n\nfunc main() {}\n');
    const env = { ...process.env, HOME: dir, GOCACHE, GOTOOLCHAIN: 'local', GOFLAGS: '', GOPROXY: 'off', GOTELEMETRY: 'off' };
    const b = spawnSync(GO, ['build', '-o', path.join(bin, 'tool'), '.'], { cwd: src, env, encoding: 'utf8' });
    expect(b.stderr).toBe('');
    fs.symlinkSync('/usr/lib/go-1.23/bin/gofmt', path.join(bin, 'gofmt'));
    fs.writeFileSync(path.join(bin, 'script'), '#!/bin/sh\n', { mode: 0o755 });
    const r = spawnSync(GO, ['version', '-m', bin], { env, encoding: 'utf8' });
    expect(parseVersionM(r.stdout, bin)).toEqual([{ name: 'tool', path: 'example.com/tool', module: 'example.com/tool', version: '(devel)', go: 'go1.23.5' }]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('parseVersionM: a path holding ": go", text after the version, an indented head, lines outside any tool, tools with no path', () => {
  const text = [
    '\tpath\texample.com/orphan', // before any head: belongs to no tool
    '/p/bin/odd: go name: go1.23.5', // the version is after the last ": "
    '\tpath\texample.com/odd',
    '/p/bin/x: go1.23.5 trailing', // not a head (the version must end the line): its fields go to odd
    '\tpath\texample.com/x',
    '\t/p/bin/y: go1.23.5', // indented: a field line, never a head
    '\tpath\texample.com/z', // so this is still odd's
    'lead\tpath\texample.com/unindented', // not a field (no leading tab)
    '/p/bin/sub/nomod: go1.22.1',
    '\tpath', // a path field with no value
    '/p/bin/nopath: go1.22.1', // no path field at all
    '',
  ].join('\n');
  expect(parseVersionM(text, '/p/bin')).toEqual([{ name: 'odd: go name', path: 'example.com/z', module: null, version: null, go: 'go1.23.5' }]);
  // DIR naming the binary itself: its base name; a mod line with no version.
  expect(parseVersionM('/elsewhere/tool: go1.22.1\n\tpath\texample.com/t\n\tmod\texample.com/t\n', '/elsewhere/tool')).toEqual([
    { name: 'tool', path: 'example.com/t', module: 'example.com/t', version: null, go: 'go1.22.1' },
  ]);
});

// goState over a temp conda root and the two real toolchains; GOBIN is always PREFIX/bin.
describe('goState', () => {
  let world: ReturnType<typeof doctorWorld>;
  let prefix: string;
  const saved = { ...process.env };
  beforeAll(requireToolchains);
  beforeEach(() => {
    world = doctorWorld('gostate');
    prefix = path.join(world.dir, 'conda', 'envs', 'e');
    fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
  });
  afterEach(() => {
    process.env = { ...saved };
    fs.rmSync(world.dir, { recursive: true, force: true, maxRetries: 5 });
  });

  test("no pin, no bin dir: the toolchain chosen and the config's policies, no tools", () => {
    expect(goState(world.ctx, prefix)).toEqual({
      version: STATE_VERSION,
      toolchain: { ok: true, goVersion: 'go1.22.12', goroot: GO122, chosenBy: 'newest', why: expect.any(String) },
      pin: null,
      gopath: { policy: 'per-env', value: path.join(prefix, 'share', 'gopath') },
      gobin: path.join(prefix, 'bin'),
      modcache: 'shared',
      cgo: { policy: 'auto', from: 'config' },
      tools: [],
      restore: [],
    });
  });

  test('a pin (verbatim, with its cgo), a template GOPATH, per-env modcache, and the tools in GOBIN with how to get each back', () => {
    fs.appendFileSync(world.ctx.loc.configFile, 'gopath: "{prefix}/gp"\nmodcache: per-env\ncgo: off\n');
    const ctx = loadContext(world.ctx.loc, world.ctx.env);
    const pin = '# kept as written\ngo: "1.19"\ncgo: on\n';
    fs.mkdirSync(path.join(prefix, 'etc'));
    fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), pin);
    // Two tools built by the env's Go 1.19: one installed as module@version from a module cache, one from a checkout.
    const bin = path.join(prefix, 'bin');
    const cache = path.join(world.dir, 'modcache');
    writeModuleCache(cache, 'example.com/hello', 'v1.0.0');
    const env = {
      ...process.env,
      HOME: world.dir,
      GOCACHE,
      GOBIN: bin,
      GOMODCACHE: cache,
      GOPROXY: `file://${cache}/cache/download`,
      GOSUMDB: 'off',
      GOFLAGS: '',
      GOTOOLCHAIN: 'local',
      GOROOT: GO119,
    };
    const go = path.join(GO119, 'bin', 'go');
    const installed = spawnSync(go, ['install', 'example.com/hello@v1.0.0'], { env, encoding: 'utf8' });
    expect([installed.status, installed.stderr]).toEqual([0, 'go: downloading example.com/hello v1.0.0\n']);
    const src = path.join(world.dir, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'go.mod'), 'module example.com/local\n\ngo 1.19\n');
    fs.writeFileSync(path.join(src, 'main.go'), 'package main\n\nfunc main() {}\n');
    expect(spawnSync(go, ['build', '-o', path.join(bin, 'local'), '.'], { cwd: src, env, encoding: 'utf8' }).stderr).toBe('');
    fs.writeFileSync(path.join(bin, 'script'), '#!/bin/sh\n', { mode: 0o755 });
    // What the env's own go sees matters, not the caller's: a GOROOT of the caller's points elsewhere.
    process.env.GOROOT = GO122;
    process.env.GOTOOLCHAIN = 'go1.99.0';
    expect(goState(ctx, prefix)).toEqual({
      version: STATE_VERSION,
      toolchain: { ok: true, goVersion: 'go1.19.8', goroot: GO119, chosenBy: 'pin', why: expect.any(String) },
      pin: { text: pin, go: '1.19', goroot: null, cgo: 'on' },
      gopath: { policy: `template ${prefix}/gp`.replace(prefix, '{prefix}'), value: path.join(prefix, 'gp') },
      gobin: bin,
      modcache: 'per-env',
      cgo: { policy: 'on', from: 'pin' },
      tools: [
        { name: 'hello', path: 'example.com/hello', module: 'example.com/hello', version: 'v1.0.0', go: 'go1.19.8' },
        { name: 'local', path: 'example.com/local', module: 'example.com/local', version: '(devel)', go: 'go1.19.8' },
      ],
      restore: [
        { what: 'hello: example.com/hello@v1.0.0 (built by go1.19.8)', command: `conda run -p ${prefix} go install example.com/hello@v1.0.0` },
        {
          what: 'local: example.com/local@(devel) (built by go1.19.8)',
          command: 'rebuild local from its source (built from a local checkout, example.com/local) with go install in the activated env',
        },
      ],
    });
  });

  test("no toolchain: no tools are read, the why is kept; the config's cgo when the pin has none; a shared GOPATH", () => {
    fs.appendFileSync(world.ctx.loc.configFile, 'gopath: shared\ncgo: off\n');
    const ctx = loadContext(world.ctx.loc, world.ctx.env);
    fs.mkdirSync(path.join(prefix, 'etc'));
    fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'go: "1.99"\n');
    fs.mkdirSync(path.join(prefix, 'bin'));
    fs.copyFileSync(path.join(GO122, 'bin', 'gofmt'), path.join(prefix, 'bin', 'gofmt'));
    const s = goState(ctx, prefix);
    expect(s).toMatchObject({
      toolchain: { ok: false, goVersion: null, goroot: null, chosenBy: null },
      gopath: { policy: 'shared', value: null },
      cgo: { policy: 'off', from: 'config' },
      tools: [],
      restore: [],
    });
    expect(s.toolchain.why).toMatch(/1\.99/);
    expect(s.pin).toEqual({ text: 'go: "1.99"\n', go: '1.99', goroot: null, cgo: null });
  });

  // Variables the env declares itself (conda env config vars) are conda's: explain says "not touched", and
  // the export records no value of ours for them.
  test('GOPATH and GOBIN the env declares itself: no value recorded, and no tools read from a GOBIN that is not ours', () => {
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'state'), JSON.stringify({ env_vars: { GOPATH: '/mine/gp', GOBIN: '/mine/bin' } }));
    expect(goState(world.ctx, prefix)).toMatchObject({ gopath: { policy: 'per-env', value: null }, gobin: null, tools: [], restore: [] });
  });

  // A pin that is there but cannot be read: an export without it would restore another toolchain, so the
  // export fails in words (bad input, exit 2). An etc/ that is a file holds no pin at all.
  test('a pin that cannot be read fails the export with what to do; an etc that is a file is no pin', () => {
    fs.mkdirSync(path.join(prefix, 'etc', 'gocondad.yml'), { recursive: true });
    let thrown: unknown = null;
    try {
      goState(world.ctx, prefix);
    } catch (err) {
      thrown = err;
    }
    expect([formatError(thrown), exitCodeOf(thrown)]).toEqual([
      `gocondad: ${path.join(prefix, 'etc', 'gocondad.yml')}: it is a directory, not a file; name a file\n`,
      EXIT.USAGE,
    ]);
    fs.rmSync(path.join(prefix, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'etc'), 'not a directory\n');
    expect(goState(world.ctx, prefix)).toMatchObject({ pin: null, toolchain: { goVersion: 'go1.22.12', chosenBy: 'newest' } });
  });

  // `conda export` is run from wherever the user is, often a Go project whose go.mod asks for a newer Go,
  // with the user's own GOPROXY: the env's go must read its GOBIN as it is (GOTOOLCHAIN=local), not try to
  // switch to another toolchain. The tool here was built the old way (GOPATH mode): no module, no version.
  test("GOBIN is read by the env's own go with GOTOOLCHAIN=local, from a module that asks for a newer Go; a tool with no module", () => {
    const bin = path.join(prefix, 'bin');
    const pkg = path.join(world.dir, 'gp', 'src', 'example.com', 'old');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'main.go'), 'package main\n\nfunc main() {}\n');
    const env = { ...process.env, HOME: world.dir, GOCACHE, GOPATH: path.join(world.dir, 'gp'), GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' };
    const b = spawnSync(path.join(GO122, 'bin', 'go'), ['build', '-o', path.join(bin, 'old'), '.'], { cwd: pkg, env, encoding: 'utf8' });
    expect([b.status, b.stderr]).toEqual([0, '']);
    const project = path.join(world.dir, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'go.mod'), 'module example.com/project\n\ngo 1.99\n');
    process.env.GOPROXY = 'off';
    process.env.HOME = world.dir;
    const cwd = process.cwd();
    process.chdir(project);
    try {
      expect(goState(world.ctx, prefix)).toMatchObject({
        toolchain: { goVersion: 'go1.22.12', goroot: GO122 },
        tools: [{ name: 'old', path: 'example.com/old', module: null, version: null, go: 'go1.22.12' }],
        restore: [
          {
            what: 'old: example.com/old@? (built by go1.22.12)',
            command: 'rebuild old from its source (built from a local checkout, example.com/old) with go install in the activated env',
          },
        ],
      });
    } finally {
      process.chdir(cwd);
    }
  });
});

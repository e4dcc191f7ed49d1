// src/doctor/go-checks.ts: the pure decisions (plan problems, platform, what a go.mod needs, where Go
// comes from) on data, and the checks that read an env on temp envs with real Go toolchains.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EnvPlan } from '../../../src/core/envs';
import { planForPrefix } from '../../../src/core/envs';
import type { Plan } from '../../../src/core/activation-plan';
import type { Context } from '../../../src/doctor/context';
import { findModule, goFindings, installHint, moduleFindings, moduleNeedsFindings, planFindings, platformFindings } from '../../../src/doctor/go-checks';
import { doctorWorld, GO119, GO122, requireToolchains } from '../../helpers/doctor-world';

describe('pure decisions', () => {
  test('installHint: conda-forge, Debian and go.dev, with the prefix quoted', () => {
    expect(installHint('go1.23.4', "/envs/it's")).toBe(
      `conda install -p '/envs/it'\\''s' -c conda-forge go=1.23.4  |  sudo apt-get install golang-1.23-go  |  or unpack https://go.dev/dl/go1.23.4.linux-amd64.tar.gz into ~/sdk/go1.23.4 and add ~/sdk to \`toolchains:\``,
    );
    expect(installHint('go1.22rc1', null)).toMatch(/^conda install -c conda-forge go=1\.22rc1 {2}\| {2}sudo apt-get install golang-1\.22-go/);
  });

  test('installHint: a version that is no 1.N is named whole for Debian, never cut to a 1.N found inside it', () => {
    // A go.mod's go line is the user's text: `go 2.1.5` (a Go 2) holds "1.5" after its start.
    const mod = { file: '/src/m/go.mod', go: '2.1.5', toolchain: null };
    expect(moduleNeedsFindings('/e', mod, 'go1.22.1', () => false)).toEqual([
      {
        kind: 'module-needs-unavailable-go',
        severity: 'problem',
        prefix: '/e',
        message: '/src/m/go.mod needs go2.1.5 (go 2.1.5); this env runs go1.22.1 and no local toolchain provides go2.1.5, so `go` fails offline',
        fix: 'conda install -p /e -c conda-forge go=2.1.5  |  sudo apt-get install golang-2.1.5-go  |  or unpack https://go.dev/dl/go2.1.5.linux-amd64.tar.gz into ~/sdk/go2.1.5 and add ~/sdk to `toolchains:`',
      },
    ]);
  });

  test('planFindings: a pin problem with its file and line, an unknown platform as a warning, no toolchain', () => {
    const envPlan = {
      plan: { ok: false, why: 'no toolchain satisfies go 1.99' } as Plan,
      planId: '',
      problems: [
        { file: '/e/etc/gocondad.yml', line: 2, message: 'go: not a version range' },
        { file: '/e/conda-meta', message: 'unknown platform' },
      ],
    } as EnvPlan;
    expect(planFindings('/e', envPlan)).toEqual([
      { kind: 'pin', severity: 'problem', prefix: '/e', message: '/e/etc/gocondad.yml:2: go: not a version range', fix: 'edit /e/etc/gocondad.yml' },
      { kind: 'platform-unknown', severity: 'warning', prefix: '/e', message: '/e/conda-meta: unknown platform', fix: null },
      { kind: 'no-toolchain', severity: 'problem', prefix: '/e', message: 'no toolchain satisfies go 1.99', fix: null },
    ]);
    expect(planFindings('/e', { plan: { ok: true } as Plan, planId: '', problems: [], readAt: 0, trace: [] })).toEqual([]);
  });

  test('platformFindings: an inherited GOOS or GOARCH of another platform only', () => {
    const linux = { subdir: 'linux-64', goos: 'linux', goarch: 'amd64' };
    expect(platformFindings('/e', { GOOS: 'darwin' }, linux)).toEqual([
      expect.objectContaining({
        kind: 'platform-mismatch',
        severity: 'warning',
        message: 'GOOS/GOARCH here are darwin/- but the env is linux-64 (linux/amd64)',
      }),
    ]);
    expect(platformFindings('/e', { GOARCH: 'arm64' }, linux)).toHaveLength(1);
    expect(platformFindings('/e', { GOOS: 'linux', GOARCH: 'amd64' }, linux)).toEqual([]);
    expect(platformFindings('/e', {}, linux)).toEqual([]);
    expect(platformFindings('/e', { GOOS: 'darwin' }, { subdir: null, goos: null, goarch: null })).toEqual([]);
  });

  test('moduleNeedsFindings: a go.mod needing a Go neither the env nor a launcher provides', () => {
    const mod = { file: '/src/m/go.mod', go: '1.23.0', toolchain: null };
    const none = () => false;
    expect(moduleNeedsFindings('/e', mod, 'go1.22.1', none)).toEqual([
      {
        kind: 'module-needs-unavailable-go',
        severity: 'problem',
        prefix: '/e',
        message: '/src/m/go.mod needs go1.23.0 (go 1.23.0); this env runs go1.22.1 and no local toolchain provides go1.23.0, so `go` fails offline',
        fix: installHint('go1.23.0', '/e'),
      },
    ]);
    expect(moduleNeedsFindings('/e', mod, 'go1.22.1', (n) => n === 'go1.23.0')).toEqual([]);
    expect(moduleNeedsFindings('/e', mod, 'go1.23.2', none)).toEqual([]);
    expect(moduleNeedsFindings('/e', null, 'go1.22.1', none)).toEqual([]);
    expect(moduleNeedsFindings('/e', { ...mod, go: '1.22.0', toolchain: 'go1.24.1' }, 'go1.22.1', none)[0]!.message).toContain(
      'needs go1.24.1 (go 1.22.0, toolchain go1.24.1)',
    );
  });
});

describe('on temp envs', () => {
  let dir: string;
  let ctx: Context;
  const makeEnv = (name: string, files: Record<string, string> = {}) => {
    const prefix = path.join(dir, 'conda', 'envs', name);
    fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(prefix, rel)), { recursive: true });
      fs.writeFileSync(path.join(prefix, rel), text, { mode: 0o755 });
    }
    return prefix;
  };
  const plan = (prefix: string) => planForPrefix(prefix, ctx.world, ctx.layout.roots).plan;

  beforeAll(requireToolchains);
  beforeEach(() => {
    ({ dir, ctx } = doctorWorld('gochecks'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  test('a clean env has no findings', () => {
    const e = makeEnv('clean');
    expect(goFindings(ctx, e, plan(e))).toEqual([]);
  });

  test('a go in the env’s bin that no package owns shadows the chosen one; --fix may move it aside', () => {
    const e = makeEnv('shadow', { 'bin/go': '#!/bin/sh\necho fake\n' });
    const [f, ...rest] = goFindings(ctx, e, plan(e));
    expect(rest).toEqual([]);
    expect(f).toEqual({
      kind: 'shadowed-go',
      severity: 'warning',
      prefix: e,
      message: expect.stringContaining(`is not the chosen toolchain ${GO122}`),
      fix: `(cd ${e} && mkdir -p .gocondad-aside/bin && mv bin/go .gocondad-aside/bin/)`,
      safeFix: 'move-aside',
      paths: [path.join(e, 'bin', 'go')],
    });
  });

  test('conda-forge’s go older than the pin, and an inherited GOOS, in that order', () => {
    const e = makeEnv('cf', { 'etc/gocondad.yml': 'go: "1.22"\n' });
    fs.symlinkSync(GO119, path.join(e, 'go'));
    fs.writeFileSync(path.join(e, 'conda-meta', 'history'), '+conda-forge/linux-64::go-1.19.8-h0\n'); // the env's platform
    const findings = goFindings({ ...ctx, env: { ...ctx.env, GOOS: 'darwin' } }, e, plan(e));
    expect(findings.map((f) => f.kind)).toEqual(['conda-go-older-than-pin', 'platform-mismatch']);
    expect(findings[0]!.fix).toBe(`conda install -p ${e} -c conda-forge "go=1.22"`);
    expect(findings[0]!.message).toMatch(/conda-forge go is go1\.19\.\d+ but the pin asks for 1\.22; go1\.22\.\d+ from \/usr\/lib\/go-1\.22 is used instead/);
  });

  test('cgo flags into the env: a problem only when no C compiler is found anywhere', () => {
    const e = makeEnv('cgo');
    fs.mkdirSync(path.join(e, 'lib'));
    const p = plan(e);
    const noCompiler = { ...ctx, env: { PATH: path.join(dir, 'empty-bin') } };
    expect(goFindings(noCompiler, e, p).map((f) => f.kind)).toEqual(['cgo-without-compiler']);
    expect(goFindings(ctx, e, p)).toEqual([]); // gcc or cc in /usr/bin
    expect(goFindings({ ...noCompiler, env: { ...noCompiler.env, CC: '/usr/bin/gcc' } }, e, p)).toEqual([]);
    fs.mkdirSync(path.join(e, 'bin'));
    fs.writeFileSync(path.join(e, 'bin', 'x86_64-conda-linux-gnu-cc'), '#!/bin/sh\n', { mode: 0o755 });
    expect(goFindings(noCompiler, e, p)).toEqual([]);
  });

  test('findModule: the nearest go.work, else go.mod, upwards', () => {
    const top = path.join(dir, 'ws');
    fs.mkdirSync(path.join(top, 'a', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(top, 'go.work'), 'go 1.22.0\n');
    fs.writeFileSync(path.join(top, 'a', 'go.mod'), 'module a\n\ngo 1.21\n\ntoolchain go1.23.1\n');
    expect(findModule(path.join(top, 'a', 'deep'))).toEqual({ file: path.join(top, 'a', 'go.mod'), go: '1.21', toolchain: 'go1.23.1' });
    expect(findModule(top)).toEqual({ file: path.join(top, 'go.work'), go: '1.22.0', toolchain: null });
  });

  test('a go in the env’s bin that IS the chosen toolchain is no finding; one from the env’s own go/ names conda remove', () => {
    const same = makeEnv('same');
    fs.mkdirSync(path.join(same, 'bin'));
    fs.symlinkSync(path.join(GO122, 'bin', 'go'), path.join(same, 'bin', 'go'));
    expect(goFindings(ctx, same, plan(same))).toEqual([]);
    // conda-forge's layout: bin/go -> ../go/bin/go, the package's tree at $PREFIX/go; pinned to another Go.
    const cf = makeEnv('cf-go', { 'etc/gocondad.yml': `goroot: ${GO122}\n` });
    fs.mkdirSync(path.join(cf, 'go', 'bin'), { recursive: true });
    fs.copyFileSync(path.join(GO119, 'bin', 'go'), path.join(cf, 'go', 'bin', 'go'));
    fs.mkdirSync(path.join(cf, 'bin'));
    fs.symlinkSync('../go/bin/go', path.join(cf, 'bin', 'go'));
    const p = plan(cf);
    expect(p.goroot).toBe(GO122);
    expect(goFindings(ctx, cf, p).filter((f) => f.kind === 'shadowed-go')).toEqual([
      {
        kind: 'shadowed-go',
        severity: 'warning',
        prefix: cf,
        message: `${cf}/bin/go (${cf}/go/bin/go) is not the chosen toolchain ${GO122}; gocondad shells put the right one first, \`conda run\` does not`,
        fix: `conda remove -p ${cf} go  (or pin this env to it: echo 'goroot: ${cf}/go' > ${cf}/etc/gocondad.yml)`,
      },
    ]);
  });

  test('the tree of a go package micromamba removed: a warning with the rm that clears it', () => {
    const e = makeEnv('left', { 'go/bin/go': '#!/bin/sh\n' });
    fs.writeFileSync(path.join(e, 'conda-meta', 'history'), '+conda-forge/linux-64::go-1.22.5-h0\n-conda-forge/linux-64::go-1.22.5-h0\n');
    const envPlan = planForPrefix(e, ctx.world, ctx.layout.roots);
    expect(planFindings(e, envPlan)).toEqual([
      {
        kind: 'removed-go-leftover',
        severity: 'warning',
        prefix: e,
        message: `${e}/go is left over from the go package removed from this env (micromamba does not run its pre-unlink script); gocondad no longer uses it`,
        fix: `rm -rf ${e}/go ${e}/bin/go ${e}/bin/gofmt`,
      },
    ]);
    // Still installed (its record is there): the env's own Go, no leftover.
    fs.writeFileSync(path.join(e, 'conda-meta', 'go-1.22.5-h0.json'), '{}');
    expect(planFindings(e, planForPrefix(e, ctx.world, ctx.layout.roots))).toEqual([]);
    // Removed, and only an empty go/bin left: no go to clear.
    fs.rmSync(path.join(e, 'conda-meta', 'go-1.22.5-h0.json'));
    fs.rmSync(path.join(e, 'go', 'bin', 'go'));
    expect(planFindings(e, planForPrefix(e, ctx.world, ctx.layout.roots))).toEqual([]);
    // Removed, but no tree left: nothing to clear.
    const gone = makeEnv('gone');
    fs.writeFileSync(path.join(gone, 'conda-meta', 'history'), '+conda-forge/linux-64::go-1.22.5-h0\n-conda-forge/linux-64::go-1.22.5-h0\n');
    expect(planFindings(gone, planForPrefix(gone, ctx.world, ctx.layout.roots))).toEqual([]);
  });

  test('conda-forge’s go older than a pin nothing satisfies: no "used instead" clause', () => {
    const e = makeEnv('cf-unsat', { 'etc/gocondad.yml': 'go: "1.99"\n' });
    fs.symlinkSync(GO119, path.join(e, 'go'));
    const p = plan(e);
    expect(p.ok).toBe(false);
    const f = goFindings(ctx, e, p).find((x) => x.kind === 'conda-go-older-than-pin')!;
    expect(f.message).toMatch(/^the env's conda-forge go is go1\.19\.\d+ but the pin asks for 1\.99$/);
  });

  test('cgo: the whole finding; no cgo flags, no check; a conda binutils wrapper (…-gcc-ar) is no compiler; CC by name on PATH', () => {
    const plain = makeEnv('plain');
    const noCompiler = { ...ctx, env: { PATH: path.join(dir, 'empty-bin') } };
    expect(goFindings(noCompiler, plain, plan(plain))).toEqual([]);
    const e = makeEnv('cgo2', { 'bin/x86_64-conda-linux-gnu-gcc-ar': '#!/bin/sh\n' });
    fs.mkdirSync(path.join(e, 'lib'));
    fs.mkdirSync(path.join(e, 'include'));
    const p = plan(e);
    expect(goFindings(noCompiler, e, p)).toEqual([
      {
        kind: 'cgo-without-compiler',
        severity: 'problem',
        prefix: e,
        message: 'cgo flags point into this env (CGO_CPPFLAGS, CGO_LDFLAGS) but no C compiler was found (CC, gcc, cc, clang, or a conda compiler in the env)',
        fix: `conda install -p ${e} -c conda-forge c-compiler  |  sudo apt-get install gcc  |  or set cgo: off in ${e}/etc/gocondad.yml`,
      },
    ]);
    // No PATH at all is no compiler either.
    expect(goFindings({ ...ctx, env: {} }, e, p).map((f) => f.kind)).toEqual(['cgo-without-compiler']);
    const bin = path.join(dir, 'cc-bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'mycc'), '#!/bin/sh\n', { mode: 0o755 });
    expect(goFindings({ ...ctx, env: { PATH: bin, CC: 'mycc' } }, e, p)).toEqual([]);
    // Any one of gcc, cc and clang on PATH is a compiler.
    for (const name of ['gcc', 'cc', 'clang']) {
      const only = path.join(dir, `only-${name}`);
      fs.mkdirSync(only);
      fs.writeFileSync(path.join(only, name), '#!/bin/sh\n', { mode: 0o755 });
      expect({ name, findings: goFindings({ ...ctx, env: { PATH: only } }, e, p) }).toEqual({ name, findings: [] });
    }
    expect(goFindings({ ...ctx, env: { PATH: bin, CC: path.join(dir, 'no-such-cc') } }, e, p).map((f) => f.kind)).toEqual(['cgo-without-compiler']);
  });

  test('moduleFindings: launchers of the local toolchains count; no module dir or no toolchain, no check', () => {
    const e = makeEnv('m', { 'etc/gocondad.yml': 'go: "1.19"\n' });
    const mod = path.join(dir, 'mod');
    fs.mkdirSync(mod);
    fs.writeFileSync(path.join(mod, 'go.mod'), 'module x\n\ngo 1.22.0\n');
    const p = plan(e);
    expect(p.goVersion).toMatch(/^go1\.19\./);
    expect(moduleFindings(ctx.world, e, p, mod)).toEqual([]); // go1.22.0 has a launcher
    fs.writeFileSync(path.join(mod, 'go.mod'), 'module x\n\ngo 1.29.0\n');
    expect(moduleFindings(ctx.world, e, p, mod).map((f) => f.kind)).toEqual(['module-needs-unavailable-go']);
    expect(moduleFindings(ctx.world, e, p, null)).toEqual([]);
    expect(moduleFindings(ctx.world, e, { ...p, ok: false }, mod)).toEqual([]);
    // Without launchers (launchers: false), go1.22.0 is no longer provided locally.
    fs.writeFileSync(path.join(mod, 'go.mod'), 'module x\n\ngo 1.22.0\n');
    expect(moduleFindings(ctx.world, e, p, mod)).toEqual([]);
    expect(moduleFindings({ ...ctx.world, launcherDir: null }, e, p, mod).map((f) => f.kind)).toEqual(['module-needs-unavailable-go']);
  });
});

describe('one step past each edge, with the whole words', () => {
  const linux = { subdir: 'linux-64', goos: 'linux', goarch: 'amd64' };
  test('platformFindings: the whole finding, a missing GOOS shown as -', () => {
    expect(platformFindings('/e', { GOARCH: 'arm64' }, linux)).toEqual([
      {
        kind: 'platform-mismatch',
        severity: 'warning',
        prefix: '/e',
        message: 'GOOS/GOARCH here are -/arm64 but the env is linux-64 (linux/amd64)',
        fix: 'unset GOOS GOARCH  (unless you are cross-compiling on purpose)',
      },
    ]);
  });

  test('moduleNeedsFindings: a go.mod with only a toolchain line says go -', () => {
    expect(moduleNeedsFindings('/e', { file: '/m/go.mod', go: null, toolchain: 'go1.29.1' }, 'go1.22.1', () => false)[0]!.message).toBe(
      '/m/go.mod needs go1.29.1 (go -, toolchain go1.29.1); this env runs go1.22.1 and no local toolchain provides go1.29.1, so `go` fails offline',
    );
  });

  describe('findModule off the happy path', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-findmod-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

    test('none up to / is null', () => {
      expect(findModule(path.join(dir, 'no', 'such', 'dir'))).toBeNull();
    });

    test('a path through a file (ENOTDIR) looks further up', () => {
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module x\n\ngo 1.21\n');
      fs.writeFileSync(path.join(dir, 'afile'), '');
      expect(findModule(path.join(dir, 'afile', 'sub'))).toEqual({ file: path.join(dir, 'go.mod'), go: '1.21', toolchain: null });
    });

    test('a go.mod that is there but cannot be read (a directory) is bad input, in words', () => {
      fs.mkdirSync(path.join(dir, 'go.mod'));
      expect(() => findModule(dir)).toThrow(new RegExp(`${path.join(dir, 'go.mod')}`));
    });
  });
});

// src/doctor/explain.ts on temp envs with real toolchains: the candidates, the step that chose, and every
// variable and PATH entry with why it is there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadContext, type Context } from '../../../src/doctor/context';
import { explain } from '../../../src/doctor/explain';
import { doctorWorld, GO119, GO122, requireToolchains } from '../../helpers/doctor-world';

let dir: string;
let ctx: Context;
const makeEnv = (name: string, pin?: string) => {
  const prefix = path.join(dir, 'conda', 'envs', name);
  fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
  fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
  if (pin) {
    fs.mkdirSync(path.join(prefix, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), pin);
  }
  return prefix;
};

beforeAll(requireToolchains);
beforeEach(() => {
  ({ dir, ctx } = doctorWorld('explain'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('no pin: the newest toolchain found, and what the plan sets with why', () => {
  const e = makeEnv('plain');
  const x = explain(ctx, e);
  expect(x).toMatchObject({ prefix: e, envName: 'plain', result: { ok: true, goroot: GO122, chosenBy: 'newest' }, problems: [] });
  expect(x.toolchains.map((t) => t.root).sort()).toEqual([GO119, GO122]);
  expect(x.trace.at(-1)).toMatchObject({ verdict: 'chosen' });
  const goroot = x.variables.find((v) => v.name === 'GOROOT')!;
  expect(goroot).toEqual({ name: 'GOROOT', effect: `= ${GO122}`, source: expect.any(String) });
  expect(goroot.source).not.toBe('');
  expect(x.variables.find((v) => v.name === 'GOTOOLCHAIN')).toMatchObject({ effect: '= local+path (only if unset or empty)' });
  expect(x.path.map((p) => p.entry)).toContain(path.join(GO122, 'bin'));
  expect(x.path.every((p) => p.source !== '')).toBe(true);
});

test('a pin: chosen by the pin, each candidate judged', () => {
  const e = makeEnv('pinned', 'go: "1.19"\n');
  const x = explain(ctx, e);
  expect(x.result).toMatchObject({ ok: true, goroot: GO119, chosenBy: 'pin' });
  expect(x.trace.some((s) => s.verdict !== 'chosen')).toBe(true);
});

test('a pin nothing satisfies: no toolchain, and why; a pin that cannot be read: its problem', () => {
  const x = explain(ctx, makeEnv('unsatisfied', 'go: "1.99"\n'));
  expect(x.result).toMatchObject({ ok: false, goroot: null });
  expect(x.result.why).toMatch(/1\.99/);
  const bad = makeEnv('bad', 'go: [\n');
  expect(explain(ctx, bad).problems).toEqual([expect.objectContaining({ file: path.join(bad, 'etc', 'gocondad.yml') })]);
});

// What `chosenBy` each step of the trace stands for (explain prints the steps; JSON carries chosenBy).
const SOURCE_OF: Record<string, string | null> = {
  'pin file': null,
  'pin goroot': 'pin',
  'pin range': 'pin',
  'in env': 'in-env',
  default: 'default',
  newest: 'newest',
};

test('in every world the trace chose what the plan applies (one chosen row, of the step named by chosenBy), or nothing', () => {
  const own = makeEnv('own-go');
  fs.symlinkSync(GO119, path.join(own, 'go'));
  const worlds: [string, string, string?][] = [
    ['no pin', 'plain'],
    ['a range', 'range', 'go: "1.19"\n'],
    ['a range nothing satisfies', 'unsat', 'go: "1.99"\n'],
    ['a goroot', 'goroot', `goroot: ${GO119}\n`],
    ['a goroot that is no Go', 'badroot', `goroot: ${dir}\n`],
    ['a pin that cannot be read', 'unreadable', 'go: [\n'],
    ['a Go in the env', 'own-go'],
  ];
  const check = (label: string, prefix: string) => {
    const x = explain(ctx, prefix);
    const chosen = x.trace.filter((s) => s.verdict === 'chosen');
    const seen = chosen.map((s) => ({ step: s.step, by: SOURCE_OF[s.step], root: s.candidate.replace(/^go\S+ at /, '') }));
    const want = x.result.ok ? [{ step: expect.any(String), by: x.result.chosenBy, root: x.result.goroot }] : [];
    expect({ label, seen }).toEqual({ label, seen: want });
    return x.result.chosenBy;
  };
  const by = worlds.map(([label, name, pin]) => check(label, name === 'own-go' ? own : makeEnv(name, pin)));
  expect(by).toEqual(['newest', 'pin', null, 'pin', null, null, 'in-env']);
  // A user default, in a context that reads it.
  fs.appendFileSync(ctx.loc.configFile, 'default: "1.19"\n');
  ctx = loadContext(ctx.loc, ctx.env);
  expect(check('a user default', makeEnv('by-default'))).toBe('default');
});

test('every variable, written out whole: set, default-only, appended after Go’s default, the kept module cache, left to conda', () => {
  const e = makeEnv('cgo');
  fs.mkdirSync(path.join(e, 'include'));
  fs.mkdirSync(path.join(e, 'lib'));
  const x = explain(ctx, e);
  expect(x.variables).toEqual([
    { name: 'GOROOT', effect: `= ${GO122}`, source: `the chosen toolchain (newest: ${x.result.why})` },
    { name: 'GOBIN', effect: `= ${e}/bin`, source: 'the env’s bin: `go install`ed tools live and die with the env' },
    { name: 'GOPATH', effect: `= ${e}/share/gopath`, source: 'config `gopath: per-env` (the default)' },
    {
      name: 'GOTOOLCHAIN',
      effect: '= local+path (only if unset or empty)',
      source: 'Go ≥ 1.21: go.mod go/toolchain lines run a local toolchain, never a download; only where the shell has none',
    },
    { name: 'CGO_CPPFLAGS', effect: `+= -I${e}/include`, source: 'cgo: auto and the env has include/: appended to your flags unless CGO_ENABLED=0' },
    {
      name: 'CGO_LDFLAGS',
      effect: `+= -L${e}/lib -Wl,-rpath,${e}/lib (after Go's default "-O2 -g" when unset)`,
      source: 'cgo: auto and the env has lib/: appended to your flags unless CGO_ENABLED=0',
    },
    {
      name: 'GOMODCACHE',
      effect: '= $GOPATH/pkg/mod of the GOPATH you had (only if unset)',
      source: 'your own module cache, kept (filled in at activation from the GOPATH you had)',
    },
  ]);
  expect(x.path).toEqual([
    { entry: `${GO122}/bin`, source: 'the chosen toolchain first, ahead of any other go' },
    { entry: ctx.world.launcherDir, source: 'version-named launchers of the local toolchains, for GOTOOLCHAIN=local+path' },
  ]);
});

test('variables the env declares itself are left to conda, with why; no kept module cache then', () => {
  const e = makeEnv('declares');
  fs.writeFileSync(path.join(e, 'conda-meta', 'state'), JSON.stringify({ env_vars: { GOPATH: '/mine', GOTOOLCHAIN: 'local' } }));
  const x = explain(ctx, e);
  expect(x.leftToConda).toEqual(['GOPATH', 'GOTOOLCHAIN']);
  expect(x.variables.filter((v) => v.effect === 'not touched' || v.name === 'GOMODCACHE')).toEqual([
    { name: 'GOPATH', effect: 'not touched', source: 'declared by the env itself (conda env vars): left to conda' },
    { name: 'GOTOOLCHAIN', effect: 'not touched', source: 'declared by the env itself (conda-forge go sets local): left to conda' },
  ]);
});

test('who activated: only for the env active in this shell', () => {
  const e = makeEnv('act');
  const run = (env: Record<string, string>) => explain({ ...ctx, env: { ...ctx.env, ...env } }, e).activatedBy;
  expect(run({ CONDA_PREFIX: e, CONDA_EXE: '/r/bin/conda' })).toEqual({ name: 'conda', basis: 'CONDA_EXE=/r/bin/conda' });
  expect(run({ CONDA_PREFIX: `${e}/`, MAMBA_EXE: '/m/micromamba' })).toEqual({ name: 'micromamba', basis: 'MAMBA_EXE=/m/micromamba' });
  expect(run({ CONDA_PREFIX: makeEnv('other'), CONDA_EXE: '/r/bin/conda' })).toBeNull();
  expect(run({ CONDA_EXE: '/r/bin/conda' })).toBeNull();
});

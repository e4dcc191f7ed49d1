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
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

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

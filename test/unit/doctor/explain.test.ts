// src/doctor/explain.ts on temp envs with real toolchains: the candidates, the step that chose, and every
// variable and PATH entry with why it is there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Context } from '../../../src/doctor/context';
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

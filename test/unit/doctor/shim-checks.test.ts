// src/doctor/shim-checks.ts on temp envs: shims missing (installable, or opted out), current, written for an
// older plan, or written by a newer gocondad (reported, never called stale).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planForPrefix } from '../../../src/core/envs';
import { stampLine } from '../../../src/core/shim-stamp';
import type { Context } from '../../../src/doctor/context';
import { shimFindings, shimIsCurrent } from '../../../src/doctor/shim-checks';
import { installShims, uninstallShims } from '../../../src/shims/install';
import { doctorWorld, requireToolchains } from '../../helpers/doctor-world';

let dir: string;
let ctx: Context;
let prefix: string;
const envPlan = () => planForPrefix(prefix, ctx.world, ctx.layout.roots);
const check = () => shimFindings(ctx.loc, prefix, envPlan());
const shimFile = path.join('etc', 'conda', 'activate.d', 'zzz-gocondad.sh');

beforeAll(requireToolchains);
beforeEach(() => {
  ({ dir, ctx } = doctorWorld('shimchecks'));
  prefix = path.join(dir, 'conda', 'envs', 'e');
  fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
  fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('no shims: a problem --fix installs', () => {
  expect(check()).toEqual([
    {
      kind: 'missing-shims',
      severity: 'problem',
      prefix,
      message: 'no gocondad shims: activating this env does not set Go up',
      fix: `gocondad shims install ${prefix}`,
      safeFix: 'install-shims',
    },
  ]);
});

test('shims the user removed: a warning, and nothing for --fix', () => {
  installShims(envPlan(), ctx.loc);
  uninstallShims(prefix, ctx.loc, true);
  expect(check()).toEqual([
    { kind: 'missing-shims', severity: 'warning', prefix, message: 'no gocondad shims: you removed them (opted out)', fix: `gocondad shims install ${prefix}` },
  ]);
});

test('current shims: nothing; after the pin changed: stale, refreshable', () => {
  installShims(envPlan(), ctx.loc);
  expect(shimIsCurrent(envPlan(), ctx.loc)).toBe(true);
  expect(check()).toEqual([]);
  fs.mkdirSync(path.join(prefix, 'etc'), { recursive: true });
  fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'go: "1.19"\n');
  expect(shimIsCurrent(envPlan(), ctx.loc)).toBe(false);
  expect(check()).toEqual([
    expect.objectContaining({ kind: 'stale-shims', severity: 'problem', fix: `gocondad shims refresh ${prefix}`, safeFix: 'refresh-shims' }),
  ]);
});

test('one shim file deleted: missing (not stale), put back by shims install, which --fix runs', () => {
  installShims(envPlan(), ctx.loc);
  fs.rmSync(path.join(prefix, 'etc/conda/deactivate.d/zzz-gocondad.fish'));
  expect(check()).toEqual([
    {
      kind: 'missing-shims',
      severity: 'problem',
      prefix,
      message: 'shim file missing: etc/conda/deactivate.d/zzz-gocondad.fish (activating in that shell does not set Go up)',
      fix: `gocondad shims install ${prefix}`,
      safeFix: 'install-shims',
    },
  ]);
  installShims(envPlan(), ctx.loc);
  expect(check()).toEqual([]);
});

test('shims of a newer gocondad: named as such with the upgrade, never stale and never --fix’s', () => {
  installShims(envPlan(), ctx.loc);
  const file = path.join(prefix, shimFile);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(stampLine(), stampLine({ version: '99.0.0', format: 99 })));
  const findings = check();
  expect(findings).toEqual([
    expect.objectContaining({
      kind: 'newer-shims',
      severity: 'problem',
      fix: `upgrade gocondad to 99.0.0 or later, or: gocondad shims install ${prefix}`,
      message: expect.stringContaining('has shims of gocondad 99.0.0'),
    }),
  ]);
  expect(findings[0]!.safeFix).toBeUndefined();
});

test('current means every file of every shell, activate and deactivate alike: one changed or missing file is not current', () => {
  installShims(envPlan(), ctx.loc);
  const deact = path.join(prefix, 'etc/conda/deactivate.d/zzz-gocondad.sh');
  fs.appendFileSync(deact, '\n');
  expect(shimIsCurrent(envPlan(), ctx.loc)).toBe(false);
  installShims(envPlan(), ctx.loc);
  expect(shimIsCurrent(envPlan(), ctx.loc)).toBe(true);
  fs.rmSync(deact);
  expect(shimIsCurrent(envPlan(), ctx.loc)).toBe(false);
});

test('stale and several missing files: the whole findings', () => {
  installShims(envPlan(), ctx.loc);
  fs.mkdirSync(path.join(prefix, 'etc'), { recursive: true });
  fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'go: "1.19"\n');
  expect(check()).toEqual([
    {
      kind: 'stale-shims',
      severity: 'problem',
      prefix,
      message: 'the shims were written for an older plan (the env, its pin or the toolchains changed since)',
      fix: `gocondad shims refresh ${prefix}`,
      safeFix: 'refresh-shims',
    },
  ]);
  fs.rmSync(path.join(prefix, 'etc/conda/activate.d/zzz-gocondad.fish'));
  fs.rmSync(path.join(prefix, 'etc/conda/deactivate.d/zzz-gocondad.csh'));
  expect(check()).toEqual([
    {
      kind: 'missing-shims',
      severity: 'problem',
      prefix,
      message:
        'shim files missing: etc/conda/activate.d/zzz-gocondad.fish, etc/conda/deactivate.d/zzz-gocondad.csh (activating in those shells does not set Go up)',
      fix: `gocondad shims install ${prefix}`,
      safeFix: 'install-shims',
    },
  ]);
});

describe('an env the user cannot write (an admin command given): every fix line names it, never a command that is refused, and none is --fix’s', () => {
  const ADMIN = "sudo /usr/bin/node /opt/gocondad/dist/cli.js shims install '/opt/conda/envs/shared env'";
  // [kind, fix, whether `doctor --fix` would try it]
  const fixOf = () => shimFindings(ctx.loc, prefix, envPlan(), ADMIN).map((f) => [f.kind, f.fix, 'safeFix' in f]);
  const withStamp = (version: string) => {
    const file = path.join(prefix, shimFile);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(stampLine(), stampLine({ version, format: 99 })));
  };
  test.each<[string, () => void, [string, string, boolean][]]>([
    ['no shims', () => undefined, [['missing-shims', `an admin can run: ${ADMIN}`, false]]],
    [
      'opted out',
      () => {
        installShims(envPlan(), ctx.loc);
        uninstallShims(prefix, ctx.loc, true);
      },
      [['missing-shims', `an admin can run: ${ADMIN}`, false]],
    ],
    [
      'one file gone',
      () => {
        installShims(envPlan(), ctx.loc);
        fs.rmSync(path.join(prefix, 'etc/conda/activate.d/zzz-gocondad.csh'));
      },
      [['missing-shims', `an admin can run: ${ADMIN}`, false]],
    ],
    [
      'stale',
      () => {
        installShims(envPlan(), ctx.loc);
        fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), 'go: "1.19"\n');
      },
      [['stale-shims', `an admin can run: ${ADMIN}`, false]],
    ],
    [
      'newer',
      () => {
        installShims(envPlan(), ctx.loc);
        withStamp('98.1.0');
      },
      [['newer-shims', `upgrade gocondad to 98.1.0 or later, or: ${ADMIN}`, false]],
    ],
    ['current', () => installShims(envPlan(), ctx.loc), []],
  ])('%s', (_label, arrange, fixes) => {
    arrange();
    expect(fixOf()).toEqual(fixes);
  });
});

// src/doctor/env-report.ts: the rows of `gocondad envs` over a temp conda root with the two real
// toolchains — envs conda lists and envs given to `shims install` by path, their shims, opt-outs, the
// choice and its problems; and the header's word on auto_install.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadContext } from '../../../src/doctor/context';
import { autoInstallNote, envReport } from '../../../src/doctor/env-report';
import { loadWorld, planForPrefix } from '../../../src/core/envs';
import { installShims } from '../../../src/shims/install';
import { registerEnv } from '../../../src/shims/registry';
import { doctorWorld, GO119, GO122, requireToolchains } from '../../helpers/doctor-world';

let w: ReturnType<typeof doctorWorld>;
beforeAll(requireToolchains);
beforeEach(() => (w = doctorWorld('env-report')));
afterEach(() => fs.rmSync(w.dir, { recursive: true, force: true, maxRetries: 5 }));
const makeEnv = (prefix: string, pin?: string) => {
  fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
  fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
  if (pin) {
    fs.mkdirSync(path.join(prefix, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), pin);
  }
  return prefix;
};

test('every env with its shims, opt-out and choice; an env known only by path; an unsatisfied pin is a problem of its env', () => {
  const { loc, env } = w.ctx;
  const root = path.join(w.dir, 'conda');
  const a = makeEnv(path.join(root, 'envs', 'a'), 'go: "1.19"\n');
  const bad = makeEnv(path.join(root, 'envs', 'bad'), 'go: "1.99"\n');
  const byPath = makeEnv(path.join(w.dir, 'elsewhere', 'tool env'));
  installShims(planForPrefix(a, loadWorld(loc)), loc);
  installShims(planForPrefix(byPath, loadWorld(loc)), loc);
  registerEnv(loc, bad, false, true);
  fs.appendFileSync(loc.configFile, 'no_such_key: 1\n');

  const r = envReport(loc, env);
  const row = (p: string) => r.envs.find((e) => e.prefix === p)!;
  expect(r.envs.map((e) => e.prefix).sort()).toEqual([a, bad, byPath].sort()); // the root has no conda-meta/history: no env
  expect(row(a)).toEqual({
    envName: 'a',
    prefix: a,
    foundVia: expect.any(String),
    shims: true,
    optedOut: false,
    ok: true,
    goVersion: 'go1.19.8',
    goroot: GO119,
    chosenBy: 'pin',
    why: expect.any(String),
    problems: [],
  });
  expect(row(byPath)).toMatchObject({ envName: byPath, foundVia: 'shims installed by path', shims: true, goroot: GO122, chosenBy: 'newest' });
  const b = row(bad);
  expect(b).toMatchObject({ shims: false, optedOut: true, ok: false, goroot: null });
  expect(b.problems).toEqual([{ file: bad, message: b.why }]);
  expect(b.why).toMatch(/1\.99/);
  expect(r.problems).toEqual([expect.objectContaining({ file: loc.configFile, message: expect.stringContaining('no_such_key') })]);
  expect(r.autoInstall).toBe(true);

  fs.appendFileSync(loc.configFile, 'auto_install: false\n');
  expect(envReport(loc, env).autoInstall).toBe(false);
  expect(loadContext(loc, env).world.config.autoInstall).toBe(false);
});

test('autoInstallNote: off; on with a daemon; on without one says what to run', () => {
  expect(autoInstallNote(false, true)).toBe('auto_install off');
  expect(autoInstallNote(false, false)).toBe('auto_install off');
  expect(autoInstallNote(true, true)).toBe('auto_install on');
  expect(autoInstallNote(true, false)).toBe(
    'auto_install on, but no daemon runs: new envs get no shims until `gocondad start` (`gocondad setup` starts one at every login)',
  );
});

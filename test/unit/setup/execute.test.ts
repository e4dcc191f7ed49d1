// setup's plugin install, verified (installVerified): the order of the calls and what each failure says,
// with a recording runner in place of conda and pip (test/integration/setup.test.ts does it for real).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installVerified } from '../../../src/setup/execute';
import type { RunResult, Runner } from '../../../src/service/types';
import type { Env } from '../../../src/paths';

let dir: string;
let root: string;
let source: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-execute-'));
  root = path.join(dir, 'root');
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bin', 'conda'), '');
  source = path.join(dir, 'python-shim');
  fs.mkdirSync(source);
  fs.writeFileSync(path.join(source, 'pyproject.toml'), 'version = "0.1.0"\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A runner answering `conda info` with `infos` in turn and pip with `pip`; it records what it was asked. */
function recorder(infos: number[], pip: { install: number; uninstall: number } = { install: 0, uninstall: 0 }) {
  const calls: { what: string; env: Env | undefined }[] = [];
  const run: Runner = (cmd, args, opts) => {
    const what = cmd.endsWith('/conda') ? 'conda info' : `pip ${args[2]}`;
    calls.push({ what, env: opts?.env });
    const status = what === 'conda info' ? infos.shift()! : what === 'pip install' ? pip.install : pip.uninstall;
    return { status, stdout: '', stderr: status === 0 ? '' : `${what} failed\nlast line of ${what}` } satisfies RunResult;
  };
  return { calls, run };
}
const step = () => ({ root, python: path.join(root, 'bin', 'python'), command: 'python -m pip install ...' });

test('conda works before and after: installed, nothing else asked', () => {
  const r = recorder([0, 0]);
  expect(installVerified(step(), { PATH: '/usr/bin' }, r.run, source)).toBeNull();
  expect(r.calls.map((c) => c.what)).toEqual(['conda info', 'pip install', 'conda info']);
});

test('conda broken after the install: the plugin is taken out again, and the message says so', () => {
  const r = recorder([0, 1]);
  expect(installVerified(step(), {}, r.run, source)).toBe('this conda cannot load the plugin (`conda info` exit 1: last line of conda info); removed it again');
  expect(r.calls.map((c) => c.what)).toEqual(['conda info', 'pip install', 'conda info', 'pip uninstall']);
});

test('and when taking it out fails too, the message gives the command to do it', () => {
  const r = recorder([0, 2], { install: 0, uninstall: 1 });
  expect(installVerified(step(), {}, r.run, source)).toBe(
    `this conda cannot load the plugin (\`conda info\` exit 2: last line of conda info); and removing it failed: run ${step().python} -m pip uninstall gocondad-conda`,
  );
});

test('conda already broken: nothing installed; pip failing: the command to run by hand', () => {
  const broken = recorder([3]);
  expect(installVerified(step(), {}, broken.run, source)).toBe(
    'conda there does not work even now (`conda info` exit 3: last line of conda info); not installing into it',
  );
  expect(broken.calls.map((c) => c.what)).toEqual(['conda info']);
  const pip = recorder([0], { install: 4, uninstall: 0 });
  expect(installVerified(step(), {}, pip.run, source)).toBe('pip exited 4: last line of pip install; run it yourself: python -m pip install ...');
  expect(pip.calls.map((c) => c.what)).toEqual(['conda info', 'pip install']);
});

test("CONDA_NO_PLUGINS=true in the user's environment: both conda checks run with plugins on; the rest of the env is passed", () => {
  const r = recorder([0, 0]);
  installVerified(step(), { CONDA_NO_PLUGINS: 'true', CONDARC: '/x/condarc' }, r.run, source);
  const checks = r.calls.filter((c) => c.what === 'conda info');
  expect(checks).toHaveLength(2);
  for (const c of checks) {
    expect(c.env).not.toHaveProperty('CONDA_NO_PLUGINS');
    expect(c.env).toMatchObject({ CONDARC: '/x/condarc' });
  }
});

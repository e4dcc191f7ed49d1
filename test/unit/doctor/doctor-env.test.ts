// src/doctor/doctor-env.ts on temp envs: GOROOT without a stdlib (declared by conda env vars, env_vars.d, or
// inherited), leftovers of conda-forge's go activation packages, a stray go, moving files aside.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { asidePath, goActivationFindings, gorootFindings, moveAside, moveAsideCommand, strayGo } from '../../../src/doctor/doctor-env';

let p: string;
beforeEach(() => {
  p = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-denv-'));
  fs.mkdirSync(path.join(p, 'conda-meta'));
});
afterEach(() => fs.rmSync(p, { recursive: true, force: true }));
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(p, rel)), { recursive: true });
  fs.writeFileSync(path.join(p, rel), text);
};

test("GOROOT declared by the env and pointing at no stdlib is a problem; conda's ***unset*** and a real Go are not", () => {
  write('conda-meta/state', JSON.stringify({ env_vars: { GOROOT: '/nonexistent' } }));
  expect(gorootFindings(p, {})).toEqual([
    expect.objectContaining({
      kind: 'goroot-without-stdlib',
      severity: 'problem',
      fix: `conda env config vars unset GOROOT -p ${p}`,
      source: path.join(p, 'conda-meta', 'state'),
    }),
  ]);
  write('conda-meta/state', JSON.stringify({ env_vars: { GOROOT: '***unset***' } }));
  expect(gorootFindings(p, {})).toEqual([]);
  write('conda-meta/state', JSON.stringify({ env_vars: { GOROOT: '/usr/lib/go-1.22' } }));
  expect(gorootFindings(p, {})).toEqual([]);
});

test('GOROOT from env_vars.d, and one inherited into the prefix or while the env is active', () => {
  write('etc/conda/env_vars.d/go.json', JSON.stringify({ GOROOT: path.join(p, 'go') }));
  expect(gorootFindings(p, {}).map((f) => f.message)).toEqual([expect.stringContaining('env_vars.d/go.json sets GOROOT=')]);
  fs.rmSync(path.join(p, 'etc'), { recursive: true });
  expect(gorootFindings(p, { GOROOT: path.join(p, 'go') })).toHaveLength(1);
  expect(gorootFindings(p, { GOROOT: '/elsewhere/go' })).toEqual([]); // not this env's business
  expect(gorootFindings(p, { GOROOT: '/elsewhere/go', CONDA_PREFIX: p })).toHaveLength(1);
});

test('go activation scripts no package owns are leftovers (movable); owned ones are not; markers without scripts are a warning', () => {
  write('etc/conda/activate.d/go-cgo_activate.sh', '');
  write('etc/conda/deactivate.d/go-cgo_deactivate.sh', '');
  write('etc/conda/activate.d/go-nocgo_activate.sh', '');
  write('conda-meta/go-nocgo-1.0-0.json', JSON.stringify({ files: ['etc/conda/activate.d/go-nocgo_activate.sh'] }));
  const [f] = goActivationFindings(p, {});
  expect(f).toMatchObject({
    kind: 'go-activation-leftovers',
    severity: 'problem',
    safeFix: 'move-aside',
    paths: [path.join(p, 'etc/conda/activate.d/go-cgo_activate.sh'), path.join(p, 'etc/conda/deactivate.d/go-cgo_deactivate.sh')],
  });
  fs.rmSync(path.join(p, 'etc'), { recursive: true });
  expect(goActivationFindings(p, { CONDA_PREFIX: p, CONDA_CGO_ENABLED_BACKUP: '' })).toEqual([expect.objectContaining({ severity: 'warning' })]);
  expect(goActivationFindings(p, { CONDA_CGO_ENABLED_BACKUP: '' })).toEqual([]);
});

test('a bin/go no package owns is stray; moveAside puts files under PREFIX/.gocondad-aside, out of activate.d globs', () => {
  write('bin/go', '#!/bin/sh\n');
  expect(strayGo(p)).toBe(path.join(p, 'bin', 'go'));
  write('conda-meta/go-1.0-0.json', JSON.stringify({ files: ['bin/go'] }));
  expect(strayGo(p)).toBeNull();
  write('etc/conda/activate.d/go-cgo_activate.sh', 'x');
  const file = path.join(p, 'etc/conda/activate.d/go-cgo_activate.sh');
  expect(moveAside(p, [file, path.join(p, 'missing')])).toEqual([
    `moved ${file} to ${asidePath(p, file)}`,
    expect.stringMatching(/^could not move .*missing aside/),
  ]);
  expect(fs.readdirSync(path.join(p, 'etc/conda/activate.d'))).toEqual([]);
  expect(fs.readFileSync(path.join(p, '.gocondad-aside/etc/conda/activate.d/go-cgo_activate.sh'), 'utf8')).toBe('x');
});

test('the printed move-aside command runs as pasted: it makes the aside folders first and names the prefix once', () => {
  // A prefix a shell must quote, and files in two folders: what `conda doctor` shows for leftovers and a stray go.
  const env = path.join(p, "my env's");
  fs.mkdirSync(path.join(env, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(env, 'etc/conda/activate.d'), { recursive: true });
  const files = [path.join(env, 'bin/go'), path.join(env, 'etc/conda/activate.d/go-cgo_activate.sh'), path.join(env, 'etc/conda/activate.d/x y.sh')];
  for (const f of files) fs.writeFileSync(f, f);
  const command = moveAsideCommand(env, files);
  expect(command.split('my env').length - 1).toBe(1);
  execFileSync('/bin/sh', ['-c', command], { cwd: os.tmpdir() }); // throws on a failing mv
  for (const f of files) {
    expect(fs.existsSync(f)).toBe(false);
    expect(fs.readFileSync(asidePath(env, f), 'utf8')).toBe(f);
  }
});

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
afterEach(() => fs.rmSync(p, { recursive: true, force: true, maxRetries: 5 }));
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

// The exact words and the one step past each guard: a record or vars file that is not .json, a GOROOT with
// src/ but no src/runtime, an inherited GOROOT that IS the prefix, a declared GOROOT that shadows the
// inherited one, another env active, scripts that are not go's, every script owned.
describe('each guard one step past its edge, with the whole message', () => {
  const goroot = (rel: string, stdlib: boolean) => {
    fs.mkdirSync(path.join(p, rel, 'src', stdlib ? 'runtime' : 'cmd'), { recursive: true });
    return path.join(p, rel);
  };

  test('a record that is not .json is not a package record, even when it parses', () => {
    write('bin/go', '#!/bin/sh\n');
    write('conda-meta/go-1.0-0.json.bak', JSON.stringify({ files: ['bin/go'] }));
    expect(strayGo(p)).toBe(path.join(p, 'bin', 'go'));
  });

  test('declared GOROOT: the whole finding; a tree with src/ but no src/runtime has no stdlib', () => {
    const bare = goroot('bare', false);
    write('conda-meta/state', JSON.stringify({ env_vars: { GOROOT: bare } }));
    expect(gorootFindings(p, {})).toEqual([
      {
        kind: 'goroot-without-stdlib',
        severity: 'problem',
        prefix: p,
        message: `the env sets GOROOT=${bare} (conda env config vars) but that has no standard library (src/runtime); go fails with "cannot find GOROOT" or "package fmt is not in std"`,
        fix: `conda env config vars unset GOROOT -p ${p}`,
        source: path.join(p, 'conda-meta', 'state'),
      },
    ]);
  });

  test('env_vars.d: every file (conda reads them all, not only *.json), only string values, never ***unset***; the whole finding', () => {
    const bare = goroot('bare', false);
    write('etc/conda/env_vars.d/num.json', JSON.stringify({ GOROOT: 5 }));
    write('etc/conda/env_vars.d/unset.json', JSON.stringify({ GOROOT: '***unset***' }));
    expect(gorootFindings(p, {})).toEqual([]);
    const file = path.join(p, 'etc/conda/env_vars.d/go.json');
    write('etc/conda/env_vars.d/go.json', JSON.stringify({ GOROOT: bare }));
    expect(gorootFindings(p, {})).toEqual([
      {
        kind: 'goroot-without-stdlib',
        severity: 'problem',
        prefix: p,
        message: `${file} sets GOROOT=${bare}, which has no standard library (src/runtime)`,
        fix: `remove GOROOT from ${file}`,
        source: file,
      },
    ]);
    // A file not named *.json sets it all the same.
    const bak = path.join(p, 'etc/conda/env_vars.d/old.json.bak');
    write('etc/conda/env_vars.d/old.json.bak', JSON.stringify({ GOROOT: bare }));
    expect(gorootFindings(p, {}).map((f) => f.source)).toEqual([file, bak]);
  });

  test('inherited GOROOT: the prefix itself is inside it; another env active is not this env; a declared GOROOT wins', () => {
    expect(gorootFindings(p, { GOROOT: p })).toEqual([
      {
        kind: 'goroot-without-stdlib',
        severity: 'problem',
        prefix: p,
        message: `GOROOT=${p} in this shell has no standard library (src/runtime), and it points into this env; a gocondad shim replaces it on activation, \`conda run\` and scripts do not`,
        fix: 'unset GOROOT, then conda activate the env again',
      },
    ]);
    expect(gorootFindings(p, { GOROOT: '/elsewhere/go', CONDA_PREFIX: path.join(p, 'other') })).toEqual([]);
    expect(gorootFindings(p, { GOROOT: '/elsewhere/go', CONDA_PREFIX: p, MAMBA_EXE: '/opt/micromamba' })).toEqual([
      expect.objectContaining({
        message:
          'GOROOT=/elsewhere/go in this shell has no standard library (src/runtime); a gocondad shim replaces it on activation, `conda run` and scripts do not',
        fix: 'unset GOROOT, then micromamba activate the env again',
      }),
    ]);
    write('conda-meta/state', JSON.stringify({ env_vars: { GOROOT: goroot('good', true) } }));
    expect(gorootFindings(p, { GOROOT: path.join(p, 'go'), CONDA_PREFIX: p })).toEqual([]);
  });

  test('leftovers: other packages’ scripts are not go’s; every script owned is no finding; the whole finding', () => {
    write('etc/conda/activate.d/gocondad.sh', '');
    write('etc/conda/activate.d/libxml2_activate.sh', '');
    expect(goActivationFindings(p, {})).toEqual([]);
    write('etc/conda/activate.d/go-cgo_activate.sh', '');
    write('conda-meta/go-cgo-1.0-0.json', JSON.stringify({ files: ['etc/conda/activate.d/go-cgo_activate.sh'] }));
    expect(goActivationFindings(p, { CONDA_PREFIX: p, CONDA_CGO_ENABLED_BACKUP: '' })).toEqual([]);
    fs.rmSync(path.join(p, 'conda-meta/go-cgo-1.0-0.json'));
    write('etc/conda/deactivate.d/go-cgo_deactivate.sh', '');
    const stray = [path.join(p, 'etc/conda/activate.d/go-cgo_activate.sh'), path.join(p, 'etc/conda/deactivate.d/go-cgo_deactivate.sh')];
    expect(goActivationFindings(p, {})).toEqual([
      {
        kind: 'go-activation-leftovers',
        severity: 'problem',
        prefix: p,
        message: `conda-forge go activation scripts that no installed package owns: ${stray[0]}, ${stray[1]}; they set GOROOT/CGO_ENABLED/GOOS/GOARCH behind gocondad's back`,
        fix: moveAsideCommand(p, stray),
        safeFix: 'move-aside',
        paths: stray,
      },
    ]);
  });

  test("no go activation script: the env's package records are not read at all (doctor visits every env)", () => {
    write('etc/conda/activate.d/libxml2_activate.sh', '');
    write('conda-meta/libxml2-2.0-0.json', JSON.stringify({ files: ['etc/conda/activate.d/libxml2_activate.sh'] }));
    const lists = jest.spyOn(require('node:fs') as typeof fs, 'readdirSync');
    try {
      expect(goActivationFindings(p, {})).toEqual([]);
      expect(lists.mock.calls.map((c) => c[0])).toEqual([path.join(p, 'etc', 'conda', 'activate.d'), path.join(p, 'etc', 'conda', 'deactivate.d')]);
    } finally {
      lists.mockRestore();
    }
  });

  test('markers without scripts: only in the active env, only for markers that are set; the whole finding', () => {
    expect(goActivationFindings(p, { CONDA_PREFIX: p })).toEqual([]);
    expect(goActivationFindings(p, { CONDA_PREFIX: path.join(p, 'other'), CONDA_CGO_ENABLED_BACKUP: '' })).toEqual([]);
    expect(goActivationFindings(p, { CONDA_PREFIX: p, CONDA_CGO_ENABLED_BACKUP: '', CONDA_BACKUP_GOOS: 'linux', CONDA_EXE: '/r/bin/conda' })).toEqual([
      {
        kind: 'go-activation-leftovers',
        severity: 'warning',
        prefix: p,
        message:
          'CONDA_CGO_ENABLED_BACKUP, CONDA_BACKUP_GOOS set in this shell, but this env has no go activation scripts to restore them (a go-cgo/go-nocgo package was removed while active)',
        fix: 'conda activate the env again: the gocondad shim restores them',
      },
    ]);
  });
});

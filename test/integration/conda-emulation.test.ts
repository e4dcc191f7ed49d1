// The test emulation of conda must reproduce the traces a real conda printed
// (../shared/conda-activation.md), in every POSIX shell and through the fish and csh front ends (the file
// says bash, zsh and fish traced identically), and micromamba's in its mode.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SHARED_DIR } from '../helpers/realconda';
import { FOREIGN_SHELLS, POSIX_SHELLS, requireReal, World } from '../helpers/world';

const SEQUENCE = `echo "== activate demo"; conda activate demo
echo "== activate demo2 (switch)"; conda activate demo2
echo "== deactivate"; conda deactivate
echo "== activate --stack demo2"; conda activate --stack demo2
echo "== deactivate"; conda deactivate
echo "== activate demo   (already active: reactivate)"; conda activate demo
echo "== deactivate"; conda deactivate`;

// Copied from ../shared/conda-activation.md ("Traces from a real conda").
const CONDA_TRACE = `== activate demo
  [act demo]     CONDA_PREFIX=demo  SHLVL=1 PATH=/r/envs/demo/bin:/r/condabin
== activate demo2 (switch)
  [deact demo]   CONDA_PREFIX=demo  SHLVL=1 PATH=/r/envs/demo/bin:/r/condabin
  [act demo2]    CONDA_PREFIX=demo2 SHLVL=2 PATH=/r/envs/demo2/bin:/r/condabin
== deactivate
  [deact demo2]  CONDA_PREFIX=demo2 SHLVL=2 PATH=/r/envs/demo/bin:/r/condabin
  [act demo]     CONDA_PREFIX=demo  SHLVL=1 PATH=/r/envs/demo/bin:/r/condabin
== activate --stack demo2
  [act demo2]    CONDA_PREFIX=demo2 SHLVL=2 PATH=/r/envs/demo2/bin:/r/envs/demo/bin:/r/condabin
== deactivate
  [deact demo2]  CONDA_PREFIX=demo2 SHLVL=2 PATH=/r/envs/demo/bin:/r/condabin
  [act demo]     CONDA_PREFIX=demo  SHLVL=1 PATH=/r/envs/demo/bin:/r/condabin
== activate demo   (already active: reactivate)
  [deact demo]   CONDA_PREFIX=demo  SHLVL=1 PATH=/r/envs/demo/bin:/r/condabin
  [act demo]     CONDA_PREFIX=demo  SHLVL=1 PATH=/r/envs/demo/bin:/r/condabin
== deactivate
  [deact demo]   CONDA_PREFIX=demo  SHLVL=1 PATH=/r/condabin`;

const normalize = (t: string) => t.replace(/[ \t]+/g, ' ').trim();

let world: World;
beforeAll(() => {
  requireReal();
  world = new World();
  for (const name of ['demo', 'demo2']) {
    const prefix = world.makeEnv(name);
    for (const [kind, label] of [
      ['activate', 'act'],
      ['deactivate', 'deact'],
    ]) {
      const dir = path.join(prefix, 'etc', 'conda', `${kind}.d`);
      fs.mkdirSync(dir, { recursive: true });
      // Prints what the shared traces print: env, CONDA_PREFIX's last part, CONDA_SHLVL, front of PATH.
      fs.writeFileSync(
        path.join(dir, 'trace.sh'),
        `echo "  [${label} ${name}] CONDA_PREFIX=\${CONDA_PREFIX##*/} SHLVL=$CONDA_SHLVL PATH=\${PATH%%:/usr/bin*}"\n`,
      );
      // The same line from fish and csh, which conda sources as *.fish and *.csh.
      fs.writeFileSync(
        path.join(dir, 'trace.fish'),
        `echo "  [${label} ${name}] CONDA_PREFIX="(basename $CONDA_PREFIX)" SHLVL=$CONDA_SHLVL PATH="(string join : $PATH | string replace -r ':/usr/bin.*' '')\n`,
      );
      fs.writeFileSync(
        path.join(dir, 'trace.csh'),
        `echo "  [${label} ${name}] CONDA_PREFIX=$CONDA_PREFIX:t SHLVL=$CONDA_SHLVL PATH=\`printenv PATH | sed 's,:/usr/bin.*,,'\`"\n`,
      );
    }
  }
});
afterAll(() => world.cleanup());

const run = (shell: string, mode: string, script: string) => {
  const r = world.sh(shell, script, { mode });
  expect(r.stderr).toBe('');
  return r.stdout.split(world.root).join('/r');
};

test.each([...POSIX_SHELLS, ...FOREIGN_SHELLS])('%s: conda order reproduces the real traces exactly', (shell) => {
  expect(normalize(run(shell, 'conda', SEQUENCE))).toBe(normalize(CONDA_TRACE));
});

test('the trace copied here is the one in ../shared/conda-activation.md', () => {
  // No silent pass: without the shared folder this test cannot compare, so it fails and says how to get it.
  const shared = path.join(SHARED_DIR, 'conda-activation.md');
  if (!fs.existsSync(shared)) throw new Error(`${shared} is missing: put the project's shared/ folder beside the clone (../shared), as CI lays it out`);
  expect(normalize(fs.readFileSync(shared, 'utf8'))).toContain(normalize(CONDA_TRACE));
});

// ../shared/conda-activation.md said micromamba exports PATH first in every case; the real micromamba
// 2.2.0 does so only on deactivate (libmamba's activation.cpp; realmamba-emulation.test.ts compares the
// emulation with it). On this sequence its scripts see what conda's see.
test.each(POSIX_SHELLS)('%s: micromamba order: on a switch deactivate.d still sees the old env on PATH, as in conda', (shell) => {
  expect(normalize(run(shell, 'micromamba', SEQUENCE))).toBe(normalize(CONDA_TRACE));
});

test('a naive shim leaks under the emulation exactly as under real conda', () => {
  const demo = path.join(world.root, 'envs', 'demo');
  const naive = path.join(world.dir, 'naive');
  fs.mkdirSync(naive);
  fs.writeFileSync(path.join(demo, 'etc', 'conda', 'activate.d', 'naive.sh'), 'export PATH="/opt/goA/bin:$PATH"\n');
  fs.writeFileSync(
    path.join(demo, 'etc', 'conda', 'deactivate.d', 'naive.sh'),
    'PATH=":$PATH:"; PATH="${PATH#*:/opt/goA/bin:}"; PATH=":$PATH"; PATH="${PATH#:}"; PATH="${PATH%:}"\n',
  );
  try {
    const p = 'echo "PATH=${PATH%%:/usr/bin*}"';
    const out = run(
      'bash',
      'conda',
      `conda activate demo >/dev/null; ${p}; conda activate demo2 >/dev/null; ${p}; conda deactivate >/dev/null; ${p}; conda deactivate >/dev/null; ${p}`,
    );
    expect(out.trim().split('\n')).toEqual([
      'PATH=/opt/goA/bin:/r/envs/demo/bin:/r/condabin',
      'PATH=/opt/goA/bin:/r/envs/demo2/bin:/r/condabin',
      'PATH=/opt/goA/bin:/opt/goA/bin:/r/envs/demo/bin:/r/condabin',
      'PATH=/opt/goA/bin:/r/condabin',
    ]);
  } finally {
    fs.rmSync(path.join(demo, 'etc', 'conda', 'activate.d', 'naive.sh'));
    fs.rmSync(path.join(demo, 'etc', 'conda', 'deactivate.d', 'naive.sh'));
  }
});

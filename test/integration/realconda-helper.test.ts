// The real-conda helper itself: the conda it finds runs, a private root is separate from the shared one,
// the CONDARC it writes is what conda reads, and each shell gets a working `conda` function/alias.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithConda, hookedShellArgs, privateConda, writeCondarc, type RealConda } from '../helpers/realconda';

describeWithConda('real conda helper', (shared) => {
  let dir: string;
  let conda: RealConda;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-realconda-'));
    conda = privateConda(shared, path.join(dir, 'conda')) ?? shared;
    const rc = writeCondarc(dir);
    env = { HOME: path.join(dir, 'home'), PATH: '/usr/bin:/bin', CONDARC: rc.CONDARC, LANG: 'C.UTF-8' };
    fs.mkdirSync(env.HOME!);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  test('a private root is its own, of the same conda', () => {
    if (shared.source !== 'shared') return expect(privateConda(shared, path.join(dir, 'x'))).toBeNull();
    expect(conda.root).toBe(path.join(dir, 'conda', 'root'));
    expect(conda.version).toBe(shared.version);
    expect(conda.root).not.toBe(shared.root);
  });

  test('conda reads the CONDARC: envs and package caches under the test dir', () => {
    const r = spawnSync(conda.exe, ['config', '--show', 'envs_dirs', 'pkgs_dirs', '--json'], { env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const cfg = JSON.parse(r.stdout);
    expect(cfg.envs_dirs[0]).toBe(path.join(dir, 'envs'));
    expect(cfg.pkgs_dirs).toEqual([path.join(dir, 'pkgs')]);
  });

  test.each(['bash', 'zsh', 'dash', 'fish', 'tcsh'])('%s: conda is hooked as conda init does it', (shell) => {
    const r = spawnSync(shell, hookedShellArgs(shell, conda, 'conda activate base\nprintenv CONDA_PREFIX\nconda deactivate\necho done', dir), {
      env,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${conda.root}\ndone\n`);
  });
});

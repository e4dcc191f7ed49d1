// Which front end activated the shell, from the variables each leaves (conda's hook, micromamba's shell init).
import { activateWord, activatorOf } from '../../../src/doctor/activator';

const active = { CONDA_PREFIX: '/r/envs/a' };

test('each front end by what it exports; none when not active or when both are set up', () => {
  expect(activatorOf({ ...active, CONDA_EXE: '/r/bin/conda' })).toEqual({ name: 'conda', basis: 'CONDA_EXE=/r/bin/conda' });
  expect(activatorOf({ ...active, MAMBA_EXE: '/opt/bin/micromamba' })).toEqual({ name: 'micromamba', basis: 'MAMBA_EXE=/opt/bin/micromamba' });
  expect(activatorOf({ ...active, MAMBA_EXE: '/opt/bin/mamba' })?.name).toBe('mamba');
  expect(activatorOf({ ...active, MAMBA_SHLVL: '0' })?.name).toBe('micromamba');
  expect(activatorOf({ ...active, PIXI_PROJECT_ROOT: '/p', CONDA_EXE: '/r/bin/conda' })).toEqual({ name: 'pixi', basis: 'PIXI_PROJECT_ROOT=/p' });
  expect(activatorOf({ ...active, MAMBA_SHLVL: '2' })).toEqual({ name: 'micromamba', basis: 'MAMBA_SHLVL=2' });
  expect(activatorOf({ ...active, CONDA_EXE: '/r/bin/conda', MAMBA_EXE: '/opt/bin/micromamba' })).toBeNull();
  expect(activatorOf({ CONDA_EXE: '/r/bin/conda' })).toBeNull();
});

test('a fix says the activate command of that front end, conda when unknown', () => {
  expect(activateWord({ ...active, MAMBA_EXE: '/opt/bin/micromamba' })).toBe('micromamba');
  expect(activateWord({ ...active, CONDA_EXE: '/r/bin/conda' })).toBe('conda');
  expect(activateWord({ ...active, PIXI_PROJECT_ROOT: '/p' })).toBe('conda');
  expect(activateWord({})).toBe('conda');
});

// Which front end activated the shell doctor/explain run in, from what each leaves in the environment,
// so that a fix names the command that works there (`micromamba activate`, not `conda activate`). Pure.
//   conda's hook exports CONDA_EXE (conda.csh: CONDA_EXE too); `micromamba shell init` exports MAMBA_EXE
//   (and micromamba's fish hook MAMBA_SHLVL); pixi exports PIXI_PROJECT_ROOT in `pixi shell`/`pixi run`.
// A shell set up for both conda and micromamba carries both: then it is not known which one activated.
import * as path from 'node:path';
import type { Env } from '../paths';

export interface Activator {
  /** The command users type: conda, micromamba, mamba (mamba 2 uses micromamba's activator) or pixi. */
  name: 'conda' | 'micromamba' | 'mamba' | 'pixi';
  /** The variable it was told by. */
  basis: string;
}

export function activatorOf(env: Env): Activator | null {
  if (!env.CONDA_PREFIX) return null;
  if (env.PIXI_PROJECT_ROOT) return { name: 'pixi', basis: `PIXI_PROJECT_ROOT=${env.PIXI_PROJECT_ROOT}` };
  const mamba = env.MAMBA_EXE ? (path.basename(env.MAMBA_EXE) === 'mamba' ? 'mamba' : 'micromamba') : env.MAMBA_SHLVL !== undefined ? 'micromamba' : null;
  if (mamba && !env.CONDA_EXE) return { name: mamba, basis: env.MAMBA_EXE ? `MAMBA_EXE=${env.MAMBA_EXE}` : `MAMBA_SHLVL=${env.MAMBA_SHLVL}` };
  if (env.CONDA_EXE && !mamba) return { name: 'conda', basis: `CONDA_EXE=${env.CONDA_EXE}` };
  return null;
}

/** The word a fix uses to activate: the front end that activated this shell, else `conda`. */
export function activateWord(env: Env): string {
  const a = activatorOf(env);
  return a && a.name !== 'pixi' ? a.name : 'conda';
}

// `conda go ARGS` is `gocondad ARGS` run by the conda plugin with GOCONDAD_AS=conda go (python-shim/
// gocondad_conda/plugin.py). Its help then says `Usage: conda go …` and leaves out the commands that manage
// gocondad itself (they still run when named): they are not what `conda go` is for.
import { Help, type Command } from 'commander';

/** The variable the plugin sets, and the one value it sets it to. */
export const AS_ENV = 'GOCONDAD_AS';
export const AS_CONDA_GO = 'conda go';
/** Commands that install, remove or run gocondad itself: `gocondad setup`, not `conda go setup`. */
export const NOT_THROUGH_CONDA = ['daemon', 'setup', 'uninstall', 'service'];

export function asCondaGo(program: Command, env: NodeJS.ProcessEnv): void {
  if (env[AS_ENV] !== AS_CONDA_GO) return;
  program.name(AS_CONDA_GO);
  const help = new Help();
  program.configureHelp({ visibleCommands: (cmd) => help.visibleCommands(cmd).filter((c) => !NOT_THROUGH_CONDA.includes(c.name())) });
}

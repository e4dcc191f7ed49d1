// Progress for long work (a cold cgo build, `go list -deps`, `go mod edit`, pip installing the plugin,
// doctor's fixes), one line per step on stderr, only for a person watching: a terminal. Pipes, files and
// the conda plugin (which runs commands with captured output) get nothing, so output stays the same for
// scripts. One helper for every command: bundle, sync, setup, doctor --fix.

/** Says what starts now; undefined when nobody is watching, so callers can skip work done only for it. */
export type Progress = ((step: string) => void) | undefined;

export function progressFor(stream: { isTTY?: boolean; write(s: string): unknown } = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  if (stream.isTTY !== true || env.TERM === 'dumb') return undefined;
  return (step) => {
    stream.write(`gocondad: ${step}…\n`);
  };
}

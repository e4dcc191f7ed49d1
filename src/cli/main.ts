// The `gocondad` command wiring: one file per command group under commands/ (program.ts), each loading
// its heavy modules only when its command runs. The hottest command lines skip this file altogether (fast/).
import type { Command } from 'commander';
import { fail, failOnUncaught } from './context';
import { buildProgram } from './program';
import { dieOfPendingSignal, holdSignals, Interrupted, pendingSignal } from './signals';
import { commandWrites } from './writing';

failOnUncaught();
const program = buildProgram();
// A command that changes things holds Ctrl-C/SIGTERM until its changes are whole (signals.ts).
program.hook('preAction', (_root, action) => {
  const names: string[] = [];
  for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
  if (commandWrites(names, action.opts())) holdSignals();
});

// A signal that came during synchronous work (a `go build`, the writes) reaches JavaScript on the next
// turn of the event loop: one turn before deciding how the command ends.
const turn = () => new Promise((resolve) => setImmediate(resolve));
program.parseAsync(process.argv).then(
  async () => {
    await turn();
    dieOfPendingSignal(null);
  },
  async (err: unknown) => {
    await turn();
    // A held signal ends the command: say where it stopped (a child killed by the same Ctrl-C fails its
    // step; that failure is the interruption, not an error of its own).
    if (pendingSignal() === null) return fail(err);
    dieOfPendingSignal(
      err instanceof Interrupted ? err.message : `interrupted (${pendingSignal()}) before it finished; nothing is left half-done: run the same command again`,
    );
  },
);

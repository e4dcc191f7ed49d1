// The `gocondad` command wiring: one file per command group under commands/ (program.ts), each loading
// its heavy modules only when its command runs. The hottest command lines skip this file altogether (fast.ts).
import { fail, failOnUncaught } from './context';
import { buildProgram } from './program';

failOnUncaught();
buildProgram().parseAsync(process.argv).catch(fail);

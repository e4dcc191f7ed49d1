// `gocondad shims refresh PREFIX --print DIALECT` — what a stale shim runs inside an activation — run
// straight from the entry (see parse.ts): its own bundle, ending on an error the way main.ts does.
import { shimsRefresh } from '../commands/shims';
import { fail, failOnUncaught } from '../context';

failOnUncaught();

export function run(prefix: string, print: string): Promise<void> {
  return shimsRefresh(prefix, { print }).catch(fail);
}

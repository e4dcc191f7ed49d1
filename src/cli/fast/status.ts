// `gocondad status [--json]` run straight from the entry (see parse.ts): its own bundle, loading only
// what the status needs, and ending on an error the way main.ts does.
import { showStatus } from '../commands/status';
import { fail, failOnUncaught } from '../context';

failOnUncaught();

export function run(json: boolean): Promise<void> {
  return showStatus({ json }).catch(fail);
}

// runSync over a project in a temp HOME (run.test.ts, run-write.test.ts): the HOME with its `proj/` dir
// and Go telemetry off, the environment the run sees, and the call with the tests' default options.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveLocations } from '../../src/paths';
import type { SyncReport } from '../../src/sync/report';
import { runSync, type SyncOptions } from '../../src/sync/run';
import { noTelemetry } from './world';

/** A fresh temp HOME (name prefix `prefix`) holding the project dir `proj/`; Go's telemetry off in it. */
export function syncHome(prefix: string): { home: string; dir: string } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dir = path.join(home, 'proj');
  fs.mkdirSync(dir);
  noTelemetry(home, path.join(home, 'config'));
  return { home, dir };
}

/** What the run sees: HOME and XDG dirs inside `home`, no PATH unless `extra` gives one. */
export const syncEnv = (home: string, extra: Record<string, string> = {}): Record<string, string> => ({
  HOME: home,
  XDG_STATE_HOME: path.join(home, 'state'),
  XDG_CONFIG_HOME: path.join(home, 'config'),
  PATH: '/nonexistent',
  ...extra,
});

/** runSync on `dir`: check only, state saved, unless `over` says otherwise. */
export function syncIn(dir: string, home: string, over: Partial<SyncOptions> = {}, extra: Record<string, string> = {}): Promise<SyncReport> {
  const env = syncEnv(home, extra);
  return runSync({ dir, write: null, tags: [], offline: false, saveState: true, ...over }, resolveLocations(env, process.getuid!()), env);
}

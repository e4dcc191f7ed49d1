// doctor's Context over a throwaway conda root and a user config naming the two real Go toolchains, for
// the unit tests of the doctor's checks (they read envs on disk, so they need real toolchains).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadContext, type Context } from '../../src/doctor/context';
import { resolveLocations } from '../../src/paths';
import { noTelemetry } from './world';

export const GO119 = '/usr/lib/go-1.19';
export const GO122 = '/usr/lib/go-1.22';

/** Fails with the install command when a toolchain is missing. */
export function requireToolchains(): void {
  for (const go of [GO119, GO122])
    if (!fs.existsSync(path.join(go, 'bin', 'go')))
      throw new Error(`${go} is missing: run bash scripts/ensure-test-deps (it installs the golang-1.x-go packages)`);
}

/** A new temp dir (remove it after the test) with `conda/` as the root, and the context over it. */
export function doctorWorld(tag: string): { dir: string; ctx: Context } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gocondad-${tag}-`));
  fs.mkdirSync(path.join(dir, 'conda', 'conda-meta'), { recursive: true });
  const env = { HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run'), CONDA_ROOT: path.join(dir, 'conda'), PATH: '/usr/bin:/bin' };
  const loc = resolveLocations(env);
  fs.mkdirSync(loc.configDir, { recursive: true });
  fs.writeFileSync(loc.configFile, `system_toolchains: false\ntoolchains:\n  - ${GO119}\n  - ${GO122}\n`);
  noTelemetry(env.HOME); // tests run the real go with this HOME: its telemetry child must not outlive them
  return { dir, ctx: loadContext(loc, env) };
}

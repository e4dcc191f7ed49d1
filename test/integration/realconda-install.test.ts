// `conda install go` / `conda remove go` from a local file:// channel inside an active env, with the real
// conda in real shells and no daemon: conda's own reactivation right after the package change must
// already run the new toolchain (the shim sees the env is newer than itself and refreshes its plan),
// and the final deactivate restores everything byte for byte.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CondaWorld, dump, envSnapshot, goVersion, HOSTILE, withoutPlatform } from '../helpers/condaworld';
import { describeWithConda, MAKE_GO_CHANNEL } from '../helpers/realconda';
import { GO119 } from '../helpers/world';

const SHELLS = ['bash', 'zsh', 'dash', 'fish', 'tcsh'];
const GO123 = '/usr/lib/go-1.23';

describeWithConda('real conda install/remove of go inside an active env', (shared) => {
  // A user's own conda without ../shared: the channel builder is not there.
  if (!fs.existsSync(MAKE_GO_CHANNEL))
    throw new Error(`${MAKE_GO_CHANNEL} is missing (it builds the go channel): put the project's shared/ folder beside the clone`);
  let cw: CondaWorld;
  let channel: string;
  beforeAll(() => {
    if (!fs.existsSync(path.join(GO123, 'bin', 'go'))) throw new Error(`${GO123} missing: run bash scripts/ensure-test-deps`);
    cw = new CondaWorld(
      shared,
      SHELLS.map((s) => ({ name: `g-${s}` })),
    );
    channel = cw.goChannel({ '1.23.5': GO123 });
  });
  afterAll(() => cw?.cleanup());

  test.each(SHELLS)("%s: install switches the toolchain at conda's reactivation, remove switches back, exact restore", (shell) => {
    const name = `g-${shell}`;
    const prefix = cw.prefix(name);
    const file = (step: string) => path.join(cw.world.dir, `snap-${shell}-${step}`);
    const show = 'go version; go env GOROOT';
    // conda.csh's `case "install" | "update" | "upgrade" | "remove" | "uninstall":` matches only "install"
    // in csh (a case label has no alternatives there), so in tcsh conda reactivates after install but not
    // after remove: a tcsh user reactivates by hand, as here (with a fixed conda.csh this is a 2nd reactivate).
    const afterRemove = shell === 'tcsh' ? `; conda activate ${name}` : '';
    const script = [
      dump(file('before')),
      `conda activate ${name}`,
      dump(file('active')),
      show,
      `conda install -c ${channel} --override-channels go=1.23.5 --offline --yes --quiet > /dev/null`,
      dump(file('installed')),
      show,
      `conda remove go --offline --yes --quiet > /dev/null${afterRemove}`,
      dump(file('removed')),
      show,
      'conda deactivate',
      dump(file('after')),
    ].join('\n');
    const r = cw.real(shell, script, shell === 'fish' || shell === 'zsh' ? { GOPATH: HOSTILE, GOTOOLCHAIN: '' } : { GOROOT: '', GOTOOLCHAIN: 'auto' });
    expect(r.stderr).toBe('');
    expect(withoutPlatform(r.stdout)).toEqual([goVersion(GO119), GO119, goVersion(GO123), path.join(prefix, 'go'), goVersion(GO119), GO119, '']);
    expect(r.status).toBe(0);
    // No daemon ran: the new toolchain at the reactivation came from the shim's own refresh.
    expect(cw.world.daemonPid()).toBeNull();
    const before = envSnapshot(file('before'));
    const condabin = path.join(cw.conda.root, 'condabin');
    const base = shell === 'tcsh' ? `${condabin}:${before.get('PATH')}` : before.get('PATH');
    const launchers = path.join(cw.world.home, '.local', 'share', 'gocondad', 'launchers');
    const at = (step: string) => {
      const s = envSnapshot(file(step));
      return { GOROOT: s.get('GOROOT'), GOBIN: s.get('GOBIN'), PATH: s.get('PATH') };
    };
    expect(at('active')).toEqual({ GOROOT: GO119, GOBIN: path.join(prefix, 'bin'), PATH: `${GO119}/bin:${prefix}/bin:${base}` });
    expect(at('installed')).toEqual({
      GOROOT: path.join(prefix, 'go'),
      GOBIN: path.join(prefix, 'bin'),
      PATH: `${prefix}/go/bin:${launchers}:${prefix}/bin:${base}`,
    });
    expect(at('removed')).toEqual(at('active'));
    // gocondad leaves a variable the env declares (the package's env_vars.d GOTOOLCHAIN) to conda. conda
    // 24+ sets those only on a fresh activation, not on its reactivation: GOTOOLCHAIN stays as it was.
    // conda 23.x set them on the reactivation too, without a backup, and so leaves GOTOOLCHAIN=local
    // behind for good (conda's leak, not gocondad's): everything else must still come back exactly.
    const after = envSnapshot(file('after'));
    if (cw.reactivateSetsEnvVars()) {
      expect(envSnapshot(file('installed')).get('GOTOOLCHAIN')).toBe('local');
      for (const s of [before, after]) s.delete('GOTOOLCHAIN');
    } else {
      expect(envSnapshot(file('installed')).get('GOTOOLCHAIN')).toBe(before.get('GOTOOLCHAIN'));
    }
    if (shell === 'tcsh') after.set('PATH', after.get('PATH')!.replace(`${condabin}:`, ''));
    expect(after).toEqual(before);
    // The shims were rewritten for each change: they now carry the plan without the env's go.
    expect(fs.readFileSync(path.join(prefix, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'), 'utf8')).toContain(`__gcd_p_goroot='${GO119}'`);
  });
});

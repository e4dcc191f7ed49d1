// `micromamba install go` / `micromamba remove go` from a local file:// channel inside an active env, with
// the real micromamba in real shells and no daemon: micromamba's shell function reactivates after each
// package change (deactivate.d, then activate.d), and that reactivation must already run the new toolchain;
// the final deactivate restores everything byte for byte.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dump, envSnapshot, goVersion, HOSTILE, withoutPlatform } from '../helpers/condaworld';
import { MambaWorld } from '../helpers/mambaworld';
import { describeWithMamba, MAMBA_SHELLS } from '../helpers/realmamba';
import { GO119 } from '../helpers/world';

const GO123 = '/usr/lib/go-1.23';

describeWithMamba('real micromamba install/remove of go inside an active env', (mamba) => {
  let mw: MambaWorld;
  let channel: string;
  beforeAll(() => {
    if (!fs.existsSync(path.join(GO123, 'bin', 'go'))) throw new Error(`${GO123} missing: run bash scripts/ensure-test-deps`);
    mw = new MambaWorld(
      mamba,
      MAMBA_SHELLS.map((s) => ({ name: `g-${s}` })),
    );
    channel = mw.goChannel({ '1.23.5': GO123 });
  });
  afterAll(() => mw?.cleanup());

  test.each(MAMBA_SHELLS)('%s: install switches the toolchain at the reactivation, remove switches back, exact restore', (shell) => {
    const name = `g-${shell}`;
    const prefix = mw.prefix(name);
    const file = (step: string) => path.join(mw.world.dir, `snap-${shell}-${step}`);
    const show = 'go version; go env GOROOT';
    const script = [
      dump(file('before')),
      `micromamba activate ${name}`,
      dump(file('active')),
      show,
      `micromamba install -c ${channel} --override-channels go=1.23.5 --yes --quiet > /dev/null 2> '${file('install.err')}'`,
      dump(file('installed')),
      show,
      'micromamba remove go --yes --quiet > /dev/null',
      dump(file('removed')),
      show,
      'micromamba deactivate',
      dump(file('after')),
    ].join('\n');
    const r = mw.real(shell, script, shell === 'fish' || shell === 'zsh' ? { GOPATH: HOSTILE, GOTOOLCHAIN: '' } : { GOROOT: '', GOTOOLCHAIN: 'auto' });
    expect(r.stderr).toBe('');
    // micromamba warns once per subdir that the channel has no repodata.json.zst, then reads repodata.json.
    const warnings = fs
      .readFileSync(file('install.err'), 'utf8')
      .split('\n')
      .filter((l) => l && !/repodata\.json\.zst/.test(l));
    expect(warnings).toEqual([]);
    expect(withoutPlatform(r.stdout)).toEqual([goVersion(GO119), GO119, goVersion(GO123), path.join(prefix, 'go'), goVersion(GO119), GO119, '']);
    expect(r.status).toBe(0);
    expect(mw.world.daemonPid()).toBeNull();
    const before = envSnapshot(file('before'));
    const condabin = path.join(mw.world.root, 'condabin');
    const base = shell === 'fish' ? `${condabin}:${before.get('PATH')}` : before.get('PATH');
    const launchers = path.join(mw.world.home, '.local', 'share', 'gocondad', 'launchers');
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
    expect(envSnapshot(file('installed')).get('GOTOOLCHAIN')).toBe(before.get('GOTOOLCHAIN'));
    const after = envSnapshot(file('after'));
    if (shell === 'fish') after.set('PATH', after.get('PATH')!.replace(`${condabin}:`, ''));
    expect(after).toEqual(before);
    expect(fs.readFileSync(path.join(prefix, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'), 'utf8')).toContain(`__gcd_p_goroot='${GO119}'`);
  });
});

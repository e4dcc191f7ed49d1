// GOTOOLCHAIN across a switch, with the real conda in real shells: conda-forge's `go` declares
// GOTOOLCHAIN=local in its env_vars.d, and conda keeps that value when the user switches (or stacks) to
// an env without it. There the activate shim must see that the value is the env below's, not the user's,
// and give its own default (local+path) or the user's own value, so that a go.mod `go`/`toolchain` line
// reaches the launchers; leaving the env gives back exactly what conda had.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CondaWorld, dump, envSnapshot, goVersion } from '../helpers/condaworld';
import { describeWithConda, MAKE_GO_CHANNEL } from '../helpers/realconda';
import { GO119, GO122 } from '../helpers/world';

const SHELLS = ['bash', 'zsh', 'dash', 'fish', 'tcsh'];
const GO123 = '/usr/lib/go-1.23';

describeWithConda('GOTOOLCHAIN from conda-forge go across a switch (real conda)', (shared) => {
  if (!fs.existsSync(MAKE_GO_CHANNEL))
    throw new Error(`${MAKE_GO_CHANNEL} is missing (it builds the go channel): put the project's shared/ folder beside the clone`);
  let cw: CondaWorld;
  let mod: string;
  beforeAll(() => {
    if (!fs.existsSync(path.join(GO123, 'bin', 'go'))) throw new Error(`${GO123} missing: run bash scripts/ensure-test-deps`);
    cw = new CondaWorld(shared, [{ name: 'cf' }, { name: 'plain', pin: 'go: "1.22"\n' }]);
    // go1.23.x launchers for the module below: the toolchain it asks for exists locally, outside both envs.
    cw.world.config(`system_toolchains: false\ntoolchains: [${GO119}, ${GO122}, ${GO123}]\ndefault: "1.19"\n`);
    const channel = cw.goChannel({ '1.23.5': GO123 });
    const r = cw.condaCmd(['install', '-n', 'cf', '-c', channel, '--override-channels', 'go=1.23.5', '--offline', '--yes', '--quiet']);
    if (r.status !== 0) throw new Error(`conda install go failed: ${r.stderr}${r.stdout}`);
    cw.world.installShims(cw.prefix('cf'), cw.prefix('plain'));
    mod = path.join(cw.world.dir, 'mod');
    fs.mkdirSync(mod, { recursive: true });
    fs.writeFileSync(path.join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.23.0\n');
  }, 300000);
  afterAll(() => cw?.cleanup());

  const run = (shell: string, tag: string, start: Record<string, string>, activate: string, goVersionInModule = true) => {
    const file = (step: string) => path.join(cw.world.dir, `snap-${shell}-${tag}-${step}`);
    const script = [
      dump(file('before')),
      'conda activate cf',
      dump(file('cf')),
      activate,
      dump(file('plain')),
      ...(goVersionInModule ? [`cd '${mod}'`, 'go version', `cd '${cw.world.dir}'`] : []),
      'conda deactivate',
      dump(file('back')),
      'conda deactivate',
      dump(file('after')),
    ].join('\n');
    const r = cw.real(shell, script, start);
    const at = (step: string) => envSnapshot(file(step));
    return { r, at };
  };

  test.each(SHELLS)("%s: switched away from conda-forge go, the env's default applies and the module runs go1.23 through a launcher", (shell) => {
    const { r, at } = run(shell, 'switch', {}, 'conda activate plain');
    expect(r.stderr).toBe('');
    expect(at('cf').get('GOTOOLCHAIN')).toBe('local'); // conda's, from go's env_vars.d
    expect(at('plain').get('GOTOOLCHAIN')).toBe('local+path');
    // With GOTOOLCHAIN=local this is "go.mod requires go >= 1.23.0 (running go 1.22…; GOTOOLCHAIN=local)".
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^${goVersion(GO123)} `));
    expect(at('back').get('GOTOOLCHAIN')).toBe('local');
    // conda gives an env_vars.d variable that was unset back as '' in POSIX shells (its `export NAME=''`,
    // shared/conda-activation.md), really unset in fish and csh; the shim restored local before that.
    const before = at('before');
    const after = at('after');
    expect(after.get('GOTOOLCHAIN')).toBe(shell === 'fish' || shell === 'tcsh' ? undefined : '');
    after.delete('GOTOOLCHAIN');
    // csh's conda.csh puts condabin on PATH at the first activate (its README), not gocondad.
    if (shell === 'tcsh') after.set('PATH', after.get('PATH')!.replace(`${path.join(cw.conda.root, 'condabin')}:`, ''));
    expect(after).toEqual(before);
    expect(r.status).toBe(0);
  });

  // conda reads every file of env_vars.d, whatever its name (checked with conda 24.11 to 26.9): one not
  // named *.json declares GOTOOLCHAIN all the same, and the shim must know it as the env below's too.
  test('bash: the declaring file not named *.json is read by the shim as conda reads it', () => {
    const d = path.join(cw.prefix('cf'), 'etc', 'conda', 'env_vars.d');
    fs.renameSync(path.join(d, 'go.json'), path.join(d, 'go-toolchain'));
    try {
      const { r, at } = run('bash', 'nojson', {}, 'conda activate plain');
      expect(r.stderr).toBe('');
      expect(at('cf').get('GOTOOLCHAIN')).toBe('local');
      expect(at('plain').get('GOTOOLCHAIN')).toBe('local+path');
      expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^${goVersion(GO123)} `));
      expect(at('back').get('GOTOOLCHAIN')).toBe('local');
      expect(r.status).toBe(0);
    } finally {
      fs.renameSync(path.join(d, 'go-toolchain'), path.join(d, 'go.json'));
    }
  });

  test.each(['bash', 'fish'])('%s: a GOTOOLCHAIN the user set before is theirs again in the env switched to, under --stack too', (shell) => {
    for (const [tag, activate] of [
      ['own', 'conda activate plain'],
      ['stack', 'conda activate --stack plain'],
    ] as const) {
      const { r, at } = run(shell, tag, { GOTOOLCHAIN: 'go1.22.0+auto' }, activate, false);
      // conda's own warning when an env_vars.d variable overwrites one the shell has; nothing else.
      expect(r.stderr.replace("WARNING: overwriting environment variables set in the machine\noverwriting variable ['GOTOOLCHAIN']\n", '')).toBe('');
      expect(at('cf').get('GOTOOLCHAIN')).toBe('local');
      expect(at('plain').get('GOTOOLCHAIN')).toBe('go1.22.0+auto');
      expect(at('back').get('GOTOOLCHAIN')).toBe('local');
      expect(at('after')).toEqual(at('before'));
      expect(r.status).toBe(0);
    }
  });
});

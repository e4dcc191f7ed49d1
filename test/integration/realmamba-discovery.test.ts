// Where micromamba keeps envs, found as micromamba 2.2.0 really lays them out: its default root
// (~/.local/share/mamba, no MAMBA_ROOT_PREFIX), roots named only by `micromamba shell init`'s rc block
// (bash, fish), `root_prefix` in ~/.mambarc; `gocondad envs` and `setup` see them with the env registry
// (~/.conda/environments.txt) gone. Then the daemon's watch, the only refresh path under micromamba (no
// conda plugin runs there): `micromamba create`, `install go`, `remove go` each rewrite the shims; and
// `micromamba run -p ENV go version` runs the env's Go.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { goVersion, withoutPlatform } from '../helpers/condaworld';
import { MAKE_GO_CHANNEL } from '../helpers/realconda';
import { describeWithMamba, type RealMamba } from '../helpers/realmamba';
import { CLI, GO119, World } from '../helpers/world';

const GO123 = '/usr/lib/go-1.23';
const shimOf = (prefix: string) => path.join(prefix, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');
const shimGoroot = (prefix: string) => /__gcd_p_goroot='([^']*)'/.exec(fs.readFileSync(shimOf(prefix), 'utf8'))?.[1];

describeWithMamba('micromamba installations and their envs, found and watched', (mamba: RealMamba) => {
  let world: World;
  /** The daemon's and the CLI's environment: no MAMBA_ROOT_PREFIX, nothing but HOME to go by. */
  let env: Record<string, string>;
  const mm = (args: string[], extra: Record<string, string> = {}) => {
    const r = spawnSync(mamba.exe, args, { env: { ...env, ...extra }, encoding: 'utf8', timeout: 120000 });
    if (r.status !== 0) throw new Error(`micromamba ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  };
  const defaultRoot = () => path.join(world.home, '.local', 'share', 'mamba');

  beforeAll(() => {
    world = new World();
    env = { ...world.env, PATH: '/usr/bin:/bin', GOPROXY: 'off', GOFLAGS: '' };
    world.config(`system_toolchains: false\ntoolchains: [${GO119}]\ndefault: "1.19"\n`);
    // micromamba's --offline mode needs every pkgs dir to exist (../shared/realmamba/README.md).
    fs.mkdirSync(path.join(world.home, '.mamba', 'pkgs'), { recursive: true });
  });
  afterAll(() => world?.cleanup());

  test('default root, shell init blocks, .mambarc: `envs` and `setup` find every env without the env registry', () => {
    const roots = { bash: path.join(world.dir, 'bash root'), fish: path.join(world.dir, 'fishroot') };
    const rcEnvs = path.join(world.dir, 'rc envs');
    for (const r of [defaultRoot(), ...Object.values(roots)]) fs.mkdirSync(path.join(r, 'pkgs'), { recursive: true });
    fs.writeFileSync(path.join(world.home, '.bashrc'), '# a user rc\n');
    mm(['shell', 'init', '--shell', 'bash', '--root-prefix', roots.bash]);
    mm(['shell', 'init', '--shell', 'fish', '--root-prefix', roots.fish]);
    // micromamba 2.2.0 reads envs_dirs from ~/.mambarc (and ignores a root_prefix there).
    fs.writeFileSync(path.join(world.home, '.mambarc'), `envs_dirs: ['${rcEnvs}']\n`);
    mm(['create', '-n', 'rc-env', '--offline', '-y', '-q']);
    fs.rmSync(path.join(world.home, '.mambarc'));
    mm(['create', '-n', 'default-env', '--offline', '-y', '-q']);
    mm(['create', '-n', 'bash-env', '--offline', '-y', '-q'], { MAMBA_ROOT_PREFIX: roots.bash });
    mm(['create', '-n', 'fish-env', '--offline', '-y', '-q'], { MAMBA_ROOT_PREFIX: roots.fish });
    const want = [
      path.join(rcEnvs, 'rc-env'),
      path.join(defaultRoot(), 'envs', 'default-env'),
      path.join(roots.bash, 'envs', 'bash-env'),
      path.join(roots.fish, 'envs', 'fish-env'),
    ];
    for (const p of want) expect(fs.existsSync(path.join(p, 'conda-meta', 'history'))).toBe(true);
    // micromamba registers envs in ~/.conda/environments.txt as conda does; without it only the roots tell.
    expect(fs.readFileSync(path.join(world.home, '.conda', 'environments.txt'), 'utf8')).toContain(want[1]);
    fs.rmSync(path.join(world.home, '.conda', 'environments.txt'));
    fs.writeFileSync(path.join(world.home, '.mambarc'), `envs_dirs: ['${rcEnvs}']\n`);
    const listed = JSON.parse(world.cli(['envs', '--json'], {}).stdout).envs.map((e: { prefix: string }) => e.prefix);
    expect(listed).toEqual(expect.arrayContaining(want));
    const r = world.cli(['setup', '--yes', '--no-plugin', '--no-service']);
    expect(r.status).toBe(0);
    for (const p of want) expect(fs.existsSync(shimOf(p))).toBe(true);
    fs.rmSync(path.join(world.home, '.mambarc'));
  });

  test('the watch: micromamba create, install go, remove go rewrite the shims; micromamba run gets the env Go', async () => {
    world.startDaemon();
    const prefix = path.join(defaultRoot(), 'envs', 'watched');
    mm(['create', '-n', 'watched', '--offline', '-y', '-q']);
    await world.waitFor(() => fs.existsSync(shimOf(prefix)), 'shims in the env micromamba created');
    expect(shimGoroot(prefix)).toBe(GO119);
    const channel = path.join(world.dir, 'go-channel');
    const made = spawnSync('python3', [MAKE_GO_CHANNEL, channel, `1.23.5=${GO123}`]);
    if (made.status !== 0) throw new Error(`make-go-channel.py: ${made.stderr}`);
    mm(['install', '-n', 'watched', '-c', `file://${channel}`, '--override-channels', 'go=1.23.5', '-y', '-q']);
    await world
      .waitFor(() => shimGoroot(prefix) === path.join(prefix, 'go'), 'shims rewritten for the installed go')
      .catch((e) => {
        throw new Error(`${e}\n${fs.readFileSync(world.logFile, 'utf8')}\n${shimGoroot(prefix)}`);
      });
    const run = spawnSync(mamba.exe, ['run', '-p', prefix, 'go', 'version'], { env, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr, out: withoutPlatform(run.stdout) }).toEqual({ status: 0, stderr: '', out: [goVersion(GO123), ''] });
    const goroot = spawnSync(mamba.exe, ['run', '-p', prefix, 'go', 'env', 'GOROOT'], { env, encoding: 'utf8' });
    expect(goroot.stdout.trim()).toBe(path.join(prefix, 'go'));
    mm(['remove', '-n', 'watched', 'go', '-y', '-q']);
    await world.waitFor(() => shimGoroot(prefix) === GO119, 'shims rewritten after the remove');
    const after = spawnSync(mamba.exe, ['run', '-p', prefix, 'go', 'env', 'GOROOT'], { env, encoding: 'utf8' });
    expect(after.stdout.trim()).toBe(GO119);

    // doctor names micromamba's leftover (no pre-unlink script ran) with its fix; explain, run in a shell
    // micromamba activated (its shell init exports MAMBA_EXE), says so.
    const doctor = JSON.parse(world.cli(['doctor', prefix, '--json'], env).stdout);
    const findings = JSON.stringify(doctor);
    expect(findings).toContain('"removed-go-leftover"');
    expect(findings).toContain(`rm -rf ${path.join(prefix, 'go')}`);
    const shell = spawnSync(
      'bash',
      [
        '-c',
        `export MAMBA_EXE=${mamba.exe}\neval "$("$MAMBA_EXE" shell hook --shell bash)"\nmicromamba activate ${prefix}\n"${process.execPath}" "${CLI}" explain --json`,
      ],
      { env: { ...env, MAMBA_ROOT_PREFIX: defaultRoot() }, encoding: 'utf8' },
    );
    expect(shell.stderr).toBe('');
    expect(JSON.parse(shell.stdout).activatedBy).toEqual({ name: 'micromamba', basis: `MAMBA_EXE=${mamba.exe}` });
  });
});

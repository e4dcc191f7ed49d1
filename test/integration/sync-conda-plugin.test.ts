// go.mod sync inside a real conda (../shared/realconda) with the real plugin pip-installed into a root of
// its own: the post-solve hook warns before conda links a C library that breaks a synced go.mod (and
// conda goes on), `conda doctor` reports drift, an env no go.mod is synced against starts no gocondad
// process, and a broken gocondad costs one line. conda 26.7.1: the plugin's other hooks on main still use
// the plugin types' top-level re-exports, which conda main (26.9) removed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeWithConda, privateConda, writeCondarc, type RealConda } from '../helpers/realconda';
import { CLI, REPO, World } from '../helpers/world';

const MAKE_LIB_CHANNEL = path.join(__dirname, '..', 'fixtures', 'sync', 'make-lib-channel.py');
const ours = (stderr: string) => stderr.split('\n').filter((l) => /gocondad|Traceback/.test(l));

describeWithConda(
  'go.mod sync in conda (plugin)',
  (shared) => {
    let world: World;
    let conda: RealConda;
    let env: Record<string, string>;
    let envsDir: string;
    let channel: string;
    let calls: string;
    beforeAll(() => {
      world = new World();
      conda = privateConda(shared, path.join(world.dir, 'conda'))!;
      if (!conda) throw new Error('the plugin suite needs ../shared/realconda (it installs the plugin into a root of its own); unset GOCONDAD_TEST_CONDA');
      const shim = path.join(world.dir, 'python-shim');
      fs.cpSync(path.join(REPO, 'python-shim'), shim, { recursive: true, filter: (src) => !/(__pycache__|\.egg-info|[/]build)$/.test(src) });
      const pip = spawnSync(path.join(conda.root, 'bin', 'python'), ['-m', 'pip', 'install', '-q', '--no-deps', '--no-build-isolation', '--no-index', shim], {
        encoding: 'utf8',
        timeout: 240000,
        env: { PATH: '/usr/bin:/bin', HOME: world.home, PIP_NO_CACHE_DIR: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' },
      });
      if (pip.status !== 0) throw new Error(`pip install of python-shim into ${conda.root} failed: ${pip.stderr}`);
      channel = path.join(world.dir, 'libchannel');
      const ch = spawnSync('/usr/bin/python3', [MAKE_LIB_CHANNEL, channel, 'libgit2=1.5.2', 'libgit2=1.9.0'], { encoding: 'utf8' });
      if (ch.status !== 0) throw new Error(`make-lib-channel.py failed: ${ch.stderr}`);
      // gocondad through a wrapper that logs each call, so a test can tell whether the plugin started one.
      calls = path.join(world.dir, 'calls.log');
      const bin = path.join(world.dir, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'gocondad'), `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${process.execPath}' '${CLI}' "$@"\n`, { mode: 0o755 });
      const rc = writeCondarc(path.join(world.dir, 'condadirs'));
      envsDir = rc.envsDir;
      env = { ...world.env, PATH: `${bin}:/usr/bin:/bin`, CONDARC: rc.CONDARC };
    });
    afterAll(() => world?.cleanup());

    const run = (args: string[], extra: Record<string, string> = {}, cwd = world.dir) => {
      const r = spawnSync(conda.exe, args, { env: { ...env, ...extra }, encoding: 'utf8', cwd, timeout: 240000 });
      return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
    };
    const fromChannel = (args: string[], extra: Record<string, string> = {}) =>
      run([...args, '-c', `file://${channel}`, '--override-channels', '--offline', '--yes'], extra);
    const synced = (name: string): { prefix: string; proj: string } => {
      const prefix = path.join(envsDir, name);
      expect(fromChannel(['create', '-p', prefix, 'libgit2=1.5.2']).status).toBe(0);
      const proj = path.join(world.dir, `proj-${name}`);
      fs.mkdirSync(proj);
      fs.writeFileSync(path.join(proj, 'go.mod'), 'module example.com/app\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/v34 v34.0.0\n');
      expect(world.cli(['sync', proj, '-p', prefix]).status).toBe(0);
      return { prefix, proj };
    };

    test('post-solve: the warning and its fix come before anything is linked; conda goes on; conda doctor reports the drift', () => {
      const { prefix, proj } = synced('git');
      const warning = [
        `gocondad: warning: this transaction breaks the go.mod in ${proj}: github.com/libgit2/git2go/v34 v34.0.0 needs libgit2 1.5.*, but libgit2 1.9.0 would be installed`,
        `gocondad:   to keep it working: conda install -p ${prefix} "libgit2 1.5.*" (or \`gocondad sync ${proj} --write go\`)`,
      ];
      // A dry run solves (the hook runs) and links nothing.
      const dry = fromChannel(['install', '-p', prefix, 'libgit2=1.9.0', '--dry-run']);
      expect(ours(dry.stderr)).toEqual(warning);
      expect(fs.readdirSync(path.join(prefix, 'conda-meta'))).toContain('libgit2-1.5.2-0.json');

      const r = fromChannel(['install', '-p', prefix, 'libgit2=1.9.0']);
      expect(r.status).toBe(0);
      expect(ours(r.stderr)).toEqual(warning);
      expect(fs.readdirSync(path.join(prefix, 'conda-meta'))).toContain('libgit2-1.9.0-0.json');

      const doc = run(['doctor', '-p', prefix]);
      expect(doc.stdout).toContain(
        `X sync-drift: ${proj}: github.com/libgit2/git2go/v34 v34.0.0 needs libgit2 1.5.*, but libgit2 1.9.0 is installed\n   fix: conda install -p ${prefix} "libgit2 1.5.*"`,
      );

      const back = fromChannel(['install', '-p', prefix, 'libgit2=1.5.2']);
      expect(back.status).toBe(0);
      expect(ours(back.stderr)).toEqual([]);
      expect(run(['doctor', '-p', prefix]).stdout).toContain(`OK ${proj} agrees with this env.`);
    });

    test('an env no go.mod is synced against: no warning, and the solve starts no gocondad process', () => {
      const prefix = path.join(envsDir, 'plain');
      expect(fromChannel(['create', '-p', prefix, 'libgit2=1.5.2']).status).toBe(0);
      fs.rmSync(calls, { force: true });
      const r = fromChannel(['install', '-p', prefix, 'libgit2=1.9.0']);
      expect(r.status).toBe(0);
      expect(ours(r.stderr)).toEqual([]);
      const log = fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8') : '';
      expect(log.split('\n').filter((l) => l.startsWith('sync-env'))).toEqual([]);
    });

    test('a gocondad that fails costs one line; the install still happens', () => {
      const { prefix } = synced('broken');
      const broken = path.join(world.dir, 'gocondad-broken');
      fs.writeFileSync(broken, '#!/bin/sh\necho garbage\nexit 7\n', { mode: 0o755 });
      const r = fromChannel(['install', '-p', prefix, 'libgit2=1.9.0'], { GOCONDAD_CLI: broken });
      expect(r.status).toBe(0);
      expect(ours(r.stderr).filter((l) => /sync/.test(l))).toEqual(['gocondad: go.mod sync check skipped: `gocondad sync-env` failed (exit 7): no output']);
      expect(fs.readdirSync(path.join(prefix, 'conda-meta'))).toContain('libgit2-1.9.0-0.json');
    });
  },
  '26.7.1',
  { shared: true },
);

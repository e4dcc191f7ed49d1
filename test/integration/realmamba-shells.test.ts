// gocondad's shims under the real `micromamba activate` (micromamba 2.2.0 from ../shared/realmamba) in real
// bash, zsh, dash and fish (the shells its hook supports here): switch, --stack and the re-run after it,
// reactivate, the daemon never started and stopped mid-session, `micromamba install`/`remove` of go from a
// local file:// channel inside the active env; every step's Go view checked, byte-identical restore (the
// walk itself, shared with realconda-shells: test/helpers/shell-walk.ts).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dump, envSnapshot, goVersion, HOSTILE, withoutPlatform } from '../helpers/condaworld';
import { MambaWorld } from '../helpers/mambaworld';
import { describeWithMamba, MAMBA_SHELLS } from '../helpers/realmamba';
import { expectMidSession, expectWalk, midSessionScript, snapshot, startVars, walkScript, type Walk } from '../helpers/shell-walk';
import { logLines } from '../helpers/storm';
import { GO119, GO122 } from '../helpers/world';

describeWithMamba('real micromamba activate in real shells', (mamba) => {
  let mw: MambaWorld;
  beforeAll(() => {
    mw = new MambaWorld(mamba, [{ name: 'a' }, { name: 'b', pin: 'go: "1.22"\n', cdirs: true }, { name: 'c' }], { shims: false });
    // A package's env_vars.d as micromamba reads it: names upper-cased (`gobin` is GOBIN, which gocondad must
    // then leave to micromamba), reserved names exported (`path`: PATH, backed up and put back by micromamba).
    const vars = path.join(mw.prefix('c'), 'etc', 'conda', 'env_vars.d');
    fs.mkdirSync(vars, { recursive: true });
    fs.writeFileSync(path.join(vars, 'pkg.json'), '{"gobin": "/from-env/bin", "path": "/bogus-from-env"}\n');
    mw.world.installShims(...['a', 'b', 'c'].map((e) => mw.prefix(e)));
  });
  afterAll(() => mw?.cleanup());

  const walk = (shell: string): Walk => ({
    tool: 'micromamba',
    dir: mw.world.dir,
    shell,
    prefix: (env) => mw.prefix(env),
    launchers: path.join(mw.world.home, '.local', 'share', 'gocondad', 'launchers'),
    // fish --no-config: the hook's `fish_add_path` does not reach PATH, so micromamba's first activate puts
    // condabin there (as conda.csh does in tcsh), and it stays.
    condabinAdded: shell === 'fish' ? path.join(mw.world.root, 'condabin') : null,
  });

  // tcsh is not in MAMBA_SHELLS because micromamba 2.2.0's own csh hook does not activate at all (its
  // alias asks for `--shell csh`, which the CLI refuses, and it names the alias `mamba`): pinned, so that a
  // micromamba that fixes it fails here and tcsh joins the suites.
  test('tcsh: micromamba 2.2.0 hook cannot activate (so tcsh is not tested under it)', () => {
    const hook = path.join(mw.world.dir, 'mamba-hook.csh');
    fs.writeFileSync(hook, mw.mm(['shell', 'hook', '--shell', 'tcsh']).stdout);
    const script = path.join(mw.world.dir, 'tcsh-try.csh');
    fs.writeFileSync(script, `source ${hook}\nmicromamba activate a\nmamba activate a\nprintenv CONDA_PREFIX\n`);
    const r = spawnSync('tcsh', ['-f', script], { env: mw.env, encoding: 'utf8' });
    expect(r.stdout).not.toContain(mw.prefix('a'));
    expect(r.stderr).toMatch(/Unmatched|not in \{/);
  });

  describe.each(MAMBA_SHELLS.map((s, i) => [s, i] as const))('%s', (shell, i) => {
    test('daemon never started: switch, stack, re-run, reactivate; each step right, exact restore', () => {
      expect(mw.world.daemonPid()).toBeNull();
      const w = walk(shell);
      const { script, steps } = walkScript(w);
      const r = mw.real(shell, script, startVars(i));
      expect(r.stderr).toBe('');
      expect(withoutPlatform(r.stdout)).toEqual([goVersion(GO119), goVersion(GO122), goVersion(GO119), '']);
      expect(r.status).toBe(0);
      expectWalk(w, steps);
    });

    test('env_vars.d as micromamba reads it: a lower-case Go variable is left to it, a declared PATH is harmless', () => {
      const w = walk(shell);
      const script = [
        dump(snapshot(w, 'v-before')),
        'micromamba activate c',
        dump(snapshot(w, 'v-c')),
        'go version',
        'micromamba deactivate',
        dump(snapshot(w, 'v-after')),
      ].join('\n');
      const r = mw.real(shell, script, { GOPATH: HOSTILE, GOTOOLCHAIN: '' });
      // micromamba warns about the PATH it overwrites (and backs up as __CONDA_SHLVL_0_PATH).
      expect(r.stderr).toBe('warning  libmamba WARNING: overwriting environment variables set in the machine\nwarning  libmamba Overwriting variables: PATH\n');
      expect(withoutPlatform(r.stdout)).toEqual([goVersion(GO119), '']);
      const before = envSnapshot(snapshot(w, 'v-before'));
      const basePath = w.condabinAdded ? [w.condabinAdded, before.get('PATH')].join(':') : before.get('PATH')!;
      const c = envSnapshot(snapshot(w, 'v-c'));
      expect({ GOBIN: c.get('GOBIN'), GOROOT: c.get('GOROOT'), PATH: c.get('PATH') }).toEqual({
        GOBIN: '/from-env/bin',
        GOROOT: GO119,
        PATH: [`${GO119}/bin`, path.join(mw.prefix('c'), 'bin'), basePath].join(':'),
      });
      const after = envSnapshot(snapshot(w, 'v-after'));
      if (w.condabinAdded) after.set('PATH', after.get('PATH')!.replace(`${w.condabinAdded}:`, ''));
      expect(after).toEqual(before);
    });

    test('daemon stopped mid-session: the session goes on and restores; the daemon logged the activation', () => {
      mw.world.startDaemon();
      const w = walk(shell);
      const r = mw.real(shell, midSessionScript(w), startVars(i + 1));
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('');
      expect(mw.world.daemonPid()).toBeNull();
      expectMidSession(w);
      const log = logLines(mw.world);
      expect(log.some((l) => l.event === 'activate' && l.prefix === mw.prefix('a') && l.shell === shell && l.goroot === GO119)).toBe(true);
    });
  });
});

// gocondad's shims under the real `conda activate` (conda's own source, or GOCONDAD_TEST_CONDA) in real
// bash, zsh, dash, fish and tcsh: switch, --stack and the re-run after it, reactivate, with the daemon never
// started and stopped mid-session; every step's Go view checked, byte-identical restore at the end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CondaWorld, dump, envSnapshot, goVersion, HOSTILE, withoutPlatform } from '../helpers/condaworld';
import { describeWithConda } from '../helpers/realconda';
import { CLI, GO119, GO122 } from '../helpers/world';

const SHELLS = ['bash', 'zsh', 'dash', 'fish', 'tcsh'];

describeWithConda('real conda activate in real shells', (shared) => {
  let cw: CondaWorld;
  beforeAll(() => {
    cw = new CondaWorld(shared, [{ name: 'a' }, { name: 'b', pin: 'go: "1.22"\n', cdirs: true }]);
  });
  afterAll(() => cw?.cleanup());

  const file = (shell: string, step: string) => path.join(cw.world.dir, `snap-${shell}-${step}`);
  const launchers = () => path.join(cw.world.home, '.local', 'share', 'gocondad', 'launchers');
  const condabin = () => path.join(cw.conda.root, 'condabin');
  const bin = (env: string) => path.join(cw.prefix(env), 'bin');

  /** What each step must show: GOROOT, GOPATH, GOBIN and the whole PATH (conda's and ours). */
  const expected = (step: string, basePath: string): Record<string, string> | null => {
    const a = { GOROOT: GO119, GOPATH: path.join(cw.prefix('a'), 'share', 'gopath'), GOBIN: bin('a'), PATH: [`${GO119}/bin`, bin('a'), basePath].join(':') };
    const b = (rest: string[]) => ({
      GOROOT: GO122,
      GOPATH: path.join(cw.prefix('b'), 'share', 'gopath'),
      GOBIN: bin('b'),
      GOTOOLCHAIN: 'local+path',
      PATH: [`${GO122}/bin`, launchers(), bin('b'), ...rest].join(':'),
    });
    switch (step) {
      case 'a':
      case 'back-a':
      case 'rerun-a':
      case 'reactivate-a':
        return a;
      case 'switch-b':
        return b([basePath]);
      case 'stack-b':
        return b([bin('a'), basePath]);
      default:
        return null;
    }
  };

  // Half the shells start with GOROOT unset and hostile GOPATH/CGO_LDFLAGS, the other half with GOROOT
  // and GOTOOLCHAIN empty and a hostile GOBIN: unset and empty must each come back as they were.
  const start = (i: number): Record<string, string> =>
    i % 2 === 0 ? { GOPATH: HOSTILE, CGO_LDFLAGS: HOSTILE, GOMODCACHE: '', GOTOOLCHAIN: '' } : { GOROOT: '', GOBIN: HOSTILE };

  describe.each(SHELLS.map((s, i) => [s, i] as const))('%s', (shell, i) => {
    test('daemon never started: switch, stack, re-run, reactivate; each step right, exact restore', () => {
      expect(cw.world.daemonPid()).toBeNull();
      const steps: string[] = [];
      const at = (step: string) => (steps.push(step), dump(file(shell, step)));
      const script = [
        at('before'),
        'conda activate a',
        at('a'),
        'go version',
        'conda activate b',
        at('switch-b'),
        'go version',
        'conda deactivate',
        at('back-a'),
        'conda activate --stack b',
        at('stack-b'),
        'conda deactivate',
        at('rerun-a'),
        'go version',
        'conda activate a',
        at('reactivate-a'),
        'conda deactivate',
        at('none'),
        'conda activate b',
        'conda activate a',
        'conda deactivate',
        'conda deactivate',
        at('after'),
      ].join('\n');
      const r = cw.real(shell, script, start(i));
      expect(r.stderr).toBe('');
      expect(withoutPlatform(r.stdout)).toEqual([goVersion(GO119), goVersion(GO122), goVersion(GO119), '']);
      expect(r.status).toBe(0);
      const before = envSnapshot(file(shell, 'before'));
      // bash/zsh/dash/fish hooks put condabin on PATH at once; csh's conda.csh at the first activate.
      const basePath = shell === 'tcsh' ? [condabin(), before.get('PATH')].join(':') : before.get('PATH')!;
      for (const step of steps) {
        const want = expected(step, basePath);
        if (!want) continue;
        const s = envSnapshot(file(shell, step));
        const got = Object.fromEntries(Object.keys(want).map((k) => [k, s.get(k)]));
        expect({ step, ...got }).toEqual({ step, ...want });
      }
      expect(envSnapshot(file(shell, 'none')).get('GOROOT')).toBe(before.get('GOROOT'));
      const after = envSnapshot(file(shell, 'after'));
      if (shell === 'tcsh') after.set('PATH', after.get('PATH')!.replace(`${condabin()}:`, ''));
      expect(after).toEqual(before);
      for (const f of ['PWNED1', 'PWNED2']) expect(fs.existsSync(path.join(cw.world.dir, f))).toBe(false);
    });

    test('daemon stopped mid-session: the session goes on and restores; the daemon logged the activation', () => {
      cw.world.startDaemon();
      const script = [
        dump(file(shell, 'd-before')),
        'conda activate a',
        `"${process.execPath}" "${CLI}" stop > /dev/null`,
        'conda activate b',
        dump(file(shell, 'd-b')),
        'conda deactivate',
        'conda deactivate',
        dump(file(shell, 'd-after')),
      ].join('\n');
      const r = cw.real(shell, script, start(i + 1));
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('');
      expect(cw.world.daemonPid()).toBeNull();
      expect(envSnapshot(file(shell, 'd-b')).get('GOROOT')).toBe(GO122);
      const after = envSnapshot(file(shell, 'd-after'));
      if (shell === 'tcsh') after.set('PATH', after.get('PATH')!.replace(`${condabin()}:`, ''));
      expect(after).toEqual(envSnapshot(file(shell, 'd-before')));
      const log = fs
        .readFileSync(cw.world.logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      expect(log.some((l) => l.event === 'activate' && l.prefix === cw.prefix('a') && l.shell === shell && l.goroot === GO119)).toBe(true);
    });
  });
});

// gocondad's shims under the real `conda activate` (conda's own source, or GOCONDAD_TEST_CONDA) in real
// bash, zsh, dash, fish and tcsh: switch, --stack and the re-run after it, reactivate, with the daemon never
// started and stopped mid-session; every step's Go view checked, byte-identical restore at the end (the walk
// itself, shared with realmamba-shells: test/helpers/shell-walk.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CondaWorld, goVersion, withoutPlatform } from '../helpers/condaworld';
import { describeWithConda } from '../helpers/realconda';
import { expectMidSession, expectWalk, midSessionScript, startVars, walkScript, type Walk } from '../helpers/shell-walk';
import { GO119, GO122 } from '../helpers/world';

const SHELLS = ['bash', 'zsh', 'dash', 'fish', 'tcsh'];

describeWithConda('real conda activate in real shells', (shared) => {
  let cw: CondaWorld;
  beforeAll(() => {
    cw = new CondaWorld(shared, [{ name: 'a' }, { name: 'b', pin: 'go: "1.22"\n', cdirs: true }]);
  });
  afterAll(() => cw?.cleanup());

  const walk = (shell: string): Walk => ({
    tool: 'conda',
    dir: cw.world.dir,
    shell,
    prefix: (env) => cw.prefix(env),
    launchers: path.join(cw.world.home, '.local', 'share', 'gocondad', 'launchers'),
    // bash/zsh/dash/fish hooks put condabin on PATH at once; csh's conda.csh at the first activate.
    condabinAdded: shell === 'tcsh' ? path.join(cw.conda.root, 'condabin') : null,
  });

  describe.each(SHELLS.map((s, i) => [s, i] as const))('%s', (shell, i) => {
    test('daemon never started: switch, stack, re-run, reactivate; each step right, exact restore', () => {
      expect(cw.world.daemonPid()).toBeNull();
      const w = walk(shell);
      const { script, steps } = walkScript(w);
      const r = cw.real(shell, script, startVars(i));
      expect(r.stderr).toBe('');
      expect(withoutPlatform(r.stdout)).toEqual([goVersion(GO119), goVersion(GO122), goVersion(GO119), '']);
      expect(r.status).toBe(0);
      expectWalk(w, steps);
    });

    test('daemon stopped mid-session: the session goes on and restores; the daemon logged the activation', () => {
      cw.world.startDaemon();
      const w = walk(shell);
      const r = cw.real(shell, midSessionScript(w), startVars(i + 1));
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('');
      expect(cw.world.daemonPid()).toBeNull();
      expectMidSession(w);
      const log = fs
        .readFileSync(cw.world.logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      expect(log.some((l) => l.event === 'activate' && l.prefix === cw.prefix('a') && l.shell === shell && l.goroot === GO119)).toBe(true);
    });
  });
});

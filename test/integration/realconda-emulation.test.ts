// The conda emulation (test/conda-emu, conda order) against the real conda: the same scenarios, in the
// same envs, with gocondad's shims and a trace script in every env, through both. What each activate.d /
// deactivate.d script saw (the trace) and the environment after every step must be the same. The
// emulation stays for the micromamba and pixi orders; this keeps its conda order honest.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CondaWorld, CONDA_WATCHED, dump, envSnapshot, GO_WATCHED, HOSTILE } from '../helpers/condaworld';
import { DEFAULT_FLAVOUR, describeWithConda, MAKE_GO_CHANNEL } from '../helpers/realconda';

// A step is a line for both, or [real line, emulation line] where the emulation needs the real conda to
// change packages first (its `conda install` only reactivates, as conda's shell function does after).
type Step = string | [string, string];

const SWITCHING: Step[] = [
  'conda activate a',
  'conda activate b',
  'conda deactivate',
  'conda activate --stack b',
  'conda deactivate',
  'conda activate a',
  'conda activate --stack b',
  'conda activate a',
  'conda deactivate',
  'conda deactivate',
  'conda deactivate',
  'conda deactivate',
];

const pkg = (channel: string, exe: string): Step[] => {
  const install = `install -c ${channel} --override-channels go=1.23.5 --offline --yes --quiet > /dev/null`;
  const remove = 'remove go --offline --yes --quiet > /dev/null';
  return [
    'conda activate g',
    [`conda ${install}`, `${exe} ${install}; conda install > /dev/null`],
    // A fresh activation of an env whose go package declares GOTOOLCHAIN (env_vars.d): conda backs up
    // and restores it, across a switch and a stacked env.
    'conda deactivate',
    'conda activate g',
    'conda activate --stack b',
    'conda deactivate',
    'conda activate a',
    'conda deactivate',
    'conda activate g',
    [`conda ${remove}`, `${exe} ${remove}; conda remove > /dev/null`],
    'conda deactivate',
    'conda deactivate',
  ];
};

const WATCHED = new RegExp(`${GO_WATCHED.source}|${CONDA_WATCHED.source}|^CONDA_PROMPT_MODIFIER$`);

// The conda the emulation models. Older condas differ in details the shims do not depend on but a byte
// comparison sees: before 25.x conda's POSIX activator really unsets variables (newer
// ones export NAME=''), and before 24.x its reactivation also sets env_vars.d variables. So the
// comparison runs against a shared conda of at least that version: the one asked for
// (GOCONDAD_TEST_CONDA_VERSION) when it is one, else conda's main.
const MODELLED_SINCE = 25;
const MODELLED_FLAVOUR = Number(DEFAULT_FLAVOUR.split('.')[0]) >= MODELLED_SINCE ? DEFAULT_FLAVOUR : 'main';

describeWithConda(
  'conda emulation vs the real conda',
  (shared) => {
    let cw: CondaWorld;
    beforeAll(() => {
      cw = new CondaWorld(shared, [{ name: 'a' }, { name: 'b', pin: 'go: "1.22"\n', cdirs: true }, { name: 'g' }]);
      for (const name of ['a', 'b', 'g']) {
        for (const [kind, label] of [
          ['activate', 'act'],
          ['deactivate', 'deact'],
        ]) {
          const dir = path.join(cw.prefix(name), 'etc', 'conda', `${kind}.d`);
          // The same external command from every shell: what the script saw, before/after gocondad's.
          // Into a file, so that a step's `> /dev/null` (conda install's output) hides nothing.
          const line = `/bin/sh -c 'echo "[${label} ${name}] P=\${CONDA_PREFIX##*/} L=$CONDA_SHLVL GOROOT=\${GOROOT-unset} GT=\${GOTOOLCHAIN-unset} PATH=$PATH" >> "$GCD_TRACE"'\n`;
          for (const ext of ['sh', 'fish', 'csh']) fs.writeFileSync(path.join(dir, `00-trace.${ext}`), line);
        }
      }
    });
    afterAll(() => cw?.cleanup());

    /** Runs the steps both ways; returns [real, emulation] as {trace, snapshots}. */
    const both = (shell: string, tag: string, steps: Step[], env: Record<string, string>) =>
      (['real', 'emu'] as const).map((how) => {
        const file = (i: number) => path.join(cw.world.dir, `cmp-${tag}-${shell}-${how}-${i}`);
        const trace = file(-1);
        const lines = [
          dump(file(0)),
          ...steps.flatMap((s, i) => [typeof s === 'string' ? s : how === 'real' ? s[0] : s[1], `echo '== ${i + 1}' >> '${trace}'`, dump(file(i + 1))]),
        ];
        const r = (how === 'real' ? cw.real : cw.emu).call(cw, shell, lines.join('\n'), { ...env, GCD_TRACE: trace });
        expect({ how, status: r.status }).toEqual({ how, status: 0 });
        const snaps = steps
          .map((_, i) => i + 1)
          .concat(0)
          .map((i) => {
            const s = envSnapshot(file(i), WATCHED);
            if (s.has('PATH')) s.set('PATH', cw.normalize(s.get('PATH')!));
            return [i, Object.fromEntries([...s.entries()].sort())];
          });
        expect(r.stdout).toBe('');
        return { trace: cw.normalize(fs.readFileSync(trace, 'utf8')).split('\n'), snaps, stderr: r.stderr };
      });

    // zsh takes the same POSIX paths as bash in both (conda's shell.zsh, the emulation's conda.sh), and
    // realconda-shells.test.ts runs it under the real conda; the package scenario differs by front end
    // only in csh (see conda-run.csh): fish's front ends reactivate after a package change as bash's do.
    describe.each(['bash', 'fish', 'tcsh'])('%s', (shell) => {
      test('switch, stack, re-run, reactivate: same traces, same environment after every step', () => {
        const [real, emu] = both(shell, 'switch', SWITCHING, { GOPATH: HOSTILE, GOTOOLCHAIN: '' });
        expect(emu!.trace).toEqual(real!.trace);
        expect(emu!.snaps).toEqual(real!.snaps);
        expect([real!.stderr, emu!.stderr]).toEqual(['', '']);
        expect(real!.trace.filter((l) => l.startsWith('[')).length).toBe(18);
      });

      if (shell !== 'fish') {
        test('conda install/remove go inside the env, env_vars.d across switch and stack: the same', () => {
          if (!fs.existsSync(MAKE_GO_CHANNEL)) throw new Error(`${MAKE_GO_CHANNEL} missing`);
          const channel = cw.goChannel({ '1.23.5': '/usr/lib/go-1.23' });
          const [real, emu] = both(shell, 'pkg', pkg(channel, cw.conda.exe), { GOTOOLCHAIN: 'auto' });
          expect(emu!.trace).toEqual(real!.trace);
          expect(emu!.snaps).toEqual(real!.snaps);
          // conda warns when an env's env_vars.d overwrites a variable the shell had; so must the emulation.
          expect(emu!.stderr).toBe(real!.stderr);
        });
      }
    });
  },
  MODELLED_FLAVOUR,
  { shared: true },
);

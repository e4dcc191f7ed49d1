// The conda emulation in micromamba mode (test/conda-emu, CONDA_EMU_MODE=micromamba) against the real
// micromamba 2.2.0: the same scenarios, in the same envs, with gocondad's shims and a trace script in every
// env, through both. What each activate.d / deactivate.d script saw and the environment after every step
// must be the same, as realconda-emulation.test.ts requires for conda's order.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONDA_WATCHED, dump, envSnapshot, GO_WATCHED, HOSTILE } from '../helpers/condaworld';
import { MambaWorld } from '../helpers/mambaworld';
import { describeWithMamba } from '../helpers/realmamba';

type Step = string | [string, string];

const SWITCHING: Step[] = [
  'micromamba activate a',
  'micromamba activate b',
  'micromamba deactivate',
  'micromamba activate --stack b',
  'micromamba deactivate',
  'micromamba activate a',
  'micromamba activate --stack b',
  'micromamba activate a',
  'micromamba deactivate',
  'micromamba deactivate',
  'micromamba deactivate',
  'micromamba deactivate',
];

const pkg = (channel: string, exe: string): Step[] => {
  const install = `install -c ${channel} --override-channels go=1.23.5 --yes --quiet > /dev/null 2>&1`;
  const remove = 'remove go --yes --quiet > /dev/null';
  return [
    'micromamba activate g',
    [`micromamba ${install}`, `${exe} ${install}; micromamba install > /dev/null`],
    'micromamba deactivate',
    'micromamba activate g',
    'micromamba activate --stack b',
    'micromamba deactivate',
    'micromamba activate a',
    'micromamba deactivate',
    'micromamba activate g',
    [`micromamba ${remove}`, `${exe} ${remove}; micromamba remove > /dev/null`],
    'micromamba deactivate',
    'micromamba deactivate',
  ];
};

const WATCHED = new RegExp(`${GO_WATCHED.source}|${CONDA_WATCHED.source}|^CONDA_PROMPT_MODIFIER$|^GCD_(?!TRACE)\\w+$`);

describeWithMamba('conda emulation (micromamba mode) vs the real micromamba', (mamba) => {
  let mw: MambaWorld;
  beforeAll(() => {
    mw = new MambaWorld(mamba, [{ name: 'a' }, { name: 'b', pin: 'go: "1.22"\n', cdirs: true }, { name: 'g' }]);
    for (const name of ['a', 'b', 'g']) {
      for (const [kind, label] of [
        ['activate', 'act'],
        ['deactivate', 'deact'],
      ]) {
        const dir = path.join(mw.prefix(name), 'etc', 'conda', `${kind}.d`);
        const line = `/bin/sh -c 'echo "[${label} ${name}] P=\${CONDA_PREFIX-unset} L=$CONDA_SHLVL E=\${CONDA_DEFAULT_ENV-unset} GOROOT=\${GOROOT-unset} GT=\${GOTOOLCHAIN-unset} V=\${GCD_LOWER-unset} PATH=$PATH" >> "$GCD_TRACE"'\n`;
        for (const ext of ['sh', 'fish']) fs.writeFileSync(path.join(dir, `00-trace.${ext}`), line);
      }
    }
    // env a declares variables the way packages do: a lower-case name (both upper-case it), a
    // `***unset***` value (micromamba drops the entry), an empty value.
    const vars = path.join(mw.prefix('a'), 'etc', 'conda', 'env_vars.d');
    fs.mkdirSync(vars, { recursive: true });
    fs.writeFileSync(path.join(vars, 'gcd.json'), '{"gcd_lower": "from-a", "GCD_GONE": "***unset***"}\n');
  });
  afterAll(() => mw?.cleanup());

  const both = (shell: string, tag: string, steps: Step[], env: Record<string, string>) =>
    (['real', 'emu'] as const).map((how) => {
      const file = (i: number) => path.join(mw.world.dir, `cmp-${tag}-${shell}-${how}-${i}`);
      const trace = file(-1);
      const lines = [
        dump(file(0)),
        ...steps.flatMap((s, i) => [typeof s === 'string' ? s : how === 'real' ? s[0] : s[1], `echo '== ${i + 1}' >> '${trace}'`, dump(file(i + 1))]),
      ];
      const r = (how === 'real' ? mw.real : mw.emu).call(mw, shell, lines.join('\n'), { ...env, GCD_TRACE: trace });
      expect({ how, status: r.status, stdout: r.stdout }).toEqual({ how, status: 0, stdout: '' });
      const snaps = steps
        .map((_, i) => i + 1)
        .concat(0)
        .map((i) => [i, Object.fromEntries([...envSnapshot(file(i), WATCHED).entries()].sort())]);
      return { trace: fs.readFileSync(trace, 'utf8').split('\n'), snaps, stderr: r.stderr };
    });

  describe.each(['bash', 'fish'])('%s', (shell) => {
    test('switch, stack, re-run, reactivate: same traces, same environment after every step', () => {
      const [real, emu] = both(shell, 'switch', SWITCHING, { GOPATH: HOSTILE, GOTOOLCHAIN: '', GCD_GONE: 'kept', GCD_LOWER: '' });
      expect(emu!.trace).toEqual(real!.trace);
      expect(emu!.snaps).toEqual(real!.snaps);
      expect(emu!.stderr).toBe(real!.stderr);
      // 14, not conda's 18: `activate a` while b is stacked on a is micromamba's deactivate (step 8).
      expect(real!.trace.filter((l) => l.startsWith('[')).length).toBe(14);
    });

    test('micromamba install/remove go inside the env, env_vars.d across switch and stack: the same', () => {
      const channel = mw.goChannel({ '1.23.5': '/usr/lib/go-1.23' });
      const [real, emu] = both(shell, 'pkg', pkg(channel, mw.mamba.exe), { GOTOOLCHAIN: 'auto' });
      expect(emu!.trace).toEqual(real!.trace);
      expect(emu!.snaps).toEqual(real!.snaps);
      expect(emu!.stderr).toBe(real!.stderr);
    });
  });
});

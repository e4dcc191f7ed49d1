// The hostile-value restore matrix (posix-restore.test.ts and fish-csh.test.ts run it on the conda
// emulation, in conda's, micromamba's and pixi's orders) on the REAL conda: conda's own order of
// activate/deactivate scripts, its own PATH rewriting and re-exports, in bash, zsh, dash, fish and tcsh.
// Each start (unset, empty, hostile values; the toolchains' bin dirs already on PATH) must come back byte
// for byte after switch, stack, re-run, reactivate and switching twice.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CondaWorld, dump, envSnapshot, HOSTILE } from '../helpers/condaworld';
import { describeWithConda } from '../helpers/realconda';
import { GO119, GO122 } from '../helpers/world';

const SHELLS = ['bash', 'zsh', 'dash', 'fish', 'tcsh'];
const STEPS = ['a', 'switch-b', 'back-a', 'stack-b', 'rerun-a', 'reactivate-a', 'none', 'switch-twice', 'none-again'];

describeWithConda('real conda restore matrix', (shared) => {
  let cw: CondaWorld;
  beforeAll(() => {
    cw = new CondaWorld(shared, [{ name: 'a' }, { name: 'b', pin: 'go: "1.22"\n' }]);
    fs.mkdirSync(path.join(cw.world.dir, 'weird dir'), { recursive: true });
  });
  afterAll(() => cw?.cleanup());

  // The starts of the emulation's matrix. Names not given are unset (CondaWorld's env has no Go variable).
  const variants: [string, () => Record<string, string>][] = [
    ['GOROOT unset, GOPATH and CGO_LDFLAGS hostile, GOMODCACHE empty', () => ({ GOPATH: HOSTILE, GOMODCACHE: '', CGO_LDFLAGS: HOSTILE })],
    [
      'GOROOT, GOTOOLCHAIN and CGO_CPPFLAGS empty, GOBIN hostile, PATH with an empty entry and a dir with a space',
      () => ({ GOROOT: '', GOBIN: HOSTILE, GOTOOLCHAIN: '', CGO_CPPFLAGS: '', PATH: `/usr/bin:/bin::${cw.world.dir}/weird dir:/usr/bin` }),
    ],
    [
      "the toolchains' bin dirs already on PATH (first, last, twice), GOROOT set to one of them",
      () => ({ GOROOT: GO122, PATH: `${GO122}/bin:/usr/bin:/bin:${GO119}/bin:${GO122}/bin` }),
    ],
  ];

  const want: Record<string, [string, string] | null> = {
    a: [GO119, 'a'],
    'switch-b': [GO122, 'b'],
    'back-a': [GO119, 'a'],
    'stack-b': [GO122, 'b'],
    'rerun-a': [GO119, 'a'],
    'reactivate-a': [GO119, 'a'],
    'switch-twice': [GO122, 'b'],
  };

  describe.each(SHELLS)('%s', (shell) => {
    test.each(variants.map(([name, vars], i) => [name, vars, i] as const))(
      '%s: each step right, byte-identical at the end, nothing printed',
      (_name, vars, i) => {
        const file = (step: string) => path.join(cw.world.dir, `m-${shell}-${i}-${step}`);
        const script = [
          dump(file('before')),
          'conda activate a',
          dump(file('a')),
          'conda activate b',
          dump(file('switch-b')),
          'conda deactivate',
          dump(file('back-a')),
          'conda activate --stack b',
          dump(file('stack-b')),
          'conda deactivate',
          dump(file('rerun-a')),
          'conda activate a',
          dump(file('reactivate-a')),
          'conda deactivate',
          dump(file('none')),
          'conda activate b',
          'conda activate a',
          'conda activate b',
          dump(file('switch-twice')),
          'conda deactivate',
          'conda deactivate',
          'conda deactivate',
          dump(file('none-again')),
        ].join('\n');
        const r = cw.real(shell, script, vars());
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe('');
        expect(r.status).toBe(0);
        const before = envSnapshot(file('before'));
        for (const step of STEPS) {
          const s = envSnapshot(file(step));
          const w = want[step];
          if (!w) {
            expect([step, s.get('GOROOT')]).toEqual([step, before.get('GOROOT')]);
            continue;
          }
          expect([step, s.get('GOROOT'), s.get('GOPATH'), s.get('PATH')!.split(':')[0]]).toEqual([
            step,
            w[0],
            path.join(cw.prefix(w[1]), 'share', 'gopath'),
            `${w[0]}/bin`,
          ]);
        }
        const after = envSnapshot(file('none-again'));
        // csh's conda.csh puts condabin on PATH at the first activate (not in the hook), and leaves it.
        if (shell === 'tcsh') after.set('PATH', after.get('PATH')!.replace(`${path.join(cw.conda.root, 'condabin')}:`, ''));
        // conda itself (no gocondad involved: an env without shims does the same) writes an empty PATH
        // entry back as `.` in the POSIX shells and csh; fish keeps PATH as a list. That is conda's change,
        // not ours: everything else must be byte for byte.
        if (shell !== 'fish') before.set('PATH', before.get('PATH')!.replace(/(^|:)(?=:|$)/g, '$1.'));
        expect(after).toEqual(before);
        for (const f of ['PWNED1', 'PWNED2']) expect(fs.existsSync(path.join(cw.world.dir, f))).toBe(false);
      },
    );
  });
});

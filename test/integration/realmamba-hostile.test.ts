// Toolchain dirs whose names micromamba cannot re-export in PATH (libmamba writes `export PATH='…'` and
// fish's `set -gx PATH "…"` without escaping, as conda does), under the real micromamba 2.2.0 in bash, zsh,
// dash and fish: the shims put a safe alias on PATH, GOROOT keeps the true path, go runs, every switch and
// deactivate goes through micromamba without an error, the environment comes back byte for byte, and
// nothing in a name is ever executed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dump, envSnapshot } from '../helpers/condaworld';
import { MambaWorld } from '../helpers/mambaworld';
import { describeWithMamba, MAMBA_SHELLS } from '../helpers/realmamba';
import { GO122 } from '../helpers/world';

/** Toolchain dir names: quotes, spaces, $(...), backticks, backslash, `;`, `!`, `:`, non-ASCII, newline. */
const NAMES = ["go 1.22 'beta'", 'go"dq";$(touch PWNED1)', 'go`touch PWNED2`\\back:colon', 'gö ✓ 日本 $HOME !bang', 'go\nnewline'];

/** A real Go 1.22 under a hostile name: its files are symlinks into /usr/lib/go-1.22 (bin a real dir). */
function toolchainAt(root: string): void {
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  for (const entry of fs.readdirSync(GO122)) if (entry !== 'bin') fs.symlinkSync(path.join(GO122, entry), path.join(root, entry));
  for (const tool of fs.readdirSync(path.join(GO122, 'bin'))) fs.symlinkSync(path.join(GO122, 'bin', tool), path.join(root, 'bin', tool));
}

describeWithMamba('toolchain dirs micromamba cannot quote, under the real micromamba', (mamba) => {
  let mw: MambaWorld;
  let farm: string;
  const roots = NAMES.map((_, i) => i);
  beforeAll(() => {
    farm = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-hostile-'));
    const dirs = NAMES.map((n) => path.join(farm, n));
    dirs.forEach(toolchainAt);
    mw = new MambaWorld(
      mamba,
      dirs.map((d, i) => ({ name: `h${i}`, pin: `goroot: ${JSON.stringify(d)}\n` })),
    );
  });
  afterAll(() => {
    mw?.cleanup();
    fs.rmSync(farm, { recursive: true, force: true, maxRetries: 5 });
  });

  const root = (i: number) => path.join(farm, NAMES[i]!);
  const aliasDir = () => path.join(mw.world.home, '.local', 'share', 'gocondad', 'aliases');

  test.each(MAMBA_SHELLS)('%s: activate and switch through every hostile toolchain, deactivate all; exact restore, nothing run', (shell) => {
    const file = (step: string) => path.join(mw.world.dir, `snap-${shell}-${step}`);
    const lines = [dump(file('before'))];
    for (const i of roots) lines.push(`micromamba activate h${i}`, dump(file(`h${i}`)), 'go version');
    lines.push(...roots.map(() => 'micromamba deactivate'));
    lines.push(dump(file('after')));
    const r = mw.real(shell, lines.join('\n'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(roots.map(() => 'go version go1.22.12 linux/amd64\n').join(''));
    expect(r.status).toBe(0);
    for (const i of roots) {
      const s = envSnapshot(file(`h${i}`));
      expect(s.get('GOROOT')).toBe(root(i));
      const first = s.get('PATH')!.split(':')[0]!;
      expect(path.dirname(first)).toBe(aliasDir());
      expect(fs.readlinkSync(first)).toBe(path.join(root(i), 'bin'));
    }
    const before = envSnapshot(file('before'));
    const after = envSnapshot(file('after'));
    // fish --no-config: micromamba's first activate puts condabin on PATH (see realmamba-shells.test.ts).
    if (shell === 'fish') after.set('PATH', after.get('PATH')!.replace(`${path.join(mw.world.root, 'condabin')}:`, ''));
    expect(after).toEqual(before);
    for (const dir of [mw.world.dir, farm, process.cwd()]) for (const f of ['PWNED1', 'PWNED2']) expect(fs.existsSync(path.join(dir, f))).toBe(false);
  });
});

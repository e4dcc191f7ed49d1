// A toolchain whose directory name holds characters conda cannot re-export in PATH (conda writes
// `export PATH='…'`, `set -gx PATH "…"`, `setenv PATH "…"` without escaping), under the REAL conda in bash,
// zsh, fish and tcsh: the shims put a safe alias on PATH, GOROOT keeps the true path, go runs, every switch
// and deactivate goes through conda without an error, the environment comes back byte for byte, nothing
// in a name is ever executed, and the daemon logs the alias as an `unquotable-path-alias` fix.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CondaWorld, dump, envSnapshot } from '../helpers/condaworld';
import { describeWithConda } from '../helpers/realconda';
import { logLines } from '../helpers/storm';
import { GO122 } from '../helpers/world';

const SHELLS = ['bash', 'zsh', 'fish', 'tcsh'];
/** Toolchain dir names: quotes, spaces, $(...), backticks, backslash, `;`, `!`, `:`, non-ASCII, newline. */
const NAMES = ["go 1.22 'beta'", 'go"dq";$(touch PWNED1)', 'go`touch PWNED2`\\back:colon', 'gö ✓ 日本 $HOME !bang', 'go\nnewline'];

/** A real Go 1.22 under a hostile name: its files are symlinks into /usr/lib/go-1.22 (bin a real dir). */
function toolchainAt(root: string): void {
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  for (const entry of fs.readdirSync(GO122)) if (entry !== 'bin') fs.symlinkSync(path.join(GO122, entry), path.join(root, entry));
  for (const tool of fs.readdirSync(path.join(GO122, 'bin'))) fs.symlinkSync(path.join(GO122, 'bin', tool), path.join(root, 'bin', tool));
}

describeWithConda('toolchain dirs conda cannot quote, under the real conda', (shared) => {
  let cw: CondaWorld;
  let farm: string;
  const roots = NAMES.map((_, i) => i);
  beforeAll(() => {
    farm = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-hostile-'));
    const dirs = NAMES.map((n) => path.join(farm, n));
    dirs.forEach(toolchainAt);
    cw = new CondaWorld(
      shared,
      dirs.map((d, i) => ({ name: `h${i}`, pin: `goroot: ${JSON.stringify(d)}\n` })),
    );
    cw.world.startDaemon();
  });
  afterAll(() => {
    cw?.cleanup();
    fs.rmSync(farm, { recursive: true, force: true, maxRetries: 5 });
  });

  const root = (i: number) => path.join(farm, NAMES[i]!);
  const aliasDir = () => path.join(cw.world.home, '.local', 'share', 'gocondad', 'aliases');

  test.each(SHELLS)('%s: activate and switch through every hostile toolchain, deactivate all; exact restore, nothing run', (shell) => {
    const file = (step: string) => path.join(cw.world.dir, `snap-${shell}-${step}`);
    const lines = [dump(file('before'))];
    for (const i of roots) lines.push(`conda activate h${i}`, dump(file(`h${i}`)), 'go version');
    lines.push(...roots.map(() => 'conda deactivate'));
    lines.push(dump(file('after')));
    const r = cw.real(shell, lines.join('\n'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(roots.map(() => 'go version go1.22.12 linux/amd64\n').join(''));
    expect(r.status).toBe(0);
    for (const i of roots) {
      const s = envSnapshot(file(`h${i}`));
      // GOROOT is the true path; PATH starts with the alias, a symlink to the true bin.
      expect(s.get('GOROOT')).toBe(root(i));
      const first = s.get('PATH')!.split(':')[0]!;
      expect(path.dirname(first)).toBe(aliasDir());
      expect(fs.readlinkSync(first)).toBe(path.join(root(i), 'bin'));
    }
    const before = envSnapshot(file('before'));
    const after = envSnapshot(file('after'));
    // csh's conda.csh puts condabin on PATH at the first activate, not before.
    if (shell === 'tcsh') after.set('PATH', after.get('PATH')!.replace(`${path.join(cw.conda.root, 'condabin')}:`, ''));
    expect(after).toEqual(before);
    for (const dir of [cw.world.dir, farm, process.cwd()]) for (const f of ['PWNED1', 'PWNED2']) expect(fs.existsSync(path.join(dir, f))).toBe(false);
  });

  test('the daemon logged each alias as an unquotable-path-alias fix, naming the true dir', async () => {
    await cw.world.waitFor(
      () => logLines(cw.world).filter((l) => l.kind === 'unquotable-path-alias').length >= NAMES.length,
      'the alias fixes in the log',
      20000,
    );
    const fixed = new Set(
      logLines(cw.world)
        .filter((l) => l.event === 'conflict_fixed' && l.kind === 'unquotable-path-alias')
        .map((l) => l.before),
    );
    expect([...fixed].sort()).toEqual(roots.map((i) => path.join(root(i), 'bin')).sort());
  });
});

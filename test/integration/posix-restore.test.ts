// Exact restore through every activation sequence of ../shared/conda-activation.md, in real bash, zsh
// and dash, under conda's, micromamba's and pixi's orders, with hostile values in the environment.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, GO119, GO122, POSIX_SHELLS, requireReal, SNAP, traceWorld, type World } from '../helpers/world';
import { HOSTILE } from '../helpers/hostile';

let world: World;
beforeAll(() => {
  requireReal();
  ({ world } = traceWorld());
  fs.mkdirSync(path.join(world.dir, 'weird dir'), { recursive: true });
});
afterAll(() => world.cleanup());

// Each line prints the Go view after a step, so the applied values are checked as well as the restore.
const SEQUENCE = `
show() { printf '%s|%s|%s|%s\\n' "$1" "\${GOROOT-unset}" "\${GOPATH-unset}" "\${PATH%%:*}"; }
snap "$OUT.before"
conda activate a; show a
conda activate b; show switch-b
conda deactivate; show back-a
conda activate --stack b; show stack-b
conda deactivate; show rerun-a
conda activate a; show reactivate-a
conda deactivate; show none
conda activate b; conda activate a; conda activate b; show switch-twice
conda deactivate; conda deactivate; conda deactivate; show none-again
snap "$OUT.after"
`;

const EXPECTED = (prefix: (n: string) => string) => [
  `a|${GO119}|${prefix('a')}/share/gopath|${GO119}/bin`,
  `switch-b|${GO122}|${prefix('b')}/share/gopath|${GO122}/bin`,
  `back-a|${GO119}|${prefix('a')}/share/gopath|${GO119}/bin`,
  `stack-b|${GO122}|${prefix('b')}/share/gopath|${GO122}/bin`,
  `rerun-a|${GO119}|${prefix('a')}/share/gopath|${GO119}/bin`,
  `reactivate-a|${GO119}|${prefix('a')}/share/gopath|${GO119}/bin`,
];

describe.each(POSIX_SHELLS)('%s', (shell) => {
  describe.each(['conda', 'micromamba', 'pixi'])('under %s order', (mode) => {
    const variants: [string, Record<string, string>, string[]][] = [
      [
        'GOROOT unset, GOPATH and CGO_LDFLAGS hostile, GOMODCACHE empty',
        { GOPATH: HOSTILE, GOMODCACHE: '', CGO_LDFLAGS: HOSTILE },
        ['GOROOT', 'GOBIN', 'GOTOOLCHAIN', 'CGO_CPPFLAGS', 'CGO_ENABLED'],
      ],
      [
        'GOROOT, GOTOOLCHAIN and CGO_CPPFLAGS empty, GOBIN set, PATH with odd entries',
        { GOROOT: '', GOBIN: HOSTILE, GOTOOLCHAIN: '', CGO_CPPFLAGS: '', PATH: `${world?.env.PATH ?? ''}` },
        ['GOPATH', 'GOMODCACHE', 'CGO_LDFLAGS', 'CGO_ENABLED'],
      ],
      [
        // A world that already holds the thing: both toolchains' bin dirs on the user's PATH before any
        // activation, first, last and twice; what the shims add and take out must leave them as they were.
        "the toolchains' bin dirs already on PATH (first, last, twice), GOROOT set to one of them",
        { GOROOT: GO122, PATH: 'toolchains' },
        ['GOPATH', 'GOBIN', 'GOTOOLCHAIN', 'CGO_ENABLED'],
      ],
    ];
    test.each(variants)('%s: byte-identical after the whole sequence, under set -eu, printing nothing', (_name, vars, unset) => {
      const out = path.join(world.dir, `snap-${shell}-${mode}-${unset.join('')}`);
      const env: Record<string, string> = { ...vars, OUT: out };
      if (vars.PATH === 'toolchains') env.PATH = `${GO122}/bin:${world.env.PATH}:${GO119}/bin:${GO122}/bin`;
      else if (vars.PATH !== undefined) env.PATH = `${world.env.PATH}::${world.dir}/weird dir:/usr/bin`;
      const unsets = unset.map((n) => `unset ${n}`).join('; ');
      const r = world.sh(shell, `set -eu\n${SNAP}${unsets}\n${SEQUENCE}`, { mode, env });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split('\n');
      const envPath = (n: string) => path.join(world.root, 'envs', n);
      expect(lines.slice(0, 6)).toEqual(EXPECTED(envPath));
      expect(lines.find((l) => l.startsWith('switch-twice|'))).toMatch(new RegExp(`^switch-twice\\|${GO122}\\|`));
      const before = fs.readFileSync(`${out}.before`);
      const after = fs.readFileSync(`${out}.after`);
      // pixi runs deactivate.d while the env's bin is still on PATH, like conda's reactivate, so the
      // shim keeps a marker of the entry it took out until the next shim runs (docs/architecture.md).
      const leftover = after.subarray(before.length).toString();
      if (mode === 'pixi') expect(['', '__GCD_GONE\n__GCD_GONE_N\n']).toContain(leftover);
      else expect(leftover).toBe('');
      expect(after.subarray(0, before.length).equals(before)).toBe(true);
      for (const f of ['PWNED1', 'PWNED2']) expect(fs.existsSync(path.join(world.dir, f))).toBe(false);
    });
  });

  test('a deactivate with nothing applied (freshly installed shims) is a no-op', () => {
    const out = path.join(world.dir, `fresh-${shell}`);
    const c = world.makeEnv(`fresh-${shell}`);
    // Activate c without shims, install them while it is active, then `conda install` reactivates:
    // the new deactivate.d runs before its activate.d ever did.
    const r = world.sh(
      shell,
      `set -eu\n${SNAP}snap "$OUT.before"\nconda activate ${c}\n"$NODE" "$CLI" shims install "${c}" >/dev/null\nconda install\nprintf '%s\\n' "$GOROOT"\nconda deactivate\nsnap "$OUT.after"\n`,
      {
        env: { OUT: out, GOPATH: HOSTILE, NODE: process.execPath, CLI },
      },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(GO119);
    expect(fs.readFileSync(`${out}.after`).equals(fs.readFileSync(`${out}.before`))).toBe(true);
  });

  test('leftovers of an env whose shims were removed while active are cleaned by the next shim', () => {
    const out = path.join(world.dir, `gone-${shell}`);
    const d = world.makeEnv(`gone-${shell}`);
    world.installShims(d);
    const r = world.sh(
      shell,
      `set -eu\n${SNAP}snap "$OUT.before"\nconda activate ${d}\n"$NODE" "$CLI" shims uninstall "${d}" >/dev/null\nconda deactivate\nconda activate a\nconda deactivate\nsnap "$OUT.after"\n`,
      { env: { OUT: out, NODE: process.execPath, CLI } },
    );
    expect(r.stderr).toBe('');
    expect(fs.readFileSync(`${out}.after`).equals(fs.readFileSync(`${out}.before`))).toBe(true);
  });
});

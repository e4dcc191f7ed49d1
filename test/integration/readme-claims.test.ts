// Claims of the docs a trial found false (issue 19 §8), each held against what the built CLI does: the
// Files table (docs/files.md) names every place gocondad writes in HOME, `sync --write` takes what
// docs/cli.md says, and a restore says whether the toolchain is the exported one (docs/plugin.md), as
// explain then shows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GO122, REPO, requireReal, World } from '../helpers/world';

const doc = (name: string) => fs.readFileSync(path.join(REPO, 'docs', name), 'utf8');

let w: World;
beforeAll(() => {
  requireReal();
  w = new World();
});
afterAll(() => w.cleanup());

/** Every directory named gocondad under `root`, as a path relative to it. */
function gocondadDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const p = path.join(dir, e.name);
      if (e.name === 'gocondad') out.push(path.relative(root, p));
      else if (depth < 3) walk(p, depth + 1);
    }
  };
  walk(root, 0);
  return out.sort();
}

test('the Files table names every gocondad directory the commands made in HOME (~/.cache/gocondad was missing)', () => {
  const env = w.makeEnv('files', { pin: 'go: "1.22"\n' });
  for (const args of [['shims', 'install', env], ['envs'], ['doctor', env], ['explain', env]]) expect(w.cli(args).status).toBeLessThan(2);
  const made = gocondadDirs(w.home);
  expect(made).toEqual(expect.arrayContaining(['.cache/gocondad', '.config/gocondad', '.local/share/gocondad', '.local/state/gocondad']));
  const FILES = doc('files.md');
  const files = FILES.slice(FILES.indexOf('\n## Files\n'));
  // Each as the table writes it: `~/.local/state/gocondad/` beside its XDG form; the config dir by its XDG form only.
  const named = (dir: string) => files.includes(`~/${dir}/`) || (dir === '.config/gocondad' && files.includes('`$XDG_CONFIG_HOME/gocondad/'));
  for (const dir of made) expect({ dir, named: named(dir) }).toEqual({ dir, named: true });
});

test('sync --write takes auto, go and conda, as the synopsis in docs/cli.md says', () => {
  expect(doc('cli.md')).toContain('--write [auto|go|conda]');
  const mod = path.join(w.dir, 'mod');
  fs.mkdirSync(mod, { recursive: true });
  fs.writeFileSync(path.join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
  fs.writeFileSync(path.join(mod, 'environment.yml'), 'dependencies:\n  - go 1.22.*\n');
  for (const side of ['auto', 'go', 'conda']) expect({ side, status: w.cli(['sync', mod, '--write', side]).status }).toEqual({ side, status: 0 });
  expect(w.cli(['sync', mod, '--write', 'bogus']).status).toBe(2);
});

test('after a restore: it says the toolchain is the exported one, and explain shows that toolchain', () => {
  const from = w.makeEnv('exported', { pin: 'go: "1.22"\n' });
  const file = path.join(w.dir, 'state.yml');
  const exp = w.cli(['export', from]);
  expect(exp.status).toBe(0);
  fs.writeFileSync(file, exp.stdout);
  const to = w.makeEnv('restored');
  const r = w.cli(['restore', to, '--from', file]);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/\ntoolchain: go1\.22\.\d+ \(pin\), as exported\n/);
  const explained = JSON.parse(w.cli(['explain', to, '--json']).stdout);
  expect(explained.result).toMatchObject({ ok: true, goroot: GO122, chosenBy: 'pin' });
  expect(doc('plugin.md')).toContain('`restore` prints `toolchain: go1.22.5\n(pin), as exported`');
});

// .pre-commit-hooks.yaml, judged by the real pre-commit: its own manifest schema accepts the file, every
// key is one pre-commit defines, and `pre-commit try-repo` runs the hook in a real git repository: it
// fails on a project whose go.mod and environment.yml disagree and passes, writing nothing, once they agree.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { CLI, REPO, requireReal, World } from '../helpers/world';

const MANIFEST = path.join(REPO, '.pre-commit-hooks.yaml');
let world: World;
let bin: string;

function preCommit(): string {
  const r = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('pre-commit is not installed: `apt-get install pre-commit` (scripts/ensure-test-deps does it)');
  return r.stdout.trim();
}

beforeAll(() => {
  requireReal();
  preCommit();
  world = new World();
  // the hook runs the gocondad on PATH (language: system): put the built CLI there
  bin = path.join(world.dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'gocondad'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
});
afterAll(() => world.cleanup());

function run(cmd: string, args: string[], cwd: string) {
  const env = { ...world.env, PATH: `${bin}:/usr/bin:/bin`, PRE_COMMIT_HOME: path.join(world.dir, 'pre-commit-cache'), GIT_CONFIG_NOSYSTEM: '1' };
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 120000 });
}

test('pre-commit validates the manifest, and every key is one pre-commit defines', () => {
  const v = run('pre-commit', ['validate-manifest', MANIFEST], REPO);
  expect(v.stdout + v.stderr).toBe('');
  expect(v.status).toBe(0);
  const keys = run('/usr/bin/python3', ['-c', 'from pre_commit.clientlib import MANIFEST_HOOK_DICT as D; print(" ".join(i.key for i in D.items))'], REPO);
  expect(keys.status).toBe(0);
  const known = new Set(keys.stdout.trim().split(' '));
  const hooks = YAML.parse(fs.readFileSync(MANIFEST, 'utf8')) as Record<string, unknown>[];
  expect(hooks.map((h) => h.id)).toEqual(['gocondad-sync']);
  for (const h of hooks) expect(Object.keys(h).filter((k) => !known.has(k))).toEqual([]);
});

test('pre-commit try-repo: fails on drift with sync’s report, passes and writes nothing when in sync', () => {
  const proj = path.join(world.dir, 'proj');
  fs.mkdirSync(proj);
  fs.writeFileSync(path.join(proj, 'go.mod'), 'module example.com/app\n\ngo 1.22.0\n');
  fs.writeFileSync(path.join(proj, 'environment.yml'), 'name: app\ndependencies:\n  - go 1.21.*\n');
  // the hook repository: this checkout's manifest, committed (try-repo reads a repository's committed files)
  const hooks = path.join(world.dir, 'hooks');
  fs.mkdirSync(hooks);
  fs.copyFileSync(MANIFEST, path.join(hooks, '.pre-commit-hooks.yaml'));
  for (const dir of [proj, hooks]) {
    for (const args of [
      ['init', '-q'],
      ['add', '.'],
      ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'x'],
    ]) {
      expect(run('git', args, dir).status).toBe(0);
    }
  }
  const bad = run('pre-commit', ['try-repo', hooks, 'gocondad-sync', '--all-files'], proj);
  expect(bad.stdout).toMatch(/go\.mod and the conda env agree \(gocondad sync --check\)\.+Failed/);
  expect(bad.stdout).toContain("go.mod's `go 1.22.0` needs go >=1.22.0");
  expect(bad.status).toBe(1);

  fs.writeFileSync(path.join(proj, 'environment.yml'), 'name: app\ndependencies:\n  - go >=1.22.0\n');
  const ok = run('pre-commit', ['try-repo', hooks, 'gocondad-sync', '--all-files'], proj);
  expect(ok.stdout).toMatch(/go\.mod and the conda env agree \(gocondad sync --check\)\.+Passed/);
  expect(ok.status).toBe(0);
  expect(fs.existsSync(path.join(proj, '.gocondad-sync.json'))).toBe(false);
});

test('the CI and pre-commit snippets in docs/sync.md parse, name the hook that exists, and use only options sync has', () => {
  const readme = fs.readFileSync(path.join(REPO, 'docs', 'sync.md'), 'utf8');
  const start = readme.indexOf('## In CI and in pre-commit');
  expect(start).toBeGreaterThan(0);
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => YAML.parse(m[1]!) as unknown);
  expect(blocks.length).toBe(3);
  const ids = (blocks[0] as { repos: { hooks: { id: string }[] }[] }).repos.flatMap((r) => r.hooks.map((h) => h.id));
  const manifest = YAML.parse(fs.readFileSync(MANIFEST, 'utf8')) as { id: string }[];
  expect(ids.filter((id) => !manifest.some((h) => h.id === id))).toEqual([]);
  // every `run:` that calls gocondad sync: its options are sync's own (from its --help)
  const help = spawnSync(process.execPath, [CLI, 'sync', '--help'], { encoding: 'utf8' }).stdout;
  const runs = JSON.stringify(blocks)
    .match(/"run":"[^"]*"/g)!
    .map((r) => r.slice(7, -1))
    .filter((r) => r.startsWith('gocondad sync'));
  expect(runs.length).toBeGreaterThanOrEqual(3);
  for (const r of runs) for (const opt of r.match(/(?<=\s)--?[a-z][\w-]*/g) ?? []) expect([r, opt, help.includes(opt)]).toEqual([r, opt, true]);
  // the action names are the ecosystem's own
  expect(JSON.stringify(blocks)).toMatch(/conda-incubator\/setup-miniconda@v3/);
  expect(JSON.stringify(blocks)).toMatch(/prefix-dev\/setup-pixi@v0\.9\.2/);
});

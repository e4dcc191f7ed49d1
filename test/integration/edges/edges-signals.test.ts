// Issue 19 §2, "whole changes or none": Ctrl-C (SIGINT to the whole process group, as a terminal sends
// it, so `go build` and other children get it too) or a signal to the CLI alone, while a command that
// writes is at work. Documented (docs/cli.md, "Exit codes and errors"): no trace, one line saying where it stopped, death
// by that signal (a shell shows 130), and nothing half-done: the state before, the state after, or one
// the rerun finishes (and `uninstall` undoes).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interrupt, normally, TRACE } from '../../helpers/edges';
import { listing } from '../../helpers/listing';
import { GO122, requireReal, World } from '../../helpers/world';

// Cold Go builds on 2 shared cores take about a minute each.
jest.setTimeout(300000);

const SHIM = 'zzz-gocondad.sh';
const STOPPING = /^gocondad: SIGINT: stopping at the next safe point/m;

let world: World;
let one: string;
let proj: string;

// One warm build cache for the builds that are not interrupted; the interrupted ones get a cold one.
const CACHE = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'gocondad-edges-gocache-'));
const cold = () => ({ GOCACHE: fs.mkdtempSync(path.join(world.dir, 'gocache-')) });
beforeAll(() => requireReal());
afterAll(() => fs.rmSync(CACHE, { recursive: true, force: true, maxRetries: 5 }));
beforeEach(() => {
  world = new World();
  one = world.makeEnv('one');
  proj = path.join(world.dir, 'proj');
  fs.mkdirSync(proj);
  fs.writeFileSync(path.join(proj, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
  fs.writeFileSync(path.join(proj, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n');
  Object.assign(world.env, { SHELL: '/bin/bash', PATH: `${path.join(GO122, 'bin')}:${world.env.PATH}`, GOCACHE: CACHE });
});
afterEach(() => world.cleanup());

const partials = () => fs.readdirSync(world.dir).filter((n) => n.includes('.gocondad-partial-'));
/** True half a second after the staging dir appeared: `go build` (cold, tens of seconds here) is running. */
function building(): () => boolean {
  let since: number | null = null;
  return () => {
    if (partials().length === 0) return false;
    since ??= Date.now();
    return Date.now() - since >= 500;
  };
}

describe('bundle -o DIR', () => {
  const out = () => path.join(world.dir, 'out');
  const bundle = ['bundle', '-o', 'OUT', '-p', 'ONE'];
  const args = () => bundle.map((a) => (a === 'OUT' ? out() : a === 'ONE' ? one : a));

  test('Ctrl-C during the build: DIR is not created, no staging dir is left, and the rerun makes the bundle', async () => {
    const r = await interrupt(world, args(), { cwd: proj, when: building(), env: cold() });
    expect(r.sent).toBe(true);
    expect(r.stderr).not.toMatch(TRACE);
    expect(r.stderr).toMatch(STOPPING);
    expect(r.stderr).toMatch(/^gocondad: interrupted \(SIGINT\) before it finished; nothing is left half-done/m);
    expect([r.code, r.signal]).toEqual([null, 'SIGINT']);
    expect(fs.existsSync(out())).toBe(false);
    expect(partials()).toEqual([]);
    const again = normally(world, args(), { cwd: proj });
    expect([again.code, again.other]).toEqual([0, '']);
    expect(fs.readdirSync(out()).sort()).toEqual(['bin', 'gocondad-bundle.json']);
  });

  test('Ctrl-C while replacing a previous bundle: DIR stays exactly the previous bundle', async () => {
    expect(normally(world, args(), { cwd: proj }).code).toBe(0);
    fs.writeFileSync(path.join(out(), 'NOTES.txt'), 'mine\n');
    const before = listing([out()]);
    fs.writeFileSync(path.join(proj, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("changed") }\n');
    // A fresh build cache, so that the build takes long enough to be interrupted.
    const r = await interrupt(world, args(), { cwd: proj, when: building(), env: cold() });
    expect([r.sent, r.signal, r.stderr.match(TRACE)]).toEqual([true, 'SIGINT', null]);
    expect(listing([out()])).toEqual(before);
    expect(partials()).toEqual([]);
  });

  test('SIGINT to gocondad alone (the build goes on): the bundle is finished and moved in, then it dies of the signal', async () => {
    const r = await interrupt(world, args(), { cwd: proj, when: building(), group: false, env: cold() });
    expect([r.sent, r.signal, r.stderr.match(TRACE)]).toEqual([true, 'SIGINT', null]);
    expect(r.stderr).toMatch(/^gocondad: interrupted \(SIGINT\) after the command had finished its changes/m);
    const manifest = JSON.parse(fs.readFileSync(path.join(out(), 'gocondad-bundle.json'), 'utf8'));
    for (const f of manifest.files) expect(fs.existsSync(path.join(out(), f))).toBe(true);
    expect(partials()).toEqual([]);
  });

  test('the empty bin/ and lib/ an interrupted older version left in DIR: accepted', () => {
    fs.mkdirSync(path.join(out(), 'bin'), { recursive: true });
    fs.mkdirSync(path.join(out(), 'lib'));
    const r = normally(world, args(), { cwd: proj });
    expect([r.code, r.other]).toEqual([0, '']);
    expect(fs.readdirSync(out()).sort()).toEqual(['bin', 'gocondad-bundle.json']);
  });
});

test('setup --yes: Ctrl-C once the record exists stops at a whole step; uninstall then gives HOME and the envs back as before', async () => {
  // No config of our own: --purge removes the config dir, and the listing must match the one before.
  fs.rmSync(path.join(world.home, '.config', 'gocondad'), { recursive: true });
  const envs = Array.from({ length: 6 }, (_, i) => world.makeEnv(`e${i}`));
  fs.mkdirSync(path.join(world.home, '.conda'), { recursive: true });
  fs.writeFileSync(path.join(world.home, '.conda', 'environments.txt'), `${[one, ...envs].join('\n')}\n`);
  const roots = [world.home, path.join(world.root, 'envs')];
  const before = listing(roots);
  const record = path.join(world.env.XDG_STATE_HOME!, 'gocondad', 'setup.json');
  const r = await interrupt(world, ['setup', '--yes', '--no-plugin'], { when: () => fs.existsSync(record) });
  expect(r.stderr).not.toMatch(TRACE);
  if (r.signal === 'SIGINT') {
    expect(r.stderr).toMatch(/^gocondad: interrupted \(SIGINT\)/m);
    // What the record lists is whole: each env in it has its shims.
    const m = JSON.parse(fs.readFileSync(record, 'utf8'));
    for (const p of m.envs as string[]) expect(fs.existsSync(path.join(p, 'etc', 'conda', 'activate.d', SHIM))).toBe(true);
  } else expect(r.code).toBe(0);
  const undo = normally(world, ['uninstall', '--purge']);
  expect([undo.code, undo.other]).toEqual([0, '']);
  expect(listing(roots)).toEqual(before);
});

test('shims install --all: Ctrl-C at the first shim leaves each env with all its shims or none; the rerun finishes', async () => {
  const envs = [one, ...Array.from({ length: 7 }, (_, i) => world.makeEnv(`e${i}`))];
  fs.mkdirSync(path.join(world.home, '.conda'), { recursive: true });
  fs.writeFileSync(path.join(world.home, '.conda', 'environments.txt'), `${envs.join('\n')}\n`);
  const shimsOf = (p: string) => {
    const dirs = ['activate.d', 'deactivate.d'].map((d) => path.join(p, 'etc', 'conda', d));
    return dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((n) => n.includes('gocondad')) : []));
  };
  const r = await interrupt(world, ['shims', 'install', '--all'], { when: () => envs.some((p) => shimsOf(p).length > 0) });
  expect(r.stderr).not.toMatch(TRACE);
  const counts = new Set(envs.map((p) => shimsOf(p).length));
  counts.delete(0);
  expect(counts.size).toBeLessThanOrEqual(1); // every env: none, or the same whole set
  if (r.signal === 'SIGINT') expect(r.stderr).toMatch(/interrupted \(SIGINT\); every env done so far is whole/);
  expect(normally(world, ['shims', 'install', '--all']).code).toBe(0);
  expect(new Set(envs.map((p) => shimsOf(p).length)).size).toBe(1);
});

test('sync --write: a signal at a random moment leaves go.mod and environment.yml both as before or both mended', async () => {
  const GOMOD = (git2go: string, gocv: string) =>
    `module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/libgit2/git2go/${git2go.split('.')[0]} ${git2go}\n\tgocv.io/x/gocv ${gocv}\n)\n`;
  const ENVYML = (libgit2: string, opencv: string) => `name: app\ndependencies:\n  - go 1.22.*\n  - libgit2 ${libgit2}\n  - opencv ${opencv}\n`;
  // No .go files: every coupling counts (with them, only those of the packages they import).
  fs.rmSync(path.join(proj, 'main.go'));
  const files = ['go.mod', 'environment.yml'].map((n) => path.join(proj, n));
  const read = () => files.map((f) => fs.readFileSync(f, 'utf8'));
  const seen = new Set<string>();
  for (const delayMs of [50, 250, 450, 650, 900]) {
    fs.writeFileSync(files[0]!, GOMOD('v33.0.9', 'v0.36.1'));
    fs.writeFileSync(files[1]!, ENVYML('1.3.*', '4.9.0'));
    expect(normally(world, ['sync', proj]).code).toBe(0);
    fs.writeFileSync(files[0]!, GOMOD('v34.0.0', 'v0.36.1'));
    fs.writeFileSync(files[1]!, ENVYML('1.3.*', '4.10.0'));
    const before = read();
    const start = Date.now();
    const r = await interrupt(world, ['sync', proj, '--write'], { when: () => Date.now() - start >= delayMs });
    expect(r.stderr).not.toMatch(TRACE);
    const after = read();
    const mended = after[0] !== before[0];
    // both or neither: a mended go.mod comes only with a mended environment.yml
    expect([mended, after[1] !== before[1]]).toEqual([mended, mended]);
    seen.add(mended ? 'mended' : 'before');
    if (!mended) expect(after).toEqual(before);
  }
  expect(seen.size).toBeGreaterThan(0);
  // and unsignalled, it mends both (else the both-or-neither check above could not fail)
  expect(normally(world, ['sync', proj, '--write']).code).toBe(0);
  expect(read()[1]).toContain('libgit2 1.5.*');
});

test('uninstall: Ctrl-C at the first env it clears stops at a whole step; the rerun gives HOME and the envs back as before', async () => {
  fs.rmSync(path.join(world.home, '.config', 'gocondad'), { recursive: true });
  const envs = [one, ...Array.from({ length: 5 }, (_, i) => world.makeEnv(`e${i}`))];
  fs.mkdirSync(path.join(world.home, '.conda'), { recursive: true });
  fs.writeFileSync(path.join(world.home, '.conda', 'environments.txt'), `${envs.join('\n')}\n`);
  const roots = [world.home, path.join(world.root, 'envs')];
  const before = listing(roots);
  expect(normally(world, ['setup', '--yes', '--no-plugin']).code).toBe(0);
  const shimmed = (p: string) => fs.existsSync(path.join(p, 'etc', 'conda', 'activate.d', SHIM));
  const r = await interrupt(world, ['uninstall', '--purge'], { when: () => envs.some((p) => !shimmed(p)) });
  expect(r.stderr).not.toMatch(TRACE);
  if (r.signal === 'SIGINT') expect(r.stderr).toMatch(/^gocondad: interrupted \(SIGINT\); each step done so far is whole; run `gocondad uninstall` again/m);
  else expect(r.code).toBe(0);
  const again = normally(world, ['uninstall', '--purge']);
  expect([again.code, again.other]).toEqual([0, '']);
  expect(listing(roots)).toEqual(before);
});

test('restore: a signal at a random moment leaves the new env with the whole Go state or none of it', async () => {
  fs.mkdirSync(path.join(one, 'etc'), { recursive: true });
  fs.writeFileSync(path.join(one, 'etc', 'gocondad.yml'), 'go: "1.19"\n');
  const exported = path.join(world.dir, 'one.yml');
  fs.writeFileSync(exported, normally(world, ['export', one]).stdout);
  for (const [i, delayMs] of [0, 120, 240, 400].entries()) {
    const target = world.makeEnv(`r${i}`);
    const start = Date.now();
    const r = await interrupt(world, ['restore', target, '--from', exported], { when: () => Date.now() - start >= delayMs });
    expect(r.stderr).not.toMatch(TRACE);
    const pin = fs.existsSync(path.join(target, 'etc', 'gocondad.yml'));
    const shims = fs.existsSync(path.join(target, 'etc', 'conda', 'activate.d', SHIM));
    // the pin comes with the shims that apply it, or neither is there; the rerun gives both
    expect([pin, shims]).toEqual([pin, pin]);
    expect(normally(world, ['restore', target, '--from', exported]).code).toBe(0);
    expect(fs.readFileSync(path.join(target, 'etc', 'gocondad.yml'), 'utf8')).toContain('1.19');
  }
});

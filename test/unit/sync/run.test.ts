// Which side a finding proposes to mend (the drift direction), from the sync state that the run itself
// saved: a unit test of runSync over files in a temp dir, no daemon and no go (check only).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveLocations } from '../../../src/paths';
import { runSync, type SyncOptions } from '../../../src/sync/run';

const GOMOD = (v: string) => `module example.com/app\n\ngo 1.22\n\nrequire github.com/libgit2/git2go/${v.split('.')[0]} ${v}\n`;
const ENVYML = (spec: string) => `name: app\ndependencies:\n  - go 1.22.*\n  - libgit2 ${spec}\n`;

let dir: string;
let home: string;
const env = () => ({ HOME: home, XDG_STATE_HOME: path.join(home, 'state'), XDG_CONFIG_HOME: path.join(home, 'config'), PATH: '/nonexistent' });
const sync = (over: Partial<SyncOptions> = {}) =>
  runSync({ dir, write: null, tags: [], offline: false, saveState: true, ...over }, resolveLocations(env(), process.getuid!()), env());
const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-run-'));
  dir = path.join(home, 'proj');
  fs.mkdirSync(dir);
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

test('go.mod moved since the last sync: the conda side is proposed', async () => {
  write('go.mod', GOMOD('v33.0.9'));
  write('environment.yml', ENVYML('1.3.*'));
  expect((await sync()).findings).toEqual([]);
  write('go.mod', GOMOD('v34.0.0'));
  const f = (await sync()).findings.find((x) => x.condaPkg === 'libgit2');
  expect(f).toMatchObject({ changed: 'go', propose: 'conda' });
});

test('the conda side moved since the last sync: the Go side is proposed', async () => {
  write('go.mod', GOMOD('v34.0.0'));
  write('environment.yml', ENVYML('1.5.*'));
  expect((await sync()).findings).toEqual([]);
  write('environment.yml', ENVYML('1.9.*'));
  const f = (await sync()).findings.find((x) => x.condaPkg === 'libgit2');
  expect(f).toMatchObject({ changed: 'conda', propose: 'go' });
});

test('no earlier sync: neither side is proposed', async () => {
  write('go.mod', GOMOD('v33.0.9'));
  write('environment.yml', ENVYML('1.5.*'));
  const f = (await sync({ saveState: false })).findings.find((x) => x.condaPkg === 'libgit2');
  expect(f).toMatchObject({ changed: 'unknown', propose: null });
});

test('--write conda moves every Go carrier out of line together (go-cgo beside go), and adds none the file lacks', async () => {
  write('go.mod', 'module example.com/app\n\ngo 1.24.0\n');
  write('environment.yml', 'name: app\ndependencies:\n  - go >=1.22\n  - go-cgo=1.22.5   # cgo toolchain\n');
  const r = await sync({ write: 'conda' });
  expect(fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8')).toBe('name: app\ndependencies:\n  - go >=1.24.0\n  - go-cgo >=1.24.0   # cgo toolchain\n');
  expect(r.ok).toBe(true);
  write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
  await sync({ write: 'conda' });
  expect(fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8')).toBe('name: app\ndependencies:\n  - go >=1.24.0\n');
});

test('--write go does not lower the go line below a required module’s own go line (module cache), and says why', async () => {
  write('go.mod', 'module example.com/app\n\ngo 1.24.0\n\nrequire golang.org/x/sys v0.30.0\n');
  write('environment.yml', 'name: app\ndependencies:\n  - go 1.22.*\n');
  const cache = path.join(home, 'go', 'pkg', 'mod', 'cache', 'download', 'golang.org', 'x', 'sys', '@v');
  fs.mkdirSync(cache, { recursive: true });
  fs.writeFileSync(path.join(cache, 'v0.30.0.mod'), 'module golang.org/x/sys\n\ngo 1.23.0\n');
  const r = await sync({ write: 'go' });
  expect(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8')).toBe('module example.com/app\n\ngo 1.24.0\n\nrequire golang.org/x/sys v0.30.0\n');
  expect(r.written).toEqual([]);
  expect(r.findings[0]!.fix.go).toBe(
    "none: golang.org/x/sys@v0.30.0 needs go 1.23.0 (its go.mod in the module cache), newer than the env's go 1.22; give the env go >=1.23.0 instead",
  );
  expect(r.todo.join('\n')).toContain('golang.org/x/sys@v0.30.0 needs go 1.23.0');
  // without the module in the cache the fix is offered, saying what it could not check
  fs.rmSync(path.join(cache, 'v0.30.0.mod'));
  expect((await sync({ write: null })).findings[0]!.fix.go).toContain('not checked against the go lines of 1 required module missing from the module cache');
});

test('--write auto with no earlier sync: the "to do" line names the pair in words, not by its key ("go -> go")', async () => {
  write('go.mod', GOMOD('v33.0.9'));
  write('environment.yml', ENVYML('1.5.*'));
  const r = await sync({ saveState: false, write: 'auto' });
  expect(r.todo).toEqual([
    "github.com/libgit2/git2go/v33 and conda's libgit2: both sides changed or no earlier sync is recorded; say which side to change: --write conda or --write go",
  ]);
  expect(r.todo.join('\n')).not.toMatch(/ -> /);
});

// Issue 19 §2: `--write` that needs both sides plans both before writing either. Here go.mod moved
// (git2go: the conda side is to be mended) and environment.yml moved (opencv: the Go side, through `go
// mod edit`), and no `go` is on PATH: the old code rewrote environment.yml, then failed on go.
const GOMOD2 = (git2go: string, gocv: string) =>
  `module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/libgit2/git2go/${git2go.split('.')[0]} ${git2go}\n\tgocv.io/x/gocv ${gocv}\n)\n`;
const ENVYML2 = (libgit2: string, opencv: string) => `name: app\ndependencies:\n  - go 1.22.*\n  - libgit2 ${libgit2}\n  - opencv ${opencv}\n`;

test('--write with both sides to mend and no go on PATH writes nothing, and says so', async () => {
  write('go.mod', GOMOD2('v33.0.9', 'v0.36.1'));
  write('environment.yml', ENVYML2('1.3.*', '4.9.0'));
  expect((await sync()).findings).toEqual([]);
  write('go.mod', GOMOD2('v34.0.0', 'v0.36.1'));
  write('environment.yml', ENVYML2('1.3.*', '4.10.0'));
  const proposed = (await sync()).findings.map((f) => [f.condaPkg, f.propose]);
  expect(proposed).toEqual(
    expect.arrayContaining([
      ['libgit2', 'conda'],
      ['opencv', 'go'],
    ]),
  );
  const before = ['go.mod', 'environment.yml'].map((n) => fs.readFileSync(path.join(dir, n), 'utf8'));
  await expect(sync({ write: 'auto' })).rejects.toThrow(/no `go` is on PATH; nothing was written/);
  expect(['go.mod', 'environment.yml'].map((n) => fs.readFileSync(path.join(dir, n), 'utf8'))).toEqual(before);
  expect(fs.readdirSync(dir).sort()).toEqual(['.gocondad-sync.json', 'environment.yml', 'go.mod']);
});

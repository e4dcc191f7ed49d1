// `gocondad sync` end to end through the built CLI: exit codes and reports, which side changed, --write
// on each side, lock files left to their tools, a real cgo build against a conda-style prefix, drift
// seen by a real daemon after a conda change, and go_offline in real shells.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GO122, requireReal, World } from '../helpers/world';

const FIX = path.join(__dirname, '..', 'fixtures', 'sync');
let world: World;
let n = 0;
beforeAll(() => {
  requireReal();
  world = new World();
});
afterAll(() => world.cleanup());

function project(files: Record<string, string>): string {
  const dir = path.join(world.dir, `proj${(n += 1)}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function condaMeta(prefix: string, pkgs: Record<string, string>): void {
  const meta = path.join(prefix, 'conda-meta');
  for (const f of fs.readdirSync(meta)) if (f.endsWith('.json')) fs.rmSync(path.join(meta, f));
  for (const [name, version] of Object.entries(pkgs))
    fs.writeFileSync(path.join(meta, `${name}-${version}-h0_0.json`), JSON.stringify({ name, version, build: 'h0_0', depends: [] }));
  // what conda appends after an install: the daemon's watcher sees the history change
  fs.appendFileSync(path.join(meta, 'history'), `==> ${new Date().toISOString()} <==\n# cmd: conda install\n`);
}

const GOMOD = (git2go: string, gocv = 'v0.36.1') =>
  `module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/libgit2/git2go/${git2go.split('.')[0]} ${git2go}\n\tgocv.io/x/gocv ${gocv}\n)\n`;
const ENVYML = (libgit2: string, opencv = '4.9.0') =>
  `name: app\nchannels:\n  - conda-forge\ndependencies:\n  # C libraries the Go module links\n  - go 1.22.*\n  - libgit2 ${libgit2}   # git2go\n  - opencv ${opencv}\n`;

describe('check', () => {
  test('in sync: exit 0, state file written; out of sync: exit 1 with both sides and both fixes', () => {
    const dir = project({ 'go.mod': GOMOD('v34.0.0'), 'environment.yml': ENVYML('1.5.*') });
    const ok = world.cli(['sync', dir]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/in sync \(3 coupled pairs\)/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.gocondad-sync.json'), 'utf8')).pairs['github.com/libgit2/git2go/v* -> libgit2']).toEqual({
      go: 'github.com/libgit2/git2go/v34@v34.0.0',
      conda: '1.5.*',
    });

    fs.writeFileSync(path.join(dir, 'environment.yml'), ENVYML('1.9.*'));
    const bad = world.cli(['sync', '--check', dir]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('PROBLEM mismatch: github.com/libgit2/git2go/v34 v34.0.0 needs libgit2 1.5.*, but');
    expect(bad.stdout).toContain('go.mod:6: github.com/libgit2/git2go/v34 v34.0.0');
    expect(bad.stdout).toContain(`${dir}/environment.yml:7: libgit2 1.9.*`);
    expect(bad.stdout).toContain('since the last sync: the conda side changed (was 1.5.*); `--write` mends go.mod to match');
    expect(bad.stdout).toContain(`fix conda side: ${dir}/environment.yml line 7: \`- libgit2 1.5.*\``);
    expect(bad.stdout).toMatch(/out of sync: 1 problem/);
  });

  test('--json for scripts; bad input: exit 2, file and line, what to do', () => {
    const dir = project({ 'go.mod': GOMOD('v33.0.9'), 'environment.yml': ENVYML('1.5.*') });
    const r = world.cli(['sync', dir, '--json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings[0]).toMatchObject({
      kind: 'mismatch',
      module: 'github.com/libgit2/git2go/v33',
      want: '1.3.*',
      condaSpec: '1.5.*',
      changed: 'unknown',
      propose: null,
    });
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module x\n\nrequire (\n\tgithub.com/a/b 1.0\n)\n');
    const e = world.cli(['sync', dir]);
    expect(e.status).toBe(2);
    expect(e.stderr).toBe(
      `gocondad: ${dir}/go.mod:4: require github.com/a/b: "1.0" is not a module version (vX.Y.Z); fix the line (see https://go.dev/ref/mod#go-mod-file) or run \`go mod tidy\`\n`,
    );
    const j = JSON.parse(world.cli(['sync', dir, '--json']).stdout);
    expect(j.error).toMatchObject({ file: `${dir}/go.mod`, line: 4 });
    const none = project({ 'go.mod': 'module x\n' });
    expect(world.cli(['sync', none]).stderr).toMatch(/no conda side found .*; pass --file FILE or -p PREFIX/);
  });
});

describe('--write', () => {
  test('go.mod moved (git2go v33 -> v34): the conda side follows, comments kept; then in sync', () => {
    const dir = project({ 'go.mod': GOMOD('v33.0.9'), 'environment.yml': ENVYML('1.3.*') });
    expect(world.cli(['sync', dir]).status).toBe(0);
    fs.writeFileSync(path.join(dir, 'go.mod'), GOMOD('v34.0.0'));
    const check = world.cli(['sync', dir]);
    expect(check.stdout).toContain('since the last sync: go.mod changed (was github.com/libgit2/git2go/v33@v33.0.9); `--write` mends the conda side to match');
    const w = world.cli(['sync', dir, '--write']);
    expect(w.status).toBe(0);
    expect(w.stdout).toContain(`wrote ${dir}/environment.yml (libgit2 1.5.*)`);
    expect(fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8')).toBe(ENVYML('1.5.*'));
    expect(w.stdout).toMatch(/in sync/);
  });

  test('an environment.yml that is a symlink (a monorepo’s shared file): the file it names is written, the link stays', () => {
    const dir = project({ 'go.mod': GOMOD('v33.0.9') });
    const shared = path.join(dir, 'shared');
    fs.mkdirSync(shared);
    fs.writeFileSync(path.join(shared, 'environment.yml'), ENVYML('1.3.*'));
    fs.symlinkSync('shared/environment.yml', path.join(dir, 'environment.yml'));
    expect(world.cli(['sync', dir]).status).toBe(0);
    fs.writeFileSync(path.join(dir, 'go.mod'), GOMOD('v34.0.0'));
    const w = world.cli(['sync', dir, '--write']);
    expect({ status: w.status, stderr: w.stderr }).toEqual({ status: 0, stderr: '' });
    expect(fs.readlinkSync(path.join(dir, 'environment.yml'))).toBe('shared/environment.yml');
    expect(fs.readFileSync(path.join(shared, 'environment.yml'), 'utf8')).toBe(ENVYML('1.5.*'));
    expect(fs.readdirSync(shared)).toEqual(['environment.yml']);
  });

  test('the conda side moved (opencv 4.9 -> 4.10): go.mod follows through the env toolchain’s `go mod edit`', () => {
    const env = world.makeEnv('gocv');
    const dir = project({ 'go.mod': GOMOD('v34.0.0'), 'environment.yml': ENVYML('1.5.*') });
    expect(world.cli(['sync', dir]).status).toBe(0);
    fs.writeFileSync(path.join(dir, 'environment.yml'), ENVYML('1.5.*', '4.10.0'));
    const w = world.cli(['sync', dir, '--write'], { CONDA_PREFIX: env });
    expect(w.stdout).toContain(`wrote ${dir}/go.mod (go mod edit -require=gocv.io/x/gocv@v0.37.0)`);
    expect(w.stdout).toContain('to do: update go.sum and the code: `go mod tidy`');
    expect(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8')).toContain('gocv.io/x/gocv v0.37.0');
    expect(w.status).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['.gocondad-sync.json', 'environment.yml', 'go.mod']);
  });

  test('both sides moved: nothing is written until the user picks a side', () => {
    const dir = project({ 'go.mod': GOMOD('v34.0.0'), 'environment.yml': ENVYML('1.5.*') });
    world.cli(['sync', dir]);
    fs.writeFileSync(path.join(dir, 'go.mod'), GOMOD('v34.0.0', 'v0.37.0'));
    fs.writeFileSync(path.join(dir, 'environment.yml'), ENVYML('1.5.*', '4.8.0'));
    const before = [fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'), fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8')];
    const w = world.cli(['sync', dir, '--write']);
    expect(w.status).toBe(1);
    expect(w.stdout).toContain('say which side to change: --write conda or --write go');
    expect([fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'), fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8')]).toEqual(before);
    expect(world.cli(['sync', dir, '--write', 'conda']).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8')).toContain('- opencv 4.10.0');
  });

  test('conda-lock.yml: never edited; its source environment.yml is, and the regenerate command printed', () => {
    const dir = project({
      'go.mod': GOMOD('v34.0.0', 'v0.37.0'),
      'environment.yml': ENVYML(''),
      'conda-lock.yml': fs.readFileSync(path.join(FIX, 'conda-lock.yml'), 'utf8'),
    });
    const lock = fs.readFileSync(path.join(dir, 'conda-lock.yml'), 'utf8');
    const r = world.cli(['sync', dir, '--write', 'conda', '--platform', 'linux-64']);
    expect(r.stdout).toContain('libgit2 1.9.0 is locked');
    expect(r.stdout).toContain('to do: regenerate the lock: `conda-lock lock -f environment.yml`');
    expect(fs.readFileSync(path.join(dir, 'conda-lock.yml'), 'utf8')).toBe(lock);
    expect(fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8')).toContain('  - libgit2 1.5.*    # git2go\n');
    expect(r.status).toBe(1); // the lock still says 1.9.0 until conda-lock runs
  });

  test.each(['pixi-v6.lock', 'pixi-v7.lock'])('pixi (%s): never edited; `pixi add` printed', (lockName) => {
    const dir = project({
      'go.mod': GOMOD('v34.0.0'),
      'pixi.toml': fs.readFileSync(path.join(FIX, 'pixi.toml'), 'utf8'),
      'pixi.lock': fs.readFileSync(path.join(FIX, lockName), 'utf8'),
    });
    const r = world.cli(['sync', dir, '--write', 'conda', '--platform', 'linux-64']);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('to do: '))).toEqual(['to do: pixi add "libgit2 1.5.*"', 'to do: pixi add "libopencv 4.9.0"']);
    expect(fs.readFileSync(path.join(dir, 'pixi.lock'), 'utf8')).toBe(fs.readFileSync(path.join(FIX, lockName), 'utf8'));
  });
});

describe('a real cgo build against a conda-style prefix', () => {
  test('zlib from the prefix’s include/ and lib/, coupled by a project rule; a conda change is drift', () => {
    for (const f of ['/usr/include/zlib.h', '/usr/include/zconf.h'])
      if (!fs.existsSync(f)) throw new Error(`${f} is missing: run \`bash scripts/ensure-test-deps\` as root (installs zlib1g-dev)`);
    const prefix = world.makeEnv('zlib');
    fs.mkdirSync(path.join(prefix, 'include'));
    fs.mkdirSync(path.join(prefix, 'lib'));
    for (const h of ['zlib.h', 'zconf.h']) fs.copyFileSync(`/usr/include/${h}`, path.join(prefix, 'include', h));
    const so = fs.realpathSync('/usr/lib/x86_64-linux-gnu/libz.so');
    fs.copyFileSync(so, path.join(prefix, 'lib', path.basename(so)));
    fs.symlinkSync(path.basename(so), path.join(prefix, 'lib', 'libz.so'));
    fs.symlinkSync(path.basename(so), path.join(prefix, 'lib', 'libz.so.1'));
    const zver = /libz\.so\.(\d+\.\d+\.\d+)/.exec(path.basename(so))![1]!;
    condaMeta(prefix, { zlib: zver });
    const dir = project({
      'go.mod': `module example.com/app\n\ngo 1.22\n\nrequire example.com/zgo v${zver}\n\nreplace example.com/zgo => ./zgo\n`,
      'main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/zgo"\n)\n\nfunc main() { fmt.Println(zgo.Version()) }\n',
      'zgo/go.mod': 'module example.com/zgo\n\ngo 1.22\n',
      'zgo/zgo.go': 'package zgo\n\n// #cgo LDFLAGS: -lz\n// #include <zlib.h>\nimport "C"\n\nfunc Version() string { return C.GoString(C.zlibVersion()) }\n',
      'gocondad-sync.yml': 'rules:\n  - go_module: example.com/zgo\n    conda_pkg: zlib\n    version_map: identity\n',
    });
    const lib = path.join(prefix, 'lib');
    const build = spawnSync(path.join(GO122, 'bin', 'go'), ['build', '-o', 'app', '.'], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...world.env,
        PATH: `${path.join(GO122, 'bin')}:/usr/bin:/bin`,
        GOTOOLCHAIN: 'local',
        GOFLAGS: '-mod=mod',
        GOPROXY: 'off',
        CGO_ENABLED: '1',
        CGO_CPPFLAGS: `-I${path.join(prefix, 'include')}`,
        CGO_LDFLAGS: `-L${lib} -Wl,-rpath,${lib}`,
        GOCACHE: path.join(world.dir, 'gocache'),
      },
    });
    expect(build.stderr).toBe('');
    const run = spawnSync(path.join(dir, 'app'), { encoding: 'utf8' });
    expect(run.stdout.trim()).toBe(zver);
    expect(spawnSync('ldd', [path.join(dir, 'app')], { encoding: 'utf8' }).stdout).toContain(path.join(lib, 'libz.so.1'));

    const ok = world.cli(['sync', dir, '-p', prefix]);
    expect(ok.stdout).toContain('in sync (2 coupled pairs)');
    condaMeta(prefix, { zlib: '1.3.1' });
    const drift = world.cli(['sync', dir, '-p', prefix]);
    expect(drift.status).toBe(1);
    expect(drift.stdout).toContain(`example.com/zgo v${zver} needs zlib ==${zver}, but zlib 1.3.1 is installed`);
    expect(drift.stdout).toContain(`fix conda side: conda install -p ${prefix} "zlib ==${zver}"`);
    expect(drift.stdout).toContain('fix Go side:    go get example.com/zgo@v1.3.1');
  });
});

describe('the daemon', () => {
  test('reports drift in status and the log after a conda change in a synced project’s env, and its end', async () => {
    const prefix = world.makeEnv('drift');
    condaMeta(prefix, { libgit2: '1.5.2', opencv: '4.9.0', go: '1.22.5' });
    const dir = project({ 'go.mod': GOMOD('v34.0.0') });
    expect(world.cli(['sync', dir, '-p', prefix]).status).toBe(0);
    world.installShims(prefix);
    world.startDaemon();
    condaMeta(prefix, { libgit2: '1.9.0', opencv: '4.9.0', go: '1.22.5' });
    await world.waitFor(() => (world.status().syncDrift ?? []).length > 0, 'drift in status', 20000);
    expect(world.status().syncDrift[0]).toMatchObject({
      kind: 'sync-drift',
      project: dir,
      prefix,
      findings: [
        {
          message: 'github.com/libgit2/git2go/v34 v34.0.0 needs libgit2 1.5.*, but libgit2 1.9.0 is installed',
          fix: `conda install -p ${prefix} "libgit2 1.5.*"`,
        },
      ],
    });
    expect(fs.readFileSync(world.logFile, 'utf8')).toMatch(/"event":"sync_drift"/);
    expect(world.cli(['status']).stdout).toContain(`go.mod drift: ${dir} vs ${prefix}`);
    condaMeta(prefix, { libgit2: '1.5.2', opencv: '4.9.0', go: '1.22.5' });
    await world.waitFor(() => (world.status().syncDrift ?? []).length === 0, 'drift resolved', 20000);
    expect(fs.readFileSync(world.logFile, 'utf8')).toMatch(/"event":"sync_drift_resolved"/);
  });
});

describe('sync-env and doctor', () => {
  test('a planned conda transaction is judged before it is linked; doctor reports drift of the env', () => {
    const prefix = world.makeEnv('planned');
    condaMeta(prefix, { libgit2: '1.5.2', opencv: '4.9.0', go: '1.22.5' });
    const dir = project({ 'go.mod': GOMOD('v34.0.0') });
    expect(world.cli(['sync', dir, '-p', prefix]).status).toBe(0);
    const tx = path.join(world.dir, 'tx.json');
    fs.writeFileSync(tx, JSON.stringify({ unlink: [{ name: 'libgit2' }], link: [{ name: 'libgit2', version: '1.9.0', build: 'h0_0' }] }));
    const r = world.cli(['sync-env', prefix, '--planned', tx]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      `PROBLEM ${dir}: github.com/libgit2/git2go/v34 v34.0.0 needs libgit2 1.5.*, but libgit2 1.9.0 would be installed\n    fix: conda install -p ${prefix} "libgit2 1.5.*"\n`,
    );
    fs.writeFileSync(tx, JSON.stringify({ link: [{ name: 'zstd', version: '1.5.6' }] }));
    expect(world.cli(['sync-env', prefix, '--planned', tx])).toMatchObject({
      status: 0,
      stdout: `ok ${dir}: go.mod agrees with the env after this transaction\n`,
    });
    const other = world.makeEnv('unsynced');
    expect(world.cli(['sync-env', other, '--json'])).toMatchObject({ status: 0, stdout: expect.stringContaining('"projects": []') });

    expect(world.cli(['doctor', prefix]).stdout).not.toContain('sync-drift');
    condaMeta(prefix, { libgit2: '1.9.0', opencv: '4.9.0', go: '1.22.5' });
    const doc = world.cli(['doctor', prefix, '--json']);
    expect(JSON.parse(doc.stdout).findings).toContainEqual({
      kind: 'sync-drift',
      severity: 'problem',
      prefix,
      message: `${dir}: github.com/libgit2/git2go/v34 v34.0.0 needs libgit2 1.5.*, but libgit2 1.9.0 is installed`,
      fix: `conda install -p ${prefix} "libgit2 1.5.*"`,
    });
    expect(doc.status).toBe(1);
  });
});

describe('offline module cache', () => {
  test('sync says whether every required module is cached; --offline makes a gap fail', () => {
    const cache = path.join(world.dir, 'modcache');
    const dir = project({
      'go.mod': 'module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/BurntSushi/toml v1.3.2\n\tgolang.org/x/sys v0.0.0-20240101010101-abcdefabcdef\n)\n',
      'environment.yml': 'dependencies:\n  - go 1.22.*\n',
    });
    const put = (p: string, v: string) => {
      const d = path.join(cache, 'cache', 'download', p, '@v');
      fs.mkdirSync(d, { recursive: true });
      for (const ext of ['mod', 'zip']) fs.writeFileSync(path.join(d, `${v}.${ext}`), '');
    };
    put('github.com/!burnt!sushi/toml', 'v1.3.2');
    const gap = world.cli(['sync', dir, '--offline'], { GOMODCACHE: cache });
    expect(gap.stdout).toContain(
      `module cache: 1 of 2 required modules missing from ${cache} (run \`go mod download\` while online): golang.org/x/sys@v0.0.0-20240101010101-abcdefabcdef`,
    );
    expect(gap.status).toBe(1);
    put('golang.org/x/sys', 'v0.0.0-20240101010101-abcdefabcdef');
    const full = world.cli(['sync', dir, '--offline'], { GOMODCACHE: cache });
    expect(full.stdout).toContain(`module cache: all 2 required modules are in ${cache} (offline builds work)`);
    expect(full.status).toBe(0);
  });

  test.each(['bash', 'fish'])('go_offline: true in the pin: GOPROXY reads the module cache only, restored exactly (%s)', (shell) => {
    const prefix = world.makeEnv(`offline-${shell}`, { pin: 'go_offline: true\n' });
    world.installShims(prefix);
    const cache = path.join(world.dir, 'home', 'go', 'pkg', 'mod');
    const script =
      shell === 'fish'
        ? 'set -gx GOPROXY "https://proxy.example, direct"\nconda activate ' + path.basename(prefix) + '\necho $GOPROXY\nconda deactivate\necho $GOPROXY'
        : 'export GOPROXY="https://proxy.example, direct"\nconda activate ' + path.basename(prefix) + '\necho "$GOPROXY"\nconda deactivate\necho "$GOPROXY"';
    const r = world.sh(shell, script);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`file://${cache}/cache/download,off\nhttps://proxy.example, direct\n`);
  });
});

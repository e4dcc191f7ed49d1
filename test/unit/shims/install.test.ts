// How installShims dates the shims it writes: a shell compares the env's history and pin with its shim
// (`-nt`) to decide whether to ask for a fresh plan, so the date is part of the contract. And what
// uninstallShims takes away: every file gocondad put in the env (the fish/csh runner too), nothing else.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadWorld, planForPrefix, type EnvPlan } from '../../../src/core/envs';
import { resolveLocations, type Locations } from '../../../src/paths';
import {
  FOREIGN_SH,
  foreignRunnerPath,
  foreignRunnerText,
  hasShims,
  installShims,
  NewerShimsError,
  pickForeignSh,
  readShimStamp,
  shimContext,
  shimPaths,
  uninstallShims,
} from '../../../src/shims/install';
import { PACKAGE_ROOT } from '../../../src/pkg';
import { forgetEnv, readRegistry, registerEnv } from '../../../src/shims/registry';

describe('installShims: shims are dated when their plan read the env', () => {
  let dir: string;
  let loc: Locations;
  let prefix: string;
  let history: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-install-'));
    const env = { HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run'), XDG_CACHE_HOME: path.join(dir, 'cache') };
    fs.mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });
    loc = resolveLocations(env);
    prefix = path.join(dir, 'envs', 'e');
    fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
    history = path.join(prefix, 'conda-meta', 'history');
    fs.writeFileSync(history, '');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  const planReadAt = (readAt: number): EnvPlan => ({ ...planForPrefix(prefix, loadWorld(loc)), readAt });
  const shimTimes = () => shimPaths(prefix).map(({ file }) => fs.statSync(file).mtimeMs);
  const setMtime = (file: string, ms: number) => fs.utimesSync(file, new Date(ms), new Date(ms));

  test('a plan records when it read the env, just before reading', () => {
    const before = Date.now();
    const { readAt } = planForPrefix(prefix, loadWorld(loc));
    expect(readAt).toBeGreaterThanOrEqual(before);
    expect(readAt).toBeLessThanOrEqual(Date.now());
  });

  test('written shims carry the read time, not the write time', () => {
    const readAt = Date.now() - 60_000;
    setMtime(history, readAt - 60_000);
    const result = installShims(planReadAt(readAt), loc);
    expect(result.changed.length).toBeGreaterThan(0);
    const times = shimTimes();
    expect(times.length).toBe(6);
    for (const t of times) expect(Math.abs(t - readAt)).toBeLessThan(1);
  });

  test('the env changed after its plan was read (conda install racing a refresh): the shims stay older than it', () => {
    const readAt = Date.now() - 60_000;
    installShims(planReadAt(readAt), loc);
    setMtime(history, readAt + 30_000); // the change came after the read, and before now
    installShims(planReadAt(readAt), loc); // same plan, same text: only the date is at stake
    for (const t of shimTimes()) expect(t).toBeLessThan(fs.statSync(history).mtimeMs);
  });

  test('a plan read after the change makes the shims current, so the next activation does not refresh again', () => {
    installShims(planReadAt(Date.now() - 60_000), loc);
    setMtime(history, Date.now() - 30_000);
    installShims(planReadAt(Date.now() - 1_000), loc);
    for (const t of shimTimes()) expect(t).toBeGreaterThan(fs.statSync(history).mtimeMs);
  });
  test('the same text again: a shim older than the history or the pin is dated to the read, a current one is left alone', () => {
    const readAt = Date.now() - 60_000;
    installShims(planReadAt(readAt), loc);
    const pin = path.join(prefix, 'etc', 'gocondad.yml');
    // Current: newer than history, no pin. A later read changes nothing (the date stays the first read's).
    setMtime(history, readAt - 10_000);
    installShims(planReadAt(readAt + 5_000), loc);
    for (const t of shimTimes()) expect(Math.abs(t - readAt)).toBeLessThan(1);
    // The history moved past the shims: dated to the new read.
    setMtime(history, readAt + 10_000);
    installShims(planReadAt(readAt + 20_000), loc);
    for (const t of shimTimes()) expect(Math.abs(t - (readAt + 20_000))).toBeLessThan(1);
    // The pin moved past them (the history did not): dated again. Same text: the pin holds nothing new.
    fs.writeFileSync(pin, '');
    setMtime(pin, readAt + 30_000);
    installShims(planReadAt(readAt + 40_000), loc);
    for (const t of shimTimes()) expect(Math.abs(t - (readAt + 40_000))).toBeLessThan(1);
    // Equal times are not older.
    setMtime(pin, readAt + 40_000);
    setMtime(history, readAt + 40_000);
    installShims(planReadAt(readAt + 50_000), loc);
    for (const t of shimTimes()) expect(Math.abs(t - (readAt + 40_000))).toBeLessThan(1);
  });
});

describe('whose shims', () => {
  let dir: string;
  let loc: Locations;
  let prefix: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-whose-'));
    const env = { HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run'), XDG_CACHE_HOME: path.join(dir, 'cache') };
    fs.mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });
    loc = resolveLocations(env);
    prefix = path.join(dir, 'envs', 'e');
    fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  const plan = () => planForPrefix(prefix, loadWorld(loc));
  const posixShim = () => path.join(prefix, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');

  test('hasShims and readShimStamp: none before, ours after install, none after uninstall', () => {
    expect(hasShims(prefix)).toBe(false);
    expect(readShimStamp(prefix)).toBeNull();
    installShims(plan(), loc);
    expect(hasShims(prefix)).toBe(true);
    expect(readShimStamp(prefix)).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), format: expect.any(Number) });
    uninstallShims(prefix, loc);
    expect(hasShims(prefix)).toBe(false);
    expect(readShimStamp(prefix)).toBeNull();
  });

  test("a file of someone else's at a shim's path is not ours and not overwritten: the error says what to do", () => {
    fs.mkdirSync(path.dirname(posixShim()), { recursive: true });
    fs.writeFileSync(posixShim(), 'export THEIRS=1\n');
    expect(hasShims(prefix)).toBe(false);
    expect(() => installShims(plan(), loc)).toThrow(
      `${posixShim()} exists and was not written by gocondad; move it away, then run \`gocondad shims install\` again`,
    );
    expect(fs.readFileSync(posixShim(), 'utf8')).toBe('export THEIRS=1\n');
    // Nothing else written either: no runner, no shim of another shell, no registry entry.
    expect(
      fs
        .readdirSync(path.join(prefix, 'etc', 'conda'), { recursive: true })
        .map(String)
        .sort(),
    ).toEqual(['activate.d', 'activate.d/zzz-gocondad.sh']);
    expect(readRegistry(loc)).toEqual({ installed: [], excluded: [] });
  });

  test("someone else's file at the last shim path (csh's deactivate) also refuses before anything is written", () => {
    const last = shimPaths(prefix).at(-1)!.file;
    fs.mkdirSync(path.dirname(last), { recursive: true });
    fs.writeFileSync(last, 'setenv THEIRS 1\n');
    expect(() => installShims(plan(), loc)).toThrow(`${last} exists and was not written by gocondad`);
    expect(fs.existsSync(foreignRunnerPath(prefix))).toBe(false);
    expect(
      shimPaths(prefix)
        .filter(({ file }) => fs.existsSync(file))
        .map(({ file }) => file),
    ).toEqual([last]);
  });

  test("a newer gocondad's shims are replaced only when the user names the env", () => {
    installShims(plan(), loc);
    const text = fs.readFileSync(posixShim(), 'utf8');
    const newer = text.replace(/(gocondad-shim-version:\s*)\S+/, '$1999.0.0');
    expect(newer).not.toBe(text);
    fs.writeFileSync(posixShim(), newer);
    expect(() => installShims(plan(), loc)).toThrow(NewerShimsError);
    expect(() => installShims(plan(), loc)).toThrow(/has shims of a newer gocondad \(999\.0\.0, format \d+\); left as they are/);
    expect(fs.readFileSync(posixShim(), 'utf8')).toBe(newer);
    expect(installShims(plan(), loc, true).changed).toContain(posixShim());
    expect(fs.readFileSync(posixShim(), 'utf8')).toBe(text);
  });

  test('the registry: installed, excluded when the user takes them out by name, forgotten when the env goes', () => {
    installShims(plan(), loc);
    expect(readRegistry(loc)).toEqual({ installed: [prefix], excluded: [] });
    registerEnv(loc, prefix, false, true);
    expect(readRegistry(loc)).toEqual({ installed: [], excluded: [prefix] });
    forgetEnv(loc, '/not/registered');
    expect(readRegistry(loc)).toEqual({ installed: [], excluded: [prefix] });
    forgetEnv(loc, prefix);
    expect(readRegistry(loc)).toEqual({ installed: [], excluded: [] });
  });

  test('a refresh that decided to write before the user opted the env out writes nothing after it', () => {
    installShims(plan(), loc);
    const decided = plan(); // the daemon's refresh read the registry and planned here ...
    uninstallShims(prefix, loc, true); // ... then `gocondad shims uninstall` ran ...
    const late = installShims(decided, loc); // ... then the refresh wrote.
    expect(late).toEqual({ prefix, changed: [], optedOut: true });
    expect(hasShims(prefix)).toBe(false);
    expect(fs.existsSync(foreignRunnerPath(prefix))).toBe(false);
    expect(readRegistry(loc)).toEqual({ installed: [], excluded: [prefix] });
    // The user naming the env opts it back in.
    expect(installShims(plan(), loc, true).changed).toContain(posixShim());
    expect(readRegistry(loc)).toEqual({ installed: [prefix], excluded: [] });
  });
});

describe('whose shims: the edges', () => {
  let dir: string;
  let loc: Locations;
  let prefix: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-edges-'));
    loc = resolveLocations({ HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run'), XDG_CACHE_HOME: path.join(dir, 'cache') });
    prefix = path.join(dir, 'envs', 'e');
    fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  const shim = (kind: string, ext: string) => path.join(prefix, 'etc', 'conda', `${kind}.d`, `zzz-gocondad${ext}`);
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  const stamp = '# gocondad-shim-version: 0.1.0 format 1\n';

  test('one shim of ours is enough for hasShims; the stamp of a later shim when the first has none', () => {
    write(shim('deactivate', '.fish'), stamp);
    expect(hasShims(prefix)).toBe(true);
    write(shim('activate', '.sh'), '# ours once, stamp lost\n');
    expect(readShimStamp(prefix)).toEqual({ version: '0.1.0', format: 1 });
  });

  test('the marker counts only in the head of a file (600 characters): further down it is some other script', () => {
    const late = `${'#'.repeat(600)}\n${stamp}`;
    write(shim('activate', '.sh'), late);
    expect(hasShims(prefix)).toBe(false);
    expect(readShimStamp(prefix)).toBeNull();
    expect(uninstallShims(prefix, loc).changed).toEqual([]);
    expect(() => installShims(planForPrefix(prefix, loadWorld(loc)), loc)).toThrow(/was not written by gocondad/);
    expect(fs.readFileSync(shim('activate', '.sh'), 'utf8')).toBe(late);
  });

  test('uninstall with nothing there changes nothing, and opts the env out only when asked by name', () => {
    expect(uninstallShims(prefix, loc)).toEqual({ prefix, changed: [] });
    expect(readRegistry(loc)).toEqual({ installed: [], excluded: [] });
    uninstallShims(prefix, loc, true);
    expect(readRegistry(loc)).toEqual({ installed: [], excluded: [prefix] });
  });

  test("a shim's context: the env's POSIX shim beside it, the runner in etc/conda, this node and the package's CLI", () => {
    const envPlan = planForPrefix(prefix, loadWorld(loc));
    const file = shim('deactivate', '.csh');
    expect(shimContext(envPlan, loc, file)).toEqual({
      planId: envPlan.planId,
      shimFile: file,
      node: process.execPath,
      cli: path.join(PACKAGE_ROOT, 'dist', 'cli.js'),
      foreign: { posixShim: shim('deactivate', '.sh'), runner: path.join(prefix, 'etc', 'conda', 'gocondad-foreign.sh'), sh: FOREIGN_SH },
    });
  });
});

describe('uninstallShims', () => {
  test("removes the six shims and the fish/csh runner, keeps the user's own activation scripts", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-uninstall-'));
    try {
      const env = { HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run'), XDG_CACHE_HOME: path.join(dir, 'cache') };
      fs.mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });
      const loc = resolveLocations(env);
      const prefix = path.join(dir, 'envs', 'e');
      fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
      fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
      installShims(planForPrefix(prefix, loadWorld(loc)), loc);
      const mine = path.join(prefix, 'etc', 'conda', 'activate.d', 'user.sh');
      fs.writeFileSync(mine, 'export MINE=1\n');
      expect(fs.existsSync(foreignRunnerPath(prefix))).toBe(true);
      const result = uninstallShims(prefix, loc);
      expect(result.changed.sort()).toEqual([...shimPaths(prefix).map(({ file }) => file), foreignRunnerPath(prefix)].sort());
      const left = fs
        .readdirSync(path.join(prefix, 'etc', 'conda'), { recursive: true })
        .map(String)
        .sort();
      expect(left).toEqual(['activate.d', 'activate.d/user.sh', 'deactivate.d']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

describe('the sh that runs the fish/csh runner', () => {
  // Each machine has one answer, so the choice is asked of a stand-in for fs.existsSync that records the
  // paths in the order they were asked.
  const pick = (present: string[]): { sh: string; asked: string[] } => {
    const asked: string[] = [];
    const sh = pickForeignSh((file) => {
      asked.push(file);
      return present.includes(file);
    });
    return { sh, asked };
  };

  test('/bin/dash when it is there, asked first: /usr/bin/dash is not looked at', () => {
    expect(pick(['/bin/dash', '/usr/bin/dash', '/bin/sh'])).toEqual({ sh: '/bin/dash', asked: ['/bin/dash'] });
    expect(pick(['/bin/dash'])).toEqual({ sh: '/bin/dash', asked: ['/bin/dash'] });
  });

  test('only /usr/bin/dash: /usr/bin/dash', () => {
    expect(pick(['/usr/bin/dash', '/bin/sh'])).toEqual({ sh: '/usr/bin/dash', asked: ['/bin/dash', '/usr/bin/dash'] });
  });

  test('no dash: the system sh, /bin/sh, without asking whether it exists (POSIX has it)', () => {
    expect(pick(['/bin/sh'])).toEqual({ sh: '/bin/sh', asked: ['/bin/dash', '/usr/bin/dash'] });
    expect(pick([])).toEqual({ sh: '/bin/sh', asked: ['/bin/dash', '/usr/bin/dash'] });
  });
});

describe("the fish/csh runner's variable lists", () => {
  test("every managed variable, then conda-forge's backed-up variables not already managed and all their markers", () => {
    const template = fs.readFileSync(path.join(PACKAGE_ROOT, 'shell', 'foreign.sh'), 'utf8');
    // One slot each: the runner fills the first occurrence only.
    expect(template.split('@MANAGED_VARS@').length).toBe(2);
    expect(template.split('@CONDA_FORGE_VARS@').length).toBe(2);
    expect(foreignRunnerText()).toBe(
      template
        .replace('@MANAGED_VARS@', 'GOROOT GOPATH GOBIN GOMODCACHE GOTOOLCHAIN GOPROXY CGO_CPPFLAGS CGO_LDFLAGS CGO_ENABLED')
        .replace(
          '@CONDA_FORGE_VARS@',
          'GOOS GOARCH CGO_CFLAGS CGO_CXXFLAGS CGO_FFLAGS ' +
            'CONDA_CGO_ENABLED_BACKUP CONDA_BACKUP_GOOS CONDA_BACKUP_GOARCH CONDA_BACKUP_CGO_CFLAGS CONDA_BACKUP_CGO_CPPFLAGS ' +
            'CONDA_BACKUP_CGO_CXXFLAGS CONDA_BACKUP_CGO_FFLAGS CONDA_BACKUP_CGO_LDFLAGS',
        ),
    );
  });
});

// How installShims dates the shims it writes: a shell compares the env's history and pin with its shim
// (`-nt`) to decide whether to ask for a fresh plan, so the date is part of the contract. And what
// uninstallShims takes away: every file gocondad put in the env (the fish/csh runner too), nothing else.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadWorld, planForPrefix, type EnvPlan } from '../../../src/core/envs';
import { resolveLocations, type Locations } from '../../../src/paths';
import { foreignRunnerPath, installShims, shimPaths, uninstallShims } from '../../../src/shims/install';

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
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

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
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The watcher's I/O: the kernel's inotify count, and EnvWatcher's timing (fake timers) and real folders.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FSWatcher } from 'chokidar';
import { countInotifyWatches, EnvWatcher } from '../../../../src/daemon/world/watch';

describe('countInotifyWatches', () => {
  test('counts one more kernel watch for each fs.watch, one fewer when it closes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-inotify-'));
    try {
      const before = countInotifyWatches();
      expect(typeof before).toBe('number');
      const a = fs.watch(dir);
      const b = fs.watch(path.join(dir, '..'));
      expect(countInotifyWatches()).toBe(before! + 2);
      a.close();
      expect(countInotifyWatches()).toBe(before! + 1);
      b.close();
      expect(countInotifyWatches()).toBe(before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

describe('EnvWatcher: a burst of events becomes one change (jest’s fake timers: ticks counted, never waited for)', () => {
  let dir: string;
  let w: EnvWatcher;
  let changes: { discovery: boolean; world: boolean; envs: string[] }[];
  let errors: Error[];
  /** chokidar's and the history watch's events enter here (the seam the watcher's own tests use). */
  const event = (p: string) => (w as unknown as { note(p: string): void }).note(p);
  beforeEach(() => {
    jest.useFakeTimers();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-envwatcher-'));
    changes = [];
    errors = [];
    w = new EnvWatcher({
      debounceMs: 100,
      maxWaitMs: 500,
      worldFiles: [path.join(dir, 'config.yml')],
      onChange: (c) => changes.push({ discovery: c.discovery, world: c.world, envs: [...c.envs] }),
      onError: (e) => errors.push(e),
    });
  });
  afterEach(async () => {
    await w.close();
    jest.useRealTimers();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  test('nothing watched yet: ready at once, no roots, nothing held', async () => {
    expect(w.rootCount()).toBe(0);
    expect(w.watchedPaths()).toBe(0);
    await expect(w.ready()).resolves.toBeUndefined();
  });

  test('events inside the quiet period are held and handed over together, once, one quiet period after the last', () => {
    w.update({ files: [path.join(dir, 'config.yml')], envsDirs: [path.join(dir, 'envs')], envs: [], histories: [], toolchainDirs: [], toolchainRoots: [] });
    expect(w.rootCount()).toBe(1);
    event(path.join(dir, 'envs', 'a', 'etc', 'gocondad.yml'));
    jest.advanceTimersByTime(50);
    event(path.join(dir, 'envs', 'b'));
    jest.advanceTimersByTime(49);
    event(path.join(dir, 'config.yml'));
    jest.advanceTimersByTime(99);
    expect(changes).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(changes).toEqual([{ discovery: true, world: true, envs: [path.join(dir, 'envs', 'a')] }]);
    // Quiet after it: nothing more, the burst's longest-wait timer included (500 ticks from the first event).
    jest.advanceTimersByTime(280);
    event(path.join(dir, 'envs', 'c'));
    jest.advanceTimersByTime(21);
    expect(changes).toHaveLength(1);
    jest.advanceTimersByTime(79);
    expect(changes).toEqual([
      { discovery: true, world: true, envs: [path.join(dir, 'envs', 'a')] },
      { discovery: true, world: false, envs: [] },
    ]);
    jest.advanceTimersByTime(2000);
    expect(changes).toHaveLength(2);
  });

  test('a burst that never goes quiet is handed over at the longest wait, and the next burst starts afresh', () => {
    for (let i = 0; i < 6; i++) {
      event(`/anywhere/${i}`);
      jest.advanceTimersByTime(90);
    }
    // 540 ticks since the first event: handed over at 500, with the events up to then
    expect(changes).toEqual([{ discovery: true, world: false, envs: [] }]);
    event('/anywhere/late');
    jest.advanceTimersByTime(30);
    expect(changes).toHaveLength(1);
    event('/anywhere/later');
    jest.advanceTimersByTime(99);
    expect(changes).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(changes).toHaveLength(2);
  });

  test('the quiet period of the last event before a long-wait hand-over does not hand over the next burst early', () => {
    for (let i = 0; i < 5; i++) {
      event(`/anywhere/${i}`);
      jest.advanceTimersByTime(99);
    }
    event('/anywhere/5'); // at 495: its quiet period would end at 595
    jest.advanceTimersByTime(5);
    expect(changes).toHaveLength(1); // the longest wait, at 500
    jest.advanceTimersByTime(20);
    event('/anywhere/6'); // at 520: quiet until 620
    jest.advanceTimersByTime(99);
    expect(changes).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(changes).toHaveLength(2);
  });

  test('close drops a burst not yet handed over', async () => {
    event('/anywhere/x');
    await w.close();
    jest.advanceTimersByTime(1000);
    expect(changes).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('EnvWatcher: one more look after a burst (chokidar misses the removal of a dir it is still adding)', () => {
  let dir: string;
  let w: EnvWatcher;
  let changes: { discovery: boolean; world: boolean; envs: string[] }[];
  const event = (p: string) => (w as unknown as { note(p: string): void }).note(p);
  const envs = (...names: string[]) => path.join(dir, 'envs', ...names);
  const look = { discovery: true, world: false, envs: [] };
  beforeEach(() => {
    jest.useFakeTimers();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-followup-'));
    changes = [];
    w = new EnvWatcher({
      debounceMs: 100,
      maxWaitMs: 500,
      followUpMs: 1000,
      worldFiles: [path.join(dir, 'config.yml')],
      onChange: (c) => changes.push({ discovery: c.discovery, world: c.world, envs: [...c.envs] }),
      onError: (e) => {
        throw e;
      },
    });
    // What a change at a path asks for depends on what is watched: the user config and one envs dir.
    w.update({ files: [path.join(dir, 'config.yml')], envsDirs: [envs()], envs: [], histories: [], toolchainDirs: [], toolchainRoots: [] });
  });
  afterEach(async () => {
    await w.close();
    jest.useRealTimers();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  test('a change that asked to look again is followed, followUpMs after its hand-over, by one look with no event behind it, and no more', () => {
    event(envs('a', 'etc', 'gocondad.yml'));
    jest.advanceTimersByTime(100);
    expect(changes).toEqual([{ discovery: true, world: false, envs: [envs('a')] }]);
    jest.advanceTimersByTime(999);
    expect(changes).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(changes).toEqual([{ discovery: true, world: false, envs: [envs('a')] }, look]);
    // The look arms none of its own: an idle daemon stays idle.
    jest.advanceTimersByTime(60_000);
    expect(changes).toHaveLength(2);
  });

  test('a change that only reloads the world (the user config, a toolchain) asks for no look', () => {
    event(path.join(dir, 'config.yml'));
    jest.advanceTimersByTime(100);
    expect(changes).toEqual([{ discovery: false, world: true, envs: [] }]);
    jest.advanceTimersByTime(60_000);
    expect(changes).toHaveLength(1);
  });

  test('events while the look is due put it off until followUpMs after the next hand-over: one look per quiet spell', () => {
    event(envs('a'));
    jest.advanceTimersByTime(100); // handed over at 100; the look due at 1100
    jest.advanceTimersByTime(800);
    event(envs('b')); // at 900
    jest.advanceTimersByTime(300); // 1200: the second hand-over was at 1000, the old look (1100) did not come
    expect(changes).toEqual([look, look]);
    jest.advanceTimersByTime(799);
    expect(changes).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(changes).toEqual([look, look, look]);
    jest.advanceTimersByTime(60_000);
    expect(changes).toHaveLength(3);
  });

  test('close drops a look not yet due', async () => {
    event(envs('a'));
    jest.advanceTimersByTime(100);
    await w.close();
    jest.advanceTimersByTime(60_000);
    expect(changes).toEqual([look]);
  });

  test('with no followUpMs (or 0) there is never a look', async () => {
    for (const followUpMs of [undefined, 0]) {
      const seen: unknown[] = [];
      const other = new EnvWatcher({ debounceMs: 100, maxWaitMs: 500, followUpMs, worldFiles: [], onChange: (c) => seen.push(c), onError: () => {} });
      (other as unknown as { note(p: string): void }).note(envs('a'));
      jest.advanceTimersByTime(60_000);
      expect(seen).toHaveLength(1);
      await other.close();
    }
  });
});

describe('EnvWatcher on a real folder (a real chokidar; events awaited, never timed)', () => {
  let dir: string;
  let w: EnvWatcher;
  let errors: Error[];
  /** Resolves with each change handed over, in order (the debounce is 1 ms of real time). */
  let changes: { discovery: boolean; world: boolean; envs: string[] }[];
  let waiting: (() => void) | null;
  const nextChange = () =>
    new Promise<{ discovery: boolean; world: boolean; envs: string[] }>((resolve) => {
      const take = () => resolve(changes.shift()!);
      if (changes.length > 0) take();
      else waiting = take;
    });
  /** The parts the watcher holds: its chokidar instance and the history watch beside it. */
  const inside = () => w as unknown as { fsw: FSWatcher; roots: Set<string>; histories: { fsw: FSWatcher; files: Set<string> } };
  const history = () => path.join(dir, 'envs', 'a', 'conda-meta', 'history');
  const input = () => ({
    files: [path.join(dir, 'config.yml')],
    envsDirs: [path.join(dir, 'envs')],
    envs: [],
    histories: [history()],
    toolchainDirs: [],
    toolchainRoots: [],
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-envwatcher-real-'));
    fs.mkdirSync(path.join(dir, 'envs', 'a', 'conda-meta'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'envs', 'a', 'etc'));
    fs.writeFileSync(history(), '==> 2026-01-01 00:00:00 <==\n');
    fs.writeFileSync(path.join(dir, 'envs', 'a', 'etc', 'gocondad.yml'), 'go: "1.22"\n');
    changes = [];
    errors = [];
    waiting = null;
    w = new EnvWatcher({
      debounceMs: 1,
      maxWaitMs: 1000,
      worldFiles: [path.join(dir, 'config.yml')],
      onChange: (c) => {
        changes.push({ discovery: c.discovery, world: c.world, envs: [...c.envs].sort() });
        const t = waiting;
        waiting = null;
        t?.();
      },
      onError: (e) => errors.push(e),
    });
  });
  afterEach(async () => {
    await w.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  test('a known env’s history goes to the history watch, every other root to chokidar; both counted', async () => {
    w.update(input());
    // Each chokidar instance says `ready` once it has read the roots of its first update.
    const historiesReady = new Promise<void>((r) => inside().histories.fsw.once('ready', () => r()));
    expect([...inside().roots]).toEqual([dir, path.join(dir, 'envs')]);
    expect([...inside().histories.files]).toEqual([history()]);
    expect(w.rootCount()).toBe(3);
    await w.ready();
    await historiesReady;
    // chokidar lists, per folder it holds, the entries it wants there: tmp → [dir]; dir → [envs];
    // envs → [a]; a → [etc] (a known env's conda-meta is not listed); etc → [gocondad.yml]; and the
    // history watch: conda-meta → [history].
    expect(w.watchedPaths()).toBe(6);
  });

  test('ready says so at once once chokidar is ready, however often it is asked', async () => {
    w.update(input());
    await w.ready(2_000_000_000); // chokidar's ready, not the fallback timer (23 days), resolves it
    // Both already settled: the race goes to the first one listed.
    await expect(Promise.race([w.ready(), Promise.resolve('still waiting')])).resolves.toBeUndefined();
  });

  test('what is there at the start is no change; the first change is the first thing that happens after', async () => {
    w.update(input());
    await w.ready();
    fs.writeFileSync(path.join(dir, 'config.yml'), 'auto_install: false\n');
    await expect(nextChange()).resolves.toEqual({ discovery: false, world: true, envs: [] });
  });

  test('an append to a known env’s history (through the history watch) asks to replan that env', async () => {
    w.update(input());
    const historiesReady = new Promise<void>((r) => inside().histories.fsw.once('ready', () => r()));
    await w.ready();
    await historiesReady;
    fs.appendFileSync(history(), '+conda-forge/linux-64::go-1.22.5-0\n');
    await expect(nextChange()).resolves.toEqual({ discovery: true, world: false, envs: [path.join(dir, 'envs', 'a')] });
  });

  test('an env that is a symlink to a folder is followed (a symlink is not known to be a folder before it is followed)', async () => {
    const target = path.join(dir, 'elsewhere');
    fs.mkdirSync(path.join(target, 'etc'), { recursive: true });
    fs.symlinkSync(target, path.join(dir, 'envs', 'linked'));
    w.update(input());
    await w.ready();
    fs.writeFileSync(path.join(target, 'etc', 'gocondad.yml'), 'go: "1.22"\n');
    await expect(nextChange()).resolves.toEqual({ discovery: true, world: false, envs: [path.join(dir, 'envs', 'linked')] });
  });

  test('the watches keep the process running, as a daemon’s should (chokidar’s persistent)', async () => {
    const held = () => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap').length;
    // Watches the earlier tests closed are gone only after libuv's next loop turns (counted, not timed).
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    const before = held();
    w.update(input());
    const historiesReady = new Promise<void>((r) => inside().histories.fsw.once('ready', () => r()));
    await w.ready();
    await historiesReady;
    // one kernel watch per path chokidar holds (dir, envs, a, etc, the pin file) and the history file's own
    expect(held() - before).toBe(6);
  });

  test('errors of either chokidar instance reach onError as they are', () => {
    const a = new Error('EMFILE: too many open files, watch');
    const b = new Error('ENOSPC: System limit for number of file watchers reached');
    inside().fsw.emit('error', a);
    inside().histories.fsw.emit('error', b);
    expect(errors).toEqual([a, b]);
    expect(errors[0]).toBe(a);
    expect(errors[1]).toBe(b);
  });
});

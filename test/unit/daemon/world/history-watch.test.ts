// src/daemon/world/history-watch.ts: the known envs' history files, watched one by one (a real chokidar on
// a temporary dir; the daemon-level cases, envs created while it runs, are in test/integration/watch.test.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FSWatcher } from 'chokidar';
import { HistoryWatch, swapRoots, watchedCount } from '../../../../src/daemon/world/history-watch';

test('a new set of roots touches only the difference', () => {
  const calls: string[] = [];
  const w = { add: (r: string[]) => calls.push(`add ${r.join(',')}`), unwatch: (r: string[]) => calls.push(`unwatch ${r.join(',')}`) };
  swapRoots(w as unknown as FSWatcher, new Set(['/a', '/b']), new Set(['/b', '/c']));
  expect(calls).toEqual(['unwatch /a', 'add /c']);
  calls.length = 0;
  swapRoots(w as unknown as FSWatcher, new Set(['/b']), new Set(['/b']));
  expect(calls).toEqual([]);
});

test('an append to a watched history file is reported by its absolute path; a dropped file no longer is', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-history-'));
  const a = path.join(dir, 'a', 'conda-meta', 'history');
  const b = path.join(dir, 'b', 'conda-meta', 'history');
  for (const f of [a, b]) {
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, '==> 2026-01-01 <==\n');
  }
  const seen: string[] = [];
  const errors: Error[] = [];
  const watch = new HistoryWatch(
    (p) => seen.push(p),
    (err) => errors.push(err),
  );
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  };
  try {
    watch.update(new Set([a, b]));
    expect(watch.rootCount()).toBe(2);
    // chokidar reads its roots asynchronously: append until the change is seen.
    await until(() => (fs.appendFileSync(a, '+pkg\n'), seen.includes(a)));
    expect(seen).toContain(a);
    watch.update(new Set([b]));
    expect(watch.rootCount()).toBe(1);
    seen.length = 0;
    await until(() => (fs.appendFileSync(b, '+pkg\n'), fs.appendFileSync(a, '+pkg\n'), seen.includes(b)));
    expect(seen).toContain(b);
    expect(seen).not.toContain(a);
    expect(errors).toEqual([]);
  } finally {
    await watch.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('watchedCount adds up the entries chokidar lists under every directory it holds', () => {
  const w = { getWatched: () => ({ '/a': ['history', 'x'], '/b': [], '/c': ['y'] }) };
  expect(watchedCount(w as unknown as FSWatcher)).toBe(3);
  expect(watchedCount({ getWatched: () => ({}) } as unknown as FSWatcher)).toBe(0);
});

test('only what was added is handed to add, only what went to unwatch, each once and in order', () => {
  const calls: [string, string[]][] = [];
  const w = { add: (r: string[]) => calls.push(['add', r]), unwatch: (r: string[]) => calls.push(['unwatch', r]) };
  swapRoots(w as unknown as FSWatcher, new Set(), new Set(['/x', '/y']));
  swapRoots(w as unknown as FSWatcher, new Set(['/x', '/y', '/z']), new Set());
  expect(calls).toEqual([
    ['add', ['/x', '/y']],
    ['unwatch', ['/x', '/y', '/z']],
  ]);
});

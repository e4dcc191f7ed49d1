// The status reply without a daemon: the figures of the parts in the protocol's shape, and the cache that
// keeps the watch figures from being counted on every request.
import { SHIM_FORMAT } from '../../../../src/core/shim-stamp';
import { LatencyWindow } from '../../../../src/daemon/log/metrics';
import { cachedFor, statusReply, type StatusFigures } from '../../../../src/daemon/http/status';
import { VERSION } from '../../../../src/pkg';
import { isStatusReply, PROTOCOL } from '../../../../src/protocol';

function figures(): StatusFigures {
  const records = new LatencyWindow();
  records.add(2);
  records.add(4);
  const stream = new LatencyWindow();
  stream.add(1);
  return {
    self: {
      pid: 4242,
      socket: '/run/u/gocondad/gocondad.sock',
      log: '/state/daemon.log',
      startedAt: '2026-01-01T00:00:00.000Z',
      memory: { rss: 50e6, heapUsed: 9e6 },
    },
    sessions: [
      {
        shellPid: 7,
        shell: 'bash',
        prefix: '/envs/a',
        envName: 'a',
        shlvl: 1,
        goroot: '/usr/lib/go-1.22',
        goVersion: 'go1.22.1',
        since: '2026-01-01T00:00:01Z',
      },
    ],
    conflicts: [],
    syncDrift: [{ kind: 'sync-drift', project: '/p', prefix: '/envs/a', at: '2026-01-01T00:00:02Z', findings: [{ message: 'm', fix: null }] }],
    envs: [
      { prefix: '/envs/a', envName: 'a', ok: true, goroot: '/usr/lib/go-1.22', goVersion: 'go1.22.1', chosenBy: 'newest', why: 'newest found', planId: 'x' },
    ],
    discovered: { envs: 1, roots: ['/conda'], envsDirs: ['/conda/envs'] },
    newerShims: [{ prefix: '/envs/b', version: '9.0.0', format: SHIM_FORMAT + 1 }],
    newerRecords: 3,
    watch: { roots: 5, paths: 40, inotifyWatches: null, countedAt: 0 },
    latency: { records, refreshes: new LatencyWindow(), requests: new Map([['/v1/stream', stream]]) },
  };
}

test('the reply carries every figure in the protocol shape, and passes the protocol guard', () => {
  const f = figures();
  const r = statusReply(f);
  expect(isStatusReply(r)).toBe(true);
  expect(r.daemon).toEqual({
    pid: 4242,
    version: VERSION,
    protocol: PROTOCOL,
    socket: f.self.socket,
    startedAt: f.self.startedAt,
    log: f.self.log,
    rssBytes: 50e6,
    heapUsedBytes: 9e6,
  });
  expect(r).toMatchObject({ sessions: f.sessions, conflicts: [], syncDrift: f.syncDrift, envs: f.envs, discovered: f.discovered, watch: f.watch });
  expect(r.upgrade).toEqual({ shimFormat: SHIM_FORMAT, newerShims: f.newerShims, newerRecords: 3 });
});

test('latency windows become summaries, one per route', () => {
  const r = statusReply(figures());
  expect(r.metrics.records).toEqual({ count: 2, p50: 2, p99: 4, max: 4 });
  expect(r.metrics.refreshes).toEqual({ count: 0, p50: 0, p99: 0, max: 0 });
  expect(r.metrics.requests).toEqual({ '/v1/stream': { count: 1, p50: 1, p99: 1, max: 1 } });
});

test('cachedFor computes again only once the last value is older than its ttl', () => {
  let t = 1000;
  let computed = 0;
  const get = cachedFor(
    1000,
    () => ++computed,
    () => t,
  );
  expect(get()).toBe(1);
  t += 1000; // exactly the ttl: still fresh
  expect(get()).toBe(1);
  t += 1;
  expect(get()).toBe(2);
  expect(get()).toBe(2);
  expect(computed).toBe(2);
});

test('the whole reply, every key and nothing else (a key dropped or renamed reaches `gocondad status` and the shims)', () => {
  const r = statusReply(figures());
  expect(JSON.parse(JSON.stringify(r))).toEqual({
    daemon: {
      pid: 4242,
      version: VERSION,
      protocol: PROTOCOL,
      socket: '/run/u/gocondad/gocondad.sock',
      startedAt: '2026-01-01T00:00:00.000Z',
      log: '/state/daemon.log',
      rssBytes: 50000000,
      heapUsedBytes: 9000000,
    },
    sessions: [
      {
        shellPid: 7,
        shell: 'bash',
        prefix: '/envs/a',
        envName: 'a',
        shlvl: 1,
        goroot: '/usr/lib/go-1.22',
        goVersion: 'go1.22.1',
        since: '2026-01-01T00:00:01Z',
      },
    ],
    conflicts: [],
    syncDrift: [{ kind: 'sync-drift', project: '/p', prefix: '/envs/a', at: '2026-01-01T00:00:02Z', findings: [{ message: 'm', fix: null }] }],
    envs: [
      { prefix: '/envs/a', envName: 'a', ok: true, goroot: '/usr/lib/go-1.22', goVersion: 'go1.22.1', chosenBy: 'newest', why: 'newest found', planId: 'x' },
    ],
    discovered: { envs: 1, roots: ['/conda'], envsDirs: ['/conda/envs'] },
    upgrade: { shimFormat: SHIM_FORMAT, newerShims: [{ prefix: '/envs/b', version: '9.0.0', format: SHIM_FORMAT + 1 }], newerRecords: 3 },
    watch: { roots: 5, paths: 40, inotifyWatches: null, countedAt: 0 },
    metrics: {
      records: { count: 2, p50: 2, p99: 4, max: 4 },
      refreshes: { count: 0, p50: 0, p99: 0, max: 0 },
      requests: { '/v1/stream': { count: 1, p50: 1, p99: 1, max: 1 } },
    },
  });
  expect(
    statusReply({ ...figures(), latency: { records: new LatencyWindow(), refreshes: new LatencyWindow(), requests: new Map() } }).metrics.requests,
  ).toEqual({});
});

test('cachedFor with the real clock by default, and a ttl of 0 computes on every later tick only', () => {
  const spy = jest.spyOn(Date, 'now').mockReturnValue(5000);
  try {
    let computed = 0;
    const get = cachedFor(0, () => ++computed);
    expect([get(), get()]).toEqual([1, 1]);
    spy.mockReturnValue(5001);
    expect(get()).toBe(2);
  } finally {
    spy.mockRestore();
  }
});

// The wire types' guards, and that every other speaker of the protocol (the conda plugin) agrees with it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  isEmptyRequest,
  isEnvRequest,
  isErrorReply,
  isEventsRequest,
  isHello,
  isRecordFields,
  isStatusReply,
  isStopReply,
  isStreamEvent,
  PROTOCOL,
  ROUTES,
  routeUrl,
} from '../../src/protocol';

const status = {
  daemon: { pid: 1, version: '0.1.0', protocol: PROTOCOL, socket: '/s', startedAt: 't', log: '/l', rssBytes: 1, heapUsedBytes: 1 },
  sessions: [{ shellPid: 2, shell: 'bash', prefix: '/e', envName: 'e', level: 1, goroot: null, goVersion: null, since: 't' }],
  conflicts: [],
  envs: [{ prefix: '/e', envName: 'e', ok: true, goroot: '/g', goVersion: 'go1.22.1', source: 'pin', why: 'w', planId: 'x' }],
  discovered: { envs: 1, roots: [], envsDirs: [] },
  watch: { roots: 0, paths: 0, inotifyWatches: null, countedAt: 0 },
  metrics: { records: { count: 0, p50: 0, p99: 0, max: 0 }, refreshes: { count: 0, p50: 0, p99: 0, max: 0 }, requests: {} },
};

test('routes carry the protocol version', () => {
  expect(routeUrl('status')).toBe(`/v${PROTOCOL}/status`);
  expect(routeUrl('stream', 7)).toBe('/v7/stream');
  expect(new Set(Object.values(ROUTES)).size).toBe(Object.keys(ROUTES).length);
});

test.each([
  ['hello', isHello, { protocol: 1, version: 'x', pid: 3 }, [{ protocol: '1', version: 'x', pid: 3 }, null, [], { version: 'x' }]],
  ['error', isErrorReply, { error: 'e', hint: 'h' }, [{ error: 'e' }, { error: 1, hint: 'h' }, 'e']],
  ['status', isStatusReply, status, [{ ...status, sessions: [{ shellPid: 'x' }] }, { ...status, daemon: null }, {}]],
  ['stop', isStopReply, { stopping: true }, [{ stopping: 'yes' }, {}]],
  ['empty request', isEmptyRequest, {}, [null, [], { a: 1 }, '', 0]],
  ['events request', isEventsRequest, { records: [{ v: '1' }, 7] }, [{ records: {} }, { record: [] }, [], null]],
  ['record fields', isRecordFields, { v: '1', ev: 'activate' }, [{ v: 1 }, ['1'], null, 'v=1']],
  ['env request', isEnvRequest, { prefix: '/e', auto: false }, [{ prefix: '/e', auto: 'yes' }, { prefix: 1 }, { auto: true }, null]],
  ['stream event', isStreamEvent, { type: 'refresh', at: 't', reason: 'r', changed: [] }, [{ type: 'nope' }, { kind: 'refresh' }, 7]],
])('%s guard accepts its shape and refuses others', (_name, guard, good, bads) => {
  expect((guard as (v: unknown) => boolean)(good)).toBe(true);
  for (const bad of bads as unknown[]) expect((guard as (v: unknown) => boolean)(bad)).toBe(false);
});

test('the conda plugin speaks the same protocol version and routes', () => {
  const dir = path.join(__dirname, '..', '..', 'python-shim', 'gocondad_conda');
  const source = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.py'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  // The plugin writes its URLs as "/v%d/hello" % PROTOCOL and client.call("POST", "/env", ...): both
  // forms are read here, and the test fails if it finds none (a pattern that matches nothing proves nothing).
  const routes = [
    ...[...source.matchAll(/["']\/v%d(\/[a-z]+)["']/g)].map((m) => m[1]!),
    ...[...source.matchAll(/client\.call\(\s*["'][A-Z]+["']\s*,\s*["'](\/[a-z]+)["']/g)].map((m) => m[1]!),
  ];
  expect(routes.sort()).toEqual(['/env', '/hello']);
  for (const r of routes) expect(Object.values(ROUTES)).toContain(r);
  expect(Number(/^PROTOCOL\s*=\s*(\d+)/m.exec(source)?.[1])).toBe(PROTOCOL);
});

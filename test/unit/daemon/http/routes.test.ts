// The daemon's routes without a daemon: what each answers through the callbacks it is given, and which
// rate-limited line a failed request or a misbehaving client gets.
import { daemonRoutes, requestWarnings, type RouteHandlers } from '../../../../src/daemon/http/routes';
import { HttpError, resolveRoute } from '../../../../src/daemon/http/server';
import type { StatusReply } from '../../../../src/protocol';
import { PROTOCOL, routeUrl } from '../../../../src/protocol';
import { VERSION } from '../../../../src/pkg';

let calls: string[];
let turns: (() => void)[];
const handlers: RouteHandlers = {
  status: () => ({ sessions: [] }) as unknown as StatusReply,
  refresh: () => (calls.push('refresh'), { changed: ['/e'] }),
  applyRecord: (rec) => (calls.push(`record ${rec.n}`), rec.n === 'bad' ? 'rejected' : null),
  envChanged: (req) => (calls.push(`env ${req.prefix} ${req.auto}`), { prefix: req.prefix, action: 'up to date' }),
  stop: () => void calls.push('stop'),
};
const table = () => daemonRoutes(handlers, (fn) => void turns.push(fn));
const call = (method: string, name: Parameters<typeof routeUrl>[0], body?: unknown) => resolveRoute(table(), method, routeUrl(name))(body);

beforeEach(() => {
  calls = [];
  turns = [];
});

test('hello names this daemon’s protocol, version and pid', () => {
  expect(call('GET', 'hello')).toEqual({ protocol: PROTOCOL, version: VERSION, pid: process.pid });
});

test('status and refresh hand over to their callbacks', () => {
  expect(call('GET', 'status')).toEqual({ sessions: [] });
  expect(call('POST', 'refresh')).toEqual({ changed: ['/e'] });
  expect(calls).toEqual(['refresh']);
});

test('events apply each record; a rejected one makes the answer a 400 naming it', () => {
  expect(call('POST', 'events', { records: [{ n: 'a' }, { n: 'b' }] })).toEqual({ accepted: 2 });
  expect(() => call('POST', 'events', { records: [{ n: 'c' }, { n: 'bad' }] })).toThrow('record 1: rejected');
  expect(calls).toEqual(['record a', 'record b', 'record c', 'record bad']);
});

test('env checks the body before the callback sees it', () => {
  expect(call('POST', 'env', { prefix: '/envs/a', auto: true })).toEqual({ prefix: '/envs/a', action: 'up to date' });
  expect(() => call('POST', 'env', { prefix: 'relative' })).toThrow(HttpError);
  expect(calls).toEqual(['env /envs/a true']);
});

test('stop answers first and stops on the next turn', () => {
  expect(call('POST', 'stop')).toEqual({ stopping: true });
  expect(calls).toEqual([]);
  turns.forEach((fn) => fn());
  expect(calls).toEqual(['stop']);
});

// Every route of the table, with every method it takes, checks its body before its callback runs: a
// body that is not what the route takes is a 400 in the one error format, and nothing was done.
test('every route refuses a body it does not take, with a 400 saying what it takes', () => {
  const routes = Object.entries(table()).flatMap(([name, methods]) => Object.keys(methods).map((method) => [method, name] as const));
  expect(routes.length).toBeGreaterThanOrEqual(6);
  for (const [method, name] of routes) {
    for (const body of [{ bogus: 1 }, [1], 'text', 7, null, { records: 'x', prefix: 5, auto: 'yes' }]) {
      let thrown: unknown;
      try {
        call(method, name as Parameters<typeof routeUrl>[0], body);
      } catch (err) {
        thrown = err;
      }
      expect({ route: `${method} ${name}`, body, status: (thrown as HttpError | undefined)?.status }).toEqual({
        route: `${method} ${name}`,
        body,
        status: 400,
      });
      const { message, hint } = thrown as HttpError;
      expect(message.length > 0 && typeof hint === 'string' && hint.length > 0).toBe(true);
    }
  }
  expect(calls).toEqual([]);
  expect(turns).toEqual([]);
});

test('routes that take no body accept none, or {}', () => {
  for (const body of [undefined, {}]) {
    expect(call('POST', 'refresh', body)).toEqual({ changed: ['/e'] });
    expect(call('GET', 'hello', body)).toMatchObject({ protocol: PROTOCOL });
  }
});

test('the methods each route allows', () => {
  for (const [method, name] of [
    ['POST', 'hello'],
    ['POST', 'status'],
    ['GET', 'refresh'],
    ['GET', 'events'],
    ['GET', 'stop'],
  ] as const)
    expect(() => call(method, name)).toThrow(expect.objectContaining({ status: 405 }));
});

describe('requestWarnings', () => {
  let warned: unknown[][];
  const hooks = () => requestWarnings((...args) => void warned.push(args));
  beforeEach(() => (warned = []));

  test('a bad request is limited per HTTP status; its url and message are cut short', () => {
    hooks().onError(new HttpError(404, 'x'.repeat(600), 'hint'), { method: 'GET', url: `/v1/${'y'.repeat(300)}` });
    const [kind, fields, msg, key, level] = warned[0]! as [string, Record<string, string>, string, string, string | undefined];
    expect([kind, msg, key, level]).toEqual(['bad_request', 'bad request', 'bad_request:404', undefined]);
    expect(fields.url).toHaveLength(200);
    expect(fields.err).toHaveLength(500);
    expect(fields.status).toBe(404);
  });

  test('an internal failure is an error line with its stack', () => {
    const err = new Error('bug');
    hooks().onError(err, { url: '/v1/status' });
    expect(warned).toEqual([['request_failed', { url: '/v1/status', err: err.stack }, 'request failed', 'request_failed', 'error']]);
  });

  test('client problems are named by kind', () => {
    hooks().onClientProblem('client_error', 'Parse Error');
    hooks().onClientProblem('connection_dropped', '257 open');
    expect(warned.map((w) => [w[0], w[1], w[2]])).toEqual([
      ['client_error', { detail: 'Parse Error' }, 'a client sent something that is not HTTP, or too slowly; connection closed'],
      ['connection_dropped', { detail: '257 open' }, 'too many connections at once, all busy; dropped one'],
    ]);
  });
});

describe('one step past: every word of the warnings, the default next turn', () => {
  let warned: unknown[][];
  const hooks = () => requestWarnings((...args) => void warned.push(args));
  beforeEach(() => (warned = []));

  test('a bad request line, whole; a request with no url', () => {
    hooks().onError(new HttpError(405, 'POST only', 'use POST'), { method: 'GET', url: '/v1/refresh' });
    hooks().onError(new HttpError(400, 'no', 'h'), { method: 'POST' });
    hooks().onError(new Error('bug'), {});
    expect(warned.slice(0, 2)).toEqual([
      ['bad_request', { method: 'GET', url: '/v1/refresh', status: 405, err: 'POST only' }, 'bad request', 'bad_request:405'],
      ['bad_request', { method: 'POST', url: undefined, status: 400, err: 'no' }, 'bad request', 'bad_request:400'],
    ]);
    expect(warned[2]!.slice(0, 1).concat(warned[2]!.slice(2))).toEqual(['request_failed', 'request failed', 'request_failed', 'error']);
    expect(Object.keys(warned[2]![1] as object)).toEqual(['url', 'err']);
    // an internal failure's url is cut short too
    const long = `/v1/${'z'.repeat(300)}`;
    hooks().onError(new Error('bug'), { url: long });
    expect((warned[3]![1] as { url: string }).url).toBe(long.slice(0, 200));
  });

  test('each client problem in its own words, with its detail', () => {
    hooks().onClientProblem('connection_evicted', '256 open');
    expect(warned).toEqual([['connection_evicted', { detail: '256 open' }, 'all connections taken: closed the oldest idle one for a new client']]);
  });

  test('stop, with the default next turn: after the answer, on the next setImmediate', async () => {
    const t = daemonRoutes(handlers);
    expect(resolveRoute(t, 'POST', routeUrl('stop'))(undefined)).toEqual({ stopping: true });
    expect(calls).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['stop']);
  });

  test('hello and status answer whole, also with an empty body', () => {
    expect(call('GET', 'hello', {})).toEqual({ protocol: PROTOCOL, version: VERSION, pid: process.pid });
    expect(call('GET', 'status', {})).toEqual({ sessions: [] });
    expect(call('POST', 'events', { records: [] })).toEqual({ accepted: 0 });
    expect(calls).toEqual([]);
  });
});

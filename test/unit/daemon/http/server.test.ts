// The socket server without a daemon: routing decisions (pure) and the answers a real HTTP client gets.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROTOCOL, routeUrl } from '../../../../src/protocol';
import { HttpError, MAX_BODY, resolveRoute, SocketServer, type RouteTable } from '../../../../src/daemon/http/server';

const table: RouteTable = { hello: { GET: () => ({ hi: 1 }) }, events: { POST: (body) => ({ got: body }) } };

function statusOf(fn: () => unknown): number | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof HttpError ? err.status : -1;
  }
}

describe('resolveRoute', () => {
  test('a known route and method reach their handler', () => {
    expect(resolveRoute(table, 'GET', routeUrl('hello'))(undefined)).toEqual({ hi: 1 });
    expect(resolveRoute(table, 'POST', `${routeUrl('events')}?x=1`)('b')).toEqual({ got: 'b' });
  });
  test.each([
    ['no version prefix', 'GET', '/status', 404],
    ['unknown route', 'GET', '/v1/nope', 404],
    ['route without handlers', 'GET', routeUrl('status'), 404],
    ['the stream is not an HTTP route', 'GET', routeUrl('stream'), 404],
    ['another protocol', 'GET', `/v${PROTOCOL + 1}/hello`, 400],
    ['wrong method', 'DELETE', routeUrl('hello'), 405],
  ])('%s: HTTP %d with a hint', (_name, method, url, status) => {
    expect(statusOf(() => resolveRoute(table, method, url))).toBe(status);
    try {
      resolveRoute(table, method, url);
    } catch (err) {
      expect((err as HttpError).hint).toBeTruthy();
    }
  });
});

describe('SocketServer', () => {
  let dir: string;
  let server: SocketServer;
  const errors: string[] = [];
  const socket = () => path.join(dir, 's.sock');
  const send = (method: string, url: string, body?: string) =>
    new Promise<{ status: number; json: { error?: string; hint?: string } & Record<string, unknown> }>((resolve, reject) => {
      const req = http.request({ socketPath: socket(), method, path: url }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-server-'));
    fs.writeFileSync(socket(), 'stale');
    server = new SocketServer({
      routes: {
        ...table,
        status: {
          GET: () => {
            throw new Error('boom');
          },
        },
      },
      logHint: 'see the log',
      onError: (err) => errors.push(err.message),
    });
    await server.listen(socket());
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  test('listens on a 0600 socket, replacing a stale file', () => {
    expect(fs.statSync(socket()).isSocket()).toBe(true);
    expect(fs.statSync(socket()).mode & 0o777).toBe(0o600);
  });
  test('answers 404, 405, 400 (JSON), 413 and 500 with {error, hint}, and keeps serving', async () => {
    const cases: [string, string, string | undefined, number][] = [
      ['GET', '/v1/nope', undefined, 404],
      ['PUT', routeUrl('hello'), undefined, 405],
      ['POST', routeUrl('events'), '{"records": [', 400],
      ['POST', routeUrl('events'), `"${'a'.repeat(MAX_BODY + 10)}"`, 413],
      ['GET', routeUrl('status'), undefined, 500],
    ];
    for (const [method, url, body, status] of cases) {
      const r = await send(method, url, body);
      expect(r.status).toBe(status);
      expect(typeof r.json.error).toBe('string');
      expect(typeof r.json.hint).toBe('string');
      expect((await send('GET', routeUrl('hello'))).json).toEqual({ hi: 1 });
    }
    expect(errors).toHaveLength(cases.length);
    expect(errors.at(-1)).toBe('boom');
  });
  test('records per-route latency', async () => {
    await send('POST', routeUrl('events'), '{"a":1}');
    expect([...server.latency.keys()]).toEqual(expect.arrayContaining([`GET ${routeUrl('hello')}`, `POST ${routeUrl('events')}`]));
  });
});

describe('SocketServer with every connection slot taken (real sockets, a cap of 4)', () => {
  const MAX = 4;
  let dir: string;
  let server: SocketServer;
  const problems: string[] = [];
  const socket = () => path.join(dir, 'cap.sock');
  const hello = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.request({ socketPath: socket(), path: routeUrl('hello'), agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  /** A raw client that sends `text` and keeps the connection open; resolves once the daemon has it. */
  const hold = async (text: string): Promise<{ sock: net.Socket; closed: Promise<void> }> => {
    const sock = net.createConnection(socket());
    const closed = new Promise<void>((resolve) => sock.on('close', () => resolve()));
    sock.on('error', () => {});
    sock.resume(); // read what the daemon answers: an unread answer would hold back the close
    await new Promise<void>((resolve) => sock.once('connect', () => resolve()));
    sock.write(text);
    await new Promise((r) => setTimeout(r, 50)); // the server's 'connection' (and 'request') ran
    return { sock, closed };
  };
  const SLOW_HEADERS = 'POST /v1/events HTTP/1.1\r\nHost: x\r\nX-Slow: ';
  const BODY_IN_FLIGHT = 'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{';

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-cap-'));
    problems.length = 0;
    // Timeouts far beyond the test: only admission may close the slow clients here.
    server = new SocketServer({
      routes: table,
      logHint: 'see the log',
      onError: () => {},
      onClientProblem: (kind) => problems.push(kind),
      limits: { maxConnections: MAX, headersTimeoutMs: 60000, requestTimeoutMs: 60000, checkIntervalMs: 60000 },
    });
    await server.listen(socket());
  });
  afterEach(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  test('slow clients that never finish their headers hold every slot: a new client is served, the oldest slow one closed', async () => {
    const slow = [];
    for (let i = 0; i < MAX; i++) slow.push(await hold(SLOW_HEADERS));
    for (let round = 0; round < 3; round++) {
      expect(await hello()).toBe(200);
      await slow[round]!.closed; // the oldest goes first
      for (const later of slow.slice(round + 1)) expect(later.sock.destroyed).toBe(false);
      slow.push(await hold(SLOW_HEADERS)); // the slowloris takes the slot again
    }
    expect(problems).toEqual(Array(3).fill('connection_evicted'));
  });

  test('an idle keep-alive connection is idle too; only when every slot has a request in flight is the newcomer refused', async () => {
    const busy = [];
    for (let i = 0; i < MAX; i++) busy.push(await hold(BODY_IN_FLIGHT));
    await expect(hello()).rejects.toThrow(/socket hang up|ECONNRESET|EPIPE/);
    expect(problems).toEqual(['connection_dropped']);
    for (const b of busy) expect(b.sock.destroyed).toBe(false);
    // One request completes: its connection stays open (keep-alive) but idle, and gives way to a newcomer.
    busy[0]!.sock.write(`${' '.repeat(98)}}`);
    await new Promise((r) => setTimeout(r, 100));
    expect(await hello()).toBe(200);
    await busy[0]!.closed;
    expect(problems).toEqual(['connection_dropped', 'connection_evicted']);
  });
});

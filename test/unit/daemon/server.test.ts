// The socket server without a daemon: routing decisions (pure) and the answers a real HTTP client gets.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROTOCOL, routeUrl } from '../../../src/protocol';
import { HttpError, MAX_BODY, resolveRoute, SocketServer, type RouteTable } from '../../../src/daemon/server';

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
    fs.rmSync(dir, { recursive: true, force: true });
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

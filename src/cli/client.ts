// Talking to the daemon over its Unix socket: HTTP with a hard timeout and a protocol handshake. Replies
// are checked with the protocol's type guards, so nothing untyped leaves this module.
import * as http from 'node:http';
import * as net from 'node:net';
import { EXIT, GocondadError } from '../errors';
import { isErrorReply, isHello, PROTOCOL, routeUrl, type Hello, type RouteName } from '../protocol';

const RESTART = 'restart it: gocondad stop && gocondad start';

export class DaemonUnavailable extends GocondadError {
  constructor(message: string, hint: string | null = null) {
    super(message, hint, EXIT.NO_DAEMON);
  }
}

export interface Reply {
  status: number;
  body: unknown;
}

export function request(socket: string, method: string, urlPath: string, body?: unknown, timeoutMs = 3000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        // Our own connection and no agent: an agent works out a TLS server name, which tests the host
        // against Node's IPv6 pattern, and compiling that costs about 8 ms: a quarter of `gocondad status`.
        createConnection: () => net.connect(socket),
        method,
        path: urlPath,
        headers: { 'content-type': 'application/json', ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
          } catch {
            reject(new DaemonUnavailable(`the daemon at ${socket} answered something that is not JSON`, RESTART));
          }
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new DaemonUnavailable(`the daemon at ${socket} did not answer within ${timeoutMs} ms`, RESTART)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof DaemonUnavailable) reject(err);
      else if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')
        reject(new DaemonUnavailable(`no gocondad daemon is running (socket ${socket})`, 'start it with: gocondad start'));
      else reject(new DaemonUnavailable(`cannot reach the daemon at ${socket}: ${err.message}`));
    });
    if (payload) req.write(payload);
    req.end();
  });
}

/**
 * Calls a route and checks the reply's shape. A daemon's `{error, hint}` becomes a GocondadError with
 * that hint; a reply of the wrong shape means a daemon of another version.
 */
export async function call<T>(
  socket: string,
  method: 'GET' | 'POST',
  route: RouteName,
  guard: (v: unknown) => v is T,
  body?: unknown,
  timeoutMs = 3000,
): Promise<T> {
  const reply = await request(socket, method, routeUrl(route), body, timeoutMs);
  if (reply.status !== 200) {
    if (isErrorReply(reply.body)) throw new GocondadError(`the daemon refused ${method} ${routeUrl(route)}: ${reply.body.error}`, reply.body.hint);
    throw new DaemonUnavailable(`the daemon answered ${method} ${routeUrl(route)} with HTTP ${reply.status}`, RESTART);
  }
  if (!guard(reply.body))
    throw new DaemonUnavailable(
      `the daemon's reply to ${method} ${routeUrl(route)} is not what protocol ${PROTOCOL} says`,
      `it may be another gocondad version; ${RESTART}`,
    );
  return reply.body;
}

/** Checks the daemon speaks our protocol; returns its hello. */
export async function handshake(socket: string, timeoutMs = 3000): Promise<Hello> {
  const reply = await request(socket, 'GET', routeUrl('hello'), undefined, timeoutMs);
  if (reply.status !== 200 || !isHello(reply.body) || reply.body.protocol !== PROTOCOL) {
    const theirs = isHello(reply.body) ? reply.body.protocol : '?';
    throw new DaemonUnavailable(`the daemon at ${socket} speaks protocol ${theirs} but this gocondad speaks ${PROTOCOL}`, RESTART);
  }
  return reply.body;
}

export async function daemonAlive(socket: string, timeoutMs = 1000): Promise<boolean> {
  try {
    await handshake(socket, timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/** Tells a running daemon that shims changed; without one there is nothing to tell (it rereads on start). */
export async function notifyDaemon(socket: string): Promise<void> {
  try {
    await handshake(socket, 500);
    await request(socket, 'POST', routeUrl('refresh'), undefined, 5000);
  } catch {
    /* no daemon: the shims work without it */
  }
}

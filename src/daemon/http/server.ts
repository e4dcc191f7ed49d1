// The daemon's socket: HTTP routes and the one-way WebSocket stream on a private Unix socket. It knows
// the protocol, not the daemon: handlers come in as a table, so routing and its 404/405/413 answers are
// unit-tested without one.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { GocondadError } from '../../errors';
import { PROTOCOL, ROUTES, routeUrl, type ErrorReply, type RouteName, type UnstampedEvent } from '../../protocol';
import { VERSION } from '../../pkg';
import { Admission } from './admission';
import { LatencyWindow, timed } from '../log/metrics';

export const MAX_BODY = 64 * 1024;

/**
 * Bounds on what clients can hold: a slow sender that never finishes its headers, or thousands of
 * connections at once, cost a bounded number of sockets for a bounded time. Node checks the timeouts
 * every `checkIntervalMs` (one cheap timer; its default is 30 s).
 */
export interface SocketLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  checkIntervalMs: number;
  maxConnections: number;
}

export const DEFAULT_LIMITS: SocketLimits = {
  headersTimeoutMs: 5000,
  requestTimeoutMs: 10000,
  keepAliveTimeoutMs: 5000,
  checkIntervalMs: 5000,
  maxConnections: 256,
};

/** An error with the HTTP status the client gets, as `{error, hint}`. */
export class HttpError extends GocondadError {
  constructor(
    readonly status: number,
    message: string,
    hint: string,
  ) {
    super(message, hint);
  }
}

type Method = 'GET' | 'POST';
/** Handlers per route and method; each gets the parsed JSON body (undefined when empty). */
export type RouteTable = Partial<Record<Exclude<RouteName, 'stream'>, Partial<Record<Method, (body: unknown) => unknown>>>>;

/** Which handler a request reaches, or the HttpError it gets. Pure. */
export function resolveRoute(table: RouteTable, method: string, url: string): (body: unknown) => unknown {
  const m = /^\/v(\d+)(\/[^?]*)/.exec(url);
  if (!m) throw new HttpError(404, `unknown path ${url}`, `requests go to /v${PROTOCOL}/...`);
  if (Number(m[1]) !== PROTOCOL) {
    throw new HttpError(
      400,
      `protocol v${m[1]} is not spoken here (this daemon, gocondad ${VERSION}, speaks v${PROTOCOL})`,
      'use the gocondad CLI of the same version as the daemon, or restart the daemon: gocondad stop && gocondad start',
    );
  }
  const name = (Object.keys(ROUTES) as RouteName[]).find((r) => ROUTES[r] === m[2] && r !== 'stream');
  const handlers = name ? table[name as Exclude<RouteName, 'stream'>] : undefined;
  if (!handlers) {
    const known = Object.keys(table).map((r) => routeUrl(r as RouteName));
    throw new HttpError(404, `unknown path ${url}`, `known: ${known.join(', ')}, and the WebSocket ${routeUrl('stream')}`);
  }
  const handler = handlers[method as Method];
  if (!handler) throw new HttpError(405, `${method} not allowed on ${url}`, `use ${Object.keys(handlers).join(' or ')}`);
  return handler;
}

export interface ServerHooks {
  routes: RouteTable;
  /** A request that failed: bad (HttpError) or internal. */
  onError(err: Error, req: { method?: string; url?: string }): void;
  /** Where internal errors are explained (the log file). */
  logHint: string;
  /**
   * A connection that broke HTTP (unparsable bytes, a timeout), was closed to make room for a new one
   * (admission.ts), or was refused because every slot had a request in flight.
   */
  onClientProblem?(kind: 'client_error' | 'connection_evicted' | 'connection_dropped', detail: string): void;
  limits?: Partial<SocketLimits>;
}

export class SocketServer {
  private server: http.Server | null = null;
  private wss: WebSocketServer | null = null;
  /** Per-route latency, measured from a complete request to the response handed to the kernel. */
  readonly latency = new Map<string, LatencyWindow>();

  constructor(private hooks: ServerHooks) {}

  /**
   * Listens on `socket` (created 0600). The caller holds the lock, so a file of ours there is stale; a
   * file of another user is not ours to remove: refused.
   */
  async listen(socket: string): Promise<void> {
    refuseForeignFile(socket);
    fs.rmSync(socket, { force: true });
    const lim = { ...DEFAULT_LIMITS, ...this.hooks.limits };
    this.server = http.createServer(
      {
        headersTimeout: lim.headersTimeoutMs,
        requestTimeout: lim.requestTimeoutMs,
        keepAliveTimeout: lim.keepAliveTimeoutMs,
        connectionsCheckingInterval: lim.checkIntervalMs,
      },
      (req, res) => void this.handle(req, res),
    );
    // Not server.maxConnections: that refuses the newcomer, and slow clients holding every slot would lock
    // `gocondad status` out; admission closes the oldest idle connection instead.
    const admission = new Admission<net.Socket>(lim.maxConnections, (kind, detail) => this.hooks.onClientProblem?.(kind, detail));
    this.server.on('connection', (sock: net.Socket) => admission.admit(sock));
    this.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => admission.busy(req.socket as net.Socket, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, sock, head) => {
      if (req.url !== routeUrl('stream')) {
        sock.end(
          `HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ error: 'no stream here', hint: `connect to ${routeUrl('stream')}` })}`,
        );
        return;
      }
      admission.busy(sock as net.Socket); // a stream (status --watch) holds its slot until it closes
      this.wss?.handleUpgrade(req, sock, head, (ws) => this.onStream(ws));
    });
    this.server.on('clientError', (err: NodeJS.ErrnoException, sock) => {
      this.hooks.onClientProblem?.('client_error', `${err.code ?? 'error'}: ${err.message}`);
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      if (sock.writable) sock.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
      else sock.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      const old = process.umask(0o177);
      this.server!.listen(socket, () => {
        process.umask(old);
        resolve();
      });
    });
    fs.chmodSync(socket, 0o600);
  }

  broadcast(event: UnstampedEvent): void {
    if (!this.wss || this.wss.clients.size === 0) return;
    const text = JSON.stringify({ at: new Date().toISOString(), ...event });
    for (const client of this.wss.clients) if (client.readyState === client.OPEN) client.send(text);
  }

  async close(): Promise<void> {
    // terminate, not close: a close handshake with a gone peer would hold the server open.
    for (const client of this.wss?.clients ?? []) client.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private onStream(ws: WebSocket): void {
    ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL, version: VERSION }));
    ws.on('message', () => ws.send(JSON.stringify({ type: 'error', error: 'this stream is one-way', hint: 'send requests over HTTP' })));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      const body = await readBody(req);
      const url = req.url ?? '/';
      const handler = resolveRoute(this.hooks.routes, req.method ?? 'GET', url);
      const route = `${req.method} ${url.split('?')[0]}`;
      let window = this.latency.get(route);
      if (!window && this.latency.size < 32) this.latency.set(route, (window = new LatencyWindow(5000)));
      const run = () => send(200, handler(body));
      if (window) timed(window, run);
      else run();
    } catch (err) {
      this.hooks.onError(err as Error, req);
      const reply: ErrorReply =
        err instanceof HttpError
          ? { error: err.message, hint: err.hint ?? '' }
          : { error: `internal error: ${(err as Error).message}`, hint: this.hooks.logHint };
      if (!res.destroyed) send(err instanceof HttpError ? err.status : 500, reply);
    }
  }
}

/** A file at `file` that belongs to another user is refused, with what to do. */
export function refuseForeignFile(file: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return;
  }
  const uid = process.getuid?.() ?? 0;
  if (st.uid !== uid) {
    throw new GocondadError(
      `the socket path ${file} is taken by a file of uid ${st.uid}, not yours (uid ${uid}); not removing it`,
      'find out who put it there; remove it as root, or set XDG_RUNTIME_DIR to a directory of your own',
    );
  }
}

export function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY && !failed) {
        failed = true;
        reject(new HttpError(413, `request body over ${MAX_BODY} bytes`, 'send smaller requests'));
        req.resume();
        return;
      }
      if (!failed) chunks.push(c);
    });
    req.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch (err) {
        reject(new HttpError(400, `request body is not JSON: ${(err as Error).message}`, 'send a JSON body with content-type application/json'));
      }
    });
    // The client went away mid-body: bad input like any other, not the daemon's failure.
    req.on('error', (err) => reject(new HttpError(400, `request body cut short (${err.message})`, 'send the whole body with a correct Content-Length')));
  });
}

// Talking to a real daemon the way a hostile or broken client would: raw bytes on its socket, records in
// its journal, and a WebSocket that says when a record got through.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import WebSocket from 'ws';

/** A journal record as the shims write it. */
export function record(fields: Record<string, string>): string {
  return `\x01gcd1\0${Object.entries(fields)
    .map(([k, v]) => `${k}=${v}\0`)
    .join('')}\x01end\0\n`;
}

/** pids above Linux's pid_max (2^22): no such shell can exist, so marker records touch no real session. */
let nextMarker = 4_200_000 + (process.pid % 1000) * 1000;
export function markerPid(): number {
  return (nextMarker += 1);
}

export function markerRecord(pid: number): string {
  return record({ v: '1', ev: 'deactivate', pid: String(pid), lvl: '1', prefix: '/marker' });
}

/**
 * Sends raw bytes and half-closes (or not); resolves with what came back once the server closed. A
 * safety net ends the wait so that a hung exchange fails the test instead of hanging it.
 */
export function rawExchange(
  socket: string,
  bytes: Buffer | string,
  opts: { end?: boolean; safetyMs?: number } = {},
): Promise<{ reply: string; closedByServer: boolean; error?: string }> {
  return new Promise((resolve) => {
    const c = net.createConnection({ path: socket });
    let reply = '';
    let error: string | undefined;
    const timer = setTimeout(() => {
      c.destroy();
      resolve({ reply, closedByServer: false, error: 'no close within the safety net' });
    }, opts.safetyMs ?? 20000);
    c.on('connect', () => {
      c.write(bytes);
      if (opts.end !== false) c.end();
    });
    c.on('data', (d) => (reply += d.toString('latin1')));
    c.on('error', (err: NodeJS.ErrnoException) => (error = err.code ?? err.message));
    c.on('close', () => {
      clearTimeout(timer);
      resolve({ reply, closedByServer: true, error });
    });
  });
}

export function request(socket: string, method: string, url: string, body?: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: socket, method, path: url, headers: { 'content-type': 'application/json', connection: 'close' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = { unparsable: text };
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The daemon's event stream: resolves `seen(pid)` once a record of that shell got through. */
export class Stream {
  private ws: WebSocket;
  private pids = new Set<number>();
  private waiters = new Map<number, () => void>();

  constructor(socket: string) {
    this.ws = new WebSocket(`ws+unix://${socket}:/v1/stream`);
    this.ws.on('message', (m) => {
      const e = JSON.parse(m.toString()) as { shellPid?: number; session?: { shellPid: number } };
      const pid = e.shellPid ?? e.session?.shellPid;
      if (pid === undefined) return;
      this.pids.add(pid);
      this.waiters.get(pid)?.();
    });
  }

  opened(): Promise<void> {
    return new Promise((r, j) => {
      if (this.ws.readyState === WebSocket.OPEN) return r();
      this.ws.once('open', () => r());
      this.ws.once('error', j);
    });
  }

  seen(pid: number, what: string, safetyMs = 30000): Promise<void> {
    if (this.pids.has(pid)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the daemon never applied ${what} (marker pid ${pid})`)), safetyMs);
      this.waiters.set(pid, () => {
        clearTimeout(timer);
        this.waiters.delete(pid);
        resolve();
      });
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Log lines (JSON) of the daemon, by event. */
export function logEvents(logFile: string): Map<string, any[]> {
  const by = new Map<string, any[]>();
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line) continue;
    let o: { event?: string };
    try {
      o = JSON.parse(line);
    } catch {
      continue;
    }
    const e = o.event ?? '';
    const list = by.get(e);
    if (list) list.push(o);
    else by.set(e, [o]);
  }
  return by;
}

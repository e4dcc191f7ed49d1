// Talking to the daemon over its Unix socket: HTTP with a hard timeout and a protocol handshake.
import * as http from 'node:http';
import { PROTOCOL } from '../pkg';

export class DaemonUnavailable extends Error {}

export interface Reply {
  status: number;
  body: any;
}

export function request(socket: string, method: string, urlPath: string, body?: unknown, timeoutMs = 3000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      { socketPath: socket, method, path: urlPath, headers: { 'content-type': 'application/json', ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
          } catch {
            reject(new DaemonUnavailable(`the daemon at ${socket} answered something that is not JSON; restart it: gocondad stop && gocondad start`));
          }
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new DaemonUnavailable(`the daemon at ${socket} did not answer within ${timeoutMs} ms; restart it: gocondad stop && gocondad start`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof DaemonUnavailable) reject(err);
      else if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') reject(new DaemonUnavailable(`no gocondad daemon is running (socket ${socket}); start it with: gocondad start`));
      else reject(new DaemonUnavailable(`cannot reach the daemon at ${socket}: ${err.message}`));
    });
    if (payload) req.write(payload);
    req.end();
  });
}

/** Checks the daemon speaks our protocol; returns its hello. */
export async function handshake(socket: string, timeoutMs = 3000): Promise<{ protocol: number; version: string; pid: number }> {
  const reply = await request(socket, 'GET', `/v${PROTOCOL}/hello`, undefined, timeoutMs);
  if (reply.status !== 200 || reply.body?.protocol !== PROTOCOL) {
    throw new DaemonUnavailable(`the daemon at ${socket} speaks protocol ${reply.body?.protocol ?? '?'} but this gocondad speaks ${PROTOCOL}; restart it: gocondad stop && gocondad start`);
  }
  return reply.body;
}

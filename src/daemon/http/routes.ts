// What each of the daemon's routes does (server.ts routes a request to it), and the log line a failed
// request or a misbehaving client gets. The work comes in as callbacks, so every answer is unit-tested
// without a daemon.
import { VERSION } from '../../pkg';
import { PROTOCOL, type Hello, type EnvReply, type EnvRequest, type RefreshReply, type StatusReply, type StopReply } from '../../protocol';
import type { LimitedWarn } from '../log/ratelimit';
import { acceptEvents, envRequest, noBody } from './requests';
import { HttpError, type RouteTable, type ServerHooks } from './server';

export interface RouteHandlers {
  status(): StatusReply;
  refresh(): RefreshReply;
  /** Returns why the record was rejected, or null. */
  applyRecord(rec: Record<string, string>): string | null;
  envChanged(req: EnvRequest): EnvReply;
  /** Called on the next turn, once the reply to `POST /stop` is on its way. */
  stop(): void;
}

export function daemonRoutes(h: RouteHandlers, defer: (fn: () => void) => void = setImmediate): RouteTable {
  return {
    // Every handler checks its body first (requests.ts, with protocol.ts's guards).
    hello: { GET: noBody((): Hello => ({ protocol: PROTOCOL, version: VERSION, pid: process.pid })) },
    status: { GET: noBody(() => h.status()) },
    refresh: { POST: noBody(() => h.refresh()) },
    events: { POST: (body) => acceptEvents(body, (rec) => h.applyRecord(rec)) },
    env: { POST: (body) => h.envChanged(envRequest(body)) },
    stop: {
      POST: noBody((): StopReply => {
        defer(() => h.stop());
        return { stopping: true };
      }),
    },
  };
}

/** The server's hooks for what goes wrong: every kind rate-limited, bad requests per HTTP status. */
export function requestWarnings(warn: LimitedWarn): Required<Pick<ServerHooks, 'onError' | 'onClientProblem'>> {
  return {
    onError(err, req) {
      if (err instanceof HttpError)
        warn(
          'bad_request',
          { method: req.method, url: req.url?.slice(0, 200), status: err.status, err: err.message.slice(0, 500) },
          'bad request',
          `bad_request:${err.status}`,
        );
      else warn('request_failed', { url: req.url?.slice(0, 200), err: err.stack }, 'request failed', 'request_failed', 'error');
    },
    onClientProblem(kind, detail) {
      warn(
        kind,
        { detail },
        kind === 'client_error'
          ? 'a client sent something that is not HTTP, or too slowly; connection closed'
          : kind === 'connection_evicted'
            ? 'all connections taken: closed the oldest idle one for a new client'
            : 'too many connections at once, all busy; dropped one',
      );
    },
  };
}

// The bodies the daemon's routes accept, each checked by its guard in protocol.ts before anything is
// applied: a body that is not what the route takes is a 400 saying what it takes. Pure: the caller hands in
// what applies a record, so every answer is unit-tested without a daemon.
import * as path from 'node:path';
import { isEmptyRequest, isEnvRequest, isEventsRequest, isRecordFields } from '../../protocol';
import { HttpError } from './server';

/** Routes that take no body (hello, status, refresh, stop): `fn` runs only when none (or `{}`) came. */
export function noBody<T>(fn: () => T): (body: unknown) => T {
  return (body) => {
    if (!isEmptyRequest(body)) throw new HttpError(400, 'this route takes no request body', 'send no body (or {})');
    return fn();
  };
}

/** POST /events: {records: [...]}, each an object of strings; applies the good ones, names the bad. */
export function acceptEvents(body: unknown, apply: (rec: Record<string, string>) => string | null): { accepted: number } {
  if (!isEventsRequest(body)) throw new HttpError(400, 'expected {"records": [...]}', 'each record is an object of string fields, as the shims write them');
  const errors: string[] = [];
  body.records.forEach((r, i) => {
    if (!isRecordFields(r)) {
      errors.push(`record ${i}: not an object of strings`);
      return;
    }
    const rejected = apply(r);
    if (rejected !== null) errors.push(`record ${i}: ${rejected}`);
  });
  if (errors.length > 0) throw new HttpError(400, errors.join('; '), 'fix the listed records; the others were applied');
  return { accepted: body.records.length };
}

/** POST /env from the conda plugin: {prefix, auto}. */
export function envRequest(body: unknown): { prefix: string; auto: boolean } {
  if (!isEnvRequest(body) || !path.isAbsolute(body.prefix))
    throw new HttpError(400, 'expected {"prefix": "/abs/path", "auto": true|false}', 'send the absolute env prefix conda worked on');
  return { prefix: body.prefix, auto: body.auto === true };
}

// The bodies the daemon's POST routes accept, checked before anything is applied. Pure: the caller
// hands in what applies a record, so every answer is unit-tested without a daemon.
import * as path from 'node:path';
import { HttpError } from './server';

/** POST /events: {records: [...]}, each an object of strings; applies the good ones, names the bad. */
export function acceptEvents(body: unknown, apply: (rec: Record<string, string>) => string | null): { accepted: number } {
  const records = (body as { records?: unknown } | undefined)?.records;
  if (!Array.isArray(records)) throw new HttpError(400, 'expected {"records": [...]}', 'each record is an object of string fields, as the shims write them');
  const errors: string[] = [];
  records.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || Object.values(r).some((v) => typeof v !== 'string')) {
      errors.push(`record ${i}: not an object of strings`);
      return;
    }
    const rejected = apply(r as Record<string, string>);
    if (rejected !== null) errors.push(`record ${i}: ${rejected}`);
  });
  if (errors.length > 0) throw new HttpError(400, errors.join('; '), 'fix the listed records; the others were applied');
  return { accepted: records.length };
}

/** POST /env from the conda plugin: {prefix, auto}. */
export function envRequest(body: unknown): { prefix: string; auto: boolean } {
  const { prefix, auto } = (body ?? {}) as { prefix?: unknown; auto?: unknown };
  if (typeof prefix !== 'string' || !path.isAbsolute(prefix))
    throw new HttpError(400, 'expected {"prefix": "/abs/path", "auto": true|false}', 'send the absolute env prefix conda worked on');
  return { prefix, auto: auto === true };
}

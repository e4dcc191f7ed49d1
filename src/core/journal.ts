// The shims' event journal: records appended by shell `printf` to $RUNTIME/gocondad/journal, read by
// the daemon. Appending to a file is the one way a shell can tell the daemon something without a fork
// and without ever waiting on it (see docs/architecture.md for the measurements behind this).
//
// A record is  \x01gcd1 \0  key=value \0 ... \x01end \0 \n  — fields are NUL-terminated because a shell
// value can hold any byte but NUL. The parser is pure and total: garbage is skipped and reported, a
// record cut short by a concurrent writer is dropped, and the reader resynchronises at the next start.
export const RECORD_START = '\x01gcd1';
export const RECORD_END = '\x01end';

export type JournalRecord = Record<string, string>;

export interface ParseResult {
  records: JournalRecord[];
  /** Bytes consumed; the rest is an incomplete record to retry when more arrives. */
  consumed: number;
  garbage: string[];
}

export function parseJournal(buf: Buffer, final = false): ParseResult {
  const records: JournalRecord[] = [];
  const garbage: string[] = [];
  let pos = 0;
  const start = Buffer.from(`${RECORD_START}\0`);
  while (pos < buf.length) {
    const at = buf.indexOf(start, pos);
    if (at < 0) {
      // Keep a possible partial start marker for the next read.
      const keep = final ? buf.length : Math.max(pos, buf.length - start.length);
      const junk = buf.subarray(pos, keep).toString('utf8').replace(/^\n+/, '');
      if (junk.length > 0) garbage.push(junk.slice(0, 200));
      pos = keep;
      break;
    }
    const skipped = buf.subarray(pos, at).toString('utf8').replace(/^\n+/, '');
    if (skipped.length > 0) garbage.push(skipped.slice(0, 200));
    let cursor = at + start.length;
    const fields: JournalRecord = {};
    let complete = false;
    let broken = false;
    for (;;) {
      const nul = buf.indexOf(0, cursor);
      if (nul < 0) break;
      const token = buf.subarray(cursor, nul).toString('utf8');
      cursor = nul + 1;
      if (token === RECORD_END) {
        complete = true;
        break;
      }
      if (token === RECORD_START) {
        broken = true; // another record began inside this one: a torn write
        cursor = nul + 1 - start.length;
        break;
      }
      const eq = token.indexOf('=');
      if (eq <= 0) {
        broken = true;
        break;
      }
      fields[token.slice(0, eq)] = token.slice(eq + 1);
    }
    if (!complete && !broken) {
      if (final) garbage.push(`incomplete record at byte ${at}`);
      else {
        pos = at; // wait for the rest
        break;
      }
      pos = buf.length;
      break;
    }
    if (broken) {
      garbage.push(`malformed record at byte ${at}`);
      pos = Math.max(cursor, at + 1);
      continue;
    }
    if (buf[cursor] === 0x0a) cursor += 1;
    records.push(fields);
    pos = cursor;
  }
  return { records, consumed: pos, garbage };
}

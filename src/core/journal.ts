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

/** The first 200 characters of bytes that are no record (leading newlines dropped), decoding no more than that needs. */
function junkText(buf: Buffer, from: number, to: number): string {
  let at = from;
  while (at < to && buf[at] === 0x0a) at += 1;
  return buf
    .subarray(at, Math.min(to, at + 800))
    .toString('utf8')
    .slice(0, 200);
}

export function parseJournal(buf: Buffer, final = false): ParseResult {
  const records: JournalRecord[] = [];
  const garbage: string[] = [];
  let pos = 0;
  const start = Buffer.from(`${RECORD_START}\0`);
  const end = Buffer.from(`\0${RECORD_END}\0`);
  while (pos < buf.length) {
    const at = buf.indexOf(start, pos);
    if (at < 0) {
      // Keep a possible partial start marker for the next read.
      const keep = final ? buf.length : Math.max(pos, buf.length - start.length);
      const junk = junkText(buf, pos, keep);
      if (junk.length > 0) garbage.push(junk);
      pos = keep;
      break;
    }
    const skipped = junkText(buf, pos, at);
    if (skipped.length > 0) garbage.push(skipped);
    const body = at + start.length;
    // The record's end: its last field's NUL, then the end token (an empty record has no field).
    const stop = buf.subarray(body, body + RECORD_END.length + 1).equals(end.subarray(1)) ? body - 1 : buf.indexOf(end, body);
    // Another record starting before this one ends means this one was cut short (a writer killed
    // mid-record, or torn by a concurrent append): resynchronise there, wherever in a field it begins.
    const next = buf.indexOf(start, body);
    if (next >= 0 && (stop < 0 || next < stop)) {
      garbage.push(`malformed record at byte ${at}`);
      pos = next;
      continue;
    }
    if (stop < 0) {
      if (!final) {
        pos = at; // wait for the rest
        break;
      }
      garbage.push(`incomplete record at byte ${at}`);
      pos = buf.length;
      break;
    }
    let cursor = stop + end.length;
    if (buf[cursor] === 0x0a) cursor += 1;
    pos = cursor;
    const fields: JournalRecord = {};
    const tokens = stop > body ? buf.subarray(body, stop).toString('utf8').split('\0') : [];
    if (tokens.some((t) => t.indexOf('=') <= 0)) {
      garbage.push(`malformed record at byte ${at}`);
      continue;
    }
    for (const t of tokens) fields[t.slice(0, t.indexOf('='))] = t.slice(t.indexOf('=') + 1);
    records.push(fields);
  }
  return { records, consumed: pos, garbage };
}

import { parseJournal } from '../../../src/core/journal';

const rec = (fields: Record<string, string>) => Buffer.from(`\x01gcd1\0${Object.entries(fields).map(([k, v]) => `${k}=${v}\0`).join('')}\x01end\0\n`);

describe('parseJournal', () => {
  test('records with any byte but NUL in values', () => {
    const buf = Buffer.concat([rec({ a: "x'y\n$(z)`w` é", b: '' }), rec({ c: '=' })]);
    const r = parseJournal(buf);
    expect(r.records).toEqual([{ a: "x'y\n$(z)`w` é", b: '' }, { c: '=' }]);
    expect(r.consumed).toBe(buf.length);
    expect(r.garbage).toEqual([]);
  });
  test('an incomplete record waits for more bytes', () => {
    const full = rec({ a: '1' });
    const r = parseJournal(full.subarray(0, full.length - 8));
    expect(r.records).toEqual([]);
    expect(r.consumed).toBe(0);
  });
  test('garbage and torn records are skipped, the next record is found', () => {
    const buf = Buffer.concat([Buffer.from('junk\0junk'), Buffer.from('\x01gcd1\0a=1\0'), rec({ b: '2' }), Buffer.from('\x01gcd1\0noequals\0'), rec({ c: '3' })]);
    const r = parseJournal(buf, true);
    expect(r.records).toEqual([{ b: '2' }, { c: '3' }]);
    expect(r.garbage.length).toBeGreaterThanOrEqual(2);
  });
});


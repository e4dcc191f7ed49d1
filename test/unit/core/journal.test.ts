import fc from 'fast-check';
import { parseJournal } from '../../../src/core/journal';
import { fuzzRuns } from '../../helpers/fuzz';

const rec = (fields: Record<string, string>) =>
  Buffer.from(
    `\x01gcd1\0${Object.entries(fields)
      .map(([k, v]) => `${k}=${v}\0`)
      .join('')}\x01end\0\n`,
  );

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
    const buf = Buffer.concat([
      Buffer.from('junk\0junk'),
      Buffer.from('\x01gcd1\0a=1\0'),
      rec({ b: '2' }),
      Buffer.from('\x01gcd1\0noequals\0'),
      rec({ c: '3' }),
    ]);
    const r = parseJournal(buf, true);
    expect(r.records).toEqual([{ b: '2' }, { c: '3' }]);
    expect(r.garbage.length).toBeGreaterThanOrEqual(2);
  });
});

describe('parseJournal resynchronises at the next record, wherever the last one was cut', () => {
  const whole = rec({ v: '1', ev: 'activate', pid: '12', prefix: '/p', path0: '/a:/b' });
  test.each(Array.from({ length: whole.length - 2 }, (_, i) => i + 1))('cut after %d bytes', (cut) => {
    const next = rec({ n: 'next' });
    const r = parseJournal(Buffer.concat([whole.subarray(0, cut), next, rec({ n: 'after' })]));
    expect(r.records).toEqual([{ n: 'next' }, { n: 'after' }]);
    expect(r.consumed).toBe(cut + next.length * 2 + 1);
  });
  test("an empty record and a value holding the end marker's bytes", () => {
    expect(parseJournal(Buffer.from('\x01gcd1\0\x01end\0\n')).records).toEqual([{}]);
    expect(parseJournal(rec({ a: 'x\x01end' })).records).toEqual([{ a: 'x\x01end' }]);
  });
});

describe('fuzz: parseJournal is total', () => {
  const value = fc.string({ maxLength: 30 }).map((s) => s.replace(/\0/g, ''));
  const good = fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,7}$/), value, { maxKeys: 5 });
  const piece = fc.oneof(
    good.map((f) => ({ good: f, bytes: rec(f) })),
    fc.uint8Array({ maxLength: 64 }).map((b) => ({ good: null, bytes: Buffer.from(b) })),
    fc.tuple(good, fc.nat()).map(([f, cut]) => ({ good: null, bytes: rec(f).subarray(0, 1 + (cut % (rec(f).length - 1))) })),
  );
  test('never throws; consumes no more than it got; every intact record after damage is found', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const buf = Buffer.concat(pieces.map((p) => p.bytes));
        const r = parseJournal(buf, true);
        expect(r.consumed).toBeLessThanOrEqual(buf.length);
        // Random bytes can forge a record, so count only: every intact record is among those found.
        const intact = pieces.filter((p) => p.good !== null).map((p) => JSON.stringify(p.good));
        const found = r.records.map((x) => JSON.stringify(x));
        for (const g of intact) expect(found).toContain(g);
        // Split anywhere and fed in two reads, the same records come out.
        const cut = buf.length >> 1;
        const first = parseJournal(buf.subarray(0, cut));
        const second = parseJournal(buf.subarray(first.consumed), true);
        expect([...first.records, ...second.records].map((x) => JSON.stringify(x))).toEqual(found);
      }),
      { numRuns: fuzzRuns(500) },
    );
  });
});

describe('parseJournal: what is garbage, said exactly, and how far it reads', () => {
  const b = (s: string) => Buffer.from(s, 'utf8');
  test.each([
    // [name, bytes, final, records, garbage, consumed]
    ['only junk, final: all of it, leading newlines dropped', '\n\nhello', true, [], ['hello'], 7],
    ['only junk, not final: the last 6 bytes kept for a start marker cut in two', 'abcdefgh\x01gc', false, [], ['abcde'], 5],
    ['too little to be anything, not final: nothing consumed', 'ab', false, [], [], 0],
    ['only newlines: consumed, no garbage', '\n\n\n', true, [], [], 3],
    ['junk before a record', 'xx\x01gcd1\0a=1\0\x01end\0\n', true, [{ a: '1' }], ['xx'], 18],
    ['a record with no newline after it, then another', '\x01gcd1\0a=1\0\x01end\0\x01gcd1\0b=2\0\x01end\0\n', false, [{ a: '1' }, { b: '2' }], [], 31],
    ['a field with no =', '\x01gcd1\0noequals\0\x01end\0\n\x01gcd1\0b=2\0\x01end\0\n', true, [{ b: '2' }], ['malformed record at byte 0'], 37],
    ['a field with an empty name', 'zz\x01gcd1\0=v\0\x01end\0\n', true, [], ['zz', 'malformed record at byte 2'], 17],
    ['an empty value is a value', '\x01gcd1\0k=\0\x01end\0\n', true, [{ k: '' }], [], 15],
    ['a record cut short by the next one', '\x01gcd1\0a=1\0\x01gcd1\0b=2\0\x01end\0\n', true, [{ b: '2' }], ['malformed record at byte 0'], 26],
    ['a record never ended, final', 'zz\x01gcd1\0a=1\0', true, [], ['zz', 'incomplete record at byte 2'], 12],
    ['a record never ended, not final: waits at its start', 'zz\x01gcd1\0a=1\0', false, [], ['zz'], 2],
    ['a NUL then the end token: a record with no field', '\x01gcd1\0\0\x01end\0\n', true, [{}], [], 13],
    ['an empty record, then junk', '\x01gcd1\0\x01end\0\njunk', true, [{}], ['junk'], 16],
  ] as const)('%s', (_name, text, final, records, garbage, consumed) => {
    expect(parseJournal(b(text), final)).toEqual({ records, garbage, consumed });
  });

  test('junk is said in its first 200 characters, multi-byte ones whole', () => {
    expect(parseJournal(b('a'.repeat(300)), true).garbage).toEqual(['a'.repeat(200)]);
    expect(parseJournal(b('é'.repeat(300)), true).garbage).toEqual(['é'.repeat(200)]);
    expect(parseJournal(b(`${'\n'.repeat(900)}tail`), true).garbage).toEqual(['tail']);
  });

  test('a value holding the start marker itself cuts the record there', () => {
    expect(parseJournal(b('\x01gcd1\0a=\x01gcd1\0b=2\0\x01end\0\n'), true)).toEqual({
      records: [{ b: '2' }],
      garbage: ['malformed record at byte 0'],
      consumed: 24,
    });
  });
});

describe('parseJournal with a record cut short and no end marker anywhere after it', () => {
  // Two starts, no end: the first record can never end (another begins inside it), so it is malformed at
  // once, and only the second one waits for the rest of its bytes.
  const cut = Buffer.from('\x01gcd1\0a=1\0');
  const open = Buffer.from('\x01gcd1\0b=2\0');
  test('while more may come: the first is malformed, the second waits', () => {
    expect(parseJournal(Buffer.concat([cut, open]))).toEqual({ records: [], consumed: cut.length, garbage: ['malformed record at byte 0'] });
  });
  test('at the end of the file: the first is malformed, the second incomplete', () => {
    const buf = Buffer.concat([cut, open]);
    expect(parseJournal(buf, true)).toEqual({
      records: [],
      consumed: buf.length,
      garbage: ['malformed record at byte 0', `incomplete record at byte ${cut.length}`],
    });
  });
});

// The warn-line rate limiter: one line per kind per window, the held-back count on the next line.
import fc from 'fast-check';
import { limitedWarner, logSuppressed, WarnLimiter } from '../../../../src/daemon/log/ratelimit';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test('the first occurrence of a kind is logged, the rest within the window only counted', () => {
  const c = clock();
  const lim = new WarnLimiter(1000, c.now);
  expect(lim.admit('bad_request')).toEqual({ log: true, suppressed: 0 });
  for (let i = 0; i < 500; i++) expect(lim.admit('bad_request')).toEqual({ log: false });
  c.advance(999);
  expect(lim.admit('bad_request')).toEqual({ log: false });
  c.advance(1);
  expect(lim.admit('bad_request')).toEqual({ log: true, suppressed: 501 });
  expect(lim.admit('bad_request')).toEqual({ log: false });
});

test('kinds are independent', () => {
  const lim = new WarnLimiter(1000, clock().now);
  expect(lim.admit('a').log).toBe(true);
  expect(lim.admit('b').log).toBe(true);
  expect(lim.admit('a').log).toBe(false);
});

test('drain reports what was held back and clears it', () => {
  const lim = new WarnLimiter(1000, clock().now);
  lim.admit('a');
  lim.admit('a');
  lim.admit('a');
  lim.admit('b');
  expect(lim.drain()).toEqual([{ kind: 'a', suppressed: 2 }]);
  expect(lim.drain()).toEqual([]);
});

test('property: over any sequence, logged lines per kind ≤ 1 + elapsed/window, and logged + held back = occurrences', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.nat(300)), { maxLength: 400 }), (events) => {
      const c = clock();
      const lim = new WarnLimiter(1000, c.now);
      const logged = new Map<string, number>();
      let accounted = 0;
      for (const [kind, gap] of events) {
        c.advance(gap);
        const a = lim.admit(kind);
        if (a.log) {
          logged.set(kind, (logged.get(kind) ?? 0) + 1);
          accounted += 1 + a.suppressed;
        }
      }
      accounted += lim.drain().reduce((n, d) => n + d.suppressed, 0);
      const elapsed = events.reduce((n, [, g]) => n + g, 0);
      for (const n of logged.values()) expect(n).toBeLessThanOrEqual(1 + Math.floor(elapsed / 1000));
      expect(accounted).toBe(events.length);
    }),
  );
});

test('a burst allows that many lines per window', () => {
  const c = clock();
  const lim = new WarnLimiter(1000, c.now, 3);
  expect([1, 2, 3, 4, 5].map(() => lim.admit('a').log)).toEqual([true, true, true, false, false]);
  c.advance(1000);
  expect(lim.admit('a')).toEqual({ log: true, suppressed: 2 });
});

describe('limitedWarner and logSuppressed', () => {
  function recorder() {
    const lines: [string, Record<string, unknown>, string][] = [];
    return {
      lines,
      log: {
        warn: (o: Record<string, unknown>, m: string) => void lines.push(['warn', o, m]),
        error: (o: Record<string, unknown>, m: string) => void lines.push(['error', o, m]),
      },
    };
  }

  test('one line per key per window at its level; the held-back count rides on the next line', () => {
    const c = clock();
    const lim = new WarnLimiter(1000, c.now);
    const { lines, log } = recorder();
    const warn = limitedWarner(lim, log);
    warn('bad_request', { status: 404 }, 'bad request', 'bad_request:404');
    warn('bad_request', { status: 404 }, 'bad request', 'bad_request:404');
    warn('bad_request', { status: 405 }, 'bad request', 'bad_request:405');
    warn('record_failed', { err: 'stack' }, 'could not apply', 'record_failed', 'error');
    c.advance(1000);
    warn('bad_request', { status: 404 }, 'bad request', 'bad_request:404');
    expect(lines).toEqual([
      ['warn', { event: 'bad_request', status: 404, rateLimit: 'one line per kind per minute' }, 'bad request'],
      ['warn', { event: 'bad_request', status: 405, rateLimit: 'one line per kind per minute' }, 'bad request'],
      ['error', { event: 'record_failed', err: 'stack', rateLimit: 'one line per kind per minute' }, 'could not apply'],
      ['warn', { event: 'bad_request', status: 404, suppressedBefore: 1, rateLimit: 'one line per kind per minute' }, 'bad request'],
    ]);
  });

  test('at stop, each kind still held back gets one line with its count', () => {
    const lim = new WarnLimiter(1000, clock().now);
    const { lines, log } = recorder();
    const warn = limitedWarner(lim, log);
    for (let i = 0; i < 4; i++) warn('journal_garbage', {}, 'skipped');
    warn('client_error', {}, 'not HTTP');
    lines.length = 0;
    logSuppressed(lim, log);
    expect(lines).toEqual([
      ['warn', { event: 'warnings_suppressed', kind: 'journal_garbage', suppressed: 3 }, '3 more journal_garbage warnings since the last one logged'],
    ]);
  });
});

describe('one step past: the kinds cap and the defaults', () => {
  test('past 256 kinds the least recently logged one is forgotten (its next occurrence is logged again); a re-logged kind is kept', () => {
    const c = clock();
    const lim = new WarnLimiter(1000, c.now);
    lim.admit('k0');
    lim.admit('k0'); // held back: counted, and not moved
    c.advance(500);
    for (let i = 1; i < 256; i++) lim.admit(`k${i}`);
    c.advance(600); // k0's window is over, the others' are not
    expect(lim.admit('k0')).toEqual({ log: true, suppressed: 1 }); // logged: now the most recent
    expect(lim.admit('k256')).toEqual({ log: true, suppressed: 0 }); // the 257th kind: k1 goes, not k0
    expect(lim.admit('k0')).toEqual({ log: false });
    expect(lim.admit('k2')).toEqual({ log: false });
    expect(lim.admit('k1')).toEqual({ log: true, suppressed: 0 }); // forgotten: logged as new (k2 goes now)
    expect(lim.drain()).toEqual([{ kind: 'k0', suppressed: 1 }]);
  });

  test('256 kinds exactly: none forgotten', () => {
    const c = clock();
    const lim = new WarnLimiter(1000, c.now);
    for (let i = 0; i < 256; i++) lim.admit(`k${i}`);
    expect(lim.admit('k0')).toEqual({ log: false });
  });

  test('by default: one line a minute on the real clock', () => {
    let now = 5_000_000;
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const lim = new WarnLimiter();
      expect([lim.admit('a').log, lim.admit('a').log]).toEqual([true, false]);
      now += 59_999;
      expect(lim.admit('a')).toEqual({ log: false });
      now += 1;
      expect(lim.admit('a')).toEqual({ log: true, suppressed: 2 });
    } finally {
      spy.mockRestore();
    }
  });

  test('drain clears the counts it reports, and leaves the windows as they were', () => {
    const c = clock();
    const lim = new WarnLimiter(1000, c.now);
    lim.admit('a');
    lim.admit('a');
    expect(lim.drain()).toEqual([{ kind: 'a', suppressed: 1 }]);
    expect(lim.drain()).toEqual([]);
    expect(lim.admit('a')).toEqual({ log: false });
    c.advance(1000);
    expect(lim.admit('a')).toEqual({ log: true, suppressed: 1 });
  });
});

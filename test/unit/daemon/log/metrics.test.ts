// src/daemon/log/metrics.ts: the latency figures `status --json` reports under `metrics`.
import { LatencyWindow, timed } from '../../../../src/daemon/log/metrics';

describe('latency window', () => {
  test('nearest-rank percentiles over the kept samples', () => {
    const w = new LatencyWindow(100);
    for (let i = 1; i <= 100; i++) w.add(i);
    expect(w.summary()).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
    for (let i = 0; i < 100; i++) w.add(1);
    expect(w.summary()).toEqual({ count: 200, p50: 1, p99: 1, max: 100 });
  });
  test('empty', () => expect(new LatencyWindow().summary()).toEqual({ count: 0, p50: 0, p99: 0, max: 0 }));
});

describe('latency window, one step past', () => {
  test('only the last `size` samples count for the percentiles; count and max count them all', () => {
    const w = new LatencyWindow(3);
    for (const ms of [500, 7, 8, 9]) w.add(ms);
    expect(w.summary()).toEqual({ count: 4, p50: 8, p99: 9, max: 500 });
    expect([w.percentile(0), w.percentile(1), w.percentile(34), w.percentile(67), w.percentile(100)]).toEqual([7, 7, 8, 9, 9]);
  });
  test('sorted as numbers, not as text, whatever order they came in', () => {
    const w = new LatencyWindow(10);
    for (const ms of [100, 9, 10]) w.add(ms);
    expect([w.percentile(33), w.percentile(34), w.percentile(66), w.percentile(67)]).toEqual([9, 10, 10, 100]);
  });
  test('figures rounded to the microsecond', () => {
    const w = new LatencyWindow(4);
    w.add(1.23456);
    w.add(0.0004);
    expect(w.summary()).toEqual({ count: 2, p50: 0, p99: 1.235, max: 1.235 });
  });
  test('timed: the value handed back, one sample added, also when fn throws', () => {
    const w = new LatencyWindow();
    expect(timed(w, () => 'v')).toBe('v');
    expect(() =>
      timed(w, () => {
        throw new Error('x');
      }),
    ).toThrow('x');
    expect(w.count).toBe(2);
    expect(w.max).toBeGreaterThanOrEqual(0);
    expect(w.percentile(100)).toBe(w.max);
  });
});

test('timed adds the time fn took, in milliseconds (process.hrtime on a spy)', () => {
  const clock = jest.spyOn(process.hrtime, 'bigint').mockReturnValueOnce(5_000_000_000n).mockReturnValueOnce(5_002_500_000n);
  try {
    const w = new LatencyWindow();
    timed(w, () => undefined);
    expect(w.summary()).toEqual({ count: 1, p50: 2.5, p99: 2.5, max: 2.5 });
  } finally {
    clock.mockRestore();
  }
});

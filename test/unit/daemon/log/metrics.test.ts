// src/daemon/log/metrics.ts: the latency figures `status --json` reports under `metrics`.
import { LatencyWindow } from '../../../../src/daemon/log/metrics';

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

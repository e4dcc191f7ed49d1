// Latency figures the daemon measures about itself (reported in `status --json` under `metrics`), so that
// the scale benchmark reads what happened inside the daemon rather than guessing from the outside.

/** The last `size` samples in milliseconds, with percentiles over them. */
export class LatencyWindow {
  private samples: Float64Array;
  private next = 0;
  private filled = 0;
  count = 0;
  max = 0;

  constructor(size = 20000) {
    this.samples = new Float64Array(size);
  }

  add(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    this.filled = Math.min(this.filled + 1, this.samples.length);
    this.count += 1;
    if (ms > this.max) this.max = ms;
  }

  /** Nearest-rank percentile over the window; 0 when empty. */
  percentile(p: number): number {
    if (this.filled === 0) return 0;
    const sorted = Array.from(this.samples.subarray(0, this.filled)).sort((a, b) => a - b);
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
    return sorted[rank - 1]!;
  }

  summary(): { count: number; p50: number; p99: number; max: number } {
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return { count: this.count, p50: round(this.percentile(50)), p99: round(this.percentile(99)), max: round(this.max) };
  }
}

/** Runs `fn` and adds its duration to `window`. */
export function timed<T>(window: LatencyWindow, fn: () => T): T {
  const start = process.hrtime.bigint();
  try {
    return fn();
  } finally {
    window.add(Number(process.hrtime.bigint() - start) / 1e6);
  }
}

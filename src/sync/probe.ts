// Probing conda specs (pure): versions around every number specs mention, enough to tell whether one
// spec admits what another rejects, a spec match that treats an invalid spec as no match, and which of some
// versions a message may cite (a probe is no real version).
import type { CondaVersions } from './condaver';

/** Versions around every number the specs mention: enough to tell whether one spec admits what another rejects. */
export function probeVersions(...specs: (string | null)[]): string[] {
  const out = new Set<string>(['0.0.1', '99999']);
  for (const spec of specs) {
    // Stryker disable next-line StringLiteral: any text without a digit gives no probe, as '' does
    for (const m of (spec ?? '').matchAll(/\d+(?:\.\d+)*/g)) {
      const parts = m[0].split('.').map(Number);
      out.add(parts.join('.'));
      for (let i = 0; i < parts.length; i++) {
        const up = parts.slice(0, i + 1);
        up[i]! += 1;
        out.add([...up, ...Array(parts.length - i - 1).fill(0)].join('.'));
        if (parts[i]! > 0) {
          const down = parts.slice(0, i + 1);
          down[i]! -= 1;
          out.add([...down, 99].join('.'));
        }
      }
      out.add([...parts, 1].join('.'));
    }
  }
  return [...out];
}

export function safe(cv: CondaVersions, spec: string, version: string): boolean {
  try {
    return cv.matches(spec, version);
  } catch {
    return false;
  }
}

/**
 * The newest of some versions a warning can cite: probes like 1.22.3.99, 0.0.1 or 99999 exist only to test a
 * spec, so a real-looking one wins; when only probes are left, "1.22.3.99" is said as 1.22.3 and "1.21.99" as 1.21.x.
 */
export function highest(cv: CondaVersions, versions: string[]): string {
  const synthetic = (v: string) =>
    v === '99999' ||
    v === '0.0.1' ||
    v
      .split('.')
      .slice(1)
      .some((p) => Number(p) >= 99);
  const real = versions.filter((v) => !synthetic(v));
  const pool = real.length > 0 ? real : versions;
  const top = pool.reduce((a, b) => (cv.compare(a, b) >= 0 ? a : b));
  // (0.0.1 needs no case of its own: it has no .99 to take off and three places, so the lines below return it as it is)
  if (!synthetic(top) || top === '99999') return top;
  // "1.22.3.99" probes just below 1.22.4: 1.22.3 is the real version there; "1.21.99" is any 1.21.x
  const below = top.replace(/\.99$/, '');
  return below.split('.').length >= 3 ? below : `${below}.x`;
}

// Probing conda specs (pure): versions around every number specs mention, enough to tell whether one
// spec admits what another rejects, and a spec match that treats an invalid spec as no match.
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

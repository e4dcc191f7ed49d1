// Which gocondad wrote a shim, and whether this one can read it (the stamp itself: shim-stamp.ts).
import semverCompare from 'semver/functions/compare';
import semverValid from 'semver/functions/valid';
import { OURS, type ShimStamp } from './shim-stamp';

export { OURS, parseStamp, SHIM_FORMAT, SHIM_MARKER, stampLine, type ShimStamp } from './shim-stamp';

export type ShimAge = 'current' | 'older' | 'newer';

/** older: this gocondad replaces it; newer: it leaves it alone (and says so); current: same release. */
export function judgeStamp(found: ShimStamp, ours: ShimStamp = OURS): ShimAge {
  if (found.format !== ours.format) return found.format > ours.format ? 'newer' : 'older';
  const a = semverValid(found.version);
  const b = semverValid(ours.version);
  const order = a && b ? semverCompare(a, b) : 0;
  return order === 0 ? 'current' : order > 0 ? 'newer' : 'older';
}

/** Whether this gocondad's daemon understands what such a shim writes. */
export function readable(found: ShimStamp, ours: ShimStamp = OURS): boolean {
  return found.format <= ours.format;
}

const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function describeNewer(prefix: string, found: ShimStamp, ours: ShimStamp = OURS): string {
  const what = readable(found, ours)
    ? 'this daemon still reads them'
    : `this daemon cannot read what they write (format ${found.format}; it reads up to ${ours.format}), so activations there are not seen`;
  return `${prefix} has shims of gocondad ${found.version}, newer than this gocondad ${ours.version}: ${what}. Upgrade gocondad (npm install -g <the newer tarball>), or rewrite them with this version: gocondad shims install ${q(prefix)}`;
}

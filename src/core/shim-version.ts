// Which gocondad wrote a shim, and whether this one can read it. Every shim carries a stamp line
// `# gocondad-shim-version: <version> format <n>`; shims of 0.1.0 say only the version (format 1).
// The format is bumped when what a shim writes (journal records, files) changes so that an older
// daemon could no longer read it; a daemon reads every format up to its own.
import semverCompare from 'semver/functions/compare';
import semverValid from 'semver/functions/valid';
import { VERSION } from '../pkg';

/**
 * 1: 0.1.0, records appended to the shared `journal`. 2: one journal per shell (`journal.<pid>`, so that
 * long records of concurrent shells cannot interleave) and the `reexp`/`alias` record fields; a format-1
 * daemon would never read those files. This daemon reads both (the shared `journal` too).
 */
export const SHIM_FORMAT = 2;
export const SHIM_MARKER = 'gocondad-shim-version:';

export interface ShimStamp {
  version: string;
  format: number;
}

export const OURS: ShimStamp = { version: VERSION, format: SHIM_FORMAT };

export function stampLine(ours: ShimStamp = OURS): string {
  return `# ${SHIM_MARKER} ${ours.version} format ${ours.format}`;
}

export function parseStamp(text: string): ShimStamp | null {
  const m = /^# gocondad-shim-version: (\S+)(?: format (\d+))?[ \t]*$/m.exec(text);
  return m ? { version: m[1]!, format: m[2] ? Number(m[2]) : 1 } : null;
}

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

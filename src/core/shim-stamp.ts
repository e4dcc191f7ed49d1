// The stamp line every shim carries, saying which gocondad wrote it. Apart from shim-version.ts (which
// compares stamps with semver) so that writing a shim, as every dialect does, loads no semver. The line is
// `# gocondad-shim-version: <version> format <n>`; shims of 0.1.0 say only the version (format 1).
// The format is bumped when what a shim writes (journal records, files) changes so that an older
// daemon could no longer read it; a daemon reads every format up to its own.
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

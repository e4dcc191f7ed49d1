// The one record a shim journals (activate, deactivate, skip): its fields and version written once here.
// The shim's `printf` is generated from SHIM_RECORD_FIELDS when the shim is written (shell/posix.ts fills
// @JOURNAL_PRINTF@ in shell/gocondad.sh), and the daemon reads every record, journaled or POSTed to
// /events, through parseShimRecord: a field added here reaches the shell and the reader with one edit.
import * as path from 'node:path';
import { VERSION } from '../pkg';
import { RECORD_END, RECORD_START, type JournalRecord } from './journal';

/** The `v=` of every record. Bumped (with SHIM_FORMAT, core/shim-stamp.ts) when a field changes meaning. */
export const JOURNAL_RECORD_VERSION = '1';

/**
 * The fields in the order the shim writes them, each with the shell expression that holds its value in
 * shell/gocondad.sh's __gcd_emit ($1 the event, $2 why a shim skipped). `v` is the version above.
 */
export const SHIM_RECORD_FIELDS = [
  { name: 'ev', shell: '$1' },
  { name: 'pid', shell: '${__gcd_pid:-$$}' },
  { name: 'sh', shell: '${__gcd_shname:-${ZSH_VERSION:+zsh}${BASH_VERSION:+bash}}' },
  { name: 'lvl', shell: '$__gcd_lvl' },
  { name: 'prefix', shell: '$__gcd_prefix' },
  { name: 'env', shell: '${CONDA_DEFAULT_ENV-}' },
  { name: 'plan', shell: '$__gcd_p_id' },
  { name: 'goroot', shell: '$__gcd_p_goroot' },
  { name: 'why', shell: '$2' },
  { name: 'had_goroot', shell: '$__gcd_had_goroot' },
  { name: 'goroot0', shell: '$__gcd_goroot0' },
  { name: 'path0', shell: '$__gcd_path0' },
  { name: 'stale', shell: '$__gcd_stale' },
  { name: 'goos0', shell: '${__gcd_goos0-}' },
  { name: 'goarch0', shell: '${__gcd_goarch0-}' },
  { name: 'goos', shell: '${__gcd_p_goos-}' },
  { name: 'goarch', shell: '${__gcd_p_goarch-}' },
  { name: 'leaked', shell: '${__gcd_leaked-}' },
  { name: 'reexp', shell: '${__gcd_reexp-}' },
  { name: 'alias', shell: '${__gcd_p_alias-}' },
  { name: 't', shell: '${EPOCHREALTIME-}' },
] as const;

export type ShimRecordField = 'v' | (typeof SHIM_RECORD_FIELDS)[number]['name'];
export const SHIM_EVENTS = ['activate', 'deactivate', 'skip'] as const;
export type ShimEvent = (typeof SHIM_EVENTS)[number];

/**
 * A record as the daemon applies it: the fields every record must have, checked and typed; the others as
 * the shim wrote them, absent when an older shim did not write them (0.1.0: no reexp, no alias).
 */
export type ShimRecord = { ev: ShimEvent; pid: number; lvl: number; prefix: string } & Partial<
  Record<Exclude<ShimRecordField, 'v' | 'ev' | 'pid' | 'lvl' | 'prefix'>, string>
>;

export class RecordError extends Error {}
/** A record of a journal version above this daemon's: written by a newer gocondad's shims. */
export class NewerRecordError extends RecordError {}

function wholeNumber(raw: JournalRecord, key: string): number {
  const v = raw[key];
  if (v === undefined || !/^\d+$/.test(v)) throw new RecordError(`field ${key}=${JSON.stringify(v)} is not a whole number`);
  return Number(v);
}

/** The one reader of a record's fields; throws RecordError saying what is wrong (fields it does not know are ignored). */
export function parseShimRecord(raw: JournalRecord): ShimRecord {
  const v = raw.v;
  if (v !== JOURNAL_RECORD_VERSION) {
    if (v !== undefined && /^\d+$/.test(v) && Number(v) > Number(JOURNAL_RECORD_VERSION))
      throw new NewerRecordError(
        `record of journal version ${v} from a newer gocondad's shims; this daemon (gocondad ${VERSION}) reads ${JOURNAL_RECORD_VERSION}: upgrade gocondad, or rewrite that env's shims with this version (gocondad shims install PREFIX)`,
      );
    throw new RecordError(
      `record of journal version ${JSON.stringify(v)}; this daemon reads ${JOURNAL_RECORD_VERSION} — run \`gocondad shims install --all\` after upgrading`,
    );
  }
  const ev = raw.ev;
  if (!(SHIM_EVENTS as readonly (string | undefined)[]).includes(ev)) throw new RecordError(`unknown event ${JSON.stringify(ev)}`);
  const pid = wholeNumber(raw, 'pid');
  const lvl = wholeNumber(raw, 'lvl');
  const prefix = raw.prefix ?? '';
  if (!path.isAbsolute(prefix)) throw new RecordError(`prefix ${JSON.stringify(prefix)} is not an absolute path`);
  const rec: ShimRecord = { ev: ev as ShimEvent, pid, lvl, prefix };
  for (const { name } of SHIM_RECORD_FIELDS) {
    if (name === 'ev' || name === 'pid' || name === 'lvl' || name === 'prefix') continue;
    const value = raw[name];
    if (value !== undefined) rec[name] = value;
  }
  return rec;
}

/** Text as printf's format prints it: control bytes as escapes, `%` and `\\` doubled, `'` for single quotes. */
export function printfLiteral(s: string): string {
  return [...s]
    .map((c) => {
      if (c === '%' || c === '\\') return c + c;
      if (c === "'") return "'\\''";
      if (c === '\n') return '\\n';
      return c.charCodeAt(0) < 0x20 ? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}` : c;
    })
    .join('');
}

/** The shim's `printf` command that writes one record (its output redirection is the shim's). */
export function journalPrintf(): string {
  const field = (name: string) => `${printfLiteral(`${name}=`)}%s${printfLiteral('\0')}`;
  const format = [
    printfLiteral(`${RECORD_START}\0v=${JOURNAL_RECORD_VERSION}\0`),
    ...SHIM_RECORD_FIELDS.map((f) => field(f.name)),
    printfLiteral(`${RECORD_END}\0\n`),
  ].join('');
  const args = SHIM_RECORD_FIELDS.map((f) => `"${f.shell}"`);
  const lines: string[] = [];
  for (let i = 0; i < args.length; i += 6) lines.push(args.slice(i, i + 6).join(' '));
  return [`printf '${format}'`, ...lines].join(' \\\n      ');
}

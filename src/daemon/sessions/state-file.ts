// state.json: the daemon's memory (sessions, fixes) and where it stopped reading the journal, so that a
// restart loses nothing and re-applies nothing.
import * as fs from 'node:fs';
import { readSmallFile, writeFileAtomic } from '../../fsutil';
import type { JournalPosition } from '../journal/journal-tail';
import { DaemonState } from './state';

/** Far above any real state (1,000 fixes and a few hundred shells are well under 1 MiB). */
export const MAX_STATE_BYTES = 32 * 1024 * 1024;

export interface Saved {
  state: DaemonState;
  /** Null when unknown: read the journal from its start. */
  journal: JournalPosition | null;
  /** Per-shell journals (journal.<pid>) and where each was read up to. */
  shellJournals: Record<string, JournalPosition>;
  /** Why a file that was there could not be used (the daemon starts fresh and says so). */
  problem?: string;
}

function position(j: unknown): JournalPosition | null {
  const p = j as { ino?: unknown; offset?: unknown; born?: unknown } | null | undefined;
  // (p is an object once p?.ino is a number: no second `?.`)
  if (typeof p?.ino !== 'number' || typeof p.offset !== 'number') return null;
  // A state file of an older daemon has no birth time: the inode alone decides, as it did then.
  return typeof p.born === 'string' && /^[1-9][0-9]*$/.test(p.born) ? { ino: p.ino, offset: p.offset, born: p.born } : { ino: p.ino, offset: p.offset };
}

/** A missing or unreadable file is a fresh start, never an error; a damaged one is moved to `.bad`. */
export function loadStateFile(file: string): Saved {
  const fresh = (problem?: string): Saved => ({ state: new DaemonState(), journal: null, shellJournals: {}, ...(problem ? { problem } : {}) });
  const r = readSmallFile(file, MAX_STATE_BYTES, { noFollow: true });
  if (r.kind === 'missing') return fresh();
  let saved: unknown;
  try {
    if (r.kind === 'refused') throw new Error(r.reason);
    saved = JSON.parse(r.text);
    if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) throw new Error('not a JSON object');
  } catch (err) {
    let aside = '';
    try {
      fs.renameSync(file, `${file}.bad`);
      aside = `; moved to ${file}.bad`;
    } catch {
      /* leave it */
    }
    return fresh(`${file} ${(err as Error).message}${aside}`);
  }
  const s = saved as { journal?: unknown; shellJournals?: unknown };
  const shellJournals: Record<string, JournalPosition> = {};
  if (s.shellJournals && typeof s.shellJournals === 'object') {
    for (const [name, j] of Object.entries(s.shellJournals)) {
      const p = position(j);
      if (p) shellJournals[name] = p;
    }
  }
  return { state: DaemonState.fromJSON(saved), journal: position(s.journal), shellJournals };
}

export function saveStateFile(file: string, state: DaemonState, journal: JournalPosition, shellJournals: Record<string, JournalPosition> = {}): void {
  writeFileAtomic(file, `${JSON.stringify({ ...state.toJSON(), journal, shellJournals })}\n`, 0o600);
}

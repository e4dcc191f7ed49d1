// state.json: the daemon's memory (sessions, fixes) and where it stopped reading the journal, so that a
// restart loses nothing and re-applies nothing.
import * as fs from 'node:fs';
import { writeFileAtomic } from '../fsutil';
import type { JournalPosition } from './journal-tail';
import { DaemonState } from './state';

export interface Saved {
  state: DaemonState;
  /** Null when unknown: read the journal from its start. */
  journal: JournalPosition | null;
}

/** A missing or unreadable file is a fresh start, never an error. */
export function loadStateFile(file: string): Saved {
  let saved: unknown;
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { state: new DaemonState(), journal: null };
  }
  const j = (saved as { journal?: { ino?: unknown; offset?: unknown } } | null)?.journal;
  const journal = typeof j?.ino === 'number' && typeof j?.offset === 'number' ? { ino: j.ino, offset: j.offset } : null;
  return { state: DaemonState.fromJSON(saved), journal };
}

export function saveStateFile(file: string, state: DaemonState, journal: JournalPosition): void {
  writeFileAtomic(file, `${JSON.stringify({ ...state.toJSON(), journal })}\n`, 0o600);
}

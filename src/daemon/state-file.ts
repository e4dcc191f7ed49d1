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
  /** Per-shell journals (journal.<pid>) and where each was read up to. */
  shellJournals: Record<string, JournalPosition>;
}

function position(j: unknown): JournalPosition | null {
  const p = j as { ino?: unknown; offset?: unknown } | null | undefined;
  return typeof p?.ino === 'number' && typeof p?.offset === 'number' ? { ino: p.ino, offset: p.offset } : null;
}

/** A missing or unreadable file is a fresh start, never an error. */
export function loadStateFile(file: string): Saved {
  let saved: unknown;
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { state: new DaemonState(), journal: null, shellJournals: {} };
  }
  const s = saved as { journal?: unknown; shellJournals?: unknown } | null;
  const shellJournals: Record<string, JournalPosition> = {};
  if (s?.shellJournals && typeof s.shellJournals === 'object') {
    for (const [name, j] of Object.entries(s.shellJournals)) {
      const p = position(j);
      if (p) shellJournals[name] = p;
    }
  }
  return { state: DaemonState.fromJSON(saved), journal: position(s?.journal), shellJournals };
}

export function saveStateFile(file: string, state: DaemonState, journal: JournalPosition, shellJournals: Record<string, JournalPosition> = {}): void {
  writeFileAtomic(file, `${JSON.stringify({ ...state.toJSON(), journal, shellJournals })}\n`, 0o600);
}

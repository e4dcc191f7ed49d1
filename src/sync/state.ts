// The last in-sync view (`.gocondad-sync.json` beside go.mod; commit it if you want CI to know it too),
// so a later disagreement can say WHICH side moved and propose syncing the other one instead of guessing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Pair } from './checker';
import { writeFileAtomic } from './fsatomic';

export const STATE_BASENAME = '.gocondad-sync.json';

export interface SyncState {
  version: 1;
  /** pair key -> both sides as they were when last in sync */
  pairs: Record<string, { go: string; conda: string | null }>;
}

/** go: only go.mod moved; conda: only the conda side; both; unknown: no record of this pair. */
export type ChangedSide = 'go' | 'conda' | 'both' | 'unknown';

export function stateOf(pairs: Pair[]): SyncState {
  const out: SyncState = { version: 1, pairs: {} };
  for (const p of [...pairs].sort((a, b) => a.key.localeCompare(b.key))) out.pairs[p.key] = { go: p.goFact, conda: p.condaFact };
  return out;
}

export function changedSide(pair: Pair, saved: SyncState | null): { side: ChangedSide; was?: { go: string; conda: string | null } } {
  const was = saved?.pairs[pair.key];
  if (!was) return { side: 'unknown' };
  const goMoved = was.go !== pair.goFact;
  const condaMoved = was.conda !== pair.condaFact;
  return { side: goMoved && condaMoved ? 'both' : goMoved ? 'go' : condaMoved ? 'conda' : 'unknown', was };
}

export function statePath(dir: string): string {
  return path.join(dir, STATE_BASENAME);
}

export function readState(dir: string): SyncState | null {
  try {
    const raw = JSON.parse(fs.readFileSync(statePath(dir), 'utf8')) as SyncState;
    return raw && raw.version === 1 && typeof raw.pairs === 'object' ? raw : null;
  } catch {
    return null; // absent or damaged: change detection falls back to "unknown"
  }
}

/** Writes the state when it differs from what is there; returns whether it wrote. */
export function saveState(dir: string, state: SyncState): boolean {
  const text = `${JSON.stringify(state, null, 2)}\n`;
  try {
    if (fs.readFileSync(statePath(dir), 'utf8') === text) return false;
  } catch {
    /* absent */
  }
  writeFileAtomic(statePath(dir), text);
  return true;
}

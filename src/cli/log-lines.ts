// Lines of the daemon's log as gocondad 0.1.0 wrote them, read as this version writes them. Pure.
// 0.1.0 logged conda's shell level as `level` beside pino's own `level`: JSON readers keep the last key,
// so an activation read as log level 1 (`USERLVL` in `gocondad logs`, dropped by `jq 'select(.level>=30)'`).
// It is `shlvl` now; old lines get the pino level their event was logged at back.

/** The pino level each event with a shell level was logged at (src/daemon/sessions/state.ts). */
const EVENT_LEVEL: Record<string, number> = { activate: 30, deactivate: 30, activation_skipped: 40, path_reexport_trimmed: 20 };

/** The line unchanged unless it is 0.1.0's: two `level` keys (then pino's and `shlvl`), or `source` (`chosenBy`). */
export function upgradeLogLine(line: string): string {
  if (/^\{"level":\d+,[^]*"event":"shims_(installed|rewritten)"[^]*"source":/.test(line)) {
    try {
      const { source, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return 'chosenBy' in rest ? line : JSON.stringify({ ...rest, chosenBy: source });
    } catch {
      return line;
    }
  }
  if (!/"level":\d+[^]*"level":\d+/.test(line)) return line;
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const pinoLevel = typeof rec.event === 'string' ? EVENT_LEVEL[rec.event] : undefined;
  if (pinoLevel === undefined || typeof rec.level !== 'number' || 'shlvl' in rec) return line;
  const { level, ...rest } = rec;
  return JSON.stringify({ level: pinoLevel, ...rest, shlvl: level });
}

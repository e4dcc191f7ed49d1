// Colour and symbols for a person at a terminal, plain text for pipes and files. Decided per stream:
//   NO_COLOR (set, not empty; no-color.org)        no colour
//   FORCE_COLOR (set; 0 or false turn it off)      colour even in a pipe, and it wins over NO_COLOR, as in Node
//   otherwise                                      colour when the stream is a terminal and TERM is not dumb
// Symbols (✓ ✗ ⚠) only on a terminal: a pipe gets the words alone, whatever the colour says.
// picocolors is loaded only when colour is on: `status` is on the CLI's benchmarked fast path.
// Every human-facing command paints through here (the heads below), so a report looks the same in each.
import type { Severity } from '../core/vocabulary';

type Paint = (s: string) => string;

export interface Style {
  colour: boolean;
  red: Paint;
  yellow: Paint;
  green: Paint;
  bold: Paint;
  dim: Paint;
  /** A symbol and a space on a terminal, '' otherwise. */
  mark: { ok: string; problem: string; warning: string };
}

export function wantsColour(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

const plain: Paint = (s) => s;

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  const tty = stream.isTTY === true && env.TERM !== 'dumb';
  const mark = tty ? { ok: '✓ ', problem: '✗ ', warning: '⚠ ' } : { ok: '', problem: '', warning: '' };
  if (!wantsColour(stream.isTTY === true, env)) return { colour: false, red: plain, yellow: plain, green: plain, bold: plain, dim: plain, mark };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pc = (require('picocolors') as typeof import('picocolors')).createColors(true);
  return { colour: true, red: pc.red, yellow: pc.yellow, green: pc.green, bold: pc.bold, dim: pc.dim, mark };
}

/** No colour, no symbols: the default of pure renderers (tests, files). */
export const PLAIN: Style = { colour: false, red: plain, yellow: plain, green: plain, bold: plain, dim: plain, mark: { ok: '', problem: '', warning: '' } };

/** A finding's head, the same in every report: `✗ PROBLEM` in bold red, `⚠ warning` in yellow; the word alone in a pipe. */
export function severityHead(s: Style, severity: Severity): string {
  return severity === 'problem' ? `${s.mark.problem}${s.bold(s.red('PROBLEM'))}` : `${s.mark.warning}${s.yellow('warning')}`;
}

/** A good outcome (`ok`, `in sync`, `restored …`): `✓` and green on a terminal. */
export function okHead(s: Style, words: string): string {
  return `${s.mark.ok}${s.green(words)}`;
}

/** A bad outcome (`out of sync`, `toolchain differs`): `✗` and red on a terminal. */
export function badHead(s: Style, words: string): string {
  return `${s.mark.problem}${s.red(words)}`;
}

/** The three heads at once, for renderers outside cli/ that take them as data (sync/report.ts Paint). */
export function heads(s: Style): { head(severity: Severity): string; ok(words: string): string; bad(words: string): string } {
  return { head: (sev) => severityHead(s, sev), ok: (w) => okHead(s, w), bad: (w) => badHead(s, w) };
}

/**
 * One line of a step log (`setup`, `uninstall`, `shims`: "shims    installed   PREFIX …"): its outcome
 * word painted by what it means. The lines are the steps' own; only the outcome word changes colour, and
 * a symbol goes in front on a terminal.
 */
const OUTCOMES: [RegExp, 'ok' | 'problem' | 'warning' | 'dim'][] = [
  [/^(installed|removed|written|started|restored|fixed)\b/, 'ok'],
  [/^(FAILED)\b/, 'problem'],
  [/^(not writable|not restored|skipped|kept newer)\b/, 'warning'],
  [/^(up to date|none found|kept|not installed)\b/, 'dim'],
];

export function stepLine(s: Style, line: string): string {
  const m = /^(\S+ +)?(.*)$/s.exec(line)!;
  for (const [re, how] of OUTCOMES) {
    // The outcome is the first word, or the second after a step name ("shims    installed").
    for (const [lead, rest] of [['', line] as const, [m[1] ?? '', m[2]!] as const]) {
      const w = re.exec(rest);
      if (!w) continue;
      const word = w[1]!;
      const tail = rest.slice(word.length);
      if (how === 'dim') return `${s.mark.ok ? '  ' : ''}${lead}${s.dim(word)}${tail}`;
      const paint = how === 'ok' ? s.green : how === 'problem' ? (t: string) => s.bold(s.red(t)) : s.yellow;
      return `${s.mark[how]}${lead}${paint(word)}${tail}`;
    }
  }
  return `${s.mark.ok ? '  ' : ''}${line}`;
}

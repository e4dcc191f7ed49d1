// Colour and symbols for a person at a terminal, plain text for pipes and files. Decided per stream:
//   NO_COLOR (set, not empty; no-color.org)        no colour
//   FORCE_COLOR (set; 0 or false turn it off)      colour even in a pipe, and it wins over NO_COLOR, as in Node
//   otherwise                                      colour when the stream is a terminal and TERM is not dumb
// Symbols (✓ ✗ ⚠) only on a terminal: a pipe gets the words alone, whatever the colour says.
// picocolors is loaded only when colour is on: `status` is on the CLI's benchmarked fast path.

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

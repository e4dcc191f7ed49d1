// A YAML syntax error said whole, on one line, at the line where the problem starts. The yaml package
// reports where it noticed (an unclosed quote: at the end of the file; an unclosed `[`: where the block
// resumes) with a snippet on the following lines that a one-line error cuts off ("… at line 5, column
// 1:"). Here: the reason without the snippet, and for an unclosed quote or bracket the line it opens on.
import type { Lexer } from 'yaml';

/** What every yaml error carries (YAMLParseError, YAMLWarning, and the entries of doc.errors). */
export interface YamlErrorLike {
  code?: string;
  message: string;
  pos?: [number, number];
  linePos?: [{ line: number; col: number }] | [{ line: number; col: number }, { line: number; col: number }];
}

export interface YamlProblem {
  line: number | undefined;
  /** "YAML error: …", one line. */
  message: string;
}

// The lexer's zero-width markers (document start, flow error end, scalar): no text of the source.
const MARKERS = new Set(['\x02', '\x18', '\x1f']);

/** The lexer's tokens of `text` that start at or before `pos`, each with its offset (the markers take no text). */
function tokensTo(text: string, pos: number): { tok: string; start: number; end: number }[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Lexer } = require('yaml') as { Lexer: new () => Lexer };
  const out: { tok: string; start: number; end: number }[] = [];
  let off = 0;
  for (const tok of new Lexer().lex(text)) {
    if (MARKERS.has(tok)) continue;
    const start = off;
    off += tok.length;
    if (start > pos) break;
    out.push({ tok, start, end: off });
  }
  return out;
}

/** Where the quoted scalar that reaches `pos` starts. */
function quoteOpening(text: string, pos: number): number | null {
  for (const { tok, start, end } of tokensTo(text, pos)) if ((tok[0] === '"' || tok[0] === "'") && pos <= end) return start;
  return null;
}

/** Where the innermost flow collection still open at `pos` starts. */
function flowOpening(text: string, pos: number): number | null {
  const open: number[] = [];
  for (const { tok, start } of tokensTo(text, pos)) {
    if (tok === '[' || tok === '{') open.push(start);
    if (tok === ']' || tok === '}') open.pop();
  }
  return open.pop() ?? null;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export function describeYamlError(err: YamlErrorLike, text: string): YamlProblem {
  const head = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const noticed = err.linePos?.[0];
  const at = err.pos?.[0];
  if (at !== undefined && err.code === 'MISSING_CHAR' && /quote/.test(head)) {
    const start = quoteOpening(text, at);
    if (start !== null) {
      const q = text[start];
      return { line: lineAt(text, start), message: `YAML error: the ${q}-quoted string that starts on this line is never closed (no closing ${q})` };
    }
  }
  if (at !== undefined && /^Flow (sequence|map)/.test(head)) {
    const start = flowOpening(text, at);
    if (start !== null) {
      const [open, close] = text[start] === '[' ? ['[', ']'] : ['{', '}'];
      return {
        line: lineAt(text, start),
        message: `YAML error: the ${open} that starts on this line is not closed with ${close} before line ${noticed?.line ?? lineAt(text, at)}`,
      };
    }
  }
  return { line: noticed?.line, message: `YAML error: ${head}${noticed ? ` (column ${noticed.col})` : ''}` };
}

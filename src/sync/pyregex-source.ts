// The pattern read as Python 3.11's re/_parser.py reads it (its Tokenizer, the escapes a set and a
// pattern share, and the inline flags), with Python's positions (in code points) and error texts;
// pyregex.ts parses on top of it. Apart so that each file holds one of _parser.py's parts.

export const DIGITS = '0123456789';
export const OCTDIGITS = '01234567';
export const HEXDIGITS = '0123456789abcdefABCDEF';
export const FLAGS = 'iLmsxatu';
export const CATEGORY_ESCAPES = new Set(['\\d', '\\D', '\\s', '\\S', '\\w', '\\W']); // sets; \A \b \B \Z are positions
export const CHAR_ESCAPES: Record<string, number> = { '\\a': 7, '\\b': 8, '\\f': 12, '\\n': 10, '\\r': 13, '\\t': 9, '\\v': 11, '\\\\': 92 };

/** re.error, or one of the two other exceptions re.compile raises on a pattern (conda words only re.error). */
export type PyExceptionType = 're.error' | 'OverflowError' | 'RuntimeError';

export class PyReError extends Error {
  constructor(
    readonly msg: string,
    readonly pos: number | null,
    readonly type: PyExceptionType = 're.error',
  ) {
    super(msg);
  }
}

/** Python's repr of a str, as its messages quote group names. */
export function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = Array.from(s)
    .map((c) => {
      const n = c.codePointAt(0)!;
      if (c === '\\' || c === q) return `\\${c}`;
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      if (c === '\t') return '\\t';
      if (c !== ' ' && /[\p{C}\p{Z}]/u.test(c)) return pyEscape(n);
      return c;
    })
    .join('');
  return `${q}${body}${q}`;
}

/** Length in code points, as Python counts a str (and its positions). */
export const cpLen = (s: string): number => Array.from(s).length;

/** The pattern, one token ahead (a character, or a backslash and the character after it). */
export abstract class PatternSource {
  protected index = 0;
  protected next: string | null = null;
  protected nextLen = 0;
  /** The global flags, `(?x)` and the like: with x the whole pattern is verbose. */
  protected globalFlags = '';

  constructor(protected readonly s: string[]) {
    this.advance();
  }

  protected advance(): void {
    const c = this.s[this.index];
    if (c === undefined) {
      this.next = null;
      this.nextLen = 0;
      return;
    }
    if (c === '\\') {
      const d = this.s[this.index + 1];
      if (d === undefined) throw new PyReError('bad escape (end of pattern)', this.s.length - 1);
      this.next = c + d;
      this.nextLen = 2;
      this.index += 2;
    } else {
      this.next = c;
      this.nextLen = 1;
      this.index += 1;
    }
  }
  protected tell(): number {
    return this.index - this.nextLen;
  }
  protected seek(index: number): void {
    this.index = index;
    this.advance();
  }
  protected match(c: string): boolean {
    if (this.next !== c) return false;
    this.advance();
    return true;
  }
  protected get(): string | null {
    const t = this.next;
    this.advance();
    return t;
  }
  protected getwhile(n: number, set: string): string {
    let out = '';
    for (let i = 0; i < n && this.next !== null && this.next.length === 1 && set.includes(this.next); i++) out += this.get();
    return out;
  }
  protected getuntil(terminator: string, name: string): string {
    let out = '';
    for (;;) {
      const c = this.get();
      if (c === null) throw out ? this.error(`missing ${terminator}, unterminated name`, cpLen(out)) : this.error(`missing ${name}`);
      if (c === terminator) {
        if (!out) throw this.error(`missing ${name}`, 1);
        return out;
      }
      out += c;
    }
  }
  protected error(msg: string, offset = 0): PyReError {
    return new PyReError(msg, this.tell() - offset);
  }

  /** \x, \u, \U with exactly their digits; the shared part of _escape and _class_escape. */
  protected hexEscape(esc: string): number | null {
    const digits = { x: 2, u: 4, U: 8 }[esc[1]!];
    if (digits === undefined) return null;
    const full = esc + this.getwhile(digits, HEXDIGITS);
    if (full.length !== digits + 2) throw this.error(`incomplete escape ${full}`, full.length);
    // chr() of a code point past U+10FFFF fails, which Python reports as a bad escape
    const code = parseInt(full.slice(2), 16);
    if (code > 0x10ffff) throw this.error(`bad escape ${full}`, full.length);
    return code;
  }
  protected namedEscape(): number {
    if (!this.match('{')) throw this.error('missing {');
    const name = this.getuntil('}', 'character name');
    // Unicode's character names and aliases are words of letters and digits, the first starting with a
    // letter, joined by one space or hyphen, two characters at least (Python looks them up without regard
    // to case); a name of that form is taken, as its lookup cannot be done here
    if (!/^[A-Za-z][A-Za-z0-9]*(?:[ -][A-Za-z0-9]+)*$/.test(name) || name.length < 2)
      throw this.error(`undefined character name ${pyRepr(name)}`, cpLen(name) + 4);
    return -1;
  }

  /** _class_escape: a literal's code point (-1: a \\N{NAME}, not known here), or 'set' for \\d and the like. */
  protected classEscape(esc: string): number | 'set' {
    const simple = CHAR_ESCAPES[esc];
    if (simple !== undefined) return simple;
    if (CATEGORY_ESCAPES.has(esc)) return 'set';
    const c = Array.from(esc)[1]!;
    const hex = this.hexEscape(esc);
    if (hex !== null) return hex;
    if (c === 'N') return this.namedEscape();
    if (OCTDIGITS.includes(c)) {
      const full = esc + this.getwhile(2, OCTDIGITS);
      const code = parseInt(full.slice(1), 8);
      if (code > 0o377) throw this.error(`octal escape value ${full} outside of range 0-0o377`, full.length);
      return code;
    }
    if (DIGITS.includes(c) || /[A-Za-z]/.test(c)) throw this.error(`bad escape ${esc}`, cpLen(esc));
    return c.codePointAt(0)!;
  }

  /** _parse_flags: null for global flags `(?x)`, else the flags turned on and off for the group. */
  protected parseFlags(c0: string): [string, string] | null {
    let c: string | null = c0;
    let add = '';
    let del = '';
    if (c !== '-') {
      for (;;) {
        if (c === 'L') throw this.error("bad inline flags: cannot use 'L' flag with a str pattern");
        add += c;
        if ('au'.includes(c!) && /a.*u|u.*a/.test(add)) throw this.error("bad inline flags: flags 'a', 'u' and 'L' are incompatible");
        c = this.get();
        if (c === null) throw this.error('missing -, : or )');
        if (')-:'.includes(c)) break;
        if (!FLAGS.includes(c)) throw this.error(/^\p{L}/u.test(c) ? 'unknown flag' : 'missing -, : or )', cpLen(c));
      }
    }
    if (c === ')') {
      this.globalFlags += add;
      return null;
    }
    if (add.includes('t')) throw this.error('bad inline flags: cannot turn on global flag', 1);
    if (c === '-') {
      c = this.get();
      if (c === null) throw this.error('missing flag');
      if (!FLAGS.includes(c)) throw this.error(/^\p{L}/u.test(c) ? 'unknown flag' : 'missing flag', cpLen(c));
      for (;;) {
        if ('aLu'.includes(c)) throw this.error("bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
        del += c;
        c = this.get();
        if (c === null) throw this.error('missing :');
        if (c === ':') break;
        if (!FLAGS.includes(c)) throw this.error(/^\p{L}/u.test(c) ? 'unknown flag' : 'missing :', cpLen(c));
      }
    }
    if (del.includes('t')) throw this.error('bad inline flags: cannot turn off global flag', 1);
    if ([...add].some((f) => del.includes(f))) throw this.error('bad inline flags: flag turned on and off', 1);
    return [add, del];
  }
}

/**
 * How Python's repr writes what str.isprintable() refuses (the Other and Separator categories, but the space).
 * Python 3.11 knows Unicode 14: a character assigned since is printable here and escaped there.
 */
function pyEscape(n: number): string {
  const h = n.toString(16);
  return h.length <= 2 ? `\\x${h.padStart(2, '0')}` : h.length <= 4 ? `\\u${h.padStart(4, '0')}` : `\\U${h.padStart(8, '0')}`;
}

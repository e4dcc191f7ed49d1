// Whether Python's re.compile takes a pattern, and Python's words when it does not. conda compiles a match
// spec's `^…$` build, name and build_number values with Python's `re` while parsing the spec, so a pattern
// Python refuses makes conda refuse the spec; JavaScript's RegExp has another syntax and cannot judge it.
// This is Python 3.11's re/_parser.py reduced to what raises (plus _compiler.py's look-behind width check):
// the same tokens, positions (in code points) and messages. Not followed: `\N{NAME}` is taken for any
// NAME of the form of a Unicode name (Python looks it up in its Unicode database), and as no character
// in a set's range; Python 3.11's other messages and positions are the same. Its warnings change nothing.
// test/unit/sync/pyregex.test.ts puts every row to the real Python.

const MAXREPEAT = 4294967295;
const DIGITS = '0123456789';
const OCTDIGITS = '01234567';
const HEXDIGITS = '0123456789abcdefABCDEF';
const SPECIAL = '.\\[{()*+?^$|';
const FLAGS = 'iLmsxatu';
const CATEGORY_ESCAPES = new Set(['\\d', '\\D', '\\s', '\\S', '\\w', '\\W']); // sets; \A \b \B \Z are positions
const AT_ESCAPES = new Set(['\\A', '\\b', '\\B', '\\Z']); // outside a set, \\b is a position too
const CHAR_ESCAPES: Record<string, number> = { '\\a': 7, '\\b': 8, '\\f': 12, '\\n': 10, '\\r': 13, '\\t': 9, '\\v': 11, '\\\\': 92 };

type Width = [number, number];
/** A parsed item: what a repeat after it needs to know, and its width (the look-behind check). */
interface Item {
  kind: 'unit' | 'at' | 'repeat' | 'other';
  w: Width;
}

class PyReError extends Error {
  constructor(
    readonly msg: string,
    readonly pos: number | null,
  ) {
    super(msg);
  }
}

/** null when Python compiles `pattern`; else the text of Python's re.error (or OverflowError). */
export function pythonRegexError(pattern: string): string | null {
  const chars = Array.from(pattern);
  try {
    new Parser(chars).parse();
    return null;
  } catch (err) {
    if (!(err instanceof PyReError)) throw err;
    if (err.pos === null) return err.msg;
    const before = chars.slice(0, err.pos);
    const msg = `${err.msg} at position ${err.pos}`;
    if (!chars.includes('\n')) return msg;
    return `${msg} (line ${before.filter((c) => c === '\n').length + 1}, column ${err.pos - before.lastIndexOf('\n')})`;
  }
}

/** Python's repr of a str, as its messages quote group names. */
function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = Array.from(s)
    .map((c) => {
      const n = c.codePointAt(0)!;
      if (c === '\\' || c === q) return `\\${c}`;
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      if (c === '\t') return '\\t';
      if (n < 0x20 || n === 0x7f) return `\\x${n.toString(16).padStart(2, '0')}`;
      return c;
    })
    .join('');
  return `${q}${body}${q}`;
}

/** Length in code points, as Python counts a str (and its positions). */
const cpLen = (s: string): number => Array.from(s).length;
const sum = (a: Width, b: Width): Width => [a[0] + b[0], a[1] + b[1]];
const cap = (w: Width): Width => [Math.min(w[0], MAXREPEAT - 1), Math.min(w[1], MAXREPEAT)];

class Parser {
  private index = 0;
  private next: string | null = null;
  private nextLen = 0;
  private groupWidths: (Width | null)[] = [null];
  private groupNames = new Map<string, number>();
  private lookbehindGroups: number | null = null;
  private grouprefpos = new Map<number, number>();
  private verboseGlobal = false;
  private lookbehindVaries = false;

  constructor(private readonly s: string[]) {
    this.advance();
  }

  parse(): void {
    this.parseSub(false, 0);
    if (this.next !== null) throw this.error('unbalanced parenthesis');
    for (const [g, pos] of this.grouprefpos) if (g >= this.groupWidths.length) throw new PyReError(`invalid group reference ${g}`, pos);
    // _compiler.py: after parsing, a look-behind must have one width
    if (this.lookbehindVaries) throw new PyReError('look-behind requires fixed-width pattern', null);
  }

  private advance(): void {
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
  private tell(): number {
    return this.index - this.nextLen;
  }
  private seek(index: number): void {
    this.index = index;
    this.advance();
  }
  private match(c: string): boolean {
    if (this.next !== c) return false;
    this.advance();
    return true;
  }
  private get(): string | null {
    const t = this.next;
    this.advance();
    return t;
  }
  private getwhile(n: number, set: string): string {
    let out = '';
    for (let i = 0; i < n && this.next !== null && this.next.length === 1 && set.includes(this.next); i++) out += this.get();
    return out;
  }
  private getuntil(terminator: string, name: string): string {
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
  private error(msg: string, offset = 0): PyReError {
    return new PyReError(msg, this.tell() - offset);
  }
  private checkGroupName(name: string, offset: number): void {
    if (!/^[\p{ID_Start}_][\p{ID_Continue}]*$/u.test(name)) throw this.error(`bad character in group name ${pyRepr(name)}`, cpLen(name) + offset);
  }
  private checkGroup(gid: number): boolean {
    return gid < this.groupWidths.length && this.groupWidths[gid] !== null;
  }
  private checkLookbehindGroup(gid: number): void {
    if (this.lookbehindGroups === null) return;
    if (!this.checkGroup(gid)) throw this.error('cannot refer to an open group');
    if (gid >= this.lookbehindGroups) throw this.error('cannot refer to group defined in the same lookbehind subpattern');
  }

  /** \x, \u, \U with exactly their digits; the shared part of _escape and _class_escape. */
  private hexEscape(esc: string): number | null {
    const digits = { x: 2, u: 4, U: 8 }[esc[1]!];
    if (digits === undefined) return null;
    const full = esc + this.getwhile(digits, HEXDIGITS);
    if (full.length !== digits + 2) throw this.error(`incomplete escape ${full}`, full.length);
    // chr() of a code point past U+10FFFF fails, which Python reports as a bad escape
    const code = parseInt(full.slice(2), 16);
    if (code > 0x10ffff) throw this.error(`bad escape ${full}`, full.length);
    return code;
  }
  private namedEscape(): number {
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
  private classEscape(esc: string): number | 'set' {
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

  private escape(esc: string): Item {
    const unit: Item = { kind: 'unit', w: [1, 1] };
    if (AT_ESCAPES.has(esc)) return { kind: 'at', w: [0, 0] };
    if (CATEGORY_ESCAPES.has(esc) || CHAR_ESCAPES[esc] !== undefined) return unit;
    const c = Array.from(esc)[1]!;
    if (this.hexEscape(esc) !== null) return unit;
    if (c === 'N') {
      this.namedEscape();
      return unit;
    }
    if (c === '0') {
      this.getwhile(2, OCTDIGITS);
      return { kind: 'unit', w: [1, 1] };
    }
    if (DIGITS.includes(c)) {
      let full = esc;
      if (this.next !== null && DIGITS.includes(this.next)) {
        full += this.get();
        if (OCTDIGITS.includes(full[1]!) && OCTDIGITS.includes(full[2]!) && this.next !== null && OCTDIGITS.includes(this.next)) {
          full += this.get();
          if (parseInt(full.slice(1), 8) > 0o377) throw this.error(`octal escape value ${full} outside of range 0-0o377`, full.length);
          return { kind: 'unit', w: [1, 1] };
        }
      }
      const group = parseInt(full.slice(1), 10);
      if (group < this.groupWidths.length) {
        if (!this.checkGroup(group)) throw this.error('cannot refer to an open group', full.length);
        this.checkLookbehindGroup(group);
        return { kind: 'other', w: this.groupWidths[group]! };
      }
      throw this.error(`invalid group reference ${group}`, full.length - 1);
    }
    if (/[A-Za-z]/.test(c)) throw this.error(`bad escape ${esc}`, cpLen(esc));
    return { kind: 'unit', w: [1, 1] };
  }

  /** _parse_sub: alternatives separated by `|`; the width is the narrowest and widest of them. */
  private parseSub(verbose: boolean, nested: number): Width {
    let w: Width | null = null;
    let first = nested === 0;
    for (;;) {
      const item = this.parseSeq(verbose, nested + 1, first);
      w = w === null ? item : [Math.min(w[0], item[0]), Math.max(w[1], item[1])];
      first = false;
      if (!this.match('|')) return w;
      if (nested === 0) verbose = this.verboseGlobal;
    }
  }

  private parseSet(): Item {
    const here = this.tell() - 1;
    let count = 0;
    this.match('^');
    for (;;) {
      const t = this.get();
      if (t === null) throw this.error('unterminated character set', this.tell() - here);
      if (t === ']' && count > 0) return { kind: 'unit', w: [1, 1] };
      const code1 = t[0] === '\\' ? this.classEscape(t) : t.codePointAt(0)!;
      count++;
      if (!this.match('-')) continue;
      const that = this.get();
      if (that === null) throw this.error('unterminated character set', this.tell() - here);
      if (that === ']') return { kind: 'unit', w: [1, 1] };
      const code2 = that[0] === '\\' ? this.classEscape(that) : that.codePointAt(0)!;
      const len = cpLen(t) + 1 + cpLen(that);
      const bad = code1 === 'set' || code2 === 'set' || (code1 >= 0 && code2 >= 0 && code2 < code1);
      if (bad) throw this.error(`bad character range ${t}-${that}`, len);
    }
  }

  /** _parse: one alternative; `first` permits global flags at its start. */
  private parseSeq(verboseIn: boolean, nested: number, first: boolean): Width {
    let verbose = verboseIn;
    const items: Item[] = [];
    for (;;) {
      const t = this.next;
      if (t === null || t === '|' || t === ')') break;
      this.advance();
      if (verbose && ' \t\n\r\v\f'.includes(t)) continue;
      if (verbose && t === '#') {
        for (let c = this.get(); c !== null && c !== '\n'; c = this.get());
        continue;
      }
      if (t[0] === '\\') items.push(this.escape(t));
      else if (!SPECIAL.includes(t)) items.push({ kind: 'unit', w: [1, 1] });
      else if (t === '[') items.push(this.parseSet());
      else if ('*+?{'.includes(t)) {
        const r = this.parseRepeat(t, items);
        if (r) items.push(r);
      } else if (t === '.') items.push({ kind: 'unit', w: [1, 1] });
      else if (t === '(') {
        const g = this.parseGroup(verbose, nested, first && items.length === 0);
        if (g === 'verbose') verbose = this.verboseGlobal;
        else if (g) items.push(g);
      } else items.push({ kind: 'at', w: [0, 0] }); // ^ $
    }
    return cap(items.reduce<Width>((a, i) => sum(a, i.w), [0, 0]));
  }

  /** A repeat applies to the last item (replacing it); `{` that is no repeat is a literal. */
  private parseRepeat(t: string, items: Item[]): Item | null {
    const here = this.tell();
    let min = t === '+' ? 1 : 0;
    let max = t === '?' ? 1 : MAXREPEAT;
    if (t === '{') {
      if (this.next === '}') return { kind: 'unit', w: [1, 1] };
      let lo = '';
      let hi = '';
      while (this.next !== null && DIGITS.includes(this.next)) lo += this.get();
      if (this.match(',')) while (this.next !== null && DIGITS.includes(this.next)) hi += this.get();
      else hi = lo;
      if (!this.match('}')) {
        this.seek(here);
        return { kind: 'unit', w: [1, 1] };
      }
      if (lo) {
        min = Number(lo);
        if (min >= MAXREPEAT) throw new PyReError('the repetition number is too large', null);
      }
      if (hi) {
        max = Number(hi);
        if (max >= MAXREPEAT) throw new PyReError('the repetition number is too large', null);
        if (max < min) throw this.error('min repeat greater than max repeat', this.tell() - here);
      }
    }
    const last = items[items.length - 1];
    if (!last || last.kind === 'at') throw this.error('nothing to repeat', this.tell() - here + 1);
    if (last.kind === 'repeat') throw this.error('multiple repeat', this.tell() - here + 1);
    if (!this.match('?')) this.match('+');
    items[items.length - 1] = { kind: 'repeat', w: [last.w[0] * min, last.w[1] * max] };
    return null;
  }

  /** After `(`: a group, an assertion, a comment (null), flags, or global flags ('verbose': re-read them). */
  private parseGroup(verbose: boolean, nested: number, first: boolean): Item | null | 'verbose' {
    const start = this.tell() - 1;
    let capture = true;
    let name: string | null = null;
    let add = '';
    let del = '';
    if (this.match('?')) {
      const c = this.get();
      if (c === null) throw this.error('unexpected end of pattern');
      if (c === 'P') {
        if (this.match('<')) {
          name = this.getuntil('>', 'group name');
          this.checkGroupName(name, 1);
        } else if (this.match('=')) {
          const ref = this.getuntil(')', 'group name');
          this.checkGroupName(ref, 1);
          const gid = this.groupNames.get(ref);
          if (gid === undefined) throw this.error(`unknown group name ${pyRepr(ref)}`, cpLen(ref) + 1);
          if (!this.checkGroup(gid)) throw this.error('cannot refer to an open group', cpLen(ref) + 1);
          this.checkLookbehindGroup(gid);
          return { kind: 'other', w: this.groupWidths[gid]! };
        } else {
          const d = this.get();
          if (d === null) throw this.error('unexpected end of pattern');
          throw this.error(`unknown extension ?P${d}`, cpLen(d) + 2);
        }
      } else if (c === ':') capture = false;
      else if (c === '#') {
        for (;;) {
          if (this.next === null) throw this.error('missing ), unterminated comment', this.tell() - start);
          if (this.get() === ')') return null;
        }
      } else if ('=!<'.includes(c)) {
        let behind = false;
        const saved = this.lookbehindGroups;
        if (c === '<') {
          const d = this.get();
          if (d === null) throw this.error('unexpected end of pattern');
          if (!'=!'.includes(d)) throw this.error(`unknown extension ?<${d}`, cpLen(d) + 2);
          behind = true;
          if (saved === null) this.lookbehindGroups = this.groupWidths.length;
        }
        const w = this.parseSub(verbose, nested + 1);
        if (behind && saved === null) this.lookbehindGroups = null;
        if (!this.match(')')) throw this.error('missing ), unterminated subpattern', this.tell() - start);
        if (behind && w[0] !== w[1]) this.lookbehindVaries = true;
        return { kind: 'other', w: [0, 0] };
      } else if (c === '(') {
        return this.parseConditional(verbose, nested, start);
      } else if (c === '>') capture = false;
      else if (FLAGS.includes(c) || c === '-') {
        const flags = this.parseFlags(c);
        if (flags === null) {
          if (!first) throw this.error('global flags not at the start of the expression', this.tell() - start);
          return 'verbose';
        }
        [add, del] = flags;
        capture = false;
      } else throw this.error(`unknown extension ?${c}`, cpLen(c) + 1);
    }
    let gid: number | null = null;
    if (capture) {
      gid = this.groupWidths.length;
      this.groupWidths.push(null);
      if (name !== null) {
        const old = this.groupNames.get(name);
        if (old !== undefined) throw this.error(`redefinition of group name ${pyRepr(name)} as group ${gid}; was group ${old}`, cpLen(name) + 1);
        this.groupNames.set(name, gid);
      }
    }
    const subVerbose = (verbose || add.includes('x')) && !del.includes('x');
    const w = this.parseSub(subVerbose, nested + 1);
    if (!this.match(')')) throw this.error('missing ), unterminated subpattern', this.tell() - start);
    if (gid !== null) this.groupWidths[gid] = w;
    return { kind: 'other', w };
  }

  /** `(?(group)yes|no)` */
  private parseConditional(verbose: boolean, nested: number, start: number): Item {
    const cond = this.getuntil(')', 'group name');
    const len = cpLen(cond) + 1;
    let gid: number;
    if (/^[\p{ID_Start}_][\p{ID_Continue}]*$/u.test(cond)) {
      const g = this.groupNames.get(cond);
      if (g === undefined) throw this.error(`unknown group name ${pyRepr(cond)}`, len);
      gid = g;
    } else {
      // int(): digits with an optional sign, `_` between digits and spaces around; not negative (Python's
      // int() also takes other scripts' digits: such a pattern is refused here)
      const digits = cond.trim().replace(/^\+/, '');
      if (!/^[0-9]+(_[0-9]+)*$/.test(digits)) throw this.error(`bad character in group name ${pyRepr(cond)}`, len);
      gid = Number(digits.replace(/_/g, ''));
      if (gid === 0) throw this.error('bad group number', len);
      if (gid >= 1073741823) throw this.error(`invalid group reference ${gid}`, len);
      if (!this.grouprefpos.has(gid)) this.grouprefpos.set(gid, this.tell() - len);
    }
    this.checkLookbehindGroup(gid);
    const yes = this.parseSeq(verbose, nested + 1, false);
    let no: Width | null = null;
    if (this.match('|')) {
      no = this.parseSeq(verbose, nested + 1, false);
      if (this.next === '|') throw this.error('conditional backref with more than two branches');
    }
    if (!this.match(')')) throw this.error('missing ), unterminated subpattern', this.tell() - start);
    return { kind: 'other', w: no === null ? [0, yes[1]] : [Math.min(yes[0], no[0]), Math.max(yes[1], no[1])] };
  }

  /** _parse_flags: null for global flags `(?x)`, else the flags turned on and off for the group. */
  private parseFlags(c0: string): [string, string] | null {
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
      if (add.includes('x')) this.verboseGlobal = true;
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

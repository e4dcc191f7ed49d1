// Whether Python's re.compile takes a pattern, and Python's words when it does not. conda compiles a match
// spec's `^…$` build, name and build_number values with Python's `re` while parsing the spec, so a pattern
// Python refuses makes conda refuse the spec; JavaScript's RegExp has another syntax and cannot judge it.
// This is Python 3.11's re/_parser.py reduced to what raises (plus _compiler.py's two errors: a look-behind
// of more than one width, a repeat under the t flag): the same tokens, positions (in code points) and
// messages. Not followed: `\N{NAME}` is taken for any NAME of the form of a Unicode name (Python looks it up
// in its Unicode database), and as no character in a set's range; the Unicode of group names (identifiers,
// printable characters) is Node's, where Python 3.11 knows Unicode 14. Python 3.11's other messages and
// positions are the same. Its warnings change nothing.
// test/unit/sync/pyregex.test.ts puts every row to the real Python. The tokens, escapes and flags are
// pyregex-source.ts, what is kept about groups and said after parsing pyregex-groups.ts; this file is the
// parser (_parse_sub, _parse, groups, repeats, look-behind widths).
import { pythonInt } from './pyint';
import { IDENTIFIER, MAXCODE_ARG, MAXREPEAT, ParseState, type Width } from './pyregex-groups';
import { CATEGORY_ESCAPES, CHAR_ESCAPES, cpLen, DIGITS, FLAGS, OCTDIGITS, pyRepr, PyReError, type PyExceptionType } from './pyregex-source';

const SPECIAL = '.\\[{()*+?^$|';
const AT_ESCAPES = new Set(['\\A', '\\b', '\\B', '\\Z']); // outside a set, \\b is a position too

/** A parsed item: what a repeat after it needs to know, and its width (the look-behind check). */
interface Item {
  kind: 'unit' | 'at' | 'repeat' | 'other';
  w: Width;
}
const sum = (a: Width, b: Width): Width => [a[0] + b[0], a[1] + b[1]];
const cap = (w: Width): Width => [Math.min(w[0], MAXREPEAT - 1), Math.min(w[1], MAXREPEAT)];

/** What re.compile raises on a pattern: the exception's type and its text (str(e)). */
export interface PyRaised {
  type: PyExceptionType;
  text: string;
}

/** null when Python compiles `pattern`; else what it raises. */
export function pythonRegexRaises(pattern: string): PyRaised | null {
  const chars = Array.from(pattern);
  try {
    new Parser(chars).parse();
    return null;
  } catch (err) {
    if (!(err instanceof PyReError)) throw err;
    if (err.pos === null) return { type: err.type, text: err.msg };
    const before = chars.slice(0, err.pos);
    const msg = `${err.msg} at position ${err.pos}`;
    if (!chars.includes('\n')) return { type: err.type, text: msg };
    return { type: err.type, text: `${msg} (line ${before.filter((c) => c === '\n').length + 1}, column ${err.pos - before.lastIndexOf('\n')})` };
  }
}

/** null when Python compiles `pattern`; else the text of what it raises (re.error, OverflowError, RuntimeError). */
export function pythonRegexError(pattern: string): string | null {
  return pythonRegexRaises(pattern)?.text ?? null;
}

class Parser extends ParseState {
  parse(): void {
    this.parseSub(false, 0);
    if (this.next !== null) throw this.error('unbalanced parenthesis');
    this.finish();
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
      if (nested === 0) verbose = this.globalFlags.includes('x');
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
      const bad = code1 === 'set' || code2 === 'set' || (code2 >= 0 && code2 < code1); // \N{NAME} is -1 (not known here): taken as a start or an end
      if (bad) throw this.error(`bad character range ${t}-${that}`, len);
    }
  }

  /** _parse: one alternative; `first` permits global flags at its start. */
  private parseSeq(verboseIn: boolean, nested: number, first: boolean): Width {
    let verbose = verboseIn;
    const items: Item[] = [];
    let itemAt = 0; // where the last item starts: a repeat of it is a node that starts there
    for (;;) {
      const t = this.next;
      if (t === null || t === '|' || t === ')') break;
      const at = this.tell();
      const count = items.length;
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
        const r = this.parseRepeat(t, items, itemAt);
        if (r) items.push(r);
      } else if (t === '.') items.push({ kind: 'unit', w: [1, 1] });
      else if (t === '(') {
        const g = this.parseGroup(verbose, nested, first && items.length === 0);
        if (g === 'verbose') verbose = this.globalFlags.includes('x');
        else if (g) items.push(g);
      } else items.push({ kind: 'at', w: [0, 0] }); // ^ $
      if (items.length > count) itemAt = at;
    }
    return cap(items.reduce<Width>((a, i) => sum(a, i.w), [0, 0]));
  }

  /** A repeat applies to the last item (replacing it); `{` that is no repeat is a literal. */
  private parseRepeat(t: string, items: Item[], itemAt: number): Item | null {
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
        if (min >= MAXREPEAT) throw new PyReError('the repetition number is too large', null, 'OverflowError');
      }
      if (hi) {
        max = Number(hi);
        if (max >= MAXREPEAT) throw new PyReError('the repetition number is too large', null, 'OverflowError');
        if (max < min) throw this.error('min repeat greater than max repeat', this.tell() - here);
      }
    }
    const last = items[items.length - 1];
    if (!last || last.kind === 'at') throw this.error('nothing to repeat', this.tell() - here + 1);
    if (last.kind === 'repeat') throw this.error('multiple repeat', this.tell() - here + 1);
    const op = this.match('?') ? 'MIN_REPEAT' : this.match('+') ? 'POSSESSIVE_REPEAT' : 'MAX_REPEAT';
    if (this.globalFlags.includes('t')) this.compiled(itemAt, `internal: unsupported template operator ${op}`);
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
        if (behind && w[0] !== w[1]) this.compiled(start, 'look-behind requires fixed-width pattern');
        else if (behind && w[0] > MAXCODE_ARG) this.codeRefused = true;
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
    if (IDENTIFIER.test(cond)) {
      const g = this.groupNames.get(cond);
      if (g === undefined) throw this.error(`unknown group name ${pyRepr(cond)}`, len);
      gid = g;
    } else {
      // int(), and not negative (-0 is 0, the bad group number below)
      const n = pythonInt(cond);
      if (n === null || n < 0n) throw this.error(`bad character in group name ${pyRepr(cond)}`, len);
      if (n === 0n) throw this.error('bad group number', len);
      if (n >= 1073741823n) throw this.error(`invalid group reference ${n}`, len);
      gid = Number(n);
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
}

// What the regex parser (pyregex.ts) keeps about groups — their widths, names, the references to check
// once the pattern is read, the look-behind being read — and the errors Python raises only after parsing:
// _compiler.py's (kept, the first it would reach wins) and _sre's check of the compiled code.
import { cpLen, PatternSource, pyRepr, PyReError } from './pyregex-source';

export const MAXREPEAT = 4294967295;
/** _sre's check of the compiled code: a look-behind's width is an argument whose top bit must be clear. */
export const MAXCODE_ARG = 0x7fffffff;

export type Width = [number, number];
/** str.isidentifier(): XID, not ID (they part on a few characters such as U+309B). */
export const IDENTIFIER = /^[\p{XID_Start}_][\p{XID_Continue}]*$/u;

export class ParseState extends PatternSource {
  protected groupWidths: (Width | null)[] = [null];
  protected groupNames = new Map<string, number>();
  protected lookbehindGroups: number | null = null;
  protected grouprefpos = new Map<number, number>();
  /** The first error _compiler.py raises as it walks the parsed tree, and where its node starts. */
  protected compileError: { at: number; msg: string } | null = null;
  /** _sre.compile refuses the code _compiler.py made (RuntimeError, after every re.error). */
  protected codeRefused = false;

  /** Python's checks after _parse: references to groups never defined, then _compiler.py's and _sre's. */
  protected finish(): void {
    for (const [g, pos] of this.grouprefpos) if (g >= this.groupWidths.length) throw new PyReError(`invalid group reference ${g}`, pos);
    if (this.compileError) throw new PyReError(this.compileError.msg, null);
    if (this.codeRefused) throw new PyReError('invalid SRE code', null, 'RuntimeError');
  }

  /**
   * _compiler.py's errors (a look-behind of more than one width, a repeat under the global t flag) come after
   * parsing, from the node it reaches first: the one that starts first, an enclosing one first. A node is seen
   * here when it ends, so one that starts at or before the error kept encloses or precedes it.
   */
  protected compiled(at: number, msg: string): void {
    if (this.compileError === null || at <= this.compileError.at) this.compileError = { at, msg };
  }

  protected checkGroupName(name: string, offset: number): void {
    if (!IDENTIFIER.test(name)) throw this.error(`bad character in group name ${pyRepr(name)}`, cpLen(name) + offset);
  }
  protected checkGroup(gid: number): boolean {
    return gid < this.groupWidths.length && this.groupWidths[gid] !== null;
  }
  protected checkLookbehindGroup(gid: number): void {
    if (this.lookbehindGroups === null) return;
    if (!this.checkGroup(gid)) throw this.error('cannot refer to an open group');
    if (gid >= this.lookbehindGroups) throw this.error('cannot refer to group defined in the same lookbehind subpattern');
  }
}

// Python's re.compile verdict (src/sync/pyregex.ts), which conda gives on a `^…$` build, name or
// build_number while it parses a spec: one row per error Python's parser raises, each with a row one step
// past it that Python takes. The last describe hands every pattern to the real conda's Python.
import { type MatchSpec } from '../../../src/sync/matchspec';
import { pythonRegexError, pythonRegexRaises } from '../../../src/sync/pyregex';
import { askConda, type OracleSpec } from '../../helpers/conda-oracle';
import { describeWithConda } from '../../helpers/realconda';
import { outcome } from '../../helpers/spec-outcome';

const BY_ERROR: [string, string | null][] = [
  ['^3$', null],
  // groups: unclosed, closed once too often, and the position of each
  ['^3($', 'missing ), unterminated subpattern at position 2'],
  ['^(3)$', null],
  ['^3)$', 'unbalanced parenthesis at position 2'],
  ['a\n)', 'unbalanced parenthesis at position 2 (line 2, column 1)'],
  ['(?', 'unexpected end of pattern at position 2'],
  ['(?z)', 'unknown extension ?z at position 1'],
  ['(?<x)', 'unknown extension ?<x at position 1'],
  ['(?<=x)', null],
  ['(?Px)', 'unknown extension ?Px at position 1'],
  ['(?#abc', 'missing ), unterminated comment at position 0'],
  ['(?#a\\)b)', null],
  ['(?>a)*', null],
  // repeats
  ['^*$', 'nothing to repeat at position 1'],
  ['\\b+', 'nothing to repeat at position 2'],
  ['(?:)*', null],
  ['a**', 'multiple repeat at position 2'],
  ['a*??', 'multiple repeat at position 3'],
  ['a*?', null],
  ['a*+', null],
  ['a{2,1}', 'min repeat greater than max repeat at position 2'],
  ['a{1,2}', null],
  ['a{,}', null],
  ['a{x}', null],
  ['{}', null],
  ['a{4294967295}', 'the repetition number is too large'],
  ['a{4294967294}', null],
  // sets
  ['[a', 'unterminated character set at position 0'],
  ['[]', 'unterminated character set at position 0'],
  ['[]a]', null],
  ['[^]', 'unterminated character set at position 0'],
  ['[a-', 'unterminated character set at position 0'],
  ['[a-]', null],
  ['[z-a]', 'bad character range z-a at position 1'],
  ['[a-z]', null],
  ['[\\d-z]', 'bad character range \\d-z at position 1'],
  // Python names the range by its tokens: an escape's digits are not part of them
  ['[\\x41-\\x40]', 'bad character range \\x-\\x at position 5'],
  ['[\\x40-\\x41]', null],
  ['[\\101-\\102]', null],
  ['[\\8]', 'bad escape \\8 at position 1'],
  ['[\\A]', 'bad escape \\A at position 1'],
  ['[\\b]', null],
  ['[\\-]', null],
  ['[\\377]', null],
  ['[\\N{LATIN SMALL LETTER A}]', null],
  // a name's character is not known here: a range to it is taken
  ['[a-\\N{LATIN SMALL LETTER Z}]', null],
  // escapes
  ['\\q', 'bad escape \\q at position 0'],
  ['\\-', null],
  ['a\\', 'bad escape (end of pattern) at position 1'],
  ['\\x4', 'incomplete escape \\x4 at position 0'],
  ['\\x41', null],
  // an escape takes its digits and no more
  ['\\x411', null],
  ['\\u12g', 'incomplete escape \\u12 at position 0'],
  ['\\U00110000', 'bad escape \\U00110000 at position 0'],
  ['\\U0010ffff', null],
  ['\\N', 'missing { at position 2'],
  ['\\N{', 'missing character name at position 3'],
  ['\\N{}', 'missing character name at position 3'],
  ['\\N{x!}', "undefined character name 'x!' at position 0"],
  ['\\N{x}', "undefined character name 'x' at position 0"],
  ['\\N{0X}', "undefined character name '0X' at position 0"],
  ['\\N{A  B}', "undefined character name 'A  B' at position 0"],
  ['\\N{digit one}', null],
  // a name of two characters: an alias (LINE FEED)
  ['\\N{LF}', null],
  // positions count code points, as Python does: an astral character is one
  ['😀(?😀)', 'unknown extension ?😀 at position 2'],
  ['😀\\😀*', null],
  ['(?i😀)', 'missing -, : or ) at position 3'],
  ['\\N{LATIN SMALL LETTER A}', null],
  ['\\777', 'octal escape value \\777 outside of range 0-0o377 at position 0'],
  ['\\377', null],
  ['[\\777]', 'octal escape value \\777 outside of range 0-0o377 at position 1'],
  ['\\8', 'invalid group reference 8 at position 1'],
  ['(a)\\2', 'invalid group reference 2 at position 4'],
  ['(a)\\1', null],
  ['(a\\1)', 'cannot refer to an open group at position 2'],
  // named groups and conditionals
  ['(?P<1>a)', "bad character in group name '1' at position 4"],
  ['(?P<a>x)(?P<a>y)', "redefinition of group name 'a' as group 2; was group 1 at position 12"],
  ['(?P<a>x)(?P<b>y)', null],
  // a name in a message is Python's repr of it: its quotes, and escapes for what is not printable
  ["(?P<a'b>x)", 'bad character in group name "a\'b" at position 4'],
  ['(?P<a\'"b>x)', "bad character in group name 'a\\'\"b' at position 4"],
  ['(?P<a\\b>x)', "bad character in group name 'a\\\\b' at position 4"],
  ['(?P<a\nb>x)', "bad character in group name 'a\\nb' at position 4 (line 1, column 5)"],
  ['(?P<a\rb>x)', "bad character in group name 'a\\rb' at position 4"],
  ['(?P<a\tb>x)', "bad character in group name 'a\\tb' at position 4"],
  ['(?P<a\x01b>x)', "bad character in group name 'a\\x01b' at position 4"],
  ['(?P<a\x7fb>x)', "bad character in group name 'a\\x7fb' at position 4"],
  // past ASCII, what str.isprintable() refuses (the Other and Separator categories, but the space) is escaped too
  ['(?P<a b>x)', "bad character in group name 'a b' at position 4"],
  ['(?P<a😀b>x)', "bad character in group name 'a😀b' at position 4"],
  ['(?P<a\xa0b>x)', "bad character in group name 'a\\xa0b' at position 4"],
  ['(?P<a\u061cb>x)', "bad character in group name 'a\\u061cb' at position 4"],
  ['(?P<a\u2028b>x)', "bad character in group name 'a\\u2028b' at position 4"],
  ['(?P<a\u{e0001}b>x)', "bad character in group name 'a\\U000e0001b' at position 4"],
  ["\\N{a'b}", 'undefined character name "a\'b" at position 0'],
  ['(?P=b)', "unknown group name 'b' at position 4"],
  ['(?P<b>x)(?P=b)', null],
  ['(?P<a', 'missing >, unterminated name at position 4'],
  ['(?(2)a)(b)', 'invalid group reference 2 at position 3'],
  ['(?(1)a)(b)', null],
  ['(?(0)a)', 'bad group number at position 3'],
  ['(?(-1)a)', "bad character in group name '-1' at position 3"],
  ['(?(x)a)', "unknown group name 'x' at position 3"],
  ['(a)(?(1)b|c|d)', 'conditional backref with more than two branches at position 11'],
  ['(a)(?(1)b|c)', null],
  // flags
  ['a(?i)', 'global flags not at the start of the expression at position 1'],
  ['(?i)a', null],
  // global flags without x leave spaces as they are, in every branch
  ['(?i) *', null],
  ['a| *', null],
  // verbose: spaces and comments are nothing, so the repeat applies to `a`
  ['(?x) a # c\n*', null],
  ['(?x)# c\n*', 'nothing to repeat at position 8 (line 2, column 1)'],
  ['(?x)\\ *', null],
  ['(?L)', "bad inline flags: cannot use 'L' flag with a str pattern at position 3"],
  ['(?au:a)', "bad inline flags: flags 'a', 'u' and 'L' are incompatible at position 4"],
  ['(?-a:x)', "bad inline flags: cannot turn off flags 'a', 'u' and 'L' at position 4"],
  ['(?i-i:x)', 'bad inline flags: flag turned on and off at position 5'],
  ['(?i-m:x)', null],
  ['(?i:a)', null],
  ['(?ua:x)', "bad inline flags: flags 'a', 'u' and 'L' are incompatible at position 4"],
  ['(?aa:x)', null],
  ['(?im-i:x)', 'bad inline flags: flag turned on and off at position 6'],
  ['(?-i:x)', null],
  ['(?-im:a)', null],
  ['(?t:a)', 'bad inline flags: cannot turn on global flag at position 3'],
  ['(?-t:a)', 'bad inline flags: cannot turn off global flag at position 4'],
  ['(?-', 'missing flag at position 3'],
  ['(?-i', 'missing : at position 4'],
  // a character that is no flag: a letter is an unknown flag; anything else, or an escape, ends the flags too soon
  ['(?i\\x)', 'missing -, : or ) at position 3'],
  ['(?-z:a)', 'unknown flag at position 3'],
  ['(?-1:a)', 'missing flag at position 3'],
  ['(?-\\x:a)', 'missing flag at position 3'],
  ['(?-iz:a)', 'unknown flag at position 4'],
  ['(?-i1:a)', 'missing : at position 4'],
  ['(?-i\\x:a)', 'missing : at position 4'],
  ['(?i', 'missing -, : or ) at position 3'],
  ['(?iz)', 'unknown flag at position 3'],
  // look-behind: one width only, and no group of its own referred to
  ['(?<=a|bc)', 'look-behind requires fixed-width pattern'],
  ['(?<=a|b)', null],
  ['(?<=a{1,2})', 'look-behind requires fixed-width pattern'],
  ['(?<=a{2})', null],
  // `{` that starts no repeat is a literal, and so is what follows it
  ['(?<=x{1,|abcd)', null],
  ['(?<=x{1,|abc)', 'look-behind requires fixed-width pattern'],
  ['(?<=(a)\\1)', 'cannot refer to group defined in the same lookbehind subpattern at position 9'],
  ['(a)(?<=\\1)', null],
  ['(ab)(?<=\\1|x)', 'look-behind requires fixed-width pattern'],
  // the global t flag (template, deprecated): _compiler.py refuses every repeat. Its errors come from the node
  // it reaches first, the one that starts first, an enclosing one before what it encloses
  ['(?t)a', null],
  ['(?t)a{x}', null],
  ['(?t)a*', 'internal: unsupported template operator MAX_REPEAT'],
  ['(?t)a*?', 'internal: unsupported template operator MIN_REPEAT'],
  ['(?t)a*+', 'internal: unsupported template operator POSSESSIVE_REPEAT'],
  ['(?i)(?t)(?x) a +?', 'internal: unsupported template operator MIN_REPEAT'],
  ['(?t)(?:a*)*?', 'internal: unsupported template operator MIN_REPEAT'],
  ['(?t)a*(?<=a|bc)', 'internal: unsupported template operator MAX_REPEAT'],
  ['(?t)x(?<=a|bc)a*', 'look-behind requires fixed-width pattern'],
  ['(?t)(?<=a*)', 'look-behind requires fixed-width pattern'],
  ['(?t)(?<=a|bc)*', 'internal: unsupported template operator MAX_REPEAT'],
  ['(?t)(?<=a|bc)(?#c)*', 'internal: unsupported template operator MAX_REPEAT'],
  ['(?t)(?:x(?<=a|bc))*', 'internal: unsupported template operator MAX_REPEAT'],
  ['(?t)(?<=(?<=a|bc)x|y)', 'look-behind requires fixed-width pattern'],
  ['(?t)(a)(?(1)(?<=a|bc)|c*)', 'look-behind requires fixed-width pattern'],
  ['(?t)(?#c)(a)(?(1)b|c*)', 'internal: unsupported template operator MAX_REPEAT'],
];

// Rows that tell apart code of the parser (pyregex.ts) the rows above left untold, by the part they reach; each
// is put to the real Python like those above.

/** Group names and references, escapes in the parser, the top of _parse (sub-patterns, sets). */
const PARSER_TOP: [string, string | null][] = [
  // a conditional in a look-behind names a group not yet closed: one not yet opened is open too (no group 1
  // exists yet); a closed group of the same look-behind is the other error, one closed before it is taken
  ['(?<=(?(1)a|b))', 'cannot refer to an open group at position 9'],
  ['(?<=(a)(?(2)x|y))', 'cannot refer to an open group at position 12'],
  ['(?<=(a)(?(1)x|y))', 'cannot refer to group defined in the same lookbehind subpattern at position 12'],
  ['(a)(?<=(?(1)x|y))', null],
  // \0 starts an octal escape (up to two more octal digits), never the reference to group 0
  ['\\0', null],
  ['\\08', null],
  ['\\0123', null],
  // three digits are an octal escape only when all three are octal; else the first two are a group number
  ['\\187', 'invalid group reference 18 at position 1'],
  ['\\817', 'invalid group reference 81 at position 1'],
  ['\\12', 'invalid group reference 12 at position 1'],
  // a group name goes on with any identifier character
  ['(?P<ab>x)', null],
  ['(?P<a1>x)', null],
  ['(?P<a->x)', "bad character in group name 'a-' at position 4"],
  // the pattern is not verbose until a global x flag says so
  [' *', null],
  // global flags only at the start of the first alternative of the whole pattern: not in a group, not after `|`
  ['(?:(?i)a)', 'global flags not at the start of the expression at position 3'],
  ['a|(?i)b', 'global flags not at the start of the expression at position 2'],
  // after `|` at the top, a global x found in the first alternative makes the next ones verbose; in a group
  // its own x flag holds, whatever the global flags say
  ['(?x)a| *', 'nothing to repeat at position 7'],
  ['(?x:a| *)', 'nothing to repeat at position 7'],
  ['(?x)(?-x:a| *)', null],
  // a set ends at a `]` only; a range's end is counted from where the set starts
  ['[ab', 'unterminated character set at position 0'],
  ['x[a-', 'unterminated character set at position 1'],
  // a range may be one character, and may end at \x00 (a code point of 0 is a character like any other)
  ['[a-a]', null],
  ['[a-\\x00]', 'bad character range a-\\x at position 3'],
  ['[\\x00-\\x00]', null],
  // a width is capped as Python caps it (min below MAXREPEAT, max at it): a look-behind of MAXREPEAT
  // characters has two widths. That is 3.11.2's getwidth (the conda's Python); 3.11.7 caps at 2**64 and takes it
  ['(?<=a{4294967294}a)', 'look-behind requires fixed-width pattern'],
  // a group's name is what str.isidentifier() takes too: XID, which refuses U+309B (ID takes it)
  ['(?P<\u309b>x)', "bad character in group name '\u309b' at position 4"],
  ['(?P<a\u309b>x)', "bad character in group name 'a\u309b' at position 4"],
  ['(?P<a\u309c1>x)', "bad character in group name 'a\u309c1' at position 4"],
];

/** Repeats, the items of a sequence, groups and look-arounds. */
const PARSER_MIDDLE: [string, string | null][] = [
  // verbose: whitespace is nothing (so `*` has nothing to repeat), and a comment may run to the end of the pattern
  ['(?x) *', 'nothing to repeat at position 5'],
  ['(?x)\t*', 'nothing to repeat at position 5'],
  ['(?x)a#c', null],
  // a repeat's bounds: each is checked against MAXREPEAT on its own, and a missing max is no max
  ['a{4294967295,}', 'the repetition number is too large'],
  ['a{,4294967295}', 'the repetition number is too large'],
  ['a{2,}', null],
  ['(?<=a{2,})', 'look-behind requires fixed-width pattern'],
  // widths: `?` is 0 or 1, `+` 1 or more, and a repeat replaces its item (`{0}` of any width is 0 wide)
  ['(?<=a?)', 'look-behind requires fixed-width pattern'],
  ['(?<=a+)', 'look-behind requires fixed-width pattern'],
  ['(?<=(?:a|bc){0})', null],
  // a named group or reference without a name; a reference to its own group; `(?P` at the end
  ['(?P<', 'missing group name at position 4'],
  ['(?P<>', 'missing group name at position 4'],
  ['(?P=', 'missing group name at position 4'],
  ['(?P=)', 'missing group name at position 4'],
  ['(?P<a>(?P=a))', 'cannot refer to an open group at position 10'],
  ['x(?P<ab>(?P=ab))', 'cannot refer to an open group at position 12'],
  ['(?P', 'unexpected end of pattern at position 3'],
  // `(?:` captures nothing: a reference past it has no group
  ['(?:a)\\1', 'invalid group reference 1 at position 6'],
  ['(?:a)(b)\\2', 'invalid group reference 2 at position 9'],
  ['a(?#b', 'missing ), unterminated comment at position 1'],
  // look-aheads: no width check, no own-group check, nothing read after `(?=` but the pattern
  ['(?=a|bc)', null],
  ['(?=a)', null],
  ['(?!a)', null],
  ['(?<', 'unexpected end of pattern at position 3'],
  ['b(?=a', 'missing ), unterminated subpattern at position 1'],
  // a look-around's pattern is nested: global flags there are not at the start
  ['(?=(?i)a)', 'global flags not at the start of the expression at position 3'],
  ['(?x)(?=(?i)a)', 'global flags not at the start of the expression at position 7'],
  // the groups of a look-behind are those from where the outermost one starts, till it ends
  ['(?<=(a)(?<=\\1))', 'cannot refer to group defined in the same lookbehind subpattern at position 13'],
  ['(?<=(a)(?=b)\\1)', 'cannot refer to group defined in the same lookbehind subpattern at position 14'],
  ['(?<=(a)(?<=b)\\1)', 'cannot refer to group defined in the same lookbehind subpattern at position 15'],
  ['(?<=a)(b)\\1', null],
  // _sre checks the compiled code after _compiler.py is done: a look-behind's width of 2**31 or more is a
  // RuntimeError there, raised only when no re.error came first; a look-ahead's width is never written
  ['(?<=a{2147483647})', null],
  ['(?<=a{2147483648})', 'invalid SRE code'],
  ['(?<!a{2147483648})', 'invalid SRE code'],
  ['(?<=x{1073741824}y{1073741824})', 'invalid SRE code'],
  ['(?<=(?<=a{2147483648})b)', 'invalid SRE code'],
  ['(?=a{2147483648})', null],
  ['(?<=(?=a{2147483648})b)', null],
  ['(?<=a{2147483648})(?<=a|bc)', 'look-behind requires fixed-width pattern'],
  ['a{2,1}(?<=a{2147483648})', 'min repeat greater than max repeat at position 2'],
];

/** Inline flags on a group, conditional groups and their references. */
const PARSER_BOTTOM: [string, string | null][] = [
  // an atomic group, flags on a group and a non-capturing group open no group of their own
  ['(?>a)\\1', 'invalid group reference 1 at position 6'],
  ['(?i:a)\\1', 'invalid group reference 1 at position 7'],
  ['(?:a)\\1', 'invalid group reference 1 at position 6'],
  // x on a group makes its inside verbose (the repeat has nothing before it); -x takes it away, and a group
  // without either keeps what is around it
  ['(?x: *)', 'nothing to repeat at position 5'],
  ['(?: *)', null],
  ['(?x)(?: *)', 'nothing to repeat at position 8'],
  ['(?x)(?-x: *)', null],
  // global flags only at the start of the whole pattern: not at the start of a group, nor of a conditional's
  // branch, however deep
  ['((?i)a)', 'global flags not at the start of the expression at position 1'],
  ['(a)(?(1)(?i)b)', 'global flags not at the start of the expression at position 8'],
  ['(a)(?(1)b|(?i)c)', 'global flags not at the start of the expression at position 10'],
  ['(a)(?(1)(?(1)((?i)b)))', 'global flags not at the start of the expression at position 14'],
  ['(a)(?(1)x|(?(1)x|((?i)b)))', 'global flags not at the start of the expression at position 18'],
  // a conditional's reference: an identifier is a name, all of it; anything else must be a number
  ['(?()a)', 'missing group name at position 3'],
  ['(?(ab)x)', "unknown group name 'ab' at position 3"],
  ['(?P<ab>x)(?(ab)y)', null],
  ['(?(1a)x)', "bad character in group name '1a' at position 3"],
  ['(?(a-)x)', "bad character in group name 'a-' at position 3"],
  // a number as int() reads it: spaces around, a leading +, `_` between digits
  ['(a)(?(1+)b)', "bad character in group name '1+' at position 6"],
  ['(a)(?( 1)b)', null],
  ['(a)(?(+1)b)', null],
  ['(a)(?(0_1)b)', null],
  ['(a)(?(0_01)b)', null],
  ['(?(10)a)', 'invalid group reference 10 at position 3'],
  ['(?(1_0)b)', 'invalid group reference 10 at position 3'],
  // a number past Python's MAXGROUPS is refused at once, before what follows; one below waits for the end
  ['(?(1073741823)a)(', 'invalid group reference 1073741823 at position 3'],
  ['(?(1073741822)a)(', 'missing ), unterminated subpattern at position 16'],
  // a group still missing at the end is named where it was first referred to
  ['(?(2)a)(?(2)b)', 'invalid group reference 2 at position 3'],
  // an unclosed conditional is reported where it starts
  ['(a)(?(1)b', 'missing ), unterminated subpattern at position 3'],
  // a conditional's width: from its narrowest branch to its widest
  ['(a)(?<=(?(1)a|bc))', 'look-behind requires fixed-width pattern'],
  ['(a)(?<=(?(1)ab|bc))', null],
  // a name is what str.isidentifier() takes: XID_Start and XID_Continue, which refuse U+309B (ID_Start and
  // ID_Continue take it)
  ['(?(゛)x)', "bad character in group name '゛' at position 3"],
  ['(?(a゛)x)', "bad character in group name 'a゛' at position 3"],
  // int() of a minus zero is 0; of a large number, the number whole
  ['(?(-0)a)', 'bad group number at position 3'],
  ['(?(-0_0)a)', 'bad group number at position 3'],
  ['(a)(?(-01)b)', "bad character in group name '-01' at position 6"],
  ['(?(99999999999999999999)a)', 'invalid group reference 99999999999999999999 at position 3'],
  // int() strips U+0085 but not U+FEFF (JavaScript's trim() the other way round), nor U+001C that str.isspace() takes
  ['(a)(?(\x851\x85)b)', null],
  ['(a)(?(\ufeff1)b)', "bad character in group name '\\ufeff1' at position 6"],
  ['(a)(?(\x1c1)b)', "bad character in group name '\\x1c1' at position 6"],
  // int() takes the digits of every script, each its value
  ['(a)(?(١)b)', null],
  ['(?(١٠)a)', 'invalid group reference 10 at position 3'],
  ['(?(𝟏𝟗)a)', 'invalid group reference 19 at position 3'],
  ['(?(𝟘_𝟬)a)', 'bad group number at position 3'],
];

const ROWS = [...BY_ERROR, ...PARSER_TOP, ...PARSER_MIDDLE, ...PARSER_BOTTOM];

/** int() reads at most 4300 digits (its default int_max_str_digits), `_` not counted: rows titled by what they hold. */
const LONG_ROWS: [string, string, string | null][] = [
  ['a group number of 4300 digits', `(a)(?(${'0'.repeat(4299)}1)b)`, null],
  ['a group number of 4301 digits', `(a)(?(${'0'.repeat(4300)}1)b)`, `bad character in group name '${'0'.repeat(4300)}1' at position 6`],
  ['4300 digits and 4299 `_`', `(?(1${'_0'.repeat(4299)})a)`, `invalid group reference 1${'0'.repeat(4299)} at position 3`],
];

type Want = MatchSpec | { refused: string };
const E_CHANNEL = "Invalid spec 'c*(': Contains an invalid regular expression. 'missing ), unterminated subpattern at position 1'";
const none = { version: null, build: null, channel: null, subdir: null };

// The same verdict inside a spec. conda compiles a build_number regex itself and lets Python's re.error
// out as it is; a build or name regex goes through GlobStrMatch, which wraps it.
const SPECS: [string, Want][] = [
  ["go[build_number='^3($']", { refused: 'missing ), unterminated subpattern at position 2' }],
  ["go[build_number='^(3)$']", { ...none, name: 'go' }],
  ["go[build_number='^3)$']", { refused: 'unbalanced parenthesis at position 2' }],
  ["go[build_number='^a{2,1}$']", { refused: 'min repeat greater than max repeat at position 3' }],
  ["go[build_number='^(?<=a|bc)$']", { refused: 'look-behind requires fixed-width pattern' }],
  ["go[build_number='^(?<=a|b)$']", { ...none, name: 'go' }],
  // a group name in conda's words is Python's repr of it
  ["go[build_number='^(?P<a\xa0b>x)$']", { refused: "bad character in group name 'a\\xa0b' at position 5" }],
  // build_number is trimmed, then its first character read: nothing left is Python's IndexError
  ["go[build_number=' ']", { refused: 'string index out of range' }],
  ["go[build_number=' 3 ']", { ...none, name: 'go' }],
  ['go 1 ^h($', { refused: "Invalid spec '^h($': Contains an invalid regular expression. 'missing ), unterminated subpattern at position 2'" }],
  ['go 1.5 ^h\\q$', { refused: "Invalid spec '^h\\q$': Contains an invalid regular expression. 'bad escape \\q at position 2'" }],
  ["go[build='^h($']", { refused: "Invalid spec '^h($': Contains an invalid regular expression. 'missing ), unterminated subpattern at position 2'" }],
  ["go[build='^h(x)$']", { ...none, name: 'go', build: '^h(x)$' }],
  // GlobStrMatch (a build, a channel with `*`) words re.error only: Python's OverflowError and RuntimeError
  // go out as they are
  ["go[build='^a{4294967295}$']", { refused: 'the repetition number is too large' }],
  ['go 1 ^a{4294967295}$', { refused: 'the repetition number is too large' }],
  ["go[build='^(?<=a{2147483648})$']", { refused: 'invalid SRE code' }],
  ["go[build='^(?<=a{2147483647})$']", { ...none, name: 'go', build: '^(?<=a{2147483647})$' }],
  ["go[build_number='^(?<=a{2147483648})$']", { refused: 'invalid SRE code' }],
  ["go[version='^(?<=a{2147483648})$']", { refused: 'invalid SRE code' }],
  ['c*h{4294967295}::go', { refused: 'the repetition number is too large' }],
  ['c*(::go', { refused: E_CHANNEL }],
  // a channel's matcher is made after the name's, before the version's and build's
  ['c*(/linux-64::go', { refused: E_CHANNEL }],
  ["go[channel='c*(']", { refused: E_CHANNEL }],
  ["c*(::go 1.x[build_number='^(']", { refused: E_CHANNEL }],
  ['c*(::go=1.=', { refused: E_CHANNEL }],
  ["c*(::go[build='^(']", { refused: E_CHANNEL }],
  ['c*(::^go($', { refused: 'package name contains invalid characters (^($)' }],
  // a channel is a regex only as `^…$` or with a `*`: others are channel names, whatever they hold
  ['^c(::go', { ...none, name: 'go', channel: '^c(' }],
  ['c($::go', { ...none, name: 'go', channel: 'c($' }],
  ['c(::go', { ...none, name: 'go', channel: 'c(' }],
  ['^c($::go', { refused: "Invalid spec '^c($': Contains an invalid regular expression. 'missing ), unterminated subpattern at position 2'" }],
  // a glob (no ^…$) is escaped by conda before it is compiled: any text is taken
  ["go[build='h(*']", { ...none, name: 'go', build: 'h(*' }],
  // a `^…$` version is compiled by VersionSpec the same way, its error let out as it is
  ["go[version='^1\\q$']", { refused: 'bad escape \\q at position 2' }],
  ["go[version='^(?<=a|bc)1$']", { refused: 'look-behind requires fixed-width pattern' }],
  ["go[version='^(?<=a|b)1$']", { ...none, name: 'go', version: '^(?<=a|b)1$' }],
  ['go ^1($', { refused: 'missing ), unterminated subpattern at position 2' }],
  // a name with `*` escapes the package-name rules, not the regex compiler
  ['^go(*$ 1', { refused: "Invalid spec '^go(*$': Contains an invalid regular expression. 'nothing to repeat at position 4'" }],
];

describe('a regex in a spec: refused as conda refuses it', () => {
  test.each(SPECS)('%j', (spec, want) => {
    expect(outcome(spec)).toEqual(want);
  });
});

describe('pythonRegexError: Python’s verdict and words', () => {
  test.each(ROWS)('%j', (pattern, want) => {
    expect(pythonRegexError(pattern)).toBe(want);
  });
});

describe('pythonRegexError: group numbers of thousands of digits', () => {
  test.each(LONG_ROWS)('%s', (_title, pattern, want) => {
    expect(pythonRegexError(pattern)).toBe(want);
  });
});

describe('pythonRegexRaises: which exception Python raises (conda words only re.error)', () => {
  test.each([
    ['a{2,1}', { type: 're.error', text: 'min repeat greater than max repeat at position 2' }],
    ['a{4294967295}', { type: 'OverflowError', text: 'the repetition number is too large' }],
    ['a{,4294967295}', { type: 'OverflowError', text: 'the repetition number is too large' }],
    ['(?<=a{2147483648})', { type: 'RuntimeError', text: 'invalid SRE code' }],
    ['(?<=a{2147483647})', null],
  ])('%j', (pattern, want) => {
    expect(pythonRegexRaises(pattern)).toEqual(want);
  });
});

describeWithConda('the rows are the real conda’s (and its Python’s) answers', (conda) => {
  test('every pattern', () => {
    const answers = askConda(conda, { regexes: ROWS.map(([p]) => p) }).regexes;
    expect(ROWS.map(([p], i) => [p, answers[i]])).toEqual(ROWS);
  });

  test('every long pattern', () => {
    const answers = askConda(conda, { regexes: LONG_ROWS.map(([, p]) => p) }).regexes;
    expect(LONG_ROWS.map(([t, p], i) => [t, p, answers[i]])).toEqual(LONG_ROWS);
  });

  /** conda's answer in a row's shape; an InvalidMatchSpec repeats "Invalid spec '…': " before the reason. */
  function asRow(spec: string, a: OracleSpec): Want {
    if (a.ok) return { name: a.name!, version: a.version!, build: a.build!, channel: a.channel!, subdir: a.subdir! };
    const prefix = `Invalid spec '${spec}': `;
    let reason = a.message!;
    while (reason.startsWith(prefix)) reason = reason.slice(prefix.length);
    return { refused: reason };
  }

  test('every spec', () => {
    const answers = askConda(conda, { specs: SPECS.map(([spec]) => ({ spec, channel: null })) }).specs;
    expect(SPECS.map(([spec], i) => [spec, asRow(spec, answers[i]!)])).toEqual(SPECS);
  });
});

// Python's int() of a str, for the group number of a regex's conditional `(?(1)…)` (pyregex.ts): what it
// strips, the digits it reads and where it gives up, so that the number and the error are Python's.

/** The characters int() strips around the number: Python's own list, neither JavaScript's trim() nor str.isspace(). */
const SPACE = '[\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*';
const INT = new RegExp(`^${SPACE}([+-]?)(\\p{Nd}+(?:_\\p{Nd}+)*)${SPACE}$`, 'u');
/** sys.int_info.default_max_str_digits: past it, int() raises ValueError (`_` not counted). */
const MAX_DIGITS = 4300;

/** int(s) for a str `s`, or null where int() raises ValueError. Digits of any script count with their value. */
export function pythonInt(s: string): bigint | null {
  const m = INT.exec(s);
  if (!m) return null;
  const digits = Array.from(m[2]!.replace(/_/g, ''), digitValue).join('');
  if (digits.length > MAX_DIGITS) return null;
  const n = BigInt(digits);
  return m[1] === '-' ? -n : n;
}

/**
 * A decimal digit's value, of any script: Unicode keeps each set of digits 0 to 9 in a run of its own, and
 * sets that touch start each at 0. Node's Unicode: digits newer than Python 3.11's Unicode 14 are taken here.
 */
function digitValue(d: string): number {
  let c = d.codePointAt(0)!;
  let k = 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(c - 1))) {
    c--;
    k++;
  }
  return k % 10;
}

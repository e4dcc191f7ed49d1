// Conda's version order and version specs, ported line by line from conda's own conda/models/version.py
// (VersionOrder, treeify/untreeify, VersionSpec) so that sync accepts, rejects and matches exactly what
// conda does. rattler's JS binding (the obvious library) disagrees with conda on specs people write:
// it rejects `1.*.5`, `^1\.5.*$` and `1.5@x`, accepts `~=1`, and lets `1.5.*` miss `1.5a`; the table
// test (test/unit/sync/condaversion.test.ts) runs the real conda over the same inputs.

import { pythonRegexError } from './pyregex';

/** Raised for a string conda's VersionOrder or VersionSpec refuses; `reason` is conda's wording. */
export class InvalidVersionSpec extends Error {
  constructor(
    readonly spec: string,
    readonly reason: string,
    /** Python's own error, which conda lets out as it is (a regex re.compile refuses): no "Invalid version" */
    readonly python = false,
  ) {
    super(`invalid version spec '${spec}': ${reason}`);
    this.name = 'InvalidVersionSpec';
  }
}

// A component: a number (bigint: conda's are Python ints, date-like versions pass 2^53), the string
// run, or Infinity for `post` (greater than every number). `dev` is "DEV": upper case sorts first.
type Comp = bigint | number | string;
type Part = Comp[];

const CHECK = /^[*.+!_0-9a-z]+$/;
const SPLIT = /([0-9]+|[*]+|[^0-9*]+)/g;
const FILL = 0n;
const isDigits = (s: string): boolean => /^[0-9]+$/.test(s);

export class VersionOrder {
  readonly norm: string;
  readonly version: Part[];
  readonly local: Part[];

  constructor(vstr: string) {
    let version = vstr.trim().toLowerCase();
    if (version === '') throw new InvalidVersionSpec(vstr, 'empty version string');
    // conda accepts 1.2-3 as 1.2_3 when no underscore is there already. conda first asks whether the
    // string fails the check and holds a '-'; both are implied (a string that passes holds no '-', and
    // without a '-' the replace changes nothing), so they are left out: every string ends as in conda.
    if (!version.includes('_')) version = version.replace(/-/g, '_');
    if (!CHECK.test(version)) throw new InvalidVersionSpec(vstr, 'invalid character(s)');
    this.norm = version;
    const bang = version.split('!');
    if (bang.length > 2) throw new InvalidVersionSpec(vstr, "duplicated epoch separator '!'");
    if (bang.length === 2 && !isDigits(bang[0]!)) throw new InvalidVersionSpec(vstr, 'epoch must be an integer');
    const epoch = bang.length === 2 ? bang[0]! : '0';
    const plus = bang[bang.length - 1]!.split('+');
    if (plus.length > 2) throw new InvalidVersionSpec(vstr, "duplicated local version separator '+'");
    const localStr = plus.length === 2 ? plus[1]!.replace(/_/g, '.').split('.') : [];
    const main = plus[0]!;
    if (main === '') throw new InvalidVersionSpec(vstr, "Missing version before local version separator '+'");
    let split: string[];
    if (main.endsWith('_')) {
      // openssl-like 1.0.1_ keeps its trailing underscore as part of the last component
      split = main.slice(0, -1).replace(/_/g, '.').split('.');
      split[split.length - 1] += '_';
    } else split = main.replace(/_/g, '.').split('.');
    const parse = (v: string): Part => {
      const c = v.match(SPLIT);
      if (!c) throw new InvalidVersionSpec(vstr, 'empty version component');
      const out: Comp[] = c.map((s) => (isDigits(s) ? BigInt(s) : s === 'post' ? Infinity : s === 'dev' ? 'DEV' : s));
      return isDigits(v[0]!) ? out : [FILL, ...out];
    };
    this.version = [epoch, ...split].map(parse);
    this.local = localStr.map(parse);
  }

  toString(): string {
    return this.norm;
  }

  equals(o: VersionOrder): boolean {
    return partsEq(this.version, o.version) && partsEq(this.local, o.local);
  }

  lessThan(o: VersionOrder): boolean {
    for (const [t1, t2] of [
      [this.version, o.version],
      [this.local, o.local],
    ] as const) {
      for (let i = 0; i < Math.max(t1.length, t2.length); i++) {
        const v1 = t1[i] ?? [];
        const v2 = t2[i] ?? [];
        for (let j = 0; j < Math.max(v1.length, v2.length); j++) {
          const c1 = j < v1.length ? v1[j]! : FILL;
          const c2 = j < v2.length ? v2[j]! : FILL;
          if (c1 === c2) continue;
          if (typeof c1 === 'string') {
            if (typeof c2 !== 'string') return true;
          } else if (typeof c2 === 'string') return false;
          return c1 < c2;
        }
      }
    }
    return false;
  }

  compare(o: VersionOrder): number {
    return this.lessThan(o) ? -1 : o.lessThan(this) ? 1 : 0;
  }

  startsWith(o: VersionOrder): boolean {
    let t1: Part[];
    let t2: Part[];
    if (o.local.length > 0) {
      if (!partsEq(this.version, o.version)) return false;
      [t1, t2] = [this.local, o.local];
    } else [t1, t2] = [this.version, o.version];
    let nt = t2.length - 1;
    if (!partsEq(t1.slice(0, nt), t2.slice(0, nt))) return false;
    const v1 = t1.length <= nt ? [] : t1[nt]!;
    const v2 = t2[nt]!;
    nt = v2.length - 1;
    if (!partsEq([v1.slice(0, nt)], [v2.slice(0, nt)])) return false;
    const c1 = v1.length <= nt ? FILL : v1[nt]!;
    const c2 = v2[nt]!;
    if (typeof c2 === 'string') return typeof c1 === 'string' && c1.startsWith(c2);
    return c1 === c2;
  }
}

function partsEq(t1: Part[], t2: Part[]): boolean {
  for (let i = 0; i < Math.max(t1.length, t2.length); i++) {
    const v1 = t1[i] ?? [];
    const v2 = t2[i] ?? [];
    for (let j = 0; j < Math.max(v1.length, v2.length); j++) {
      if ((j < v1.length ? v1[j] : FILL) !== (j < v2.length ? v2[j] : FILL)) return false;
    }
  }
  return true;
}

type Tree = string | [string, ...Tree[]];

/** conda's treeify: "1.2,>3|<1" -> ['|', [',', '1.2', '>3'], '<1'] (`,` binds tighter than `|`). */
export function treeify(spec: string): Tree {
  // Stryker disable next-line ArrayDeclaration: the text starts with "(", which the pattern always matches, so match() is never null
  const tokens = `(${spec})`.match(/\s*\^[^$]*[$]|\s*[()|,]|[^()|,]+/g) ?? [];
  const output: Tree[] = [];
  const stack: string[] = [];
  const applyOps = (stop: string): void => {
    while (stack.length > 0 && !stop.includes(stack[stack.length - 1]!)) {
      if (output.length < 2) throw new InvalidVersionSpec(spec, 'cannot join single expression');
      const c = stack.pop()!;
      const r = output.pop()!;
      const left = output.pop()!;
      const members = Array.isArray(r) && r[0] === c ? r.slice(1) : [r];
      // Every tree on `output` was made here and is held once, so a left side of the same operator grows in
      // place: copying it per operator made `a|b|…` quadratic (8,000 alternatives took seconds).
      if (Array.isArray(left) && left[0] === c) {
        for (const m of members) left.push(m);
        output.push(left);
      } else output.push([c, left, ...members]);
    }
  };
  for (const raw of tokens) {
    const item = raw.trim();
    if (item === '|') {
      applyOps('(');
      stack.push('|');
    } else if (item === ',') {
      applyOps('|(');
      stack.push(',');
    } else if (item === '(') stack.push('(');
    else if (item === ')') {
      applyOps('(');
      if (stack[stack.length - 1] !== '(') throw new InvalidVersionSpec(spec, "expression must start with '('");
      stack.pop();
    } else output.push(item);
  }
  // conda writes the left-over operators as a Python list
  if (stack.length > 0) throw new InvalidVersionSpec(spec, `unable to convert to expression tree: [${stack.map((c) => `'${c}'`).join(', ')}]`);
  if (output.length === 0) throw new InvalidVersionSpec(spec, 'unable to determine version from spec');
  return output[0]!;
}

const RELATION = /^(=|==|!=|<=|>=|<|>|~=)(?![=<>!~])(\S+)$/;
const OPS: Record<string, (x: VersionOrder, y: VersionOrder) => boolean> = {
  '==': (x, y) => x.equals(y),
  '!=': (x, y) => !x.equals(y),
  '<=': (x, y) => !y.lessThan(x),
  '>=': (x, y) => !x.lessThan(y),
  '<': (x, y) => x.lessThan(y),
  '>': (x, y) => y.lessThan(x),
  '=': (x, y) => x.startsWith(y),
  '!=startswith': (x, y) => !x.startsWith(y),
  // ~=1.5.2: >=1.5.2 and 1.5.*
  '~=': (x, y) => !x.lessThan(y) && x.startsWith(new VersionOrder(String(y).split('.').slice(0, -1).join('.'))),
};

/** A parsed version spec: `spec` is conda's normal form of it (what MatchSpec reports as the version). */
export interface VersionSpec {
  spec: string;
  match(version: string): boolean;
}

const escapeRe = (s: string): string => s.replace(/[.+]/g, (c) => `\\${c}`);

export function parseVersionSpec(vspec: string | Tree): VersionSpec {
  if (typeof vspec === 'string' && /^.*[()|,^$]/.test(vspec)) vspec = treeify(vspec);
  if (Array.isArray(vspec)) {
    const [op, ...rest] = vspec;
    const tup = rest.map((s) => parseVersionSpec(s));
    // conda's untreeify((op,) + tuple(t.spec for t in tup)): its members are strings already, and at the
    // top it adds no parentheses, so the normal form is the members' forms joined by the operator (conda
    // writes `1.2|1.3` under a `,` unbracketed too; the real-conda table checks every form).
    const spec = tup.map((t) => t.spec).join(op);
    return { spec, match: op === '|' ? (v) => tup.some((s) => s.match(v)) : (v) => tup.every((s) => s.match(v)) };
  }
  let s = vspec.trim();
  if (s === '') throw new InvalidVersionSpec(vspec, 'empty version spec');
  const operatorMatch = (f: (x: VersionOrder, y: VersionOrder) => boolean, vo: string): VersionSpec['match'] => {
    const y = new VersionOrder(vo);
    return (v) => f(new VersionOrder(v), y);
  };
  if (s.startsWith('^') || s.endsWith('$')) {
    if (!s.startsWith('^') || !s.endsWith('$')) throw new InvalidVersionSpec(s, "regex specs must start with '^' and end with '$'");
    // conda compiles it with Python's re: what Python refuses is refused in its words. What Python takes
    // but JavaScript's RegExp cannot run (`(?P<n>…)`, `\Z`, inline flags) stays refused: gocondad could not
    // match versions with it.
    const pyErr = pythonRegexError(s);
    if (pyErr !== null) throw new InvalidVersionSpec(s, pyErr, true);
    let rx: RegExp;
    try {
      rx = new RegExp(s);
    } catch (err) {
      throw new InvalidVersionSpec(s, `bad regex: ${(err as Error).message}`);
    }
    return { spec: s, match: (v) => rx.test(v) };
  }
  if ('=<>!~'.includes(s[0]!)) {
    const m = RELATION.exec(s);
    if (!m) throw new InvalidVersionSpec(s, 'invalid operator');
    let [, op, vo] = m as unknown as [string, string, string];
    if (vo.endsWith('.*')) {
      if (op === '~=') throw new InvalidVersionSpec(s, "invalid operator with '.*'");
      // `=1.5.*` and `>=1.5.*` mean `=1.5`, `>=1.5`; `!=1.5.*` excludes the 1.5 series; elsewhere .* is ignored
      if (op === '!=') op = '!=startswith';
      vo = vo.slice(0, -2);
    }
    return { spec: s, match: operatorMatch(OPS[op]!, vo) };
  }
  if (s === '*') return { spec: s, match: () => true };
  if (s.replace(/\*+$/, '').includes('*')) {
    const rx = new RegExp(`^(?:${escapeRe(s).replace(/\*/g, '.*')})$`);
    return { spec: s, match: (v) => rx.test(v) };
  }
  if (s.endsWith('*')) {
    if (!s.endsWith('.*')) s = `${s.slice(0, -1)}.*`;
    return { spec: s, match: operatorMatch(OPS['=']!, s.replace(/\*+$/, '').replace(/\.+$/, '')) };
  }
  if (!s.includes('@')) return { spec: s, match: operatorMatch(OPS['==']!, s) };
  const exact = s;
  return { spec: s, match: (v) => v === exact };
}

// go.mod, parsed here (pure, fast, with line numbers for errors) rather than by running `go mod edit
// -json`, which needs a toolchain new enough for the file (go 1.19 rejects a `toolchain` line). The unit
// tests hold this parser to the real `go mod edit -json` of every installed toolchain (toEditJson).
import { SyncInputError } from './errors';
import { parseModVersion } from './modversion';

export interface ModRef {
  path: string;
  version?: string;
}
export interface Require {
  path: string;
  version: string;
  indirect: boolean;
  line: number;
}
export interface Replace {
  old: ModRef;
  new: ModRef;
  line: number;
}
export interface Retract {
  low: string;
  high: string;
  rationale: string;
}
export interface GoMod {
  file: string;
  module: string | null;
  go: string | null;
  goLine: number | null;
  toolchain: string | null;
  require: Require[];
  exclude: { path: string; version: string }[];
  replace: Replace[];
  retract: Retract[];
}

interface Line {
  tokens: string[];
  comment: string;
  line: number;
}

const HINT = 'fix the line (see https://go.dev/ref/mod#go-mod-file) or run `go mod tidy`';

function tokenize(text: string, file: string): Line[] {
  const out: Line[] = [];
  // a CR is whitespace, as in Go's modfile lexer: a CRLF line's end, or a bare CR between words
  text.split('\n').forEach((s, i) => {
    const tokens: string[] = [];
    let comment = '';
    let pos = 0;
    while (pos < s.length) {
      const c = s[pos]!;
      if (c === ' ' || c === '\t' || c === '\r') pos++;
      else if (s.startsWith('//', pos)) {
        comment = s.slice(pos + 2).trim();
        break;
      } else if (c === '"') {
        let end = pos + 1;
        while (end < s.length && s[end] !== c) end += s[end] === '\\' ? 2 : 1;
        if (end >= s.length) throw new SyncInputError(file, i + 1, 'unterminated quoted string', HINT);
        tokens.push(unquote(s.slice(pos, end + 1), file, i + 1));
        pos = end + 1;
      } else if (c === '`') {
        throw new SyncInputError(file, i + 1, 'a back-quoted string is not allowed here (go.mod quotes with ")', HINT);
      } else if (c === '(' || c === ')' || c === '[' || c === ']' || c === ',') {
        tokens.push(c);
        pos++;
      } else {
        let end = pos;
        while (end < s.length && !' \t\r"()[],'.includes(s[end]!) && !s.startsWith('//', end)) end++;
        tokens.push(s.slice(pos, end));
        pos = end;
      }
    }
    out.push({ tokens, comment, line: i + 1 });
  });
  return out;
}

/**
 * A quoted string's value. Go reads it with strconv.Unquote and refuses a bad escape ("invalid quoted
 * string"); JSON's escapes are Go's common ones. A raw control character (a tab) is refused too: Go's
 * `mod edit` keeps it, but no module path or version may hold one.
 */
function unquote(quoted: string, file: string, line: number): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    throw new SyncInputError(file, line, `invalid quoted string ${quoted}`, HINT);
  }
}

/** "v1.2" -> "v1.2.0" as Go canonicalizes a require version; anything else is left as written. */
function canonical(version: string): string {
  if (/^v\d+$/.test(version)) return `${version}.0.0`;
  if (/^v\d+\.\d+$/.test(version)) return `${version}.0`;
  return version;
}

/** Go's rule (modfile's isIndirect): the comment's only word is "indirect", or its first word is "indirect;". */
function isIndirect(comment: string): boolean {
  // `comment` is trimmed: one word "indirect" is the whole comment; "indirect;" first is followed by whitespace
  return comment === 'indirect' || /^indirect;\s/.test(comment);
}

export function parseGoMod(text: string, file: string): GoMod {
  const mod: GoMod = { file, module: null, go: null, goLine: null, toolchain: null, require: [], exclude: [], replace: [], retract: [] };
  const lines = tokenize(text, file);
  let block: string | null = null;
  let pendingComments: string[] = [];
  const bad = (l: Line, what: string): never => {
    throw new SyncInputError(file, l.line, what, HINT);
  };
  // every caller has counted the arguments first, so `v` is there
  const version = (l: Line, v: string, what: string): string => {
    const c = canonical(v);
    if (parseModVersion(c) === null) bad(l, `${what}: "${v}" is not a module version (vX.Y.Z)`);
    return c;
  };
  const directive = (verb: string, args: string[], l: Line) => {
    switch (verb) {
      case 'module':
        if (args.length !== 1) bad(l, 'module: expected one module path');
        mod.module = args[0]!;
        break;
      case 'go':
        if (args.length !== 1 || !/^1(\.\d+){0,2}((rc|beta)\d+)?$/.test(args[0]!))
          bad(l, `go: invalid go version "${args.join(' ')}" (expected e.g. 1.22 or 1.22.5)`);
        mod.go = args[0]!;
        mod.goLine = l.line;
        break;
      case 'toolchain':
        if (args.length !== 1 || !/^(go1(\.\d+){0,2}((rc|beta)\d+)?(-.*)?|default)$/.test(args[0]!))
          bad(l, `toolchain: invalid toolchain "${args.join(' ')}" (expected e.g. go1.22.5)`);
        mod.toolchain = args[0]!;
        break;
      case 'require':
        if (args.length !== 2) bad(l, 'require: expected a module path and a version');
        mod.require.push({ path: args[0]!, version: version(l, args[1]!, `require ${args[0]}`), indirect: isIndirect(l.comment), line: l.line });
        break;
      case 'exclude':
        if (args.length !== 2) bad(l, 'exclude: expected a module path and a version');
        mod.exclude.push({ path: args[0]!, version: version(l, args[1]!, `exclude ${args[0]}`) });
        break;
      case 'replace': {
        const arrow = args.indexOf('=>');
        if (arrow < 1 || arrow > 2 || args.length - arrow - 1 < 1 || args.length - arrow - 1 > 2) bad(l, 'replace: expected `old [version] => new [version]`');
        const old: ModRef = { path: args[0]! };
        if (arrow === 2) old.version = version(l, args[1]!, `replace ${args[0]}`);
        const neu: ModRef = { path: args[arrow + 1]! };
        if (args.length - arrow - 1 === 2) neu.version = version(l, args[arrow + 2]!, `replace => ${neu.path}`);
        mod.replace.push({ old, new: neu, line: l.line });
        break;
      }
      case 'retract': {
        const rationale = l.comment || pendingComments.join('\n');
        if (args[0] === '[') {
          if (args.length !== 5 || args[2] !== ',' || args[4] !== ']') bad(l, 'retract: expected [low, high]');
          mod.retract.push({ low: version(l, args[1]!, 'retract'), high: version(l, args[3]!, 'retract'), rationale });
        } else {
          if (args.length !== 1) bad(l, 'retract: expected a version or [low, high]');
          const v = version(l, args[0]!, 'retract');
          mod.retract.push({ low: v, high: v, rationale });
        }
        break;
      }
      case 'godebug':
      case 'tool':
      case 'ignore':
        break; // newer directives sync has no use for
      default:
        bad(l, `unknown directive: ${verb}`);
    }
  };
  for (const l of lines) {
    if (l.tokens.length === 0) {
      if (l.comment) pendingComments.push(l.comment);
      else pendingComments = [];
      continue;
    }
    if (block !== null) {
      if (l.tokens[0] === ')') {
        // as Go's modfile parser: `) x` is no require of a module named `)`
        if (l.tokens.length > 1) bad(l, 'syntax error (expected newline after closing paren)');
        block = null;
      } else directive(block, l.tokens, l);
    } else if (l.tokens.length === 2 && l.tokens[1] === '(') {
      block = l.tokens[0]!;
      if (!['require', 'exclude', 'replace', 'retract', 'godebug', 'tool', 'ignore'].includes(block)) bad(l, `unknown block: ${block} (`);
    } else directive(l.tokens[0]!, l.tokens.slice(1), l);
    pendingComments = [];
  }
  if (block !== null) throw new SyncInputError(file, lines.length, `unclosed \`${block} (\` block`, HINT);
  if (mod.module === null) throw new SyncInputError(file, 1, 'no module directive', 'add `module <path>` as the first line (`go mod init <path>`)');
  return mod;
}

/** The shape `go mod edit -json` prints (Go's modfile JSON), for comparing with the real toolchains. */
export function toEditJson(mod: GoMod): Record<string, unknown> {
  const ref = (r: ModRef) => (r.version ? { Path: r.path, Version: r.version } : { Path: r.path });
  const out: Record<string, unknown> = { Module: { Path: mod.module } };
  if (mod.go) out.Go = mod.go;
  if (mod.toolchain) out.Toolchain = mod.toolchain;
  out.Require = mod.require.length ? mod.require.map((r) => ({ Path: r.path, Version: r.version, ...(r.indirect ? { Indirect: true } : {}) })) : null;
  out.Exclude = mod.exclude.length ? mod.exclude.map((e) => ({ Path: e.path, Version: e.version })) : null;
  out.Replace = mod.replace.length ? mod.replace.map((r) => ({ Old: ref(r.old), New: ref(r.new) })) : null;
  out.Retract = mod.retract.length ? mod.retract.map((r) => ({ Low: r.low, High: r.high, ...(r.rationale ? { Rationale: r.rationale } : {}) })) : null;
  return out;
}

/** The version a build uses for a required module, after replace directives (null: replaced by a directory). */
export function effectiveVersion(mod: GoMod, req: Require): { path: string; version: string | null } {
  const rep = mod.replace.find((r) => r.old.path === req.path && (r.old.version === undefined || r.old.version === req.version));
  if (!rep) return { path: req.path, version: req.version };
  return { path: rep.new.path, version: rep.new.version ?? null };
}

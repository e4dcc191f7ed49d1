// --write. environment.yml is edited in place: the yaml document API finds each dependency's node and
// its source range, and only those bytes change, so comments, order, quoting and indentation stay as
// the user wrote them. The Go side goes through `go mod edit` of the env's toolchain, run on a copy
// (-modfile) that then replaces go.mod atomically. Every edit of a run is planned first (the toolchain run
// included), then all files are written or none (commitEdits). Lock files are never edited: their tool regenerates them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML, { isMap, isScalar, isSeq } from 'yaml';
import { GocondadError } from '../errors';
import { SyncInputError } from './errors';
import { writeFileAtomic } from './fsatomic';
import { formatMatchSpec, tryParseMatchSpec } from './matchspec';

export interface SpecChange {
  name: string;
  /** conda version spec, "*" for any */
  spec: string;
}

/** environment.yml text with each package's line set to `name spec` (appended when absent). Pure. */
export function editEnvironmentYml(text: string, file: string, changes: SpecChange[]): string {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents))
    throw new SyncInputError(file, undefined, 'cannot edit: not a valid environment file', 'fix it first (`gocondad sync --check` names the line)');
  // Stryker disable next-line BooleanLiteral: keepScalar changes only what a scalar value comes back as (a node or its value), and either is refused as no list below
  const deps = doc.contents.get('dependencies', true);
  if (!isSeq(deps)) throw new SyncInputError(file, undefined, 'cannot edit: no `dependencies:` list', 'add `dependencies:` with at least one package');
  const edits: { start: number; end: number; text: string }[] = [];
  const appended: string[] = [];
  for (const change of changes) {
    const line = formatMatchSpec(change.name, change.spec === '*' ? null : change.spec);
    const node = deps.items.find((item) => isScalar(item) && typeof item.value === 'string' && tryParseMatchSpec(item.value)?.name === change.name);
    if (node && isScalar(node) && node.range) {
      const old = tryParseMatchSpec(node.value as string)!;
      const keepChannel = old.channel ? `${old.channel}${old.subdir ? `/${old.subdir}` : ''}::` : '';
      // plain text YAML would read otherwise gets double quotes; in a flow list (`[a, b]`) that is also a
      // `,` (it ends the item: `[go >=1,<2]` is two) and brackets or braces
      const plainBreaks = /[:#]|^[>*&!%@`]/.test(line) || (deps.flow === true && /[,[\]{}]/.test(line));
      const quote = node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : plainBreaks ? '"' : '';
      edits.push({ start: node.range[0], end: node.range[1], text: `${quote}${keepChannel}${line}${quote}` });
    } else appended.push(line);
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  if (appended.length > 0) out = appendToSeq(out, file, appended);
  return out;
}

/** New `- item` lines after the last dependency, indented like it. */
function appendToSeq(text: string, file: string, lines: string[]): string {
  const doc = YAML.parseDocument(text);
  const deps = (doc.contents as YAML.YAMLMap).get('dependencies', true) as unknown as YAML.YAMLSeq;
  // after the last package, else (only `- pip:` maps) before the first map: a map's range runs to its end
  const lastPkg = deps.items.filter((i) => !isMap(i)).pop();
  const last = lastPkg ?? deps.items[0];
  if (!last || deps.flow || !(last as YAML.Node).range) {
    throw new SyncInputError(
      file,
      undefined,
      'cannot append to an empty or flow-style `dependencies` list',
      `add the line${lines.length > 1 ? 's' : ''} by hand: ${lines.map((l) => `- ${l}`).join(', ')}`,
    );
  }
  const end = (last as YAML.Node).range![1];
  const { lineStart, indent } = seqItemStart(text, (last as YAML.Node).range![0]);
  // the file's own line ends: a CRLF file gets CRLF lines
  const nl = /\r\n/.test(text) ? '\r\n' : '\n';
  const item = (l: string) => `${indent}${/[:#]|^[>*&!%@`]/.test(l) ? `"${l}"` : l}`;
  if (!lastPkg) return text.slice(0, lineStart) + lines.map((l) => `${item(l)}${nl}`).join('') + text.slice(lineStart);
  const lf = text.indexOf('\n', end);
  const eol = lf === -1 ? text.length : text[lf - 1] === '\r' ? lf - 1 : lf;
  return text.slice(0, eol) + lines.map((l) => `${nl}${item(l)}`).join('') + text.slice(eol);
}

/**
 * Where the sequence item holding the node at `start` begins (the start of its dash's line) and its dash
 * as written (`    -   `), for new items alike. The dash may sit alone on an earlier line
 * (`  -\n    go`, comment lines between allowed): that node's own line has no dash, and an item indented
 * like it would not be one of the list's.
 */
function seqItemStart(text: string, start: number): { lineStart: number; indent: string } {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const same = /^[ \t]*-[ \t]*/.exec(text.slice(lineStart, start));
  if (same) return { lineStart, indent: same[0] };
  // only blank and comment lines lie between a block item's dash and its node, so the first dash alone
  // on a line above is this item's
  for (let at = lineStart; at > 0;) {
    at = text.lastIndexOf('\n', at - 2) + 1;
    const alone = /^([ \t]*-)[ \t]*(#.*)?\r?$/.exec(text.slice(at, text.indexOf('\n', at)));
    if (alone) return { lineStart: at, indent: `${alone[1]} ` };
  }
  return { lineStart, indent: '- ' }; // not reached: a block list's item always has its dash
}

/** One file's planned change: nothing is written until every edit of a run is planned (commitEdits). */
export interface FileEdit {
  file: string;
  before: string;
  after: string;
}

export function planEnvironmentYml(file: string, changes: SpecChange[]): FileEdit {
  const before = fs.readFileSync(file, 'utf8');
  return { file, before, after: editEnvironmentYml(before, file, changes) };
}

export function writeEnvironmentYml(file: string, changes: SpecChange[]): void {
  commitEdits([planEnvironmentYml(file, changes)]);
}

export interface GoEdit {
  /** `go mod edit` flags: -require=path@v, -go=1.22 */
  flags: string[];
}

/** The toolchain that runs `go mod edit` is missing: a tool to install, not bad input. */
export class MissingGoError extends GocondadError {
  constructor(goBin: string, gomod: string) {
    super(
      `editing ${gomod} needs \`go mod edit\`, and ${goBin === 'go' ? 'no `go` is on PATH' : `${goBin} does not exist`}; nothing was written`,
      goBin === 'go'
        ? 'activate the env (its Go), or put a go on PATH, or name the env with -p PREFIX, then run the same command again'
        : 'see why with: gocondad explain (the env has no usable toolchain), then run the same command again',
    );
  }
}

/** `go mod edit` of `goBin` on a copy of go.mod: the new text, go.mod itself untouched. */
export function planGoModEdits(gomod: string, goBin: string, edits: GoEdit[], env: NodeJS.ProcessEnv = process.env): FileEdit {
  const dir = path.dirname(gomod);
  const before = fs.readFileSync(gomod, 'utf8');
  // -modfile needs a name ending in .mod
  const tmp = path.join(dir, `.gocondad-${process.pid}.tmp.mod`);
  fs.writeFileSync(tmp, before);
  try {
    const flags = edits.flatMap((e) => e.flags);
    // -modfile keeps go.mod untouched; GOTOOLCHAIN=local stops a switch.
    const r = spawnSync(goBin, ['mod', 'edit', `-modfile=${tmp}`, ...flags], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...env, GOTOOLCHAIN: 'local', GOFLAGS: '' },
    });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new MissingGoError(goBin, gomod);
    if (r.error || r.status !== 0) {
      throw new SyncInputError(
        gomod,
        undefined,
        `\`${goBin} mod edit ${flags.join(' ')}\` failed: ${(r.stderr || String(r.error)).trim()}`,
        'nothing was written (go.mod is unchanged); run the command yourself to see why',
      );
    }
    return { file: gomod, before, after: fs.readFileSync(tmp, 'utf8') };
  } finally {
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: the copy is written before the try and `go mod edit -modfile` rewrites it in place, so it is always there to remove and `force` never matters
    fs.rmSync(tmp, { force: true });
  }
}

/** Plans and writes at once (one file); returns the new text. */
export function applyGoModEdits(gomod: string, goBin: string, edits: GoEdit[], env: NodeJS.ProcessEnv = process.env): string {
  const edit = planGoModEdits(gomod, goBin, edits, env);
  commitEdits([edit]);
  return edit.after;
}

/**
 * Writes every planned edit, or none: each file is replaced atomically, and when one cannot be (a
 * read-only dir, a full disk) those already replaced get their old text back before the error goes on.
 * Synchronous, so that a held Ctrl-C (cli/signals.ts) waits until it is done.
 */
export function commitEdits(edits: FileEdit[], write: (file: string, text: string) => void = writeFileAtomic): string[] {
  const done: FileEdit[] = [];
  for (const e of edits.filter((x) => x.after !== x.before)) {
    try {
      write(e.file, e.after);
      done.push(e);
    } catch (err) {
      const unrestored = done.filter((d) => !tryWrite(write, d.file, d.before)).map((d) => d.file);
      throw new GocondadError(
        `cannot write ${e.file}: ${(err as Error).message}; ${unrestored.length === 0 ? 'nothing was written' : `and could not put back ${unrestored.join(', ')}`}`,
        'make the files writable, then run the same command again',
      );
    }
  }
  return done.map((d) => d.file);
}

function tryWrite(write: (file: string, text: string) => void, file: string, text: string): boolean {
  try {
    write(file, text);
    return true;
  } catch {
    return false;
  }
}

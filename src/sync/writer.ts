// --write. environment.yml is edited in place: the yaml document API finds each dependency's node and
// its source range, and only those bytes change, so comments, order, quoting and indentation stay as
// the user wrote them. The Go side goes through `go mod edit` of the env's toolchain, run on a copy
// (-modfile) that then replaces go.mod atomically. Lock files are never edited: their tool regenerates them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML, { isMap, isScalar, isSeq } from 'yaml';
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
      const quote = node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : /[:#]|^[>*&!%@`]/.test(line) ? '"' : '';
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
  const last = deps.items.filter((i) => !isMap(i)).pop() ?? deps.items[deps.items.length - 1];
  if (!last || deps.flow || !(last as YAML.Node).range) {
    throw new SyncInputError(
      file,
      undefined,
      'cannot append to an empty or flow-style `dependencies` list',
      `add the line${lines.length > 1 ? 's' : ''} by hand: ${lines.map((l) => `- ${l}`).join(', ')}`,
    );
  }
  const end = (last as YAML.Node).range![1];
  const lineStart = text.lastIndexOf('\n', (last as YAML.Node).range![0] - 1) + 1;
  const indent = /^(\s*-\s*)/.exec(text.slice(lineStart))?.[1] ?? '- ';
  const eol = text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end);
  const insert = lines.map((l) => `\n${indent}${/[:#]|^[>*&!%@`]/.test(l) ? `"${l}"` : l}`).join('');
  return text.slice(0, eol) + insert + text.slice(eol);
}

export function writeEnvironmentYml(file: string, changes: SpecChange[]): void {
  const before = fs.readFileSync(file, 'utf8');
  const after = editEnvironmentYml(before, file, changes);
  if (after !== before) writeFileAtomic(file, after);
}

export interface GoEdit {
  /** `go mod edit` flags: -require=path@v, -go=1.22 */
  flags: string[];
}

/** Runs `go mod edit` of `goBin` on a copy of go.mod and swaps it in; returns the new text. */
export function applyGoModEdits(gomod: string, goBin: string, edits: GoEdit[], env: NodeJS.ProcessEnv = process.env): string {
  const dir = path.dirname(gomod);
  // -modfile needs a name ending in .mod
  const tmp = path.join(dir, `.gocondad-${process.pid}.tmp.mod`);
  fs.copyFileSync(gomod, tmp);
  try {
    const flags = edits.flatMap((e) => e.flags);
    // -modfile keeps go.mod untouched until the result is complete; GOTOOLCHAIN=local stops a switch.
    const r = spawnSync(goBin, ['mod', 'edit', `-modfile=${tmp}`, ...flags], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...env, GOTOOLCHAIN: 'local', GOFLAGS: '' },
    });
    if (r.error || r.status !== 0) {
      throw new SyncInputError(
        gomod,
        undefined,
        `\`${goBin} mod edit ${flags.join(' ')}\` failed: ${(r.stderr || String(r.error)).trim()}`,
        'go.mod is unchanged; run the command yourself to see why',
      );
    }
    const text = fs.readFileSync(tmp, 'utf8');
    writeFileAtomic(gomod, text);
    return text;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

// User rule files: `gocondad-sync.yml` beside go.mod (the project's) and `sync-rules.yml` in gocondad's
// config dir (the user's). Both have the same shape:
//   tags: [dynamic]                         # build tags to assume on top of the env's GOFLAGS
//   rules:
//     - go_module: github.com/acme/foo/v*
//       conda_pkg: [libfoo, foo]              # every conda package that satisfies it; --write adds the first
//       version_map: {major: {"2": "1.2.*"}}  # identity | {table: [{go, conda}]} | {major} | {minimum: true|"X"} | {spec}
//       tags: [dynamic]                       # optional: applies only with these build tags
//       packages: [github.com/acme/foo/v2/cfoo]  # optional: only these packages link the library
//       source: acme/foo README.md              # optional: where the facts come from
//     - go_module: github.com/h2non/bimg
//       disable: true                         # switch a built-in rule off
import YAML, { isMap, isSeq, LineCounter, type Node } from 'yaml';
import { describeYamlError } from '../core/yaml-error';
import { SyncInputError } from './errors';
import type { SyncRule, VersionMap } from './rules';

export interface RuleLayer {
  file: string;
  rules: SyncRule[];
  disabled: string[];
  tags: string[];
}

const HINT = 'see "Rules" in docs/sync.md for the rule file format';

function versionMap(raw: unknown, fail: (m: string) => never): VersionMap {
  if (raw === 'identity') return { kind: 'identity' };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || Object.keys(raw).length !== 1) {
    return fail('version_map must be `identity` or one of {table: …}, {major: …}, {minimum: …}, {spec: …}');
  }
  const [key, value] = Object.entries(raw)[0]!;
  const str = (v: unknown) => typeof v === 'string' || typeof v === 'number';
  switch (key) {
    case 'table':
      if (!Array.isArray(value) || !value.every((e) => e && str(e.go) && str(e.conda)))
        return fail('table must be a list of {go: <module version range>, conda: <conda spec>}');
      return { kind: 'table', entries: value.map((e) => ({ go: String(e.go), conda: String(e.conda) })) };
    case 'major':
      if (typeof value !== 'object' || value === null || !Object.values(value).every(str))
        return fail('major must map major versions to conda specs ({"34": "1.5.*"})');
      return { kind: 'major', majors: Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/^v/, ''), String(v)])) };
    case 'minimum':
      if (value === true) return { kind: 'minimum' };
      if (str(value)) return { kind: 'minimum', version: String(value) };
      return fail('minimum must be true (the module version itself) or a conda version');
    case 'spec':
      if (!str(value)) return fail('spec must be a conda version spec');
      return { kind: 'spec', spec: String(value) };
    default:
      return fail(`unknown version_map kind \`${key}\``);
  }
}

function strList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}

/** `specError` validates conda specs (condaver.ts), so a typo is reported at its line, not at check time. */
export function parseRuleFile(text: string, file: string, specError: (spec: string) => string | null): RuleLayer {
  const lc = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0) {
    const e = describeYamlError(doc.errors[0]!, text);
    throw new SyncInputError(file, e.line, e.message, HINT);
  }
  const layer: RuleLayer = { file, rules: [], disabled: [], tags: [] };
  const root = doc.contents;
  if (root === null) return layer;
  if (!isMap(root)) throw new SyncInputError(file, 1, 'expected a mapping with `rules:` and/or `tags:`', HINT);
  const line = (n: unknown) => ((n as Node | null)?.range ? lc.linePos((n as Node).range![0]).line : undefined);
  const tags = root.get('tags', true);
  if (tags !== undefined) {
    const list = strList((tags as Node).toJSON());
    if (!list) throw new SyncInputError(file, line(tags), '`tags` must be a list of build tags', HINT);
    layer.tags = list;
  }
  const rules = root.get('rules', true);
  if (rules === undefined) return layer;
  if (!isSeq(rules)) throw new SyncInputError(file, line(rules), '`rules` must be a list', HINT);
  for (const node of rules.items) {
    const at = line(node);
    const fail = (m: string): never => {
      throw new SyncInputError(file, at, m, HINT);
    };
    const r = (node as Node).toJSON() as Record<string, unknown>;
    // null has no properties to read; any other non-mapping (a string, a number, a list) has no string go_module
    if (r === null || typeof r.go_module !== 'string') fail('a rule needs `go_module: <module path>`');
    if (r.disable === true) {
      layer.disabled.push(r.go_module as string);
      continue;
    }
    const names = typeof r.conda_pkg === 'string' ? [r.conda_pkg] : (strList(r.conda_pkg) ?? []);
    if (names.length === 0) fail('a rule needs `conda_pkg: <conda package name>` (or a list of the names that satisfy it)');
    const rule: SyncRule = { go_module: r.go_module as string, conda_pkg: names[0]!, version_map: versionMap(r.version_map, fail), origin: file };
    if (names.length > 1) rule.also = names.slice(1);
    for (const key of ['tags', 'unless_tags'] as const) {
      if (r[key] !== undefined) rule[key] = strList(r[key]) ?? fail(`\`${key}\` must be a list of build tags`);
    }
    // `package:` (one package) is the older spelling of `packages:`
    if (typeof r.package === 'string') rule.packages = [r.package];
    if (r.packages !== undefined) rule.packages = strList(r.packages) ?? fail('`packages` must be a list of Go package paths ("X/..." for X and below)');
    if (typeof r.note === 'string') rule.note = r.note;
    if (typeof r.source === 'string') rule.source = r.source;
    const specs =
      rule.version_map.kind === 'table'
        ? rule.version_map.entries.map((e) => e.conda)
        : rule.version_map.kind === 'major'
          ? Object.values(rule.version_map.majors)
          : rule.version_map.kind === 'spec'
            ? [rule.version_map.spec]
            : [];
    for (const spec of specs) {
      const err = specError(spec);
      if (err) fail(`"${spec}" is not a conda version spec: ${err}`);
    }
    const unknown = Object.keys(r).filter(
      (k) => !['go_module', 'conda_pkg', 'version_map', 'tags', 'unless_tags', 'package', 'packages', 'note', 'source'].includes(k),
    );
    if (unknown.length) fail(`unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')}`);
    layer.rules.push(rule);
  }
  return layer;
}

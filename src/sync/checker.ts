// The judge (pure): go.mod + the conda side + rules -> the coupled pairs and every disagreement, each
// with both sides' facts and the exact fix on each side. No I/O: the conda version library and the
// toolchain gocondad would pick come in as data.
import type { Severity } from '../core/vocabulary';
import type { CondaVersions } from './condaver';
import type { CondaPkg, CondaSide } from './conda/types';
import { effectiveVersion, type GoMod } from './gomod';
import { formatMatchSpec } from './matchspec';
import type { DepGoLines } from './depgo';
import { highest, probeVersions, safe } from './probe';
import { carriers, disagreement, toolchainGoFix } from './toolchain-check';
import { goSideFor, linksImported, neededSpec, ruleApplies, ruleMatches, rulePackages, TOOLCHAIN_MODULE, unmappable, type SyncRule } from './rules';

export interface Pair {
  /** "rule module pattern -> conda package": the state file's key, stable when a /vN changes */
  key: string;
  module: string;
  goVersion: string;
  /** "path@version" (the toolchain: "go@1.22") as the state file records it */
  goFact: string;
  condaPkg: string;
  /** what the conda side says: the locked/installed version, else the spec, else null (absent) */
  condaFact: string | null;
  want: string | null;
}

/** Every kind of sync finding (docs/schemas/sync.schema.json lists the same). */
export const FINDING_KINDS = ['mismatch', 'missing', 'loose', 'no-entry', 'known-problem', 'disagree'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  /** problem: out of sync (exit 1); warning: said, not failing (core/vocabulary.ts). */
  severity: Severity;
  key: string;
  module: string;
  goVersion: string;
  goLine: number | null;
  condaPkg: string;
  condaSpec: string | null;
  condaVersion: string | null;
  condaFile: string;
  condaLine: number | null;
  /** the conda spec the Go side needs */
  want: string | null;
  message: string;
  fix: { conda: string | null; go: string | null };
  /** `go mod edit` flags that make the Go-side fix (null: it needs more than go.mod, e.g. a new major's import paths) */
  goEdit: string[] | null;
  note?: string;
}

export interface CheckInput {
  mod: GoMod;
  conda: CondaSide;
  rules: SyncRule[];
  tags: Set<string>;
  /** packages the project imports (null: not known, package conditions count as met) */
  imports: Set<string> | null;
  /** true when `imports` is the whole build's import graph (go list -deps), not only the project's own files */
  importsComplete?: boolean;
  /** the required modules' own go lines (module cache), which a lowered go line must not undercut */
  depGo?: DepGoLines | null;
  /** the toolchain gocondad picks for a live env without a conda `go` package */
  pickedGo?: string | null;
  cv: CondaVersions;
}

export { probeVersions } from './probe';

export interface CheckResult {
  pairs: Pair[];
  findings: Finding[];
  ok: boolean;
}

export function condaFix(conda: CondaSide, pkg: string, spec: string, line: number | null): string {
  const ms = formatMatchSpec(pkg, spec === '*' ? null : spec);
  switch (conda.kind) {
    case 'environment.yml':
      return `${conda.file}${line ? ` line ${line}` : ''}: \`- ${ms}\`, then \`conda env update -f ${conda.file} --prune\``;
    case 'conda-lock':
      return `put \`- ${ms}\` in the lock's source file, then \`${conda.regenerate}\``;
    case 'pixi':
      return `pixi add "${ms}"`;
    case 'explicit':
      return `put \`- ${ms}\` in the env the file was made from, then \`${conda.regenerate}\``;
    case 'prefix':
      return `conda install -p ${conda.file} "${ms}"`;
  }
}

export function check(input: CheckInput): CheckResult {
  const { mod, conda, cv } = input;
  const pairs: Pair[] = [];
  const findings: Finding[] = [];
  const targets: { path: string; version: string; line: number | null; rule: SyncRule; fork?: string }[] = [];
  for (const rule of input.rules) {
    if (!ruleApplies(rule, input.tags)) continue;
    if (rule.go_module === TOOLCHAIN_MODULE) {
      if (mod.go) targets.push({ path: TOOLCHAIN_MODULE, version: mod.go, line: mod.goLine, rule });
      continue;
    }
    for (const req of mod.require) {
      if (!ruleMatches(rule, req.path)) continue;
      // A coupling needs a package that links the library. The project's own files show its direct
      // imports only, so an `// indirect` requirement is judged only from the whole graph (go list -deps).
      if (input.imports !== null && (input.importsComplete || !req.indirect) && !linksImported(rule, req.path, input.imports)) continue;
      const eff = effectiveVersion(mod, req);
      // replaced by another module (a fork): the table knows the original's releases, not the fork's
      const fork = eff.path !== req.path && eff.version !== null ? `${eff.path} ${eff.version}` : undefined;
      targets.push({ path: req.path, version: eff.version ?? req.version, line: req.line, rule, ...(fork ? { fork } : {}) });
    }
  }
  const jobs: { t: (typeof targets)[number]; name: string; names: string[] }[] = [];
  for (const t of targets) {
    const isGo = t.path === TOOLCHAIN_MODULE;
    const present = isGo ? carriers(conda) : rulePackages(t.rule).filter((n) => conda.packages.has(n));
    for (const name of present.length ? present : [t.rule.conda_pkg]) jobs.push({ t, name, names: rulePackages(t.rule) });
    // (no `present.length > 1` guard: with one carrier or none, disagreement has no pair to find and says null)
    if (isGo) {
      const d = disagreement(conda, present, cv);
      const want = neededSpec(t.rule, t.path, t.version);
      if (d)
        findings.push({
          kind: 'disagree',
          severity: 'problem',
          key: `${t.rule.go_module} -> ${d.b}`,
          module: t.path,
          goVersion: t.version,
          goLine: t.line,
          condaPkg: d.b,
          condaSpec: conda.packages.get(d.b)!.spec,
          condaVersion: conda.packages.get(d.b)!.version,
          condaFile: conda.packages.get(d.b)!.file,
          condaLine: conda.packages.get(d.b)!.line,
          want,
          message: `${d.b} ${d.bFact} and ${d.a} ${d.aFact} are both in ${conda.file}: they carry one Go toolchain and pin each other exactly, so no solver can install both`,
          fix: {
            conda: want ? `give every one of ${present.join(', ')} the same spec: ${present.map((n) => `\`- ${formatMatchSpec(n, want)}\``).join(', ')}` : null,
            go: null,
          },
          goEdit: null,
        });
    }
  }
  for (const { t, name, names } of jobs) {
    const { rule } = t;
    const key = `${rule.go_module} -> ${name}`;
    const pkg: CondaPkg | undefined = conda.packages.get(name);
    const skip = t.fork ? `${t.path} is replaced by the fork ${t.fork}, whose C library needs are its own, not ${t.path}'s` : unmappable(rule, t.version);
    const want = t.fork ? null : neededSpec(rule, t.path, t.version);
    const base = {
      key,
      module: t.path,
      goVersion: t.version,
      goLine: t.line,
      condaPkg: name,
      condaSpec: pkg?.spec ?? null,
      condaVersion: pkg?.version ?? null,
      condaFile: pkg?.file ?? conda.file,
      condaLine: pkg?.line ?? null,
      want,
      ...(rule.note ? { note: rule.note } : {}),
    };
    const isGo = t.path === TOOLCHAIN_MODULE;
    const goName = isGo ? `go.mod's \`go ${t.version}\`` : `${t.path} ${t.version}`;
    pairs.push({
      key,
      module: t.path,
      goVersion: t.version,
      goFact: `${t.path}@${t.version}`,
      condaPkg: name,
      condaFact: pkg?.version ?? pkg?.spec ?? (pkg ? '*' : null),
      want,
    });
    if (want === null) {
      findings.push({
        ...base,
        kind: 'no-entry',
        severity: 'warning',
        message: skip
          ? `skipped ${name}: ${skip}, so no ${name} version can be derived from it; nothing is written (pin a release, or add a rule in gocondad-sync.yml)`
          : `no ${name} version is known for ${goName} (rule from ${rule.origin ?? 'a rule file'}): add a table entry in gocondad-sync.yml`,
        fix: { conda: null, go: null },
        goEdit: null,
      });
      continue;
    }
    const goFix = (condaVersion: string | null): { fix: { conda: null; go: string | null }; goEdit: string[] | null } => {
      const none = { fix: { conda: null, go: null }, goEdit: null };
      if (condaVersion === null) return none;
      if (isGo) return toolchainGoFix(t.version, condaVersion, input.depGo ?? null);
      const f = goSideFor(rule, t.path, t.version, condaVersion, cv.matches);
      if (!f) return none;
      // Stryker disable next-line Regex: goSideFor's every command is "go get <path>@<version>", no whitespace in either: the anchors cannot change what matches
      const m = f.command ? /^go get (\S+)@(v\S+)$/.exec(f.command) : null;
      // Stryker disable next-line ConditionalExpression: goSideFor writes `go get <path>@v…` only with the path it is given (t.path); its one command naming another path (a new major) ends in @latest, which the pattern refuses, so a match always names t.path
      return { fix: { conda: null, go: f.command ? `${f.command}  (${f.text})` : f.text }, goEdit: m && m[1] === t.path ? [`-require=${m[1]}@${m[2]}`] : null };
    };
    const withFixes = (conda: string | null, g: ReturnType<typeof goFix>) => ({ fix: { conda, go: g.fix.go }, goEdit: g.goEdit });
    const noGo = { fix: { conda: null, go: null }, goEdit: null };
    if (!pkg) {
      if (isGo && input.pickedGo) {
        // Stryker disable next-line Regex: pickedGo is a Go VERSION file's name ("go1.22.12"): its first "go" is its start
        if (!safe(cv, want, input.pickedGo.replace(/^go/, ''))) {
          findings.push({
            ...base,
            kind: 'mismatch',
            severity: 'problem',
            condaVersion: input.pickedGo,
            message: `${goName} needs go ${want}, but the toolchain gocondad picks for this env is ${input.pickedGo}`,
            ...withFixes(
              `${condaFix(conda, 'go', want, null)} or pin: \`go: "${want}"\` in $PREFIX/etc/gocondad.yml`,
              // Stryker disable next-line Regex: pickedGo is a Go VERSION file's name ("go1.22.12"): its first "go" is its start
              goFix(input.pickedGo.replace(/^go/, '')),
            ),
          });
        }
        continue;
      }
      if (isGo && conda.kind !== 'prefix') continue; // no conda go: gocondad picks a toolchain at activation
      findings.push({
        ...base,
        kind: 'missing',
        severity: 'problem',
        message: `${goName} needs ${formatMatchSpec(name, want === '*' ? null : want)}${names.length > 1 ? ` (or ${names.slice(1).join(' or ')})` : ''}, but ${conda.file} has ${names.length > 1 ? 'none of them' : `no ${name}`}`,
        ...withFixes(condaFix(conda, name, want, null), noGo),
      });
      continue;
    }
    if (pkg.version !== null) {
      if (!safe(cv, want, pkg.version)) {
        const where = conda.planned ? 'would be installed' : conda.kind === 'prefix' ? 'is installed' : 'is locked';
        findings.push({
          ...base,
          kind: 'mismatch',
          severity: 'problem',
          message: `${goName} needs ${name} ${want}, but ${name} ${pkg.version} ${where}`,
          ...withFixes(condaFix(conda, name, want, pkg.line), goFix(pkg.version)),
        });
      }
      if (rule.warn && safe(cv, rule.warn.spec, pkg.version)) {
        findings.push({
          ...base,
          kind: 'known-problem',
          severity: 'problem',
          message: `${name} ${pkg.version}: ${rule.warn.message}`,
          ...withFixes(condaFix(conda, name, want, pkg.line), noGo),
        });
      }
    }
    if (conda.kind === 'environment.yml' || conda.kind === 'pixi') {
      const spec = pkg.spec;
      const probes = probeVersions(want, spec);
      const admitted = spec === null ? probes : probes.filter((v) => safe(cv, spec, v));
      // a want of `*` needs no guard below: every probe is a valid version and `*` admits them all, so `bad` is empty
      const bad = admitted.filter((v) => !safe(cv, want, v));
      if (spec !== null && pkg.version === null && admitted.every((v) => !safe(cv, want, v))) {
        findings.push({
          ...base,
          kind: 'mismatch',
          severity: 'problem',
          message: `${goName} needs ${name} ${want}, but ${pkg.file}${pkg.line ? `:${pkg.line}` : ''} asks for ${formatMatchSpec(name, spec)}`,
          ...withFixes(condaFix(conda, name, want, pkg.line), goFix(firstVersion(spec))),
        });
      } else if (bad.length > 0) {
        findings.push({
          ...base,
          kind: 'loose',
          severity: 'warning',
          message: `${formatMatchSpec(name, spec) + (spec === null ? ' (no version)' : '')} admits ${name} ${highest(cv, bad)}, which ${goName} cannot use (needs ${want})`,
          ...withFixes(condaFix(conda, name, want, pkg.line), noGo),
        });
      }
    }
  }
  return { pairs, findings, ok: findings.every((f) => f.severity !== 'problem') };
}

/** "1.3.*" -> "1.3", ">=4.8,<4.9" -> "4.8": a version a spec is about, for the Go-side hint. */
function firstVersion(spec: string): string | null {
  return /\d+(?:\.\d+)*/.exec(spec)?.[0] ?? null;
}

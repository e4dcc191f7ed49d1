// The judge (pure): go.mod + the conda side + rules -> the coupled pairs and every disagreement, each
// with both sides' facts and the exact fix on each side. No I/O: the conda version library and the
// toolchain gocondad would pick come in as data.
import type { CondaVersions } from './condaver';
import type { CondaPkg, CondaSide } from './conda/types';
import { effectiveVersion, type GoMod } from './gomod';
import { formatMatchSpec } from './matchspec';
import { goSideFor, neededSpec, ruleApplies, ruleMatches, TOOLCHAIN_MODULE, type SyncRule } from './rules';

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

export type FindingKind = 'mismatch' | 'missing' | 'loose' | 'no-entry' | 'known-problem';

export interface Finding {
  kind: FindingKind;
  severity: 'error' | 'warning';
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
  /** the toolchain gocondad picks for a live env without a conda `go` package */
  pickedGo?: string | null;
  cv: CondaVersions;
}

export interface CheckResult {
  pairs: Pair[];
  findings: Finding[];
  ok: boolean;
}

/** Versions around every number the specs mention: enough to tell whether one spec admits what another rejects. */
export function probeVersions(...specs: (string | null)[]): string[] {
  const out = new Set<string>(['0.0.1', '99999']);
  for (const spec of specs) {
    for (const m of (spec ?? '').matchAll(/\d+(?:\.\d+)*/g)) {
      const parts = m[0].split('.').map(Number);
      out.add(parts.join('.'));
      for (let i = 0; i < parts.length; i++) {
        const up = parts.slice(0, i + 1);
        up[i]! += 1;
        out.add([...up, ...Array(parts.length - i - 1).fill(0)].join('.'));
        if (parts[i]! > 0) {
          const down = parts.slice(0, i + 1);
          down[i]! -= 1;
          out.add([...down, 99].join('.'));
        }
      }
      out.add([...parts, 1].join('.'));
    }
  }
  return [...out];
}

function safe(cv: CondaVersions, spec: string, version: string): boolean {
  try {
    return cv.matches(spec, version);
  } catch {
    return false;
  }
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
  const targets: { path: string; version: string; line: number | null; rule: SyncRule }[] = [];
  for (const rule of input.rules) {
    if (!ruleApplies(rule, input.tags, input.imports)) continue;
    if (rule.go_module === TOOLCHAIN_MODULE) {
      if (mod.go) targets.push({ path: TOOLCHAIN_MODULE, version: mod.go, line: mod.goLine, rule });
      continue;
    }
    for (const req of mod.require) {
      if (!ruleMatches(rule, req.path)) continue;
      targets.push({ path: req.path, version: effectiveVersion(mod, req).version ?? req.version, line: req.line, rule });
    }
  }
  for (const t of targets) {
    const { rule } = t;
    const key = `${rule.go_module} -> ${rule.conda_pkg}`;
    const pkg: CondaPkg | undefined = conda.packages.get(rule.conda_pkg);
    const want = neededSpec(rule, t.path, t.version);
    const base = {
      key,
      module: t.path,
      goVersion: t.version,
      goLine: t.line,
      condaPkg: rule.conda_pkg,
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
      condaPkg: rule.conda_pkg,
      condaFact: pkg?.version ?? pkg?.spec ?? (pkg ? '*' : null),
      want,
    });
    if (want === null) {
      findings.push({
        ...base,
        kind: 'no-entry',
        severity: 'warning',
        message: `no ${rule.conda_pkg} version is known for ${goName} (rule from ${rule.origin ?? 'a rule file'}): add a table entry in gocondad-sync.yml`,
        fix: { conda: null, go: null },
        goEdit: null,
      });
      continue;
    }
    const goFix = (condaVersion: string | null): { fix: { conda: null; go: string | null }; goEdit: string[] | null } => {
      const none = { fix: { conda: null, go: null }, goEdit: null };
      if (condaVersion === null) return none;
      if (isGo) {
        const [maj, min] = condaVersion.split('.');
        return {
          fix: {
            conda: null,
            go: `go mod edit -go=${maj}.${min}  (or keep go ${t.version} and give the env a newer toolchain: \`go: ">=${t.version}"\` in $PREFIX/etc/gocondad.yml)`,
          },
          goEdit: [`-go=${maj}.${min}`],
        };
      }
      const f = goSideFor(rule, t.path, t.version, condaVersion, cv.matches);
      if (!f) return none;
      const m = f.command ? /^go get (\S+)@(v\S+)$/.exec(f.command) : null;
      return { fix: { conda: null, go: f.command ? `${f.command}  (${f.text})` : f.text }, goEdit: m && m[1] === t.path ? [`-require=${m[1]}@${m[2]}`] : null };
    };
    const withFixes = (conda: string | null, g: ReturnType<typeof goFix>) => ({ fix: { conda, go: g.fix.go }, goEdit: g.goEdit });
    const noGo = { fix: { conda: null, go: null }, goEdit: null };
    if (!pkg) {
      if (isGo && input.pickedGo) {
        if (!safe(cv, want, input.pickedGo.replace(/^go/, ''))) {
          findings.push({
            ...base,
            kind: 'mismatch',
            severity: 'error',
            condaVersion: input.pickedGo,
            message: `${goName} needs go ${want}, but the toolchain gocondad picks for this env is ${input.pickedGo}`,
            ...withFixes(
              `${condaFix(conda, 'go', want, null)} or pin: \`go: "${want}"\` in $PREFIX/etc/gocondad.yml`,
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
        severity: 'error',
        message: `${goName} needs ${formatMatchSpec(rule.conda_pkg, want === '*' ? null : want)}, but ${conda.file} has no ${rule.conda_pkg}`,
        ...withFixes(condaFix(conda, rule.conda_pkg, want, null), noGo),
      });
      continue;
    }
    if (pkg.version !== null) {
      if (!safe(cv, want, pkg.version)) {
        const where = conda.planned ? 'would be installed' : conda.kind === 'prefix' ? 'is installed' : 'is locked';
        findings.push({
          ...base,
          kind: 'mismatch',
          severity: 'error',
          message: `${goName} needs ${rule.conda_pkg} ${want}, but ${rule.conda_pkg} ${pkg.version} ${where}`,
          ...withFixes(condaFix(conda, rule.conda_pkg, want, pkg.line), goFix(pkg.version)),
        });
      }
      if (rule.warn && safe(cv, rule.warn.spec, pkg.version)) {
        findings.push({
          ...base,
          kind: 'known-problem',
          severity: 'error',
          message: `${rule.conda_pkg} ${pkg.version}: ${rule.warn.message}`,
          ...withFixes(condaFix(conda, rule.conda_pkg, want, pkg.line), noGo),
        });
      }
    }
    if (conda.kind === 'environment.yml' || conda.kind === 'pixi') {
      const spec = pkg.spec;
      const probes = probeVersions(want, spec);
      const admitted = spec === null ? probes : probes.filter((v) => safe(cv, spec, v));
      const bad = admitted.filter((v) => !safe(cv, want, v));
      if (spec !== null && pkg.version === null && admitted.every((v) => !safe(cv, want, v))) {
        findings.push({
          ...base,
          kind: 'mismatch',
          severity: 'error',
          message: `${goName} needs ${rule.conda_pkg} ${want}, but ${pkg.file}${pkg.line ? `:${pkg.line}` : ''} asks for ${formatMatchSpec(rule.conda_pkg, spec)}`,
          ...withFixes(condaFix(conda, rule.conda_pkg, want, pkg.line), goFix(firstVersion(spec))),
        });
      } else if (bad.length > 0 && want !== '*') {
        findings.push({
          ...base,
          kind: 'loose',
          severity: 'warning',
          message: `${formatMatchSpec(rule.conda_pkg, spec) + (spec === null ? ' (no version)' : '')} admits ${rule.conda_pkg} ${highest(cv, bad)}, which ${goName} cannot use (needs ${want})`,
          ...withFixes(condaFix(conda, rule.conda_pkg, want, pkg.line), noGo),
        });
      }
    }
  }
  return { pairs, findings, ok: findings.every((f) => f.severity !== 'error') };
}

/** "1.3.*" -> "1.3", ">=4.8,<4.9" -> "4.8": a version a spec is about, for the Go-side hint. */
function firstVersion(spec: string): string | null {
  return /\d+(?:\.\d+)*/.exec(spec)?.[0] ?? null;
}

/** The newest of some versions, leaving out the 99999 probe when a real-looking one exists: what a solve would pick. */
function highest(cv: CondaVersions, versions: string[]): string {
  const real = versions.filter((v) => v !== '99999');
  const pool = real.length > 0 ? real : versions;
  return pool.reduce((a, b) => (cv.compare(a, b) >= 0 ? a : b));
}

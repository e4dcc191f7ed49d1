// The toolchain pair's own judgments (pure): which conda packages carry Go (go, go-cgo, go-nocgo, …),
// whether two of them contradict each other, and the go-line fix that still builds with the
// dependencies' own go lines.
import type { CondaVersions } from './condaver';
import type { CondaPkg, CondaSide } from './conda/types';
import type { DepGoLines } from './depgo';
import { compareGo } from './gover';
import { probeVersions, safe } from './probe';
import { GO_CARRIER } from './rules';

/** The conda packages carrying a Go toolchain on the conda side, `go` first. */
export function carriers(conda: CondaSide): string[] {
  // every carrier's name starts with "go" (GO_CARRIER), and a prefix sorts before the names it begins, so go is first
  return [...conda.packages.keys()].filter((n) => GO_CARRIER.test(n)).sort((a, b) => a.localeCompare(b));
}

/** Two toolchain carriers no single Go can satisfy: different locked versions, or specs with no version in common. */
export function disagreement(conda: CondaSide, names: string[], cv: CondaVersions): { a: string; aFact: string; b: string; bFact: string } | null {
  const pkgs = names.map((n) => ({ n, p: conda.packages.get(n)! }));
  const fact = (p: CondaPkg) => p.version ?? p.spec ?? '(any version)';
  const locked = pkgs.filter((x) => x.p.version !== null);
  // Stryker disable next-line MethodExpression: without slice(1) the first is also compared with itself, which is always equal
  for (const x of locked.slice(1))
    if (cv.compare(x.p.version!, locked[0]!.p.version!) !== 0) return { a: locked[0]!.n, aFact: fact(locked[0]!.p), b: x.n, bFact: fact(x.p) };
  const specs = pkgs.filter((x) => x.p.version === null && x.p.spec !== null);
  const probes = probeVersions(...pkgs.map((x) => x.p.version ?? x.p.spec));
  for (const x of specs) {
    for (const y of pkgs) {
      if (y === x) continue;
      // a locked y is tried at its own version alone, which it holds; else at the probes its spec admits
      const ok = (v: string) => safe(cv, x.p.spec!, v) && (y.p.version !== null || y.p.spec === null || safe(cv, y.p.spec, v));
      const candidates = y.p.version !== null ? [y.p.version] : probes;
      if (candidates.some(ok)) continue;
      // the finding is about the carrier beside the first (go): that is the line to bring in line
      const [first, second] = x.n === names[0] ? [x, y] : [y, x];
      return { a: first.n, aFact: fact(first.p), b: second.n, bFact: fact(second.p) };
    }
  }
  return null;
}

/**
 * The go-line fix for an env whose go is `condaVersion`: the new go line is that Go's minor, raised to
 * the highest go line of the required modules; impossible when they need a newer Go than the env has.
 */
export function toolchainGoFix(
  goLine: string,
  condaVersion: string,
  dep: DepGoLines | null,
): { fix: { conda: null; go: string | null }; goEdit: string[] | null } {
  const [maj, min] = condaVersion.split('.');
  let line = `${maj}.${min}`;
  if (dep?.max && compareGo(dep.max.go, line) > 0) {
    if (compareGo(dep.max.go, condaVersion) > 0) {
      return {
        fix: {
          conda: null,
          go: `none: ${dep.max.module} needs go ${dep.max.go} (its go.mod in the module cache), newer than the env's go ${condaVersion}; give the env go >=${dep.max.go} instead`,
        },
        goEdit: null,
      };
    }
    line = dep.max.go;
  }
  const unchecked =
    dep && dep.missing.length > 0
      ? `; not checked against the go lines of ${dep.missing.length} required module${dep.missing.length === 1 ? '' : 's'} missing from the module cache (run \`go mod download\`)`
      : '';
  return {
    fix: {
      conda: null,
      go: `go mod edit -go=${line}  (or keep go ${goLine} and give the env a newer toolchain: \`go: ">=${goLine}"\` in $PREFIX/etc/gocondad.yml${unchecked})`,
    },
    goEdit: [`-go=${line}`],
  };
}

// Every kind of finding doctor reports: the values `doctor --kind` takes, and the type of Finding.kind,
// so that a check with a new kind does not compile until it is listed here, and until it has its conda
// doctor check (KIND_CHECK). `doctor --json` prints the table (`kinds`); the conda plugin's health checks
// are built from it (python-shim/gocondad_conda/doctor.py), so their names, summaries and fixes live here.
import { SHADOWED_GO } from '../core/vocabulary';

export const FINDING_KINDS = [
  'cgo-without-compiler',
  'conda-files',
  'conda-go-older-than-pin',
  'config',
  'go-activation-leftovers',
  'goroot-without-stdlib',
  'invalid-toolchain',
  'missing-shims',
  'module-needs-unavailable-go',
  'newer-shims',
  'no-toolchain',
  'not-an-env',
  'pin',
  'removed-go-leftover',
  'platform-mismatch',
  'platform-unknown',
  'service-cannot-run',
  'service-not-running',
  SHADOWED_GO,
  'stale-launchers',
  'stale-shims',
  'sync-drift',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/** Names `doctor --kind` still takes for scripts written against 0.1.0 (`shadowing-go` is SHADOWED_GO now). */
export const OLD_KIND_NAMES: Record<string, FindingKind> = { 'shadowing-go': SHADOWED_GO };

/**
 * `conda doctor`'s Go health checks, in the order conda runs them: the conda plugin registers one per entry
 * with this summary, and a fixer when `fix` says what it does (null: nothing here fixes it by itself).
 */
export const CONDA_CHECKS = {
  'gocondad-shims': { summary: 'Go activation shims of gocondad are installed and current', fix: 'Install or rewrite the shims and toolchain launchers' },
  'gocondad-shadowed-go': { summary: "No stray `go` in the env's bin shadows the chosen toolchain", fix: 'Move a stray go (one no package owns) aside' },
  'gocondad-toolchain': { summary: "A Go toolchain satisfies the env's pin and setup", fix: null },
  'gocondad-goroot': {
    summary: 'GOROOT does not point at a tree without a standard library',
    fix: 'Unset the GOROOT the env declares (conda env config vars)',
  },
  'gocondad-module': { summary: 'The go.mod/go.work in the current directory asks for a Go available locally', fix: null },
  'gocondad-go-activation': { summary: "No leftovers of conda-forge's go activation packages", fix: 'Move leftover go activation scripts aside' },
} as const satisfies Record<string, { summary: string; fix: string | null }>;
export type CondaCheck = keyof typeof CONDA_CHECKS;

/**
 * The conda doctor check each kind of finding belongs to; null: none (the service and the shims of a newer
 * gocondad are not one env's health, go.mod drift has its own check in the plugin's sync hook).
 */
const KIND_CHECK: Record<FindingKind, CondaCheck | null> = {
  'missing-shims': 'gocondad-shims',
  'stale-shims': 'gocondad-shims',
  'stale-launchers': 'gocondad-shims',
  [SHADOWED_GO]: 'gocondad-shadowed-go',
  'no-toolchain': 'gocondad-toolchain',
  pin: 'gocondad-toolchain',
  'conda-go-older-than-pin': 'gocondad-toolchain',
  'invalid-toolchain': 'gocondad-toolchain',
  config: 'gocondad-toolchain',
  'platform-unknown': 'gocondad-toolchain',
  'platform-mismatch': 'gocondad-toolchain',
  'cgo-without-compiler': 'gocondad-toolchain',
  'not-an-env': 'gocondad-toolchain',
  'goroot-without-stdlib': 'gocondad-goroot',
  'module-needs-unavailable-go': 'gocondad-module',
  'go-activation-leftovers': 'gocondad-go-activation',
  'conda-files': null,
  'newer-shims': null,
  'removed-go-leftover': null,
  'service-cannot-run': null,
  'service-not-running': null,
  'sync-drift': null,
};

export interface KindRow {
  check: CondaCheck | null;
  summary: string | null;
  fix: string | null;
}

/**
 * Every kind with its conda doctor check, that check's summary and fix (`doctor --json` prints it as `kinds`;
 * the conda plugin builds its checks from it). Ordered by check as CONDA_CHECKS is, kinds of no check last.
 */
export function kindTable(): Record<FindingKind, KindRow> {
  const order = [...Object.keys(CONDA_CHECKS), null];
  const kinds = [...FINDING_KINDS].sort((a, b) => order.indexOf(KIND_CHECK[a]) - order.indexOf(KIND_CHECK[b]));
  return Object.fromEntries(
    kinds.map((kind) => {
      const check = KIND_CHECK[kind];
      return [kind, { check, summary: check && CONDA_CHECKS[check].summary, fix: check && CONDA_CHECKS[check].fix }];
    }),
  ) as Record<FindingKind, KindRow>;
}

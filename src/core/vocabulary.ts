// The words every `--json` output and the daemon's log use for the same facts, defined once.
// A fact has one field name and one set of values wherever it appears (docs/schemas/ holds the JSON
// Schemas; docs/cli.md "JSON output" lists them):
//   envName   the env's name (its dir name, or `base` for a root), never `name`
//   chosenBy  why a toolchain was chosen: one of CHOICE_SOURCES, never `source` or prose like "in env"
//   shlvl     conda's shell level of an activation (CONDA_SHLVL), never `level` (pino's log level)
//   kind      a conflict or finding, one of CONFLICT_KINDS where the fact is one of those
//   severity  how much a finding matters, one of SEVERITIES (sync, sync-env, doctor), never `error`
// Only types and constants: imported on the CLI's fast path.

/** How a toolchain was chosen, in the order core/choose-toolchain.ts STEPS tries them. */
export const CHOICE_SOURCES = ['pin', 'in-env', 'default', 'newest'] as const;
export type ChoiceSource = (typeof CHOICE_SOURCES)[number];

/** The same, for people (tables); JSON always carries the CHOICE_SOURCES value. */
export const CHOICE_SOURCE_TEXT: Record<ChoiceSource, string> = { pin: 'pin', 'in-env': 'in env', default: 'default', newest: 'newest found' };

/**
 * A `go` earlier on PATH than the chosen toolchain's, or in the env's bin where `conda run` finds it
 * first: the chosen go is shadowed. The same kind in `status`, the log and `doctor` (whose kind was
 * `shadowing-go` in 0.1.0).
 */
export const SHADOWED_GO = 'shadowed-go';

/** What an activation found wrong before the shim's remedy (core/conflicts.ts); status and the log. */
export const CONFLICT_KINDS = [
  SHADOWED_GO,
  'invalid-goroot',
  'goroot-override',
  'stale-path-entry',
  'leaked-go-activation',
  'platform-mismatch',
  'unquotable-path-alias',
] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/**
 * How much a finding matters, the same words in `sync`, `doctor` and every other report: a problem makes
 * the command exit 1, a warning is said and does not. (`sync --json` said `error` for a problem in 0.1.0;
 * nothing gocondad reads back stores a severity, so no old word needs reading.)
 */
export const SEVERITIES = ['problem', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

// Every kind of finding doctor reports: the values `doctor --kind` takes, and the type of Finding.kind,
// so that a check with a new kind does not compile until it is listed here.
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

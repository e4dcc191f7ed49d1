// The environment variables gocondad's plans and shims deal in, written once here and generated into
// the shell code that needs them (shell/posix.ts fills shell/gocondad.sh's @…@ slots, shims/install.ts
// fills shell/foreign.sh's), so a new plan variable reaches every shell with one edit.

/** Every variable a plan may set, unset, default or append to (core/activation-plan.ts; a unit test holds it to that). */
export const MANAGED_VARS = ['GOROOT', 'GOPATH', 'GOBIN', 'GOMODCACHE', 'GOTOOLCHAIN', 'GOPROXY', 'CGO_CPPFLAGS', 'CGO_LDFLAGS', 'CGO_ENABLED'] as const;

/**
 * conda-forge's go-cgo, go-nocgo and go platform packages back a variable up in a marker before they set
 * it, and put it back from the marker in their deactivate.d: [variable, marker].
 */
export const CONDA_FORGE_GO_BACKUPS: readonly (readonly [string, string])[] = [
  ['CGO_ENABLED', 'CONDA_CGO_ENABLED_BACKUP'],
  ['GOOS', 'CONDA_BACKUP_GOOS'],
  ['GOARCH', 'CONDA_BACKUP_GOARCH'],
  ['CGO_CFLAGS', 'CONDA_BACKUP_CGO_CFLAGS'],
  ['CGO_CPPFLAGS', 'CONDA_BACKUP_CGO_CPPFLAGS'],
  ['CGO_CXXFLAGS', 'CONDA_BACKUP_CGO_CXXFLAGS'],
  ['CGO_FFLAGS', 'CONDA_BACKUP_CGO_FFLAGS'],
  ['CGO_LDFLAGS', 'CONDA_BACKUP_CGO_LDFLAGS'],
];

/** The markers every such package sets: one of them in a shell with no such package active is a leak. */
export const CONDA_FORGE_GO_MARKERS = [
  'CONDA_CGO_ENABLED_BACKUP',
  'CONDA_BACKUP_GOOS',
  'CONDA_BACKUP_GOARCH',
  'CONDA_BACKUP_CGO_LDFLAGS',
  'CONDA_BACKUP_CGO_CFLAGS',
];

/** Their activate.d/deactivate.d scripts, as shell globs (the shim tests them with `[ -e ]`). */
export const CONDA_FORGE_GO_SCRIPT_GLOBS = ['*go-cgo*', '*go-nocgo*', '*go-platform*', '*-z6[0-9]-go*'];

/** The same scripts as a test of a file name: the globs above, unanchored. */
export const GO_ACTIVATION_SCRIPT = new RegExp(
  CONDA_FORGE_GO_SCRIPT_GLOBS.map((g) =>
    g
      .replace(/^\*|\*$/g, '')
      .replace(/[.+?^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*'),
  ).join('|'),
);

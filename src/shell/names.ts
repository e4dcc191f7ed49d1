// The dialects' names alone: what `shims refresh --print` takes. Apart from index.ts so that declaring
// the option loads no shell code; a test keeps it equal to DIALECTS' names.
export const DIALECT_NAMES = ['posix', 'fish', 'csh'] as const;

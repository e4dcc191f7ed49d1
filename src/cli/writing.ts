// Which command lines change things (files, envs, the login service): those hold Ctrl-C/SIGTERM until
// their changes are whole (signals.ts). Pure, from commander's command path and parsed options.

/** `path` is the command's names from the top (`['service', 'install']`), `opts` its parsed options. */
export function commandWrites(path: readonly string[], opts: Readonly<Record<string, unknown>>): boolean {
  const name = path.join(' ');
  switch (name) {
    case 'setup':
    case 'uninstall':
      return opts.dryRun !== true;
    case 'service install':
    case 'service uninstall':
    case 'restore':
    case 'shims install':
    case 'shims uninstall':
      return true;
    case 'sync':
      return opts.write !== undefined && opts.write !== false;
    case 'doctor':
      return opts.fix === true;
    case 'bundle':
      // --dockerfile alone prints to stdout; --dockerfile FILE and -o DIR write.
      return opts.dockerfile === undefined || typeof opts.dockerfile === 'string';
    default:
      return false;
  }
}

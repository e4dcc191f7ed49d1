// A wrong command line in gocondad's one line, not commander's: `gocondad: what went wrong; see gocondad
// CMD --help`, exit 2. Every command is a UsageCommand (createCommand), whose error() throws a
// GocondadError instead of printing, so a wrong line ends like every other error (context.ts `fail`),
// and the fast path (fast/parse.ts) can raise the very same line for the one enumerated value it parses.
import { Command, type HelpContext } from 'commander';
import { EXIT, GocondadError, invalidValue, seeHelp } from '../errors';

/** `gocondad shims refresh`: the command as the user types it. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The long flag of commander's flags string: `-p, --prefix <prefix>` -> `--prefix`. */
function longFlag(flags: string): string {
  return flags.split(/[ ,|]+/).find((f) => f.startsWith('--')) ?? flags.split(/[ ,|]+/)[0]!;
}

/**
 * Commander's message (`error: unknown option '--bogus'\n(Did you mean --json?)`) as one clause of our
 * line. Commander's wording is kept where it is already plain; only its shape changes (one line, no
 * `error:` prefix, no trailing full stop). An unknown choice is reworded to list the valid values.
 */
export function usageError(code: string, message: string, path: string): GocondadError {
  const choice = /^error: option '([^']+)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/s.exec(message);
  if (code === 'commander.invalidArgument' && choice) return invalidValue(longFlag(choice[1]!), choice[2]!, choice[3]!.split(', '), path);
  const text = message
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.+)\?\)$/s, ' (did you mean $1?)')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\.$/, '');
  return new GocondadError(
    REWORDED.reduce((t, [re, to]) => t.replace(re, (...m: string[]) => to(...m)), text),
    seeHelp(path),
    EXIT.USAGE,
  );
}

/** Commander's clauses that read like a form, said plainly (the rest are kept). */
const REWORDED: [RegExp, (...m: string[]) => string][] = [
  [
    /^too many arguments(?: for '[^']*')?\. Expected (\d+) arguments? but got (\d+)$/,
    (_m, want, got) => `too many arguments: ${want === '0' ? 'it takes none' : `it takes ${want}`}, got ${got}`,
  ],
  [/^option '([^']+)' argument missing$/, (_m, flags) => `${longFlag(flags!)} needs a value (${flags})`],
  [/^required option '([^']+)' not specified$/, (_m, flags) => `missing required option ${longFlag(flags!)} (${flags})`],
];

/** Every gocondad command: commander's parsing, gocondad's error line. */
export class UsageCommand extends Command {
  override createCommand(name?: string): UsageCommand {
    return new UsageCommand(name);
  }

  override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
    throw usageError(errorOptions?.code ?? 'commander.error', message, commandPath(this));
  }

  // A group (`gocondad service`) run without its subcommand: one line naming them, not the whole help.
  // `gocondad` alone still prints its help, as git does.
  override help(context?: HelpContext): never;
  override help(cb: (str: string) => string): never;
  override help(context?: HelpContext | ((str: string) => string)): never {
    if (typeof context === 'object' && context.error && this.parent) {
      const names = this.commands.map((c) => c.name()).filter((n) => n !== 'help');
      throw new GocondadError(`missing command: ${names.join(', ')}`, seeHelp(commandPath(this)), EXIT.USAGE);
    }
    return typeof context === 'function' ? super.help(context) : super.help(context);
  }
}

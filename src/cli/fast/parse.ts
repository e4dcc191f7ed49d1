// The command lines on hot paths, parsed without commander: `--version`, `status [--json]` (people and
// scripts poll it) and `shims refresh PREFIX --print DIALECT` (what a stale shim runs inside an
// activation). Loading commander and registering every command costs more than issue 11's start-up
// budget (1.3× a bare `node -e 0`) on its own, so these skip it and call the same actions commander
// would. Anything else, including any extra flag or a malformed line, returns null and goes through
// commander, which owns help, errors and every other command. Each fast command is a bundle of its own
// (status.ts and refresh.ts beside this file, scripts/bundle.js), so the entry parses no code it does not run.
import { parseArgs } from 'node:util';

export type FastCommand = { kind: 'version' } | { kind: 'status'; json: boolean } | { kind: 'refresh'; prefix: string; print: string };

/** Set to a non-empty value, every command line goes through commander (troubleshooting, tests). */
export const NO_FAST_PATH_ENV = 'GOCONDAD_NO_FAST_PATH';

/** The fast command this argv (without node and the script) is, or null to let commander parse it. */
export function parseFast(argv: readonly string[]): FastCommand | null {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) return { kind: 'version' };
  if (argv[0] === 'status') {
    const parsed = strict(argv.slice(1), { json: { type: 'boolean' } }, false);
    return parsed ? { kind: 'status', json: parsed.values.json === true } : null;
  }
  if (argv[0] === 'shims' && argv[1] === 'refresh') {
    const parsed = strict(argv.slice(2), { print: { type: 'string' } }, true);
    if (!parsed || parsed.positionals.length !== 1 || typeof parsed.values.print !== 'string') return null;
    return { kind: 'refresh', prefix: parsed.positionals[0], print: parsed.values.print };
  }
  return null;
}

type Options = Record<string, { type: 'boolean' | 'string' }>;

/** parseArgs in strict mode; null instead of its error, so that commander reports the mistake. */
function strict(args: string[], options: Options, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch {
    return null;
  }
}

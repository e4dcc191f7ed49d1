// Commander's errors in gocondad's one line, on the real command definitions (program.ts): commander
// words them, usage.ts reshapes them. A commander upgrade that changes its wording fails here.
import { buildProgram } from '../../../src/cli/program';
import { commandPath, usageError } from '../../../src/cli/usage';
import { EXIT, formatError, GocondadError, invalidValue } from '../../../src/errors';

/** The line `gocondad ARGS` ends with: the error it throws, as fail() prints it. */
async function line(...args: string[]): Promise<string> {
  try {
    await buildProgram().parseAsync(args, { from: 'user' });
  } catch (err) {
    expect(err).toBeInstanceOf(GocondadError);
    expect((err as GocondadError).exitCode).toBe(EXIT.USAGE);
    return formatError(err);
  }
  throw new Error(`gocondad ${args.join(' ')} did not fail`);
}

test('an unknown option or command: commander’s words, one line, the help of the command it was given to', async () => {
  expect(await line('--bogus')).toBe("gocondad: unknown option '--bogus'; see gocondad --help\n");
  expect(await line('status', '--bogus')).toBe("gocondad: unknown option '--bogus'; see gocondad status --help\n");
  expect(await line('status', '--jsn')).toBe("gocondad: unknown option '--jsn' (did you mean --json?); see gocondad status --help\n");
  expect(await line('xyzzy')).toBe("gocondad: unknown command 'xyzzy'; see gocondad --help\n");
  expect(await line('stauts')).toBe("gocondad: unknown command 'stauts' (did you mean status?); see gocondad --help\n");
  expect(await line('service', 'xyzzy')).toBe("gocondad: unknown command 'xyzzy'; see gocondad service --help\n");
  expect(await line('shims', 'refresh', '/x', '--bogus')).toBe("gocondad: unknown option '--bogus'; see gocondad shims refresh --help\n");
});

test('a missing or extra argument, a missing option value, a missing subcommand', async () => {
  expect(await line('shims', 'refresh')).toBe("gocondad: missing required argument 'prefix'; see gocondad shims refresh --help\n");
  expect(await line('shims', 'refresh', 'a', 'b')).toBe('gocondad: too many arguments: it takes 1, got 2; see gocondad shims refresh --help\n');
  expect(await line('envs', 'x')).toBe('gocondad: too many arguments: it takes none, got 1; see gocondad envs --help\n');
  expect(await line('doctor', '--module')).toBe('gocondad: --module needs a value (--module <dir>); see gocondad doctor --help\n');
  expect(await line('restore', 'e')).toBe('gocondad: missing required option --from (--from <file>); see gocondad restore --help\n');
  expect(await line('service')).toBe('gocondad: missing command: install, uninstall, status, logs; see gocondad service --help\n');
  expect(await line('shims')).toBe('gocondad: missing command: install, refresh, uninstall; see gocondad shims --help\n');
});

test('an unknown value of every enumerated option lists the valid ones, from the one table', async () => {
  expect(await line('shims', 'refresh', '/x', '--print', 'zsh')).toBe(
    'gocondad: unknown --print value "zsh"; valid: posix; see gocondad shims refresh --help\n',
  );
  // fish and csh shims run the POSIX shim: the plan is printed as POSIX code only.
  expect(await line('shims', 'refresh', '/x', '--print', 'fish')).toBe(
    'gocondad: unknown --print value "fish"; valid: posix; see gocondad shims refresh --help\n',
  );
  expect(await line('setup', '--manager', 'x')).toBe(
    'gocondad: unknown --manager value "x"; valid: systemd-user, launchd, login-line; see gocondad setup --help\n',
  );
  expect(await line('service', 'install', '--manager', 'x')).toBe(
    'gocondad: unknown --manager value "x"; valid: systemd-user, launchd, login-line; see gocondad service install --help\n',
  );
  expect(await line('sync', '--write', 'both')).toBe('gocondad: unknown --write value "both"; valid: auto, go, conda; see gocondad sync --help\n');
  expect(await line('sync', '--platform', 'bogus-99')).toMatch(
    /^gocondad: unknown --platform value "bogus-99"; valid: .*\blinux-64, .*osx-arm64.*; see gocondad sync --help\n$/,
  );
  expect(await line('doctor', '--kind', 'missing-shims,bogus')).toMatch(
    /^gocondad: unknown --kind value "bogus"; valid: .*missing-shims.*; see gocondad doctor --help\n$/,
  );
});

test('the fast path’s own error for --print is the same as commander’s', () => {
  const viaCommander = usageError(
    'commander.invalidArgument',
    "error: option '--print <dialect>' argument 'zsh' is invalid. Allowed choices are posix.",
    'gocondad shims refresh',
  );
  expect(formatError(viaCommander)).toBe(formatError(invalidValue('--print', 'zsh', ['posix'], 'gocondad shims refresh')));
});

test('a message commander adds later keeps one line', () => {
  expect(formatError(usageError('commander.somethingNew', 'error: first\nsecond.', 'gocondad x'))).toBe('gocondad: first second; see gocondad x --help\n');
});

test('commandPath is the command as typed', () => {
  const program = buildProgram();
  const refresh = program.commands.find((c) => c.name() === 'shims')!.commands.find((c) => c.name() === 'refresh')!;
  expect(commandPath(refresh)).toBe('gocondad shims refresh');
});

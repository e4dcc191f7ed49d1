// Wrong words, on every command: the built CLI run as a real process for each command commander
// defines (walked from program.ts, so a new command is covered without touching this file) with an
// unknown option; each group without and with an unknown subcommand; each command with a required
// argument or option without it; each enumerated option with an unknown value. Every answer is ONE line,
// `gocondad: what went wrong; see gocondad CMD --help`, on stderr, nothing on stdout, exit 2, no stack
// trace; the fast path (cli/fast/) and commander say the same bytes. And a bug is one line and a report.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command, Option } from 'commander';
import { buildProgram } from '../../../src/cli/program';
import { CONDA_SUBDIRS } from '../../../src/core/platform';
import { findRealConda } from '../../helpers/realconda';
import { CLI, requireReal, World } from '../../helpers/world';

type Run = { status: number; stdout: string; stderr: string };

/** Every command as typed (`shims refresh`), with its definition; `help` is commander's own. */
function commands(cmd: Command = buildProgram(), above: string[] = []): { path: string[]; cmd: Command }[] {
  return cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => [{ path: [...above, c.name()], cmd: c }, ...commands(c, [...above, c.name()])]);
}

const ALL = commands();
const LEAVES = ALL.filter((c) => c.cmd.commands.length === 0);
const GROUPS = ALL.filter((c) => c.cmd.commands.length > 0);
/** Options commander checks against a table (.choices). */
const CHOICES = LEAVES.flatMap((c) => (c.cmd.options as Option[]).filter((o) => o.argChoices).map((o) => ({ ...c, option: o })));
/** Options whose own parser checks them against a table (a comma-separated list cannot be .choices). */
const PARSED_ENUMS = [{ path: ['doctor'], flag: '--kind' }];

/** The mandatory options with a value: commander reports a missing one before any other mistake. */
function mandatory(cmd: Command): string[] {
  return (cmd.options as Option[]).filter((o) => o.mandatory).flatMap((o) => [o.long!, 'x']);
}

const STACK = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$|node:internal/m;

let w: World;
beforeAll(() => {
  requireReal();
  w = new World();
});
afterAll(() => w.cleanup());

function run(args: string[], extra: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...w.env, ...extra }, encoding: 'utf8', timeout: 30000, cwd: w.dir });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The one usage line, the same through the fast path and through commander. */
function expectUsage(args: string[], what: RegExp, helpOf: string[]): void {
  const r = run(args);
  const label = `gocondad ${args.join(' ')}`;
  expect({ label, ...r }).toEqual({ label, status: 2, stdout: '', stderr: expect.stringMatching(/^gocondad: [^\n]+\n$/) });
  expect(r.stderr).toMatch(what);
  expect(r.stderr.endsWith(`; see ${['gocondad', ...helpOf].join(' ')} --help\n`)).toBe(true);
  expect(r.stderr).not.toMatch(STACK);
  expect(run(args, { GOCONDAD_NO_FAST_PATH: '1' })).toEqual(r);
}

test('the walk finds the commands (so the tests below cover something)', () => {
  const names = ALL.map((c) => c.path.join(' '));
  for (const n of ['status', 'doctor', 'sync', 'sync-env', 'shims install', 'shims refresh', 'service install', 'setup', 'bundle', 'restore'])
    expect(names).toContain(n);
  expect(GROUPS.map((g) => g.path.join(' ')).sort()).toEqual(['service', 'shims']);
  expect(CHOICES.map((c) => `${c.path.join(' ')} ${c.option.long}`).sort()).toEqual(
    ['service install --manager', 'setup --manager', 'shims refresh --print', 'sync --platform', 'sync --write'].sort(),
  );
});

test('every command × an unknown option', () => {
  for (const c of LEAVES) expectUsage([...c.path, ...mandatory(c.cmd), '--no-such-option'], /^gocondad: unknown option '--no-such-option'; /, c.path);
  expectUsage(['--no-such-option'], /^gocondad: unknown option '--no-such-option'; /, []);
  // A near miss is named, in the same line.
  expectUsage(['status', '--jsn'], /^gocondad: unknown option '--jsn' \(did you mean --json\?\); /, ['status']);
});

test('an unknown command, at the top and in each group; a group without its command', () => {
  expectUsage(['xyzzy'], /^gocondad: unknown command 'xyzzy'; /, []);
  for (const g of GROUPS) {
    expectUsage([...g.path, 'xyzzy'], /^gocondad: unknown command 'xyzzy'; /, g.path);
    const subs = g.cmd.commands.map((s) => s.name()).filter((n) => n !== 'help');
    expectUsage(g.path, new RegExp(`^gocondad: missing command: ${subs.join(', ')}; `), g.path);
  }
});

test('every required argument and required option, missing; one argument too many', () => {
  let seen = 0;
  for (const c of LEAVES) {
    const required = c.cmd.registeredArguments.filter((a) => a.required);
    for (const a of required) {
      seen++;
      expectUsage([...c.path, ...mandatory(c.cmd)], new RegExp(`^gocondad: missing required argument '${a.name()}'; `), c.path);
    }
    for (const o of (c.cmd.options as Option[]).filter((x) => x.mandatory)) {
      seen++;
      expectUsage(
        [...c.path, ...required.map(() => 'x')],
        new RegExp(`^gocondad: missing required option ${o.long} \\(${o.flags.replace(/[<>]/g, '.')}\\); `),
        c.path,
      );
    }
    if (c.cmd.registeredArguments.length === 0)
      expectUsage([...c.path, ...mandatory(c.cmd), 'extra'], /^gocondad: too many arguments: it takes none, got 1; /, c.path);
  }
  expect(seen).toBeGreaterThanOrEqual(3); // shims refresh <prefix>, restore <env>, restore --from
  // A value-taking option given last, without its value.
  expectUsage(['doctor', '--module'], /^gocondad: --module needs a value \(--module <dir>\); /, ['doctor']);
});

test('an unknown value of every enumerated option: exit 2, the valid values listed from its table', () => {
  for (const c of CHOICES) {
    const valid = c.option.argChoices!;
    const required = c.cmd.registeredArguments.filter((a) => a.required).map(() => w.dir);
    expectUsage(
      [...c.path, ...required, c.option.long!, 'bogus-99'],
      new RegExp(`^gocondad: unknown ${c.option.long} value "bogus-99"; valid: ${valid.join(', ')}; `),
      c.path,
    );
  }
  for (const e of PARSED_ENUMS)
    expectUsage([...e.path, e.flag, 'bogus-99'], new RegExp(`^gocondad: unknown ${e.flag} value "bogus-99"; valid: [a-z-]+(, [a-z-]+)+; `), e.path);
  // The issue's own examples, named (the walk above finds an option only while it has its table).
  expectUsage(['sync', '--platform', 'bogus-99'], /^gocondad: unknown --platform value "bogus-99"; valid: [^;]*\blinux-64\b/, ['sync']);
  expectUsage(['doctor', '--kind', 'bogus'], /^gocondad: unknown --kind value "bogus"; valid: [^;]*\bmissing-shims\b/, ['doctor']);
  // One bad kind among good ones is still bad: `doctor --kind bogus` used to say "ok, no problems".
  expectUsage(['doctor', '--kind', 'missing-shims,bogus'], /^gocondad: unknown --kind value "bogus"; /, ['doctor']);
  // A valid value still runs (the table is not merely a wall).
  expect(run(['sync', w.dir, '--platform', 'linux-64']).stderr).not.toMatch(/unknown --platform/);
});

test('sync --platform takes exactly the platforms the real conda knows', () => {
  const found = findRealConda();
  if (!found.conda) throw new Error(found.missing);
  const python = path.join(found.conda.root, 'bin', 'python');
  const r = spawnSync(python, ['-c', 'from conda.base.constants import KNOWN_SUBDIRS; print("\\n".join(KNOWN_SUBDIRS))'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  const conda = r.stdout.split('\n').filter((s) => s && s !== 'noarch');
  expect([...CONDA_SUBDIRS].sort()).toEqual(conda.sort());
});

test('a bug is one line pointing at a crash report with the stack; never a trace on the terminal', () => {
  const cache = path.join(w.dir, 'cache');
  for (const how of ['thrown', 'uncaught']) {
    const r = run(['envs'], { GOCONDAD_TEST_CRASH: how, XDG_CACHE_HOME: cache });
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const m =
      /^gocondad: unexpected error \(a bug in gocondad\): TypeError: planted bug \(GOCONDAD_TEST_CRASH=\w+\); the report is in (\S+), please attach it to an issue$/.exec(
        lines[0]!,
      );
    expect(m).not.toBeNull();
    expect(path.dirname(m![1]!)).toBe(path.join(cache, 'gocondad'));
    const report = fs.readFileSync(m![1]!, 'utf8');
    expect(report).toMatch(/^gocondad \S+ crashed at /);
    expect(report).toContain('command: gocondad envs');
    expect(report).toMatch(/TypeError: planted bug[^\n]*\n\s+at /);
    expect(r.stderr).not.toMatch(STACK);
  }
});

test("bundle's env file option reaches gocondad through the real executable (#! line) on this machine's Node", () => {
  // Node 20 reads `--env-file` anywhere in argv as its own (a dotenv file): the option is --conda-file.
  const proj = path.join(w.dir, 'bundle-proj');
  fs.mkdirSync(proj, { recursive: true });
  fs.writeFileSync(path.join(proj, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
  fs.writeFileSync(path.join(proj, 'main.go'), 'package main\n\nfunc main() {}\n');
  fs.writeFileSync(path.join(proj, 'my-env.yml'), 'name: app\ndependencies:\n  - go 1.22.*\n');
  const env = w.makeEnv('bundled');
  const bin = (args: string[]) => {
    // The script itself, as a user's shell runs it: the kernel reads `#!/usr/bin/env node`, env finds node on PATH.
    const r = spawnSync(CLI, ['bundle', '--dockerfile', '-p', env, '--gocondad-from', 'gocondad@0.1.0', ...args], {
      env: w.env,
      cwd: proj,
      encoding: 'utf8',
      timeout: 60000,
    });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const node = spawnSync('node', ['--version'], { env: w.env, encoding: 'utf8' }).stdout.trim();
  const ok = bin(['--conda-file', 'my-env.yml']);
  expect({ node, status: ok.status, stderr: ok.stderr }).toEqual({ node, status: 0, stderr: '' });
  expect(ok.stdout).toContain('COPY --chown=$MAMBA_USER:$MAMBA_USER ["my-env.yml","/tmp/my-env.yml"]');
  // The old spelling, where Node lets it through (a file it could read as dotenv; any file on Node >= 22): said.
  const old = bin(['--env-file', 'my-env.yml']);
  expect(old).toEqual({
    status: 2,
    stdout: '',
    stderr:
      'gocondad: --env-file is now --conda-file (Node 20 reads --env-file as its own option, wherever it is); use --conda-file FILE; see gocondad bundle --help\n',
  });
  // Where Node 20 does not let it through, Node itself answers: the reason for the new name.
  const eaten = bin(['--env-file', 'missing.yml']);
  if (/^v20\./.test(node)) expect([eaten.status, eaten.stderr.trim()]).toEqual([9, 'node: missing.yml: not found']);
  else expect(eaten.status).toBe(2);
});

// src/core/env-arg.ts: the one answer to "which env?" — names or paths, the active env by default where a
// command allows it, the conda-meta check — and its errors, each one line with the next step.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, formatError, GocondadError } from '../../../src/errors';
import { envByName, isCondaEnv, NOT_A_CONDA_ENV, notACondaEnv, notACondaEnvHint, whichEnv, type EnvArgFacts } from '../../../src/core/env-arg';

let dir: string;
let cwd: string;
const env = (name: string) => {
  const prefix = path.join(dir, 'envs', name);
  fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
  return prefix;
};
let facts: EnvArgFacts;
let lookups: number;
const RULES = { usage: 'gocondad explain ENV', activeByDefault: true };

/** The error a call throws, as the CLI prints it, with its exit code. */
function failure(fn: () => unknown): { line: string; exit: number } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GocondadError);
    return { line: formatError(err), exit: (err as GocondadError).exitCode };
  }
  throw new Error('expected an error');
}

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-envarg-')));
  cwd = process.cwd();
  process.chdir(dir);
  lookups = 0;
  const known = [
    { name: 'base', prefix: path.join(dir, 'root') },
    { name: 'ml', prefix: env('ml') },
    { name: 'twin', prefix: env('twin') },
    { name: 'twin', prefix: path.join(dir, 'other', 'twin') },
    // An env with shims installed by path: known by its dir's name; the same one twice is one env.
    { name: 'ml', prefix: path.join(dir, 'envs', 'ml') },
  ];
  facts = {
    active: undefined,
    known: () => (lookups++, known),
    isDir: (d) => fs.existsSync(d) && fs.statSync(d).isDirectory(),
  };
});
afterEach(() => {
  process.chdir(cwd);
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

test('a name is the env of that name; a path is resolved from here, without looking names up', () => {
  expect(whichEnv('ml', facts, RULES)).toBe(path.join(dir, 'envs', 'ml'));
  expect(lookups).toBe(1);
  expect(whichEnv('envs/ml', facts, RULES)).toBe(path.join(dir, 'envs', 'ml'));
  expect(whichEnv(path.join(dir, 'envs', 'ml') + '/', facts, RULES)).toBe(path.join(dir, 'envs', 'ml'));
  process.chdir(path.join(dir, 'envs', 'ml'));
  expect(whichEnv('.', facts, RULES)).toBe(path.join(dir, 'envs', 'ml'));
  expect(lookups).toBe(1);
});

test('a bare word no env is named: a directory of that name here, else "no env named"', () => {
  const here = env('mine');
  process.chdir(path.dirname(here));
  expect(whichEnv('mine', facts, RULES)).toBe(here);
  expect(failure(() => whichEnv('nope', facts, RULES))).toEqual({
    line: 'gocondad: no env named nope; `gocondad envs` lists the envs found, or give its prefix\n',
    exit: EXIT.FAILED,
  });
});

test('a name several envs have: each prefix named, give one', () => {
  expect(failure(() => envByName('twin', facts))).toEqual({
    line: `gocondad: several envs are named twin (${path.join(dir, 'envs', 'twin')}, ${path.join(dir, 'other', 'twin')}); give the prefix\n`,
    exit: EXIT.FAILED,
  });
});

test('no argument: the active env where the command allows, else one usage line naming the command', () => {
  const ml = path.join(dir, 'envs', 'ml');
  expect(whichEnv(undefined, { ...facts, active: ml }, RULES)).toBe(ml);
  expect(whichEnv('', { ...facts, active: `${ml}/` }, RULES)).toBe(ml);
  const none = {
    line: 'gocondad: no env given, and none is active; name one (`gocondad envs` lists them) or activate it: gocondad explain ENV\n',
    exit: EXIT.USAGE,
  };
  expect(failure(() => whichEnv(undefined, facts, RULES))).toEqual(none);
  expect(failure(() => whichEnv(undefined, { ...facts, active: ml }, { ...RULES, activeByDefault: false }))).toEqual(none);
});

test('not a conda env: the one error, with the conda command that makes it one (quoted when it must be)', () => {
  const plain = path.join(dir, 'plain');
  fs.mkdirSync(plain);
  const hint = (p: string) => `give an env's name or prefix (\`gocondad envs\` lists them), or make it one first: conda create -p ${p}`;
  expect(failure(() => whichEnv(plain, facts, RULES))).toEqual({
    line: `gocondad: ${plain} is not a conda env (no conda-meta/ in it); ${hint(plain)}\n`,
    exit: EXIT.FAILED,
  });
  // Where a wrong env is a wrong argument (sync-env, sync -p): exit 2, the same words.
  expect(failure(() => whichEnv(plain, facts, { ...RULES, notAnEnvExit: EXIT.USAGE })).exit).toBe(EXIT.USAGE);
  // The active env is checked too.
  expect(failure(() => whichEnv(undefined, { ...facts, active: plain }, RULES)).line).toContain(`${plain} is not a conda env`);
  // An env conda is about to create (sync-env --planned) need not exist yet.
  expect(whichEnv(path.join(dir, 'tomorrow'), facts, { ...RULES, mayNotExistYet: true })).toBe(path.join(dir, 'tomorrow'));
  const odd = path.join(dir, "it's here");
  expect(formatError(notACondaEnv(odd))).toBe(`gocondad: ${odd} is not a conda env (no conda-meta/ in it); ${hint(`'${odd.replace(/'/g, `'\\''`)}'`)}\n`);
});

test('isCondaEnv: conda-meta/ is there, with or without a history', () => {
  expect(isCondaEnv(env('fresh'))).toBe(true);
  expect(isCondaEnv(dir)).toBe(false);
});

test('a path is any word with a slash, or . or ..; a name also matches an env by its dir name', () => {
  process.chdir(path.join(dir, 'envs', 'ml'));
  expect(envByName('..', facts)).toBe(path.join(dir, 'envs'));
  expect(envByName('./x', facts)).toBe(path.join(dir, 'envs', 'ml', 'x'));
  expect(lookups).toBe(0);
  // 'root' is no env's name, but the base env's dir is called that.
  expect(envByName('root', facts)).toBe(path.join(dir, 'root'));
  expect(envByName('.ml', { ...facts, isDir: () => true })).toBe(path.join(dir, 'envs', 'ml', '.ml'));
});

test('not a conda env: exit 1 by default; the hint quotes what a shell would not take as it is', () => {
  expect(notACondaEnv('/p').exitCode).toBe(EXIT.FAILED);
  const hint = (p: string) => `give an env's name or prefix (\`gocondad envs\` lists them), or make it one first: conda create -p ${p}`;
  expect(notACondaEnvHint('/a-b_c/@%+=:,.')).toBe(hint('/a-b_c/@%+=:,.'));
  expect(notACondaEnvHint('/a b')).toBe(hint("'/a b'"));
  expect(notACondaEnvHint(' /a')).toBe(hint("' /a'"));
  expect(notACondaEnvHint('/a ')).toBe(hint("'/a '"));
  expect(notACondaEnvHint("/it's")).toBe(hint("'/it'\\''s'"));
  expect(notACondaEnvHint('')).toBe(hint("''"));
  expect(NOT_A_CONDA_ENV).toBe('not a conda env (no conda-meta/ in it)');
});

test('a name that is not its dir name (base, at the root prefix) is found by its name', () => {
  expect(envByName('base', facts)).toBe(path.join(dir, 'root'));
});

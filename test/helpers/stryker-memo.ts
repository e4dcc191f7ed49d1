// Answers of real components, kept for one Stryker run.
//
// Under Stryker (npm run mutate) every mutant reruns a suite's describe body and beforeAll, and the
// real-conda suites start Python there: `install.sh`, `conda --version`, conda_oracle.py, 2-3 s per mutant
// and past 10 s on a loaded box. Stryker's timeout counts only the tests' own time, so a whole run of
// sync/condaversion.ts "timed out" mutant after mutant: counted killed whatever the mutant did, at 90 s
// each. What the real conda answers cannot depend on the mutated TypeScript, so inside Stryker's sandbox
// the first answer (the dry run's) is kept in a file in the sandbox and reused; the sandbox and the file go
// when the run ends (cleanTempDir). Outside a sandbox (npm test, CI) nothing is kept: every run asks.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The Stryker sandbox `dir` is in (`<repo>/.stryker-tmp/sandbox-XXXX`), or null outside one. */
export function strykerSandbox(dir: string): string | null {
  const m = /^(.*\/\.stryker-tmp\/[^/]+)(?:\/|$)/.exec(dir);
  return m ? m[1]! : null;
}

/** `compute()`, or, inside a sandbox, what it returned the first time this run asked `key`. */
export function keptForRun<T>(sandbox: string | null, key: string, compute: () => T): T {
  if (!sandbox) return compute();
  const file = path.join(sandbox, '.real-answers', `${createHash('sha256').update(key).digest('hex')}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  const value = compute();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed: a reader in another jest worker never sees half a file.
  fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify(value));
  fs.renameSync(`${file}.${process.pid}`, file);
  return value;
}

/**
 * `make()`, which writes the files `names` into `dir`; or, inside a sandbox, those files as the first run
 * made them, copied in (mode kept). For real builds (gcc) whose output cannot depend on the mutated
 * TypeScript: elf.test.ts's static link took past Stryker's timeout on a loaded box, once per mutant.
 */
export function keptFilesForRun(sandbox: string | null, key: string, dir: string, names: string[], make: () => void): void {
  if (!sandbox) return make();
  const kept = path.join(sandbox, '.real-answers', createHash('sha256').update(key).digest('hex'));
  if (names.every((n) => fs.existsSync(path.join(kept, n)))) {
    for (const n of names) fs.copyFileSync(path.join(kept, n), path.join(dir, n));
    return;
  }
  make();
  // Filled aside and renamed: a reader in another jest worker never sees half the files.
  const aside = `${kept}.${process.pid}`;
  fs.mkdirSync(aside, { recursive: true });
  for (const n of names) fs.copyFileSync(path.join(dir, n), path.join(aside, n));
  try {
    fs.renameSync(aside, kept);
  } catch {
    // Another worker kept the same files first; its copy serves.
    fs.rmSync(aside, { recursive: true, force: true });
  }
}

/** The sandbox this checkout of the test helpers runs in (null for npm test). */
export const SANDBOX = strykerSandbox(path.resolve(__dirname, '..', '..'));

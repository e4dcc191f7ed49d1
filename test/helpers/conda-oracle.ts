// Asks the real conda (realconda.ts) about match specs and versions in one Python run: conda_oracle.py
// beside this file uses conda.models.match_spec.MatchSpec and conda.models.version, so the tables in
// matchspec.test.ts and condaversion.test.ts compare gocondad's parser with conda itself, not with
// expectations written by hand.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RealConda } from './realconda';
import { keptForRun, SANDBOX } from './stryker-memo';

export interface OracleSpec {
  ok: boolean;
  /** conda's exception type and the first line of its message */
  error?: string;
  /** the whole message (a spec holding a line break spreads it over lines) */
  message?: string;
  name?: string;
  version?: string | null;
  build?: string | null;
  channel?: string | null;
  oursCanonical?: string | null;
  subdir?: string | null;
}
export interface OracleVersion {
  ok: boolean;
  error?: string;
  spec?: string;
  matches?: (boolean | null)[];
}
export interface OracleRequest {
  specs?: { spec: string; channel: string | null }[];
  versions?: { spec: string; versions: string[] }[];
  order?: [string, string][];
  /** patterns for the real conda's Python to compile (pyregex.test.ts) */
  regexes?: string[];
}
export interface OracleAnswer {
  specs: OracleSpec[];
  versions: OracleVersion[];
  order: (number | null)[];
  /** null: compiled; else the text of Python's re.error (or OverflowError) */
  regexes: (string | null)[];
}

/** The python of the real conda's root (a conda root is a Python prefix). */
export function condaPython(conda: RealConda): string {
  const py = path.join(conda.root, 'bin', 'python');
  if (!fs.existsSync(py)) throw new Error(`the real conda at ${conda.root} has no bin/python; set GOCONDAD_TEST_CONDA to a conda whose root has one`);
  return py;
}

export function askConda(conda: RealConda, req: OracleRequest): OracleAnswer {
  return keptForRun(SANDBOX, JSON.stringify({ oracle: conda.root, req }), () => runOracle(conda, req));
}

function runOracle(conda: RealConda, req: OracleRequest): OracleAnswer {
  const r = spawnSync(condaPython(conda), [path.join(__dirname, 'conda_oracle.py')], {
    input: JSON.stringify(req),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 240000,
    env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/' },
  });
  if (r.status !== 0) throw new Error(`conda_oracle.py failed (exit ${r.status}): ${r.stderr || r.error}`);
  return JSON.parse(r.stdout) as OracleAnswer;
}

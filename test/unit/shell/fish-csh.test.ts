// The fish and csh dialects' quoting, checked in real fish and tcsh: values come back byte-identical and
// nothing in them runs. (Their shims carry quoted paths; the plan itself is POSIX code, posix.test.ts.)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { csh } from '../../../src/shell/csh';
import type { Dialect } from '../../../src/shell/dialect';
import { fish } from '../../../src/shell/fish';
import { requireReal } from '../../helpers/world';
import { HOSTILE_VALUES } from '../../helpers/hostile';

beforeAll(() => requireReal());

function run(shell: 'fish' | 'tcsh', script: string, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-fq-'));
  const file = path.join(dir, 'script');
  fs.writeFileSync(file, script);
  const r = spawnSync(shell, shell === 'fish' ? ['--no-config', file] : ['-f', file], {
    cwd: dir,
    env: { PATH: '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const created = fs.readdirSync(dir).filter((f) => f !== 'script');
  fs.rmSync(dir, { recursive: true });
  return { stdout: r.stdout.toString(), stderr: r.stderr.toString(), created };
}

// printenv prints exactly the exported value (plus a newline): the same check for both shells.
const cases: [string, 'fish' | 'tcsh', Dialect, string][] = [
  ['fish', 'fish', fish, 'set -gx'],
  ['csh (tcsh)', 'tcsh', csh, 'setenv'],
];

describe.each(cases)('%s', (_n, shell, d, setenv) => {
  test('quoted hostile values come back byte for byte and inject nothing', () => {
    const lines = HOSTILE_VALUES.map((v, i) => `${setenv} V${i} ${d.quote(v)}\nprintenv V${i}`);
    lines.push(`${setenv} EMPTY ${d.quote('')}`, 'printenv EMPTY', 'echo end');
    const r = run(shell, `${lines.join('\n')}\n`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${HOSTILE_VALUES.map((v) => `${v}\n`).join('')}\nend\n`);
    expect(r.created).toEqual([]);
  });

  test('a quoted path is exactly that file to source', () => {
    const r = run(shell, `source ${d.quote("/nonexistent/a b/c'd!x")}\n`);
    expect(r.stderr.replace(/\\/g, '')).toMatch(/\/nonexistent\/a b\/c'd!x/);
    expect(r.created).toEqual([]);
  });
});

// The fish and csh dialects' quoting and plan code, checked in real fish and tcsh: values come back
// byte-identical and nothing in them runs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyChange, type Plan } from '../../../src/core/activation-plan';
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
const cases: [string, 'fish' | 'tcsh', Dialect][] = [
  ['fish', 'fish', fish],
  ['csh (tcsh)', 'tcsh', csh],
];

describe.each(cases)('%s', (_n, shell, d) => {
  test('set/unset/restore round-trip hostile values and inject nothing', () => {
    const lines = HOSTILE_VALUES.map((v, i) => `${d.set(`V${i}`, v)}\nprintenv V${i}`);
    lines.push(d.restore('GONE', null), 'printenv GONE', 'echo after-gone', d.restore('EMPTY', ''), 'printenv EMPTY');
    const r = run(shell, `${lines.join('\n')}\n`, { GONE: 'x' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${HOSTILE_VALUES.map((v) => `${v}\n`).join('')}after-gone\n\n`);
    expect(r.created).toEqual([]);
  });

  test('source quotes the path: the shell looks for exactly that file', () => {
    const r = run(shell, `${d.source("/nonexistent/a b/c'd!x")}\n`);
    expect(r.stderr.replace(/\\/g, '')).toMatch(/\/nonexistent\/a b\/c'd!x/);
    expect(r.created).toEqual([]);
  });

  test('the plan as code: set, default only where unset or empty, appended flags', () => {
    const plan = {
      change: {
        ...emptyChange(),
        set: { GOROOT: "/go it's", GOBIN: null },
        defaults: { GOTOOLCHAIN: 'local+path' },
        append: { CGO_LDFLAGS: { value: "'-L/e b/lib'", base: '-O2 -g' }, CGO_CPPFLAGS: { value: '-I/e/include', base: '' } },
        path: { prepend: ['/go/bin'], remove: [] },
      },
    } as unknown as Plan;
    const show = 'printenv GOROOT\nprintenv GOTOOLCHAIN\nprintenv CGO_LDFLAGS\nprintenv CGO_CPPFLAGS\nprintenv GOBIN\necho end';
    const r1 = run(shell, `${d.planHeader(plan, {} as never)}\n${show}\n`, { GOBIN: 'x', CGO_CPPFLAGS: '-DX' });
    expect(r1.stderr).toBe('');
    expect(r1.stdout).toBe("/go it's\nlocal+path\n-O2 -g '-L/e b/lib'\n-DX -I/e/include\nend\n");
    const r2 = run(shell, `${d.planHeader(plan, {} as never)}\n${show}\n`, { GOTOOLCHAIN: 'go1.22.1', CGO_LDFLAGS: '', CGO_CPPFLAGS: '' });
    expect(r2.stdout).toBe("/go it's\ngo1.22.1\n'-L/e b/lib'\n-I/e/include\nend\n");
  });
});

test('variable names that are not identifiers are refused', () => {
  expect(() => fish.set('A;rm -rf /', 'x')).toThrow(/refusing/);
  expect(() => csh.unset('$(x)')).toThrow(/refusing/);
});

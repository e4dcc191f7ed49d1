// The POSIX dialect's quoting and the one plan renderer (planHeader), checked the only way that counts:
// values come back out of real shells byte-identical, and nothing in them runs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyChange, type Plan } from '../../../src/core/activation-plan';
import { planHeader, posix } from '../../../src/shell/posix';
import { POSIX_SHELLS, requireReal } from '../../helpers/world';
import { HOSTILE_VALUES } from '../../helpers/hostile';

beforeAll(() => requireReal());

function run(shell: string, script: string, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-quote-'));
  const r = spawnSync(shell, ['-c', script], { cwd: dir, env: { PATH: '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const created = fs.readdirSync(dir);
  fs.rmSync(dir, { recursive: true });
  return { stdout: r.stdout.toString(), stderr: r.stderr.toString(), created };
}

const planOf = (change: Partial<Plan['change']>, more: Partial<Plan> = {}) =>
  ({
    ok: true,
    goroot: '/go',
    prefix: '/e',
    aliases: [],
    keepUserModcache: false,
    platform: { goos: null, goarch: null },
    ...more,
    change: { ...emptyChange(), ...change },
  }) as unknown as Plan;

test.each(POSIX_SHELLS)('%s: quoted hostile values come back byte for byte and inject nothing', (shell) => {
  const lines = HOSTILE_VALUES.map((v, i) => `V${i}=${posix.quote(v)}\nprintf '%s\\0' "$V${i}"`);
  const r = run(shell, lines.join('\n'));
  expect(r.stderr).toBe('');
  expect(r.stdout.split('\0').slice(0, -1)).toEqual(HOSTILE_VALUES);
  expect(r.created).toEqual([]);
});

test.each(POSIX_SHELLS)('%s: the plan renderer sets hostile values, unsets, appends behind the cgo gate', (shell) => {
  const set = Object.fromEntries(HOSTILE_VALUES.map((v, i) => [`V${i}`, v]));
  const header = planHeader(
    planOf(
      { set: { ...set, GONE: null, EMPTY: '' }, append: { CGO_LDFLAGS: { value: "'-L/e b/lib'", base: '-O2 -g' } }, appendUnlessCgoOff: true },
      { goroot: "/go it's" },
    ),
    { planId: 'id' },
  );
  const show = [...HOSTILE_VALUES.map((_, i) => `"$V${i}"`), '"${GONE-unset}"', '"${EMPTY-unset}"', '"$CGO_LDFLAGS"', '"$__gcd_p_goroot"'].join(' ');
  const r = run(shell, `${header}\n__gcd_plan_set\nprintf '%s\\0' ${show}`, { GONE: 'x' });
  expect(r.stderr).toBe('');
  expect(r.stdout.split('\0').slice(0, -1)).toEqual([...HOSTILE_VALUES, 'unset', '', "-O2 -g '-L/e b/lib'", "/go it's"]);
  expect(r.created).toEqual([]);
  // CGO_ENABLED=0: the flags are left alone.
  const off = run(shell, `${header}\n__gcd_plan_set\nprintf '%s' "\${CGO_LDFLAGS-unset}"`, { CGO_ENABLED: '0' });
  expect(off.stdout).toBe('unset');
});

test('variable names that are not identifiers are refused', () => {
  expect(() => planHeader(planOf({ set: { 'A;rm -rf /': 'x' } }), { planId: '' })).toThrow(/refusing/);
  expect(() => planHeader(planOf({ set: { '$(x)': null } }), { planId: '' })).toThrow(/refusing/);
  expect(() => planHeader(planOf({ defaults: { 'a b': 'x' } }), { planId: '' })).toThrow(/refusing/);
});

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

// Every plan variable the shim logic reads (__gcd_p_*), read back out of each real shell after the header
// runs, for plans at both ends of each choice: no toolchain, unsets, defaults, several PATH entries and
// aliases, appends with and without the cgo gate, a platform and none, the user's module cache kept.
const PLAN_VARS = ['id', 'goroot', 'ok', 'prefix', 'entry', 'alias', 'vars', 'unset', 'modcache', 'goos', 'goarch'];
const readBack = (shell: string, header: string, env: Record<string, string> = {}) => {
  const show = PLAN_VARS.map((v) => `"\${__gcd_p_${v}-unset}"`).join(' ');
  // __gcd_own lives in the shim logic (shell/gocondad.sh): here the user has no value of their own.
  const r = run(
    shell,
    `__gcd_own() { return 1; }\n${header}\nprintf '%s\\0' ${show}\n__gcd_plan_set\nprintf '%s\\0' "$?" "\${CGO_LDFLAGS-unset}" "\${A-unset}" "\${D-unset}"`,
    env,
  );
  const out = r.stdout.split('\0').slice(0, -1);
  return { stderr: r.stderr, vars: Object.fromEntries(PLAN_VARS.map((v, i) => [v, out[i]])), after: out.slice(PLAN_VARS.length) };
};
const alias = (a: string) => ({ alias: a, target: `/real ${a}`, chars: [' '] });

test.each(POSIX_SHELLS)('%s: each plan variable the shim reads back, for plans at both ends of each choice', (shell) => {
  const none = planOf(
    {
      set: { A: 'a', GONE: null, ALSO_GONE: null },
      defaults: { D: 'd' },
      append: { CGO_LDFLAGS: { value: '-L/x', base: '-O2 -g' } },
      appendUnlessCgoOff: false,
      path: { prepend: ['/p1', '/p 2'], remove: [] },
    },
    { ok: false, goroot: null, prefix: '/e', aliases: [alias('/al/1'), alias('/al/2')], keepUserModcache: false },
  );
  // No cgo gate: the appends apply even with CGO_ENABLED=0.
  expect(readBack(shell, planHeader(none, { planId: 'p1' }), { CGO_ENABLED: '0', GONE: 'g', ALSO_GONE: 'h' })).toEqual({
    stderr: '',
    vars: {
      id: 'p1',
      goroot: '',
      ok: '0',
      prefix: '/e',
      entry: '/p1:/p 2',
      alias: '/al/1:/al/2',
      vars: 'A D CGO_LDFLAGS',
      unset: 'GONE ALSO_GONE',
      modcache: '0',
      goos: '',
      goarch: '',
    },
    after: ['0', '-O2 -g -L/x', 'a', 'd'],
  });
  // The cgo gate with nothing to append: no empty `if` (a syntax error in every POSIX shell).
  const gated = planOf(
    { set: { A: 'b' }, appendUnlessCgoOff: true, path: { prepend: ['/go/bin'], remove: [] } },
    {
      goroot: '/go',
      prefix: '/envs/x y',
      aliases: [alias('/al/only')],
      keepUserModcache: true,
      platform: { subdir: 'linux-aarch64', goos: 'linux', goarch: 'arm64' },
    },
  );
  expect(readBack(shell, planHeader(gated, { planId: 'p2' }))).toEqual({
    stderr: '',
    vars: {
      id: 'p2',
      goroot: '/go',
      ok: '1',
      prefix: '/envs/x y',
      entry: '/go/bin',
      alias: '/al/only',
      vars: 'A',
      unset: '',
      modcache: '1',
      goos: 'linux',
      goarch: 'arm64',
    },
    after: ['0', 'unset', 'b', 'unset'],
  });
});

test('an empty plan is the plan variables and a function that does nothing, byte for byte', () => {
  expect(planHeader(planOf({}, { goroot: null }), { planId: 'x' })).toBe(
    [
      "__gcd_p_id='x'",
      "__gcd_p_goroot=''",
      "__gcd_p_ok='1'",
      "__gcd_p_prefix='/e'",
      "__gcd_p_entry=''",
      "__gcd_p_alias=''",
      "__gcd_p_vars=''",
      "__gcd_p_unset=''",
      "__gcd_p_modcache='0'",
      "__gcd_p_goos=''",
      "__gcd_p_goarch=''",
      '__gcd_plan_set() {',
      '  :',
      '  return 0',
      '}',
    ].join('\n'),
  );
});

test('a deactivate shim carries only the plan id and the toolchain root (empty when there is none)', () => {
  const ctx = { planId: 'd1', shimFile: '/e/s.sh', node: '/n', cli: '/c', foreign: { posixShim: '', runner: '', sh: '' } };
  const lines = (goroot: string | null) =>
    posix
      .shim('deactivate', planOf({}, { goroot, envName: 'e' }), ctx)
      .split('\n')
      .slice(3, 6);
  expect(lines(null)).toEqual(["__gcd_action='deactivate'", "__gcd_p_id='d1'", "__gcd_p_goroot=''"]);
  expect(lines("/go it's")).toEqual(["__gcd_action='deactivate'", "__gcd_p_id='d1'", "__gcd_p_goroot='/go it'\\''s'"]);
});

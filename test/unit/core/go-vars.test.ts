// The variables written once in core/go-vars.ts: every one a plan can touch is listed (so the fish/csh
// runner reports it), the generated shell code has every slot filled, and the activation-script test
// agrees with the globs the shim uses.
import { CONDA_FORGE_GO_BACKUPS, CONDA_FORGE_GO_MARKERS, GO_ACTIVATION_SCRIPT, MANAGED_VARS } from '../../../src/core/go-vars';
import { DEFAULT_CONFIG, type UserConfig } from '../../../src/core/config';
import { planEnv } from '../../../src/core/activation-plan';
import { shimLogic } from '../../../src/shell/posix';
import { foreignRunnerText } from '../../../src/shims/install';

const toolchain = { root: '/usr/lib/go-1.22', version: 'go1.22.12', semver: '1.22.12' };

test('every variable any plan touches is a managed variable', () => {
  const touched = new Set<string>();
  for (const gopath of [{ kind: 'per-env' }, { kind: 'shared' }, { kind: 'template', template: '/g/{name}' }] as UserConfig['gopath'][])
    for (const isolateModcache of [false, true])
      for (const policy of ['auto', 'on', 'off'] as const)
        for (const offline of [false, true])
          for (const launcherDir of ['/l', null]) {
            const plan = planEnv({
              prefix: '/e',
              envName: 'e',
              choice: { ok: true, toolchain, source: 'newest', why: 'newest' },
              config: { ...DEFAULT_CONFIG, gopath, isolateModcache },
              envDeclaredVars: [],
              launcherDir,
              cgo: { policy, hasInclude: true, hasLib: true },
              offline: { on: offline, userModcache: '/m' },
            });
            const c = plan.change;
            for (const n of [...Object.keys(c.set), ...Object.keys(c.defaults), ...Object.keys(c.append)]) touched.add(n);
            if (plan.keepUserModcache) touched.add('GOMODCACHE');
          }
  expect([...touched].filter((n) => !(MANAGED_VARS as readonly string[]).includes(n))).toEqual([]);
  expect(touched.size).toBeGreaterThanOrEqual(8);
});

test('the generated shell code has every slot filled', () => {
  for (const text of [shimLogic('activate'), shimLogic('deactivate'), foreignRunnerText()]) expect(text).not.toMatch(/@[A-Z_]+@/);
  const runner = foreignRunnerText();
  expect(runner).toContain(`__gcd_managed='${MANAGED_VARS.join(' ')}'`);
  for (const [v, m] of CONDA_FORGE_GO_BACKUPS) {
    expect(runner).toContain(` ${m}`);
    expect(shimLogic('activate')).toContain(`${v}:${m}`);
  }
  for (const m of CONDA_FORGE_GO_MARKERS) expect(shimLogic('activate')).toContain(`\${${m}+x}`);
});

test("conda-forge's go activation scripts, by name", () => {
  for (const f of ['go-cgo_activate.sh', 'go-nocgo_activate.sh', 'go-platform_linux-64_activate.sh', 'activate-z61-go.sh'])
    expect(f).toMatch(GO_ACTIVATION_SCRIPT);
  for (const f of ['zzz-gocondad.sh', 'golang.sh', 'activate-z6x-go.sh']) expect(f).not.toMatch(GO_ACTIVATION_SCRIPT);
});

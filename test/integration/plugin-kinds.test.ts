// The finding-kind table (src/doctor/kinds.ts) as the conda plugin reads it: `gocondad doctor --json`
// prints it (`kinds`), and the plugin's doctor module, run in the real conda's Python, builds from it
// exactly TypeScript's conda doctor checks — names, order, summaries, fixes and kinds — and hard-codes no
// kind but the one whose fix is conda's own API. When gocondad cannot give the table (missing, crashing,
// printing garbage or an older JSON, hanging) the plugin offers one check that says so in one line, and a
// real `conda doctor` keeps its exit status.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONDA_CHECKS, FINDING_KINDS, kindTable } from '../../src/doctor/kinds';
import { findSharedConda } from '../helpers/realconda';
import { describeWithPluginConda, pluginConda } from '../helpers/pluginconda';
import { requireReal, World } from '../helpers/world';

const REPO = path.join(__dirname, '..', '..');
const DOCTOR_PY = path.join(REPO, 'python-shim', 'gocondad_conda', 'doctor.py');

function python(): string {
  const found = findSharedConda('main');
  if (!found.conda) throw new Error(found.missing);
  return path.join(found.conda.root, 'bin', 'python');
}

/** Runs `code` with the checkout's plugin importable; stdin JSON in, stdout JSON out. */
function py(code: string, env: Record<string, string>, input = ''): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(python(), ['-c', code], {
    input,
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', PYTHONPATH: path.join(REPO, 'python-shim'), ...env },
    timeout: 120000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

let world: World;
beforeAll(() => {
  requireReal();
  world = new World();
});
afterAll(() => world.cleanup());

test("the plugin's conda doctor checks are gocondad's table, read from a real `doctor --json`", () => {
  const env = path.join(world.dir, 'envs', 'k');
  fs.mkdirSync(path.join(env, 'conda-meta'), { recursive: true });
  const doctor = world.cli(['doctor', env, '--json']);
  const report = JSON.parse(doctor.stdout) as { kinds: Record<string, { check: string | null }> };
  expect(report.kinds).toEqual(kindTable());
  const r = py(
    `import json, sys
from gocondad_conda import doctor
checks = doctor.checks_from(json.load(sys.stdin))
print(json.dumps({"checks": [[n, s, list(k), f] for n, (s, k, f) in checks.items()], "goroot": [doctor.GOROOT_CHECK, doctor.GOROOT_KIND]}))`,
    { HOME: world.home },
    doctor.stdout,
  );
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout) as { checks: [string, string, string[], string | null][]; goroot: [string, string] };
  const table = kindTable();
  const expected = Object.entries(CONDA_CHECKS).map(([name, c]) => [name, c.summary, FINDING_KINDS.filter((k) => table[k].check === name).sort(), c.fix]);
  expect(out.checks.map(([n, s, k, f]) => [n, s, [...k].sort(), f])).toEqual(expected);
  // The one check whose fix the plugin does itself (conda's env vars API): still gocondad's, with a fixer.
  const [gorootCheck, gorootKind] = out.goroot;
  expect(table[gorootKind as keyof typeof table]).toMatchObject({ check: gorootCheck, fix: expect.any(String) });
});

test('the plugin spells no kind of finding but the one its own fixer needs', () => {
  const source = fs.readFileSync(DOCTOR_PY, 'utf8');
  const named = FINDING_KINDS.filter((k) => new RegExp(`["']${k}["']`).test(source));
  expect(named).toEqual(['goroot-without-stdlib']);
  const checks = Object.keys(CONDA_CHECKS).filter((c) => new RegExp(`["']${c}["']`).test(source));
  expect(checks).toEqual(['gocondad-goroot']);
});

describe('when gocondad cannot give the table, the plugin offers one check that says why, and nothing fails', () => {
  const PY = `import json, sys
from gocondad_conda import doctor
checks = list(doctor.health_checks())
print(json.dumps([[c.name, c.summary, c.fixer is not None] for c in checks]))
sys.stdout.flush()
for c in checks:
    c.action("/nowhere", False)
    c.action("/nowhere", False)`;
  const script = (name: string, body: string) => {
    const file = path.join(world.dir, name);
    fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return file;
  };
  const cases: [string, () => Record<string, string>, RegExp][] = [
    ['missing', () => ({ GOCONDAD_CLI: '/nonexistent/gocondad' }), /does not exist/],
    ['garbage', () => ({ GOCONDAD_CLI: script('garbage', 'echo "{not json"; echo junk >&2; exit 3') }), /failed \(exit 3\): junk/],
    ['JSON that is not an object', () => ({ GOCONDAD_CLI: script('list', 'echo "[1, 2]"') }), /no table of finding kinds/],
    ['an older JSON, without the table', () => ({ GOCONDAD_CLI: script('old', 'echo \'{"findings": [], "ok": true}\'') }), /no table of finding kinds/],
    ['a malformed table', () => ({ GOCONDAD_CLI: script('bad', 'echo \'{"kinds": {"pin": {"check": 7}}}\'') }), /malformed row for kind 'pin'/],
    ['hung', () => ({ GOCONDAD_CLI: script('hang', 'sleep 60'), GOCONDAD_PLUGIN_TIMEOUT: '1' }), /did not finish within 1 s/],
  ];
  test.each(cases)('%s', (_label, setup, why) => {
    const r = py(PY, { HOME: world.home, ...setup() });
    expect(r.status).toBe(0);
    const [checks, ...rest] = r.stdout.split('\n');
    expect(JSON.parse(checks!)).toEqual([['gocondad', expect.stringMatching(/could not list them/), false]]);
    expect(rest.join('')).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toEqual([expect.stringMatching(/^gocondad: Go checks skipped: /)]);
    expect(lines[0]).toMatch(why);
  });
});

describeWithPluginConda('a real conda doctor with gocondad printing JSON without the table', 'main', () => {
  test('exit status as without the plugin, one line, no traceback; --list too', () => {
    const pc = pluginConda(world, 'main');
    const p = path.join(pc.envsDir, 'e');
    expect(pc.run(['create', '-p', p, '--yes', '-q']).status).toBe(0);
    const old = path.join(world.dir, 'old-gocondad');
    fs.writeFileSync(old, '#!/bin/sh\necho \'{"findings": [], "ok": true}\'\n', { mode: 0o755 });
    for (const args of [
      ['doctor', '-p', p],
      ['doctor', '--list'],
    ]) {
      const withPlugin = pc.run(args, { env: { GOCONDAD_CLI: old } });
      const without = pc.run(args, { env: { GOCONDAD_CLI: old, CONDA_NO_PLUGINS: 'true' } });
      expect({ args, status: withPlugin.status }).toEqual({ args, status: without.status });
      expect(withPlugin.stderr).not.toMatch(/Traceback|Error running health check/);
      expect(withPlugin.stderr.split('\n').filter((l) => l.startsWith('gocondad:')).length).toBeLessThanOrEqual(1);
    }
    // And with the real gocondad, its checks are there again.
    expect(pc.run(['doctor', '--list']).stdout).toContain('gocondad-shims: ');
  }, 300000);
});

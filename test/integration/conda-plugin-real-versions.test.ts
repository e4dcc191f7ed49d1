// The plugin against every conda users run (../shared/realconda: main on the way to 26.9, 26.7.1,
// 25.11.1, 24.11.3, 23.7.4), each a root of its own with the plugin installed: every conda command keeps
// its exit status (against CONDA_NO_PLUGINS=true) and gets no line from us; the post-command, the
// health checks (24.x+), fixers (26.x+) and the exporter (25.7+) work where that conda has them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { describeWithPluginConda, ourLines, pluginConda, type PluginConda } from '../helpers/pluginconda';
import { requireReal, World } from '../helpers/world';

const VERSIONS: { flavour: string; checks: boolean; fixers: boolean; exporter: boolean; envCreate: boolean; quietSpec: boolean }[] = [
  { flavour: 'main', checks: true, fixers: true, exporter: true, envCreate: true, quietSpec: true },
  { flavour: '26.7.1', checks: true, fixers: true, exporter: true, envCreate: true, quietSpec: true },
  { flavour: '25.11.1', checks: true, fixers: false, exporter: true, envCreate: true, quietSpec: false },
  { flavour: '24.11.3', checks: true, fixers: false, exporter: false, envCreate: true, quietSpec: false },
  // This root's `conda env` (a separate conda_env package in 23.x) is not part of realconda: env create untested there.
  { flavour: '23.7.4', checks: false, fixers: false, exporter: false, envCreate: false, quietSpec: false },
];
const shim = (prefix: string) => path.join(prefix, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh');
const goroot = (prefix: string) => /__gcd_p_goroot='([^']*)'/.exec(fs.readFileSync(shim(prefix), 'utf8'))?.[1];

for (const v of VERSIONS) {
  describeWithPluginConda('the plugin in every supported conda', v.flavour, () => {
    let world: World;
    let pc: PluginConda;
    beforeAll(() => {
      requireReal();
      world = new World();
      world.config('system_toolchains: false\ntoolchains: [/usr/lib/go-1.21, /usr/lib/go-1.22]\n');
      pc = pluginConda(world, v.flavour);
    }, 300000);
    afterAll(() => world.cleanup());

    test('every conda command keeps its exit status and gets no line from the plugin', () => {
      const env = path.join(pc.envsDir, 'listed');
      expect(pc.run(['create', '-p', env, '--yes', '-q'], { env: { CONDA_NO_PLUGINS: 'true' } }).status).toBe(0);
      const commands = [
        ['--help'],
        ['--version'],
        ['info'],
        ['list', '-p', env],
        ['env', 'list'],
        ['doctor', '-p', env],
        ['plugins', 'list'],
        ['create', '-p', '@', '--yes', '-q'],
        ['remove', '-p', '@', '--all', '--yes', '-q'],
      ];
      const rows = commands.map((args) => {
        const mine = pc.run(args.map((a) => (a === '@' ? path.join(pc.envsDir, 'p') : a)));
        const base = pc.run(
          args.map((a) => (a === '@' ? path.join(pc.envsDir, 'np') : a)),
          { env: { CONDA_NO_PLUGINS: 'true' } },
        );
        // A traceback conda prints without plugins too (23.7's `conda env` is not in this root) is not ours.
        const theirs = new Set(ourLines(base.stderr).map((l) => l.replace(/\/np\b/g, '/p')));
        return { cmd: args.join(' '), status: mine.status, ours: ourLines(mine.stderr).filter((l) => !theirs.has(l)), base: base.status };
      });
      expect(rows).toEqual(rows.map((r) => ({ ...r, status: r.base, ours: [] })));
    }, 240000);

    test('conda go, and shims current right after create / install / remove of go', () => {
      expect(pc.run(['go', 'envs', '--json']).status).toBe(0);
      const p = path.join(pc.envsDir, 'shimmed');
      expect(pc.run(['create', '-p', p, '--yes', '-q']).status).toBe(0);
      expect(goroot(p)).toBe('/usr/lib/go-1.22');
      expect(pc.run(['install', '-p', p, '-c', `file://${pc.channel}`, '--override-channels', 'go=1.21.13', '--yes', '-q']).status).toBe(0);
      expect(goroot(p)).toBe(path.join(p, 'go'));
      expect(pc.run(['remove', '-p', p, 'go', '--yes', '-q']).status).toBe(0);
      expect(goroot(p)).toBe('/usr/lib/go-1.22');
    }, 240000);

    test(`conda doctor ${v.checks ? 'runs the Go checks' : 'has no health-check hook here: nothing of ours'}${v.fixers ? ', and --fix fixes' : ''}`, () => {
      const p = path.join(pc.envsDir, 'doc');
      expect(pc.run(['create', '-p', p, '--yes', '-q']).status).toBe(0);
      for (const kind of ['activate.d', 'deactivate.d'])
        for (const ext of ['sh', 'fish', 'csh']) fs.rmSync(path.join(p, 'etc', 'conda', kind, `zzz-gocondad.${ext}`));
      const r = pc.run(['doctor', '-p', p]);
      expect(r.status).toBe(0);
      if (!v.checks) {
        expect(r.stdout).not.toMatch(/shims|Go toolchain|go activation/);
        return;
      }
      expect(r.stdout).toMatch(/missing-shims: no gocondad shims/);
      const list = pc.run(['doctor', '--list']);
      if (v.fixers) {
        expect(list.stdout).toMatch(/gocondad-shims: .*\(fix: /);
        expect(pc.run(['doctor', '-p', p, '--fix', '--yes', 'gocondad-shims']).status).toBe(0);
        expect(fs.existsSync(shim(p))).toBe(true);
      }
    }, 240000);

    test(`the Go state travels with the env file${v.exporter ? ' (conda export --format gocondad)' : ' (conda env export + conda go export)'}${v.envCreate ? ', and comes back with conda env create' : ''}`, () => {
      const a = path.join(pc.envsDir, 'exp');
      expect(pc.run(['create', '-p', a, '--yes', '-q']).status).toBe(0);
      fs.writeFileSync(path.join(a, 'etc', 'gocondad.yml'), 'go: "1.21"\n');
      const file = path.join(world.dir, `exp-${v.flavour}.gocondad.yml`);
      if (v.exporter) {
        const r = pc.run(['export', '-p', a, '--format', 'gocondad', '--file', file]);
        expect({ status: r.status, ours: ourLines(r.stderr) }).toEqual({ status: 0, ours: [] });
      } else {
        const conda = pc.run(['env', 'export', '-p', a]);
        const go = pc.run(['go', 'export', a]);
        expect(go.status).toBe(0);
        fs.writeFileSync(file, conda.stdout.replace(/^prefix:.*\n?/m, '') + go.stdout);
      }
      expect(YAML.parse(fs.readFileSync(file, 'utf8')).gocondad).toMatchObject({ toolchain: { goVersion: 'go1.21.13', chosenBy: 'pin' }, pin: { go: '1.21' } });
      if (!v.envCreate) return;
      const b = path.join(pc.envsDir, 'imp');
      const c = pc.run(['env', 'create', '-p', b, '--file', file]);
      expect(c.status).toBe(0);
      expect(ourLines(c.stderr)).toEqual([]);
      // Where conda has no specifier with file name patterns its standard reader says it skips our section.
      expect((c.stdout + c.stderr).includes('EnvironmentSectionNotValid')).toBe(!v.quietSpec);
      expect(fs.readFileSync(path.join(b, 'etc', 'gocondad.yml'), 'utf8')).toBe('go: "1.21"\n');
      expect(goroot(b)).toBe('/usr/lib/go-1.21');
    }, 240000);
  });
}

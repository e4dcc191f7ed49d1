// The plugin's guards against what a real conda raises when its API is not the one the plugin was
// written for: a plugin type that lost a field (TypeError from conda's own class), a setting that is
// gone (AttributeError from conda's Context), an enum member renamed (KeyError from conda's enum). Each
// is raised by the real conda's code inside a hook conda itself calls (its plugin manager, a real
// command), not by a stub: conda's exit status must not change and the plugin costs one line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeWithPluginConda, ourLines, pluginConda, type PluginConda } from '../helpers/pluginconda';
import { requireReal, World } from '../helpers/world';

let world: World;
let pc: PluginConda;

/** Each mismatch as the plugin would meet it, and the one line it must cost. */
const MISMATCHES: [string, string, string][] = [
  [
    'TypeError',
    'return compat.plugin_type("CondaSubcommand")(name="go", summary="s", action=run_go, no_such_field=1)',
    "CondaSubcommand.__init__() got an unexpected keyword argument 'no_such_field'",
  ],
  [
    'AttributeError',
    'from conda.base.context import context\n        return context.go_no_such_setting',
    "'Context' object has no attribute 'go_no_such_setting'",
  ],
  ['KeyError', 'from conda.models.enums import Platform\n        return Platform["plan9"]', "'plan9'"],
];

/**
 * The installed plugin (in this test's own conda root) gets, after its own hooks, a conda_subcommands
 * that meets the mismatch named by GOCONDAD_TEST_MISMATCH, behind the same `guarded` as every hook; and
 * a post-command env check that meets it too. Without the variable the module is the real one.
 */
function plantMismatches(root: string): void {
  const lib = fs.readdirSync(path.join(root, 'lib')).find((d) => d.startsWith('python3'))!;
  const plugin = path.join(root, 'lib', lib, 'site-packages', 'gocondad_conda', 'plugin.py');
  const cases = MISMATCHES.map(([name, code]) => `    if _which == "${name}":\n        ${code}\n`).join('');
  fs.appendFileSync(
    plugin,
    [
      '',
      'import os as _os',
      'from . import compat, post_command as _post',
      '_which = _os.environ.get("GOCONDAD_TEST_MISMATCH")',
      '',
      'def _meet():',
      cases,
      'if _which:',
      '',
      '    @hookimpl',
      '    @guarded',
      '    def conda_subcommands():',
      '        yield _meet()',
      '',
      '    _post.is_env = lambda prefix: _meet() and False',
      '',
    ].join('\n'),
  );
}

describeWithPluginConda('the plugin guard against a real conda API mismatch', 'main', () => {
  beforeAll(() => {
    requireReal();
    world = new World();
    pc = pluginConda(world, 'main');
    plantMismatches(pc.conda.root);
  }, 300000);
  afterAll(() => world.cleanup());

  test('unplanted, the module is the real one: conda info works and says nothing of gocondad', () => {
    const r = pc.run(['info', '--json']);
    expect(r.status).toBe(0);
    expect(ourLines(r.stderr)).toEqual([]);
  });

  test.each(MISMATCHES)('%s inside a hook conda calls: conda info exits 0 with its JSON, one line from the plugin', (name, _code, message) => {
    const r = pc.run(['info', '--json'], { env: { GOCONDAD_TEST_MISMATCH: name } });
    expect(ourLines(r.stderr)).toEqual([`gocondad: plugin hook conda_subcommands failed (conda is unaffected): ${message}`]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('conda_version');
  });

  test.each(MISMATCHES)('%s inside the post-command: conda create exits 0 and makes the env, one line from the plugin', (name, _code, message) => {
    const prefix = path.join(pc.envsDir, `post-${name}`);
    const r = pc.run(['create', '-p', prefix, '--yes', '-q'], { env: { GOCONDAD_TEST_MISMATCH: name } });
    expect(ourLines(r.stderr)).toEqual([
      `gocondad: plugin hook conda_subcommands failed (conda is unaffected): ${message}`,
      `gocondad: post-command failed: ${message}`,
    ]);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(prefix, 'conda-meta', 'history'))).toBe(true);
  });
});

// src/setup/execute.ts and the conda plugin: executeSetup's plugin steps (asked, kept, skipped, upgraded,
// failing) with recording hooks over a temp world, and installVerified, which never leaves a conda that
// cannot load the plugin: the order of its calls and what each failure says. Conda and pip are a recording
// runner here; test/integration/setup.test.ts runs the real ones.
import * as path from 'node:path';
import { executeSetup, installVerified } from '../../../src/setup/execute';
import { manifestPath } from '../../../src/setup/manifest';
import type { Env } from '../../../src/paths';
import type { RunResult, Runner } from '../../../src/service/types';
import type { PluginStep, SetupPlan } from '../../../src/setup/setup-plan';
import { setupHooks, SetupWorld } from '../../helpers/setup-world';

let w: SetupWorld;
beforeEach(() => (w = new SetupWorld()));
afterEach(() => w.cleanup());

const plan = (plugins: PluginStep[]): SetupPlan => ({
  shims: { install: [], optedOut: [], notWritable: [] },
  service: null,
  plugins,
  undo: 'gocondad uninstall',
});
const CHECKPOINT_FIRST = 'checkpoint service=null plugins= envs=';

describe('executeSetup', () => {
  test('every plugin step: asked (yes, no), kept, skipped, upgraded, failing; only the ones installed are recorded', async () => {
    const roots = ['ask-yes', 'ask-no', 'keep', 'skip', 'upgrade', 'broken'].map(
      (n) => w.write(path.join(w.dir, n, 'bin', 'conda'), '') && path.join(w.dir, n),
    );
    const action = ['ask', 'ask', 'keep', 'skip', 'upgrade', 'install'] as const;
    const steps = roots.map((root, i) => ({ root, python: `${root}/bin/python`, action: action[i]!, why: `why ${i}`, command: `cmd ${i}` }));
    const events: string[] = [];
    let asked = 0;
    const hooks = setupHooks(w, events, {
      // conda on the root "broken" fails once the plugin is in (its second `conda info`).
      answer: (cmd) =>
        cmd.endsWith('/broken/bin/conda') && events.filter((e) => e.startsWith('run W/broken/bin/conda')).length === 2
          ? { status: 1, stderr: 'PluginError: x\n' }
          : undefined,
    });
    hooks.confirm = async (q) => (events.push(`confirm ${q.replaceAll(w.dir, 'W')}`), (asked += 1) === 1);
    const r = await executeSetup(plan(steps), w.loc, w.env, hooks, null);
    expect(r).toEqual({ failures: 1 });
    const install = (n: string) => [
      `progress installing the conda plugin into W/${n} (W/${n}/bin/python -m pip)`,
      `run W/${n}/bin/conda info --json`,
      `run W/${n}/bin/python -m pip install --no-deps --no-build-isolation --no-index --quiet <private copy>/python-shim`,
      `run W/${n}/bin/conda info --json`,
    ];
    const question = (n: string) =>
      `confirm Install gocondad's conda plugin into W/${n} (adds \`conda go\`, keeps shims current right after conda changes an env)? [y/N] `;
    expect(events).toEqual([
      CHECKPOINT_FIRST,
      question('ask-yes'),
      ...install('ask-yes'),
      'plugin   installed  W/ask-yes  (W/ask-yes/bin/python -m pip; `conda info` still works)',
      'checkpoint service=null plugins=W/ask-yes envs=',
      question('ask-no'),
      'plugin   not installed  W/ask-no  (declined; to install later: cmd 1)',
      'checkpoint service=null plugins=W/ask-yes envs=',
      'plugin   kept        W/keep  (why 2)',
      'checkpoint service=null plugins=W/ask-yes envs=',
      'plugin   not installed  W/skip  (why 3)',
      'checkpoint service=null plugins=W/ask-yes envs=',
      ...install('upgrade'),
      'plugin   installed  W/upgrade  (W/upgrade/bin/python -m pip; `conda info` still works)',
      'checkpoint service=null plugins=W/ask-yes,W/upgrade envs=',
      ...install('broken'),
      'run W/broken/bin/python -m pip uninstall --yes --quiet gocondad-conda',
      'plugin   FAILED     W/broken: this conda cannot load the plugin (`conda info` exit 1: PluginError: x); removed it again',
      'checkpoint service=null plugins=W/ask-yes,W/upgrade envs=',
      'record   W/home/.local/state/gocondad/setup.json',
      'undo all of it: gocondad uninstall',
    ]);
    expect(JSON.parse(w.read(manifestPath(w.loc)).replaceAll(w.dir, 'W')).plugins).toEqual([
      { root: 'W/ask-yes', python: 'W/ask-yes/bin/python' },
      { root: 'W/upgrade', python: 'W/upgrade/bin/python' },
    ]);
  });
});

describe('installVerified', () => {
  let root: string;
  let source: string;
  beforeEach(() => {
    root = w.root;
    source = path.join(w.dir, 'python-shim');
    w.write(path.join(source, 'pyproject.toml'), 'version = "0.1.0"\n');
  });

  /** A runner answering `conda info` with `infos` in turn and pip with `pip`; it records what it was asked. */
  function recorder(
    infos: number[],
    pip: { install: number; uninstall: number } = { install: 0, uninstall: 0 },
    stderr = (what: string) => `${what} failed\nlast line of ${what}`,
  ) {
    const calls: { what: string; env: Env | undefined }[] = [];
    const run: Runner = (cmd, args, opts) => {
      const what = cmd.endsWith('/conda') ? 'conda info' : `pip ${args[2]}`;
      calls.push({ what, env: opts?.env });
      const status = what === 'conda info' ? infos.shift()! : what === 'pip install' ? pip.install : pip.uninstall;
      return { status, stdout: '', stderr: status === 0 ? '' : stderr(what) } satisfies RunResult;
    };
    return { calls, run };
  }
  const step = (): Pick<PluginStep, 'root' | 'python' | 'command'> => ({
    root,
    python: path.join(root, 'bin', 'python'),
    command: 'python -m pip install ...',
  });

  test('conda works before and after: installed, nothing else asked', () => {
    const r = recorder([0, 0]);
    expect(installVerified(step(), { PATH: '/usr/bin' }, r.run, source)).toBeNull();
    expect(r.calls.map((c) => c.what)).toEqual(['conda info', 'pip install', 'conda info']);
  });

  test('conda broken after the install: the plugin is taken out again, and the message says so', () => {
    const r = recorder([0, 1]);
    expect(installVerified(step(), {}, r.run, source)).toBe(
      'this conda cannot load the plugin (`conda info` exit 1: last line of conda info); removed it again',
    );
    expect(r.calls.map((c) => c.what)).toEqual(['conda info', 'pip install', 'conda info', 'pip uninstall']);
  });

  test('and when taking it out fails too, the message gives the command to do it', () => {
    const r = recorder([0, 2], { install: 0, uninstall: 1 });
    expect(installVerified(step(), {}, r.run, source)).toBe(
      `this conda cannot load the plugin (\`conda info\` exit 2: last line of conda info); and removing it failed: run ${step().python} -m pip uninstall gocondad-conda`,
    );
  });

  test('conda already broken: nothing installed; pip failing: the command to run by hand', () => {
    const broken = recorder([3]);
    expect(installVerified(step(), {}, broken.run, source)).toBe(
      'conda there does not work even now (`conda info` exit 3: last line of conda info); not installing into it',
    );
    expect(broken.calls.map((c) => c.what)).toEqual(['conda info']);
    const pip = recorder([0], { install: 4, uninstall: 0 });
    expect(installVerified(step(), {}, pip.run, source)).toBe('pip exited 4: last line of pip install; run it yourself: python -m pip install ...');
    expect(pip.calls.map((c) => c.what)).toEqual(['conda info', 'pip install']);
  });

  test('the last line of what the tool said: its trailing newline and blank lines trimmed, of three lines the third', () => {
    const r = recorder([5], undefined, () => 'Traceback (most recent call last):\n  File "conda", line 1\nImportError: no module named conda\n\n');
    expect(installVerified(step(), {}, r.run, source)).toBe(
      'conda there does not work even now (`conda info` exit 5: ImportError: no module named conda); not installing into it',
    );
  });

  test("CONDA_NO_PLUGINS=true in the user's environment: both conda checks run with plugins on; the rest of the env is passed", () => {
    const r = recorder([0, 0]);
    installVerified(step(), { CONDA_NO_PLUGINS: 'true', CONDARC: '/x/condarc' }, r.run, source);
    const checks = r.calls.filter((c) => c.what === 'conda info');
    expect(checks).toHaveLength(2);
    for (const c of checks) {
      expect(c.env).not.toHaveProperty('CONDA_NO_PLUGINS');
      expect(c.env).toMatchObject({ CONDARC: '/x/condarc' });
    }
  });
});

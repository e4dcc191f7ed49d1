// src/setup/execute.ts. executeSetup over a temp world (a HOME, a conda root with envs, the real Go 1.22
// configured) with hooks that record every call in order: the steps' order, the record written before
// each checkpoint, every file it writes, every line it prints, and what a failing step leaves. Conda and
// pip are a recording runner here; test/integration/setup.test.ts runs the real ones. The plugin steps:
// execute-plugin.test.ts; the service step: execute-service.test.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { executeSetup } from '../../../src/setup/execute';
import type { PluginStep, SetupPlan } from '../../../src/setup/setup-plan';
import { manifestPath, readManifest } from '../../../src/setup/manifest';
import { go122Version, onlyDateAt, setupHooks, SetupWorld } from '../../helpers/setup-world';

const NOW = '2026-12-04T12:00:00.000Z';
const VERSION = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
const GO = go122Version();
const NODE = process.execPath;
const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const CHECKPOINT_FIRST = 'checkpoint service=null plugins= envs=';

let w: SetupWorld;
beforeEach(() => {
  onlyDateAt(NOW);
  w = new SetupWorld();
});
afterEach(() => {
  jest.useRealTimers();
  w.cleanup();
});

const plan = (over: Partial<SetupPlan> = {}): SetupPlan => ({
  shims: { install: [], optedOut: [], notWritable: [] },
  service: null,
  plugins: [],
  undo: 'gocondad uninstall',
  ...over,
});
const record = () => w.read(manifestPath(w.loc)).replaceAll(w.dir, 'W');
/** Files and dirs the run added to the world (the listing after, minus the one before). */
const added = (before: string[]) => w.files().filter((f) => !before.includes(f));

describe('executeSetup', () => {
  test('a whole setup: shims, the plugin, the login line, in order, the record written before each stop; every file and line', async () => {
    const a = w.envPrefix('a');
    const b = w.envPrefix('b');
    w.write(path.join(b, 'etc', 'gocondad.yml'), 'go: "1.30"\n'); // no toolchain has it: shims all the same
    const python = path.join(w.root, 'bin', 'python');
    const before = w.files();
    const events: string[] = [];
    const r = await executeSetup(
      plan({
        shims: {
          install: [a, b],
          optedOut: [],
          notWritable: [{ prefix: '/opt/shared/env', command: 'sudo /usr/bin/node /g/cli.js shims install /opt/shared/env' }],
        },
        service: { kind: 'login-line', why: 'no systemd', remove: [] },
        plugins: [{ root: w.root, python, action: 'install', why: '--yes', command: `${python} -m pip install ...` }],
      }),
      w.loc,
      w.env,
      setupHooks(w, events),
      null,
    );
    expect(r).toEqual({ failures: 0 });
    expect(events).toEqual([
      CHECKPOINT_FIRST,
      `shims    installed   W/conda/envs/a  (go${GO})`,
      'checkpoint service=null plugins= envs=a',
      expect.stringMatching(/^shims {4}installed {3}W\/conda\/envs\/b {2}\(no toolchain yet: pin file asks for go 1\.30 /),
      'shims    not writable /opt/shared/env; an admin can run: sudo /usr/bin/node /g/cli.js shims install /opt/shared/env',
      'checkpoint service=null plugins= envs=a,b',
      'progress installing the conda plugin into W/conda (W/conda/bin/python -m pip)',
      'run W/conda/bin/conda info --json',
      'run W/conda/bin/python -m pip install --no-deps --no-build-isolation --no-index --quiet <private copy>/python-shim',
      'run W/conda/bin/conda info --json',
      'plugin   installed  W/conda  (W/conda/bin/python -m pip; `conda info` still works)',
      'checkpoint service=null plugins=W/conda envs=a,b',
      'progress installing the login-line service',
      'service  added the start line in W/home/.profile (bash reads it at login)',
      'startDaemon',
      'daemon   gocondad daemon started (pid 4242)',
      'record   W/home/.local/state/gocondad/setup.json',
      'undo all of it: gocondad uninstall',
    ]);
    const shims = (e: string) => [
      `conda/envs/${e}/etc/`,
      `conda/envs/${e}/etc/conda/`,
      `conda/envs/${e}/etc/conda/activate.d/`,
      ...['csh', 'fish', 'sh'].map((x) => `conda/envs/${e}/etc/conda/activate.d/zzz-gocondad.${x} 644`),
      `conda/envs/${e}/etc/conda/deactivate.d/`,
      ...['csh', 'fish', 'sh'].map((x) => `conda/envs/${e}/etc/conda/deactivate.d/zzz-gocondad.${x} 644`),
      `conda/envs/${e}/etc/conda/gocondad-foreign.sh 644`,
    ];
    const launchers = Array.from({ length: Number(GO.split('.')[2]) + 1 }, (_, i) => `home/.local/share/gocondad/launchers/go1.22.${i} 755`).sort();
    expect(added(before)).toEqual([
      ...shims('a'),
      ...shims('b').filter((f) => f !== 'conda/envs/b/etc/'), // b had etc/ (its pin file)
      'home/.local/',
      'home/.local/share/',
      'home/.local/share/gocondad/',
      'home/.local/share/gocondad/launchers/',
      ...launchers,
      'home/.local/state/',
      'home/.local/state/gocondad/',
      'home/.local/state/gocondad/envs.json 600',
      'home/.local/state/gocondad/setup.json 600',
      'home/.profile 644',
    ]);
    expect(w.read(path.join(w.home, '.profile'))).toBe(
      [
        '# >>> gocondad >>> [file created] starts the gocondad daemon at login; remove with: gocondad uninstall',
        `if [ -x '${NODE}' ] && [ -f '${CLI}' ]; then ('${NODE}' '${CLI}' start </dev/null >/dev/null 2>&1 &); fi`,
        '# <<< gocondad <<<',
        '',
      ].join('\n'),
    );
    // Every directory that was not there before, the cache's too (written when the process exits).
    const created = ['conda/envs/a/etc', 'conda/envs/a/etc/conda', 'conda/envs/a/etc/conda/activate.d', 'conda/envs/a/etc/conda/deactivate.d']
      .concat(['conda/envs/b/etc/conda', 'conda/envs/b/etc/conda/activate.d', 'conda/envs/b/etc/conda/deactivate.d'])
      .concat(['home/.cache', 'home/.cache/gocondad', 'home/.local', 'home/.local/share', 'home/.local/share/gocondad'])
      .concat(['home/.local/state', 'home/.local/state/gocondad']);
    expect(record()).toBe(
      [
        '{',
        '  "version": 1,',
        `  "gocondad": "${VERSION}",`,
        `  "updatedAt": "${NOW}",`,
        '  "service": "login-line",',
        '  "plugins": [',
        '    {',
        '      "root": "W/conda",',
        '      "python": "W/conda/bin/python"',
        '    }',
        '  ],',
        '  "envs": [',
        '    "W/conda/envs/a",',
        '    "W/conda/envs/b"',
        '  ],',
        '  "createdDirs": [',
        created.map((d) => `    "W/${d}"`).join(',\n'),
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  test("shims: a newer gocondad's are kept, someone else's file fails that env only; the others go on and are recorded", async () => {
    const [newer, foreign, good] = ['newer', 'foreign', 'good'].map((n) => w.envPrefix(n)) as [string, string, string];
    const newerShim = w.write(path.join(newer, 'etc', 'conda', 'activate.d', 'zzz-gocondad.sh'), '# gocondad-shim-version: 99.0.0 format 2\n');
    const theirs = w.write(path.join(foreign, 'etc', 'conda', 'deactivate.d', 'zzz-gocondad.fish'), 'set -e GOROOT\n');
    const events: string[] = [];
    const r = await executeSetup(
      plan({ shims: { install: [newer, foreign, good], optedOut: [], notWritable: [] } }),
      w.loc,
      w.env,
      setupHooks(w, events),
      null,
    );
    expect(r).toEqual({ failures: 1 });
    expect(events).toEqual([
      CHECKPOINT_FIRST,
      'shims    kept newer  W/conda/envs/newer  (gocondad 99.0.0 wrote them; upgrade this gocondad, or replace them: gocondad shims install W/conda/envs/newer)',
      CHECKPOINT_FIRST,
      'shims    FAILED      W/conda/envs/foreign: W/conda/envs/foreign/etc/conda/deactivate.d/zzz-gocondad.fish exists and was not written by gocondad; move it away, then run `gocondad shims install` again',
      CHECKPOINT_FIRST,
      `shims    installed   W/conda/envs/good  (go${GO})`,
      'checkpoint service=null plugins= envs=good',
      'record   W/home/.local/state/gocondad/setup.json',
      'undo all of it: gocondad uninstall',
    ]);
    expect(w.read(newerShim)).toBe('# gocondad-shim-version: 99.0.0 format 2\n');
    expect(w.read(theirs)).toBe('set -e GOROOT\n');
    expect(fs.readdirSync(path.join(foreign, 'etc', 'conda'))).toEqual(['deactivate.d']);
    expect(JSON.parse(record()).envs).toEqual(['W/conda/envs/good']);
  });

  test('a second setup: shims up to date, the earlier record kept and added to, dirs made by the first not claimed again', async () => {
    const a = w.envPrefix('a');
    const shimsOfA = plan({ shims: { install: [a], optedOut: [], notWritable: [] } });
    await executeSetup(shimsOfA, w.loc, w.env, setupHooks(w, []), null);
    const first = readManifest(w.loc)!;
    const old = {
      ...first,
      service: 'launchd' as const,
      plugins: [{ root: '/r', python: '/r/bin/python' }],
      envs: [...first.envs, '/e'],
      createdDirs: [...first.createdDirs, '/made'],
    };
    const events: string[] = [];
    expect(await executeSetup(shimsOfA, w.loc, w.env, setupHooks(w, events), old)).toEqual({ failures: 0 });
    expect(events[1]).toBe(`shims    up to date  W/conda/envs/a  (go${GO})`);
    const made = ['conda/envs/a/etc', 'conda/envs/a/etc/conda', 'conda/envs/a/etc/conda/activate.d', 'conda/envs/a/etc/conda/deactivate.d', 'home/.cache']
      .concat(['home/.cache/gocondad', 'home/.local', 'home/.local/share', 'home/.local/share/gocondad', 'home/.local/state', 'home/.local/state/gocondad'])
      .map((d) => `W/${d}`);
    expect(JSON.parse(record())).toEqual({
      version: 1,
      gocondad: VERSION,
      updatedAt: NOW,
      service: 'launchd',
      plugins: [{ root: '/r', python: '/r/bin/python' }],
      envs: ['/e', 'W/conda/envs/a'],
      createdDirs: ['/made', ...made],
    });
  });

  test('interrupted at a checkpoint: it stops there, and the record says what was done until then', async () => {
    const [a, b] = [w.envPrefix('a'), w.envPrefix('b')];
    const events: string[] = [];
    const step: PluginStep = { root: w.root, python: `${w.root}/bin/python`, action: 'install', why: '', command: '' };
    const run = executeSetup(
      plan({ shims: { install: [a, b], optedOut: [], notWritable: [] }, plugins: [step] }),
      w.loc,
      w.env,
      setupHooks(w, events, { stopAt: 2 }),
      null,
    );
    await expect(run).rejects.toThrow('interrupted (SIGINT)');
    expect(events).toEqual([CHECKPOINT_FIRST, `shims    installed   W/conda/envs/a  (go${GO})`, 'checkpoint service=null plugins= envs=a']);
    expect(JSON.parse(record())).toMatchObject({ service: null, plugins: [], envs: ['W/conda/envs/a'] });
    expect(fs.existsSync(path.join(b, 'etc'))).toBe(false);
  });

  test('a step that throws before any checkpoint: the record of the directories it creates is already there', async () => {
    w.write(path.join(w.home, '.local', 'share', 'gocondad'), ''); // the launchers cannot be made below a file
    await expect(executeSetup(plan(), w.loc, w.env, setupHooks(w, []), null)).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(JSON.parse(record())).toEqual({
      version: 1,
      gocondad: VERSION,
      updatedAt: NOW,
      service: null,
      plugins: [],
      envs: [],
      createdDirs: ['W/home/.cache', 'W/home/.cache/gocondad', 'W/home/.local/state', 'W/home/.local/state/gocondad'],
    });
  });
});

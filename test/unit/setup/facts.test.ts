// src/setup/facts.ts: what setup finds on this machine — envs and whether their activate.d/deactivate.d
// can be written, conda roots with the plugin version each has and whether an earlier setup put it
// there, the service to install, the command an admin runs. A temp conda root; a runner with no managers.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveLocations } from '../../../src/paths';
import { PACKAGE_ROOT } from '../../../src/pkg';
import { MANAGERS, serviceContext, serviceSpec } from '../../../src/service';
import type { Runner } from '../../../src/service/types';
import { adminCommand, gatherSetupFacts, shimDirs, writableAt } from '../../../src/setup/facts';
import type { Manifest } from '../../../src/setup/manifest';
import { registerEnv } from '../../../src/shims/registry';
import { PLUGIN_SOURCE, pluginVersion } from '../../../src/setup/plugin';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-facts-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
const noManager: Runner = () => ({ status: -1, stdout: '', stderr: '' });

test('writableAt: an existing dir, or the nearest existing ancestor; never below a file', () => {
  expect(writableAt(dir)).toBe(true);
  expect(writableAt(path.join(dir, 'not', 'yet', 'there'))).toBe(true);
  fs.writeFileSync(path.join(dir, 'file'), '');
  expect(writableAt(path.join(dir, 'file'))).toBe(false);
  expect(writableAt(path.join(dir, 'file', 'below'))).toBe(false);
});

test('writableAt asks access(2) for writing about the nearest existing dir; refused there, not writable', () => {
  const asked: [string, number][] = [];
  const refuse = (p: string, mode: number) => {
    asked.push([p, mode]);
    throw Object.assign(new Error(`EACCES: permission denied, access '${p}'`), { code: 'EACCES' });
  };
  expect(writableAt(path.join(dir, 'a', 'b'), refuse)).toBe(false);
  expect(asked).toEqual([[dir, fs.constants.W_OK]]);
});

test('shimDirs and adminCommand', () => {
  expect(shimDirs('/e')).toEqual(['/e/etc/conda/activate.d', '/e/etc/conda/deactivate.d']);
  // Both paths are plain here (no quoting needed): the command is the two of them, absolute.
  const cli = path.join(PACKAGE_ROOT, 'dist', 'cli.js');
  expect(`${process.execPath}${cli}`).toMatch(/^[\w./-]+$/);
  expect(adminCommand()).toBe(`${process.execPath} ${cli}`);
});

test('gatherSetupFacts: envs with writability and opt-out, conda roots with their plugin, the service, the installed ones', () => {
  const root = path.join(dir, 'conda');
  for (const f of ['bin/conda', 'bin/python', 'conda-meta/history', 'envs/a/conda-meta/history', 'envs/b/conda-meta/history', 'envs/c/conda-meta/history']) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), '');
  }
  fs.mkdirSync(path.join(root, 'lib', 'python3.11', 'site-packages', 'gocondad_conda-0.0.9.dist-info'), { recursive: true });
  fs.mkdirSync(path.join(root, 'envs', 'b', 'etc'));
  fs.writeFileSync(path.join(root, 'envs', 'b', 'etc', 'conda'), ''); // activate.d cannot be made below a file
  fs.mkdirSync(path.join(root, 'envs', 'd', 'etc', 'conda'), { recursive: true });
  fs.mkdirSync(path.join(root, 'envs', 'd', 'conda-meta'));
  fs.writeFileSync(path.join(root, 'envs', 'd', 'conda-meta', 'history'), '');
  fs.writeFileSync(path.join(root, 'envs', 'd', 'etc', 'conda', 'deactivate.d'), ''); // one of the two cannot be written
  const env = { HOME: path.join(dir, 'home'), XDG_RUNTIME_DIR: path.join(dir, 'run'), CONDA_ROOT: root, PATH: '/nonexistent', SHELL: '/bin/bash' };
  const loc = resolveLocations(env);
  registerEnv(loc, path.join(root, 'envs', 'c'), false, true);
  const manifest: Manifest = { version: 1, gocondad: '0.1.0', updatedAt: '', service: null, plugins: [{ root, python: '' }], envs: [], createdDirs: [] };
  MANAGERS['login-line'].install(serviceSpec(loc, {}), serviceContext(loc, env), noManager);

  const facts = gatherSetupFacts(loc, env, noManager, manifest, null);
  expect(facts.envs.sort((x, y) => x.prefix.localeCompare(y.prefix))).toEqual([
    { prefix: root, name: 'base', writable: true, optedOut: false },
    { prefix: path.join(root, 'envs', 'a'), name: 'a', writable: true, optedOut: false },
    { prefix: path.join(root, 'envs', 'b'), name: 'b', writable: false, optedOut: false },
    { prefix: path.join(root, 'envs', 'c'), name: 'c', writable: true, optedOut: true },
    { prefix: path.join(root, 'envs', 'd'), name: 'd', writable: false, optedOut: false },
  ]);
  expect(facts.condas).toEqual([{ root, python: path.join(root, 'bin', 'python'), plugin: '0.0.9', writable: true, ours: true }]);
  expect(facts.service).toEqual({ kind: 'login-line', why: expect.stringMatching(/^no systemctl on PATH/) });
  expect(facts.installedServices).toEqual(['login-line']);
  expect(facts).toMatchObject({ command: adminCommand(), pluginSource: PLUGIN_SOURCE, pluginVersion: pluginVersion() });

  const forced = gatherSetupFacts(loc, env, noManager, null, 'systemd-user');
  expect(forced.service).toEqual({ kind: 'systemd-user', why: '--manager' });
  expect(forced.condas[0]!.ours).toBe(false);

  // The plugin goes into the root's lib: where that cannot be written (here: not a directory), no install.
  fs.rmSync(path.join(root, 'lib'), { recursive: true });
  fs.writeFileSync(path.join(root, 'lib'), '');
  expect(gatherSetupFacts(loc, env, noManager, manifest, null).condas).toEqual([
    { root, python: path.join(root, 'bin', 'python'), plugin: null, writable: false, ours: true },
  ]);
});

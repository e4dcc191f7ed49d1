// Facts the conda plugin (Python) shares with TypeScript, compared where they are computed: the runtime-dir
// rule that places the daemon's socket, sync-projects.json in the state dir, the shim file it checks for,
// and the protocol version. The plugin's modules run in the real conda's Python (imported from the
// checkout's python-shim/ with PYTHONPATH, nothing installed), over a table of environments that goes one
// step past the usual (empty values, trailing slashes, doubled slashes, an empty HOME).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveLocations } from '../../src/paths';
import { PROTOCOL } from '../../src/protocol';
import { projectsFile } from '../../src/sync/synced-projects';
import { shimPaths } from '../../src/shims/install';
import { findSharedConda } from '../helpers/realconda';

const REPO = path.join(__dirname, '..', '..');
const UID = process.getuid!();
type Env = Record<string, string>;

const ENVS: Env[] = [
  {},
  { XDG_RUNTIME_DIR: '/run/user/1000' },
  { XDG_RUNTIME_DIR: '/run/user/1000/' },
  { XDG_RUNTIME_DIR: '' },
  { XDG_RUNTIME_DIR: '', TMPDIR: '/var/tmp' },
  { TMPDIR: '/var//tmp/' },
  { TMPDIR: '' },
  { TMPDIR: "/tmp/it's here" },
  { XDG_STATE_HOME: '/home/u/state' },
  { XDG_STATE_HOME: '', HOME: '/home/u' },
  { HOME: '/home/u' },
  { HOME: '/home/u/' },
  { HOME: '' },
];

const PY = `
import json, os, sys
from gocondad_conda import client, post_command, sync_hook
out = []
for env in json.load(sys.stdin):
    os.environ.clear()
    os.environ.update(env)
    out.append({"socket": os.path.normpath(client.socket_path(env)), "projects": os.path.normpath(sync_hook.projects_file())})
print(json.dumps({"rows": out, "shim": post_command.SHIM, "protocol": client.PROTOCOL}))
`;

test("the plugin's socket, sync-projects.json, shim name and protocol are TypeScript's", () => {
  const found = findSharedConda('main');
  if (!found.conda) throw new Error(found.missing);
  const python = path.join(found.conda.root, 'bin', 'python');
  const r = spawnSync(python, ['-c', PY], {
    input: JSON.stringify(ENVS),
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', PYTHONPATH: path.join(REPO, 'python-shim'), HOME: '/root' },
  });
  expect(r.stderr).toBe('');
  const py = JSON.parse(r.stdout) as { rows: { socket: string; projects: string }[]; shim: string; protocol: number };
  const ts = ENVS.map((env) => {
    const loc = resolveLocations(env, UID);
    return { socket: path.normalize(loc.socket), projects: path.normalize(projectsFile(loc.stateDir)) };
  });
  expect(py.rows.map((row, i) => ({ env: ENVS[i], ...row }))).toEqual(ts.map((row, i) => ({ env: ENVS[i], ...row })));
  const activatePosix = shimPaths('/p').find((s) => s.file.includes('activate.d') && s.file.endsWith('.sh'))!.file;
  expect(py.shim).toBe(path.relative('/p', activatePosix));
  expect(py.protocol).toBe(PROTOCOL);
  expect(fs.existsSync(path.join(REPO, 'python-shim', 'gocondad_conda', 'client.py'))).toBe(true);
});

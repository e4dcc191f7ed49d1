// Every file location gocondad uses, derived from one environment map so that tests (and users) move
// all of them by setting XDG_RUNTIME_DIR, XDG_STATE_HOME, XDG_CONFIG_HOME and HOME.
//
// Not xdg-basedir: it reads process.env once at import time (and is ESM-only since v5), while the CLI,
// the daemon and the tests all need the locations for an environment passed in explicitly.
import * as os from 'node:os';
import * as path from 'node:path';

export type Env = Record<string, string | undefined>;

export interface Locations {
  home: string;
  /** Private per-user runtime dir: socket, lock, event journal. */
  runtimeDir: string;
  socket: string;
  lock: string;
  journal: string;
  /** Persistent per-user state: log, daemon state, list of envs with shims. */
  stateDir: string;
  log: string;
  stateFile: string;
  registry: string;
  configDir: string;
  configFile: string;
  /** Version-named Go launchers (go1.22.0, ...) that GOTOOLCHAIN=local+path finds on PATH. */
  launcherDir: string;
  /** Symlinks standing in on PATH for toolchain dirs conda cannot quote (core/path-alias.ts). */
  aliasDir: string;
  /** Used by shims when XDG_RUNTIME_DIR is unset in the shell that activates. */
  runtimeFallback: string;
}

export function runtimeFallbackDir(uid: number, tmpdir: string = os.tmpdir()): string {
  return path.join(tmpdir, `gocondad-${uid}`);
}

export function resolveLocations(env: Env = process.env, uid: number = process.getuid?.() ?? 0): Locations {
  const home = env.HOME || os.homedir();
  const runtimeFallback = runtimeFallbackDir(uid, env.TMPDIR || os.tmpdir());
  const runtimeDir = env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, 'gocondad') : runtimeFallback;
  const stateDir = path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'gocondad');
  const configDir = path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'gocondad');
  const dataDir = path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'gocondad');
  return {
    home,
    runtimeDir,
    socket: path.join(runtimeDir, 'gocondad.sock'),
    lock: path.join(runtimeDir, 'gocondad.lock'),
    journal: path.join(runtimeDir, 'journal'),
    stateDir,
    log: path.join(stateDir, 'gocondad.log'),
    stateFile: path.join(stateDir, 'state.json'),
    registry: path.join(stateDir, 'envs.json'),
    configDir,
    configFile: path.join(configDir, 'config.yml'),
    launcherDir: path.join(dataDir, 'launchers'),
    aliasDir: path.join(dataDir, 'aliases'),
    runtimeFallback,
  };
}

/** Go's module cache for an environment map, as `go env GOMODCACHE` would say, without running go. */
export function goModcache(env: Env, home: string): string {
  if (env.GOMODCACHE) return env.GOMODCACHE;
  const gopath = (env.GOPATH ?? '').split(path.delimiter).find((p) => p !== '') ?? path.join(home, 'go');
  return path.join(gopath, 'pkg', 'mod');
}

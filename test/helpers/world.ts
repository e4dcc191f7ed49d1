// A throwaway world for integration tests: HOME, XDG dirs, a conda root with envs, the real CLI (built
// dist/), real shells and the conda emulation. Nothing here touches the user's real files.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
export const EMU_PY = path.join(REPO, 'test', 'conda-emu', 'conda_emu.py');
export const EMU_SH = path.join(REPO, 'test', 'conda-emu', 'conda.sh');
export const EMU_FISH = path.join(REPO, 'test', 'conda-emu', 'conda.fish');
export const EMU_CSH = path.join(REPO, 'test', 'conda-emu', 'conda.csh');
export const GO119 = '/usr/lib/go-1.19';
export const GO122 = '/usr/lib/go-1.22';
export const POSIX_SHELLS = ['bash', 'zsh', 'dash'];
export const FOREIGN_SHELLS = ['fish', 'tcsh'];

const INSTALL_HINT =
  'run `bash scripts/ensure-test-deps` (as root or with sudo) or: apt-get install zsh dash fish tcsh python3 golang-1.19-go golang-1.22-go (1.22 needs the bookworm-backports suite)';

/** Fails loudly, with the install command, when a real component is missing. */
export function requireReal(): void {
  const missing: string[] = [];
  for (const sh of [...POSIX_SHELLS, ...FOREIGN_SHELLS]) if (spawnSync('sh', ['-c', `command -v ${sh}`]).status !== 0) missing.push(sh);
  for (const go of [GO119, GO122]) if (!fs.existsSync(path.join(go, 'bin', 'go'))) missing.push(go);
  if (!fs.existsSync(CLI)) missing.push(`${CLI} (run npm run build)`);
  if (missing.length > 0) throw new Error(`missing real test components: ${missing.join(', ')}; ${INSTALL_HINT}`);
}

/**
 * Go 1.23 writes telemetry under the user config dir (XDG_CONFIG_HOME, else HOME/.config), from a child
 * process (`go "** telemetry **"`) that outlives the command and races the test's cleanup (a CI run failed
 * on ENOTEMPTY): turn it off there the way `go telemetry off` does. GOTELEMETRY=off in the env does not.
 */
export function noTelemetry(home: string, configHome: string = path.join(home, '.config')): void {
  fs.mkdirSync(path.join(configHome, 'go', 'telemetry'), { recursive: true });
  fs.writeFileSync(path.join(configHome, 'go', 'telemetry', 'mode'), 'off\n');
}

export function pythonPath(): string {
  return fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

export class World {
  readonly dir: string;
  readonly home: string;
  readonly root: string;
  readonly env: Record<string, string>;
  private daemons: ChildProcess[] = [];

  constructor(rootName = 'conda') {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-test-'));
    this.home = path.join(this.dir, 'home');
    this.root = path.join(this.dir, rootName);
    fs.mkdirSync(path.join(this.root, 'condabin'), { recursive: true });
    fs.mkdirSync(path.join(this.root, 'conda-meta'), { recursive: true });
    fs.mkdirSync(path.join(this.dir, 'run'), { recursive: true, mode: 0o700 });
    fs.mkdirSync(path.join(this.home, '.config', 'gocondad'), { recursive: true });
    noTelemetry(this.home);
    this.env = {
      HOME: this.home,
      XDG_RUNTIME_DIR: path.join(this.dir, 'run'),
      XDG_STATE_HOME: path.join(this.home, '.local', 'state'),
      XDG_CONFIG_HOME: path.join(this.home, '.config'),
      PATH: `${path.join(this.root, 'condabin')}:/usr/bin:/bin`,
      LANG: 'C.UTF-8',
      CONDA_EMU_ROOT: this.root,
      CONDA_EMU_PY: EMU_PY,
      CONDA_EMU_PYTHON: pythonPath(),
      CONDA_EMU_CSH_RUN: path.join(REPO, 'test', 'conda-emu', 'conda-run.csh'),
    };
    this.config(`system_toolchains: false\ntoolchains:\n  - ${GO119}\n  - ${GO122}\n`);
  }

  config(yaml: string): void {
    fs.writeFileSync(path.join(this.home, '.config', 'gocondad', 'config.yml'), yaml);
  }

  get runtimeDir(): string {
    return path.join(this.env.XDG_RUNTIME_DIR!, 'gocondad');
  }

  get logFile(): string {
    return path.join(this.env.XDG_STATE_HOME!, 'gocondad', 'gocondad.log');
  }

  /** Creates an env with conda-meta/history; `pin` writes etc/gocondad.yml. */
  makeEnv(name: string, opts: { pin?: string } = {}): string {
    const prefix = path.join(this.root, 'envs', name);
    fs.mkdirSync(path.join(prefix, 'conda-meta'), { recursive: true });
    fs.mkdirSync(path.join(prefix, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
    if (opts.pin) {
      fs.mkdirSync(path.join(prefix, 'etc'), { recursive: true });
      fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), opts.pin);
    }
    return prefix;
  }

  cli(args: string[], extraEnv: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...this.env, ...extraEnv }, encoding: 'utf8', timeout: 30000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  installShims(...prefixes: string[]): void {
    const r = this.cli(['shims', 'install', ...prefixes]);
    if (r.status !== 0) throw new Error(`shims install failed: ${r.stderr}`);
  }

  /**
   * Runs a script in a real shell with the conda emulation loaded. `mode` picks the activator order.
   * Returns stdout, stderr and the exit status.
   */
  sh(
    shell: string,
    script: string,
    opts: { mode?: string; env?: Record<string, string>; timeoutMs?: number } = {},
  ): { status: number; stdout: string; stderr: string } {
    const env = { ...this.env, CONDA_EMU_MODE: opts.mode ?? 'conda', ...(opts.env ?? {}) };
    const r = spawnSync(shell, this.shellArgs(shell, script), {
      env,
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 60000,
      cwd: this.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** The arguments that run `script` in `shell` with the conda emulation loaded. */
  shellArgs(shell: string, script: string): string[] {
    if (shell === 'fish') return ['--no-config', '-c', `source "${EMU_FISH}"\n${script}`];
    if (shell === 'tcsh' || shell === 'csh') {
      // csh expands an alias only on lines read after it was defined: run a script file, not -c.
      const file = path.join(this.dir, `script-${process.pid}-${(this.scripts += 1)}.csh`);
      fs.writeFileSync(file, `source "${EMU_CSH}"\n${script}\n`);
      return ['-f', file];
    }
    return ['-c', `. "${EMU_SH}"\n${script}`];
  }

  private scripts = 0;

  startDaemon(): void {
    const r = this.cli(['start']);
    if (r.status !== 0) throw new Error(`gocondad start failed: ${r.stderr}${r.stdout}`);
  }

  /** The daemon in the foreground as a child of the test, for signal tests. */
  spawnDaemon(): ChildProcess {
    const err = fs.openSync(path.join(this.dir, 'daemon.stderr'), 'a');
    const child = spawn(process.execPath, [CLI, 'daemon', '--quiet'], { env: this.env, stdio: ['ignore', 'ignore', err] });
    fs.closeSync(err);
    this.daemons.push(child);
    return child;
  }

  async waitFor(check: () => boolean, what: string, ms = 30000): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  status(): any {
    const r = this.cli(['status', '--json']);
    if (r.status !== 0) throw new Error(`status failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout);
  }

  daemonPid(): number | null {
    try {
      return Number(fs.readFileSync(path.join(this.runtimeDir, 'gocondad.lock'), 'utf8').trim());
    } catch {
      return null;
    }
  }

  cleanup(): void {
    const pid = this.daemonPid();
    if (pid) {
      try {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    for (const d of this.daemons) d.kill('SIGKILL');
    try {
      execFileSync('rm', ['-rf', this.dir]);
    } catch {
      /* best effort */
    }
  }
}

/**
 * The world every restore trace runs in: env `a` gets the default Go 1.19; env `b` pins 1.22 and has C
 * headers and libraries, so its shims also append cgo flags and set GOTOOLCHAIN.
 */
export function traceWorld(): { world: World; a: string; b: string } {
  const world = new World();
  const a = world.makeEnv('a');
  const b = world.makeEnv('b', { pin: 'go: "1.22"\n' });
  fs.mkdirSync(path.join(b, 'include'));
  fs.mkdirSync(path.join(b, 'lib'));
  world.config(`system_toolchains: false\ntoolchains: [${GO119}, ${GO122}]\ndefault: "1.19"\n`);
  world.installShims(a, b);
  return { world, a, b };
}

/** POSIX shell helper: `snap FILE` records the variables gocondad may touch (see snap.sh). */
export const SNAP = `. "${path.join(REPO, 'test', 'helpers', 'snap.sh')}"\n`;

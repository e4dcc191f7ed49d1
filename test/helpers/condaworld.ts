// A test world around a real conda: World's HOME/XDG dirs and CLI, a private conda root, envs made by
// `conda create`, gocondad's shims installed by the built CLI, and two ways to run a script in a shell:
// with the real conda hooked (`real`) or with the conda emulation (`emu`). Envs live in `world.root/envs`
// — the real conda's envs_dirs and the emulation's root alike — so both name the same prefixes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hookedShellArgs, MAKE_GO_CHANNEL, privateConda, writeCondarc, type RealConda } from './realconda';
import { GO119, GO122, requireReal, World } from './world';

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

export interface EnvSpec {
  name: string;
  /** etc/gocondad.yml */
  pin?: string;
  /** include/ and lib/, so the plan appends cgo flags too */
  cdirs?: boolean;
}

export class CondaWorld {
  readonly world: World;
  readonly conda: RealConda;
  /** What every shell gets: World's isolated env, CONDARC, a plain PATH, Go kept offline. */
  readonly env: Record<string, string>;

  constructor(shared: RealConda, envs: EnvSpec[]) {
    requireReal();
    this.world = new World();
    this.conda = privateConda(shared, path.join(this.world.dir, 'realconda')) ?? shared;
    const rc = writeCondarc(this.world.root);
    this.env = { ...this.world.env, CONDARC: rc.CONDARC, PATH: '/usr/bin:/bin', GOPROXY: 'off', GOFLAGS: '' };
    this.world.config(`system_toolchains: false\ntoolchains: [${GO119}, ${GO122}]\ndefault: "1.19"\n`);
    const prefixes = envs.map((e) => this.create(e));
    this.world.installShims(...prefixes);
  }

  prefix(name: string): string {
    return path.join(this.world.root, 'envs', name);
  }

  /** `conda create -n NAME` (empty env, offline), then the pin and C dirs asked for. */
  create(spec: EnvSpec): string {
    const r = this.condaCmd(['create', '-n', spec.name, '--yes', '--quiet', '--offline']);
    if (r.status !== 0) throw new Error(`conda create -n ${spec.name} failed: ${r.stderr}${r.stdout}`);
    const prefix = this.prefix(spec.name);
    if (spec.pin) {
      fs.mkdirSync(path.join(prefix, 'etc'), { recursive: true });
      fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), spec.pin);
    }
    if (spec.cdirs) for (const d of ['include', 'lib']) fs.mkdirSync(path.join(prefix, d), { recursive: true });
    return prefix;
  }

  /** The conda executable itself, outside any shell (no activation). */
  condaCmd(args: string[], extraEnv: Record<string, string> = {}): Run {
    const r = spawnSync(this.conda.exe, args, { env: { ...this.env, ...extraEnv }, encoding: 'utf8', timeout: 120000 });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** A local file:// channel of `go` packages (version=goroot pairs), built by ../shared/realconda. */
  goChannel(versions: Record<string, string>): string {
    const dir = path.join(this.world.dir, 'go-channel');
    const r = spawnSync('python3', [MAKE_GO_CHANNEL, dir, ...Object.entries(versions).map(([v, root]) => `${v}=${root}`)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`make-go-channel.py failed: ${r.stderr}`);
    return `file://${dir}`;
  }

  /** Runs `script` in `shell` with the real conda hooked, as a user's shell is after `conda init`. */
  real(shell: string, script: string, env: Record<string, string> = {}, timeoutMs = 120000): Run {
    const r = spawnSync(shell, hookedShellArgs(shell, this.conda, script, this.world.dir), {
      env: { ...this.env, ...env },
      encoding: 'utf8',
      timeout: timeoutMs,
      cwd: this.world.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /**
   * Runs `script` in `shell` with the conda emulation (conda order), starting where conda's hook leaves a
   * shell: CONDA_SHLVL=0, and for bash/zsh/fish the root's condabin first on PATH (csh's hook adds it
   * only at the first activate), with the emulation's root in place of the real one (see `normalize`).
   */
  emu(shell: string, script: string, env: Record<string, string> = {}): Run {
    const condabin = shell === 'tcsh' ? '' : `${path.join(this.world.root, 'condabin')}:`;
    return this.world.sh(shell, script, { mode: 'conda', env: { ...this.env, CONDA_SHLVL: '0', ...env, PATH: `${condabin}${env.PATH ?? this.env.PATH}` } });
  }

  /**
   * Whether this conda's reactivation (after install/remove) exports the env's env_vars.d variables:
   * conda 23.x did, without backing up what they overwrite; conda 24+ does not. Asked, not guessed.
   */
  reactivateSetsEnvVars(): boolean {
    if (this.reactivateVars === undefined) {
      const probe = path.join(this.world.dir, 'probe-env');
      fs.mkdirSync(path.join(probe, 'etc', 'conda', 'env_vars.d'), { recursive: true });
      fs.writeFileSync(path.join(probe, 'etc', 'conda', 'env_vars.d', 'probe.json'), '{"GCD_PROBE": "x"}\n');
      const r = this.condaCmd(['shell.posix', 'reactivate'], { CONDA_PREFIX: probe, CONDA_SHLVL: '1' });
      if (r.status !== 0) throw new Error(`conda shell.posix reactivate failed: ${r.stderr}`);
      this.reactivateVars = /GCD_PROBE/.test(r.stdout);
    }
    return this.reactivateVars;
  }
  private reactivateVars?: boolean;

  /** Real output with the real root's condabin written as the emulation's. */
  normalize(text: string): string {
    return text.split(path.join(this.conda.root, 'condabin')).join(path.join(this.world.root, 'condabin'));
  }

  cleanup(): void {
    this.world.cleanup();
  }
}

/** Variables gocondad may touch, and its own state. */
export const GO_WATCHED = /^(GOROOT|GOPATH|GOBIN|GOMODCACHE|GOTOOLCHAIN|CGO_CPPFLAGS|CGO_LDFLAGS|CGO_ENABLED|PATH|__GCD_\w+)$/;
/** What conda's activator sets, compared between the real conda and the emulation. */
export const CONDA_WATCHED = /^(CONDA_PREFIX(_\d+)?|CONDA_SHLVL|CONDA_STACKED_\d+|CONDA_DEFAULT_ENV|__CONDA_SHLVL_\d+_\w+)$/;

/** `env -0` output (a file) as a map of the variables matching `watched`, values byte for byte. */
export function envSnapshot(file: string, watched: RegExp = GO_WATCHED): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readFileSync(file).toString('utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0 && watched.test(entry.slice(0, eq))) out.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return out;
}

/** What `go version` prints for a Debian toolchain, without the platform: read from its VERSION file. */
export const goVersion = (goroot: string): string => `go version ${fs.readFileSync(path.join(goroot, 'VERSION'), 'utf8').split('\n')[0]}`;
/** `go version` lines without their trailing `os/arch`. */
export const withoutPlatform = (out: string): string[] => out.split('\n').map((l) => l.replace(/^(go version \S+) \S+\/\S+$/, '$1'));

/** One line per shell that dumps the environment to `file` (env(1) runs the same in every shell). */
export const dump = (file: string): string => `env -0 > '${file}'`;

export { HOSTILE } from './hostile';

// A test world around the real micromamba: World's HOME/XDG dirs and CLI, MAMBA_ROOT_PREFIX = world.root
// (so `micromamba create -n X` makes world.root/envs/X, the same prefixes the emulation's root names),
// gocondad's shims installed by the built CLI, and two ways to run a script in a shell: with micromamba
// hooked (`real`) or with the conda emulation in micromamba mode (`emu`).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EnvSpec, Run } from './condaworld';
import { MAKE_GO_CHANNEL } from './realconda';
import { mambaHookedShellArgs, type RealMamba } from './realmamba';
import { GO119, GO122, requireReal, World } from './world';

export class MambaWorld {
  readonly world: World;
  readonly mamba: RealMamba;
  readonly env: Record<string, string>;

  constructor(mamba: RealMamba, envs: EnvSpec[], opts: { shims?: boolean } = {}) {
    requireReal();
    this.mamba = mamba;
    this.world = new World('mroot');
    // micromamba's --offline mode aborts unless every pkgs dir exists (../shared/realmamba/README.md).
    for (const d of [path.join(this.world.root, 'pkgs'), path.join(this.world.home, '.mamba', 'pkgs')]) fs.mkdirSync(d, { recursive: true });
    this.env = { ...this.world.env, MAMBA_ROOT_PREFIX: this.world.root, PATH: '/usr/bin:/bin', GOPROXY: 'off', GOFLAGS: '' };
    this.world.config(`system_toolchains: false\ntoolchains: [${GO119}, ${GO122}]\ndefault: "1.19"\n`);
    const prefixes = envs.map((e) => this.create(e));
    if (opts.shims !== false) this.world.installShims(...prefixes);
  }

  prefix(name: string): string {
    return path.join(this.world.root, 'envs', name);
  }

  /** `micromamba create -n NAME` (empty env, offline), then the pin and C dirs asked for. */
  create(spec: EnvSpec): string {
    const r = this.mm(['create', '-n', spec.name, '--yes', '--quiet', '--offline']);
    if (r.status !== 0) throw new Error(`micromamba create -n ${spec.name} failed: ${r.stderr}${r.stdout}`);
    const prefix = this.prefix(spec.name);
    if (spec.pin) {
      fs.mkdirSync(path.join(prefix, 'etc'), { recursive: true });
      fs.writeFileSync(path.join(prefix, 'etc', 'gocondad.yml'), spec.pin);
    }
    if (spec.cdirs) for (const d of ['include', 'lib']) fs.mkdirSync(path.join(prefix, d), { recursive: true });
    return prefix;
  }

  /** micromamba itself, outside any shell. */
  mm(args: string[], extraEnv: Record<string, string> = {}): Run {
    const r = spawnSync(this.mamba.exe, args, { env: { ...this.env, ...extraEnv }, encoding: 'utf8', timeout: 120000, cwd: this.world.dir });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** A local file:// channel of `go` packages (version=goroot pairs), built by ../shared/realconda. */
  goChannel(versions: Record<string, string>): string {
    const dir = path.join(this.world.dir, 'go-channel');
    if (!fs.existsSync(MAKE_GO_CHANNEL)) throw new Error(`${MAKE_GO_CHANNEL} missing: put the project's shared/ folder beside the clone`);
    const r = spawnSync('python3', [MAKE_GO_CHANNEL, dir, ...Object.entries(versions).map(([v, root]) => `${v}=${root}`)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`make-go-channel.py failed: ${r.stderr}`);
    return `file://${dir}`;
  }

  /** Runs `script` in `shell` with micromamba hooked, as a user's shell is after `micromamba shell init`. */
  real(shell: string, script: string, env: Record<string, string> = {}, timeoutMs = 120000): Run {
    const r = spawnSync(shell, mambaHookedShellArgs(shell, this.mamba.exe, script), {
      env: { ...this.env, ...env },
      encoding: 'utf8',
      timeout: timeoutMs,
      cwd: this.world.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /**
   * Runs `script` with the emulation in micromamba mode, starting where micromamba's hook leaves a shell:
   * the POSIX hook sets CONDA_SHLVL=0 and puts the root's condabin first on PATH; the fish hook sets
   * MAMBA_SHLVL=0 instead and its `fish_add_path` does not reach PATH under --no-config. Scripts say
   * `micromamba`; the emulation's function is `conda`, so a `micromamba` function forwarding to it comes first.
   */
  emu(shell: string, script: string, env: Record<string, string> = {}): Run {
    const condabin = path.join(this.world.root, 'condabin');
    const fish = shell === 'fish';
    const alias = fish ? 'function micromamba; conda $argv; end\n' : 'micromamba() { conda "$@"; }\n';
    const start: Record<string, string> = fish ? { MAMBA_SHLVL: '0' } : { CONDA_SHLVL: '0', PATH: `${condabin}:${env.PATH ?? this.env.PATH}` };
    return this.world.sh(shell, alias + script, { mode: 'micromamba', env: { ...this.env, ...env, ...start } });
  }

  cleanup(): void {
    this.world.cleanup();
  }
}

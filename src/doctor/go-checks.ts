// Doctor's checks of the Go an env ends up with: the plan (pin problems, no toolchain), another `go` on
// the env's bin that `conda run` would use, conda-forge's go older than the pin, cgo flags with no C
// compiler, an inherited GOOS/GOARCH of another platform, and a go.mod that needs a Go no local
// toolchain provides. The decisions without disk reads are pure and exported for their tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPinFile } from '../core/config';
import { envGo as envGoOf, envGoLeftover } from '../core/env-go';
import type { EnvPlan, World } from '../core/envs';
import { goSatisfies } from '../core/goversion';
import { launcherTable, neededToolchain, readGoDirectives } from '../core/launchers';
import type { Plan } from '../core/activation-plan';
import { SHADOWED_GO } from '../core/vocabulary';
import { commandOnPath, inputFileError, isExecutableFile } from '../fsutil';
import type { Env } from '../paths';
import { findingsOf, shellWord as q, type Context, type Finding } from './context';
import { moveAsideCommand, strayGo } from './doctor-env';

// Stryker disable next-line StringLiteral: with PATH unset, any fallback naming no directory that holds the command finds nothing, as '' does
const commandOn = (name: string, env: Env) => commandOnPath(name, env.PATH ?? '');

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** Where a Go release can come from, as commands. */
export function installHint(goName: string, prefix: string | null): string {
  // Stryker disable next-line Regex: goName is always "go" + a go.mod version (neededToolchain writes it so), so its first "go" is its start
  const version = goName.replace(/^go/, '');
  // Anchored: a go.mod's go line is the user's text, and `2.1.5` holds a "1.5" that is no Debian golang-1.5.
  const minor = /^(1\.\d+)/.exec(version)?.[1] ?? version;
  const where = prefix ? ` -p ${q(prefix)}` : '';
  return `conda install${where} -c conda-forge go=${version}  |  sudo apt-get install golang-${minor}-go  |  or unpack https://go.dev/dl/${goName}.linux-amd64.tar.gz into ~/sdk/${goName} and add ~/sdk to \`toolchains:\``;
}

/** The nearest go.work, else go.mod, from dir upwards; one that is there but unreadable is bad input (exit 2). */
export function findModule(dir: string): { file: string; go: string | null; toolchain: string | null } | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    for (const name of ['go.work', 'go.mod']) {
      const file = path.join(d, name);
      try {
        return { file, ...readGoDirectives(fs.readFileSync(file, 'utf8')) };
      } catch (err) {
        // Not here: look further up. One that is here but cannot be read is the user's to fix, as `go` says too.
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw inputFileError(err, file);
      }
    }
    if (path.dirname(d) === d) return null;
  }
}

/** The pin file's problems and an env without a toolchain. Pure. */
export function planFindings(prefix: string, envPlan: EnvPlan): Finding[] {
  const { out, add } = findingsOf(prefix);
  for (const p of envPlan.problems) {
    const platform = p.file.endsWith('conda-meta');
    add(
      platform ? 'platform-unknown' : 'pin',
      platform ? 'warning' : 'problem',
      `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`,
      platform ? null : `edit ${q(p.file)}`,
    );
  }
  if (!envPlan.plan.ok) add('no-toolchain', 'problem', envPlan.plan.why, null);
  // micromamba runs no pre-unlink script: `micromamba remove go` leaves the package's $PREFIX/go behind.
  const tree = path.join(prefix, 'go');
  if (fs.existsSync(path.join(tree, 'bin', 'go')) && envGoLeftover(prefix))
    add(
      'removed-go-leftover',
      'warning',
      `${tree} is left over from the go package removed from this env (micromamba does not run its pre-unlink script); gocondad no longer uses it`,
      `rm -rf ${q(tree)} ${q(path.join(prefix, 'bin', 'go'))} ${q(path.join(prefix, 'bin', 'gofmt'))}`,
    );
  return out;
}

/** An inherited GOOS/GOARCH that differs from the env's platform. Pure. */
export function platformFindings(prefix: string, env: Env, platform: Plan['platform']): Finding[] {
  const { out, add } = findingsOf(prefix);
  const { goos, goarch } = platform;
  if ((env.GOOS && goos && env.GOOS !== goos) || (env.GOARCH && goarch && env.GOARCH !== goarch)) {
    add(
      'platform-mismatch',
      'warning',
      `GOOS/GOARCH here are ${env.GOOS ?? '-'}/${env.GOARCH ?? '-'} but the env is ${platform.subdir} (${goos}/${goarch})`,
      'unset GOOS GOARCH  (unless you are cross-compiling on purpose)',
    );
  }
  return out;
}

/** The go in the env, cgo's compiler, the platform. */
export function goFindings(ctx: Context, prefix: string, plan: Plan): Finding[] {
  const { env } = ctx;
  const { out, add } = findingsOf(prefix);
  // A go in the env's bin other than the chosen one: the shim puts the right one first, but `conda run`
  // and scripts that skip activation get this one.
  const binGo = path.join(prefix, 'bin', 'go');
  if (plan.ok && isExecutableFile(binGo) && realpath(binGo) !== realpath(path.join(plan.goroot!, 'bin', 'go'))) {
    const fromCondaGo = realpath(binGo).startsWith(`${realpath(path.join(prefix, 'go'))}/`);
    const stray = fromCondaGo ? null : strayGo(prefix);
    const f = add(
      SHADOWED_GO,
      'warning',
      `${binGo} (${realpath(binGo)}) is not the chosen toolchain ${plan.goroot}; gocondad shells put the right one first, \`conda run\` does not`,
      fromCondaGo
        ? `conda remove -p ${q(prefix)} go  (or pin this env to it: echo 'goroot: ${path.join(prefix, 'go')}' > ${q(path.join(prefix, 'etc', 'gocondad.yml'))})`
        : moveAsideCommand(prefix, [binGo]),
      stray ? 'move-aside' : undefined,
    );
    if (stray) f.paths = [stray];
  }

  // conda-forge's go in the env, older than what the pin asks for.
  const { pin } = loadPinFile(prefix);
  const envGo = envGoOf(prefix);
  if (pin?.go && envGo?.ok && !goSatisfies(envGo.toolchain.version, pin.go)) {
    add(
      'conda-go-older-than-pin',
      'problem',
      `the env's conda-forge go is ${envGo.toolchain.version} but the pin asks for ${pin.go}${plan.ok ? `; ${plan.goVersion} from ${plan.goroot} is used instead` : ''}`,
      `conda install -p ${q(prefix)} -c conda-forge "go=${pin.go}"`,
    );
  }

  // cgo flags point into the env, but nothing can compile C.
  const appends = Object.keys(plan.change.append);
  if (appends.length > 0) {
    const condaCc = (() => {
      try {
        return fs.readdirSync(path.join(prefix, 'bin')).find((f) => /-(cc|gcc|clang)$/.test(f)) ?? null;
      } catch {
        return null;
      }
    })();
    const cc = env.CC ? (path.isAbsolute(env.CC) ? (isExecutableFile(env.CC) ? env.CC : null) : commandOn(env.CC, env)) : null;
    if (!condaCc && !cc && !commandOn('gcc', env) && !commandOn('cc', env) && !commandOn('clang', env)) {
      add(
        'cgo-without-compiler',
        'problem',
        `cgo flags point into this env (${appends.join(', ')}) but no C compiler was found (CC, gcc, cc, clang, or a conda compiler in the env)`,
        `conda install -p ${q(prefix)} -c conda-forge c-compiler  |  sudo apt-get install gcc  |  or set cgo: off in ${q(path.join(prefix, 'etc', 'gocondad.yml'))}`,
      );
    }
  }
  return [...out, ...platformFindings(prefix, env, plan.platform)];
}

/**
 * A module that needs a Go newer than the env's, which no local toolchain (launcher) provides: `go` would
 * download it, and fails offline. Pure: `hasLauncher` says which go1.N.M launchers exist.
 */
export function moduleNeedsFindings(
  prefix: string,
  mod: { file: string; go: string | null; toolchain: string | null } | null,
  chosen: string,
  hasLauncher: (name: string) => boolean,
): Finding[] {
  const { out, add } = findingsOf(prefix);
  const needed = mod ? neededToolchain(mod.go, mod.toolchain) : null;
  if (mod && needed) {
    // Stryker disable next-line Regex: needed is always "go" + a go.mod version (neededToolchain writes it so), so its first "go" is its start
    const satisfiedLocally = goSatisfies(chosen, `>=${needed.replace(/^go/, '')}`) || hasLauncher(needed);
    if (!satisfiedLocally) {
      add(
        'module-needs-unavailable-go',
        'problem',
        `${mod.file} needs ${needed} (go ${mod.go ?? '-'}${mod.toolchain ? `, toolchain ${mod.toolchain}` : ''}); this env runs ${chosen} and no local toolchain provides ${needed}, so \`go\` fails offline`,
        installHint(needed, prefix),
      );
    }
  }
  return out;
}

/** The module around `moduleDir` (doctor's --module, else the working dir), judged against the env's Go. */
export function moduleFindings(world: World, prefix: string, plan: Plan, moduleDir: string | null): Finding[] {
  if (moduleDir === null || !plan.ok) return [];
  const hasLauncher = (name: string) => world.launcherDir !== null && launcherTable(world.discovery.toolchains).has(name);
  return moduleNeedsFindings(prefix, findModule(moduleDir), plan.goVersion!, hasLauncher);
}

// `gocondad doctor` and `gocondad explain`: every problem with the command that fixes it, and the
// decision trace of an env. They read the same files as the daemon and decide with the same pure
// modules; nothing here needs the daemon.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { traceChoice, type TraceStep } from '../core/choose';
import { loadPinFile, type Problem } from '../core/config';
import { discoverEnvs, type CondaLayout } from '../core/discovery';
import { loadWorld, planForPrefix, syncWorldLaunchers, type EnvPlan, type World } from '../core/envs';
import { goSatisfies } from '../core/goversion';
import { launcherScript, launcherTable, neededToolchain, readGoDirectives } from '../core/launchers';
import type { Env, Locations } from '../paths';
import { DIALECTS } from '../shell';
import { posix } from '../shell/posix';
import { hasShims, installShims, readShimStamp, SHIM_BASENAME, shimContext } from '../shims/install';
import { readRegistry } from '../shims/registry';
import { isExecutableFile } from '../fsutil';
import { inspectToolchain } from '../core/toolchains';
import { describeNewer, judgeStamp, type ShimStamp } from '../core/shim-version';
import { asidePath, goActivationFindings, gorootFindings, moveAside, strayGo } from './doctor-env';

export type SafeFix = 'install-shims' | 'refresh-shims' | 'sync-launchers' | 'move-aside';

export interface Finding {
  kind: string;
  /** A warning is reported but does not make doctor fail. */
  severity: 'problem' | 'warning';
  prefix: string | null;
  message: string;
  /** The exact command (or edit) that fixes it. */
  fix: string | null;
  /** What `doctor --fix` may do by itself. */
  safeFix?: SafeFix;
  /** safeFix 'move-aside': the files it renames (doctor-env.ts). */
  paths?: string[];
  /** The file a declared value comes from (doctor-env.ts). */
  source?: string;
}

export interface Context {
  loc: Locations;
  env: Env;
  world: World;
  layout: CondaLayout;
}

export function loadContext(loc: Locations, env: Env): Context {
  return { loc, env, world: loadWorld(loc), layout: discoverEnvs(env, loc.home) };
}

/** An env argument: a path, or a name `gocondad envs` shows. */
export function resolveEnv(ctx: Context, arg: string): string {
  if (arg.includes('/') || arg === '.' || arg === '..') return path.resolve(arg);
  const known = [
    ...ctx.layout.envs.map((e) => ({ name: e.name, prefix: e.prefix })),
    ...readRegistry(ctx.loc).installed.map((p) => ({ name: path.basename(p), prefix: p })),
  ];
  const byName = [...new Map(known.filter((e) => e.name === arg || path.basename(e.prefix) === arg).map((e) => [e.prefix, e])).values()];
  if (byName.length === 1) return byName[0]!.prefix;
  if (byName.length > 1) throw new Error(`several envs are named ${arg} (${byName.map((e) => e.prefix).join(', ')}); give the prefix`);
  throw new Error(`no env named ${arg}; \`gocondad envs\` lists the envs found, or give its prefix`);
}

/** A path as a shell word for fix commands: bare when that is unambiguous. */
function q(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : posix.quote(p);
}

function commandOnPath(name: string, env: Env): string | null {
  for (const dir of (env.PATH ?? '').split(':')) {
    if (dir && isExecutableFile(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** Where a Go release can come from, as commands. */
export function installHint(goName: string, prefix: string | null): string {
  const version = goName.replace(/^go/, '');
  const minor = /^(1\.\d+)/.exec(version)?.[1] ?? version;
  const where = prefix ? ` -p ${q(prefix)}` : '';
  return `conda install${where} -c conda-forge go=${version}  |  sudo apt-get install golang-${minor}-go  |  or unpack https://go.dev/dl/${goName}.linux-amd64.tar.gz into ~/sdk/${goName} and add ~/sdk to \`toolchains:\``;
}

/** The nearest go.work, else go.mod, from dir upwards. */
export function findModule(dir: string): { file: string; go: string | null; toolchain: string | null } | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    for (const name of ['go.work', 'go.mod']) {
      const file = path.join(d, name);
      try {
        return { file, ...readGoDirectives(fs.readFileSync(file, 'utf8')) };
      } catch {
        /* not here */
      }
    }
    if (path.dirname(d) === d) return null;
  }
}

export function worldFindings(ctx: Context): Finding[] {
  const out: Finding[] = [];
  const { world, loc } = ctx;
  const problem = (kind: string, p: Problem, fix: string | null): Finding => ({
    kind,
    severity: 'problem',
    prefix: null,
    message: `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`,
    fix,
  });
  for (const p of world.configProblems) out.push(problem('config', p, `edit ${q(p.file)}`));
  for (const p of ctx.layout.problems) out.push({ ...problem('conda-files', p, `edit ${q(p.file)}`), severity: 'warning' });
  const configured = world.config.toolchains.map((d) => path.resolve(d));
  for (const r of world.discovery.rejected) {
    if (!configured.some((d) => r.root === d || path.dirname(r.root) === d)) continue;
    out.push({
      kind: 'invalid-toolchain',
      severity: 'problem',
      prefix: null,
      message: `${r.root} is not a valid Go toolchain: ${r.reason}`,
      fix: `reinstall it, or remove it from \`toolchains:\` in ${q(loc.configFile)}`,
    });
  }
  if (world.launcherDir !== null) {
    const table = launcherTable(world.discovery.toolchains);
    const stale: string[] = [];
    for (const [name, t] of table) {
      let text = '';
      try {
        text = fs.readFileSync(path.join(world.launcherDir, name), 'utf8');
      } catch {
        /* missing */
      }
      if (text !== launcherScript(name, t)) stale.push(name);
    }
    let present: string[] = [];
    try {
      present = fs.readdirSync(world.launcherDir).filter((n) => /^go1\./.test(n));
    } catch {
      /* none yet */
    }
    stale.push(...present.filter((n) => !table.has(n)));
    if (stale.length > 0) {
      out.push({
        kind: 'stale-launchers',
        severity: 'problem',
        prefix: null,
        message: `toolchain launchers in ${world.launcherDir} are missing or out of date: ${stale.slice(0, 8).join(', ')}${stale.length > 8 ? ', ...' : ''}`,
        fix: 'gocondad doctor --fix (or gocondad shims install --all)',
        safeFix: 'sync-launchers',
      });
    }
  }
  return out;
}

function shimIsCurrent(envPlan: EnvPlan, loc: Locations): boolean {
  return DIALECTS.every((d) =>
    (['activate', 'deactivate'] as const).every((kind) => {
      const file = path.join(envPlan.plan.prefix, 'etc', 'conda', `${kind}.d`, `${SHIM_BASENAME}${d.extension}`);
      try {
        return fs.readFileSync(file, 'utf8') === d.shim(kind, envPlan.plan, shimContext(envPlan, loc, file));
      } catch {
        return false;
      }
    }),
  );
}

/** The env's shims were written by a newer gocondad: never called stale, never rewritten by --fix. */
function newerStamp(prefix: string): ShimStamp | null {
  const stamp = readShimStamp(prefix);
  return stamp && judgeStamp(stamp) === 'newer' ? stamp : null;
}

export function envFindings(ctx: Context, prefix: string, moduleDir: string | null): Finding[] {
  const out: Finding[] = [];
  const { loc, env, world, layout } = ctx;
  const add = (kind: string, severity: Finding['severity'], message: string, fix: string | null, safeFix?: SafeFix) =>
    out.push({ kind, severity, prefix, message, fix, ...(safeFix ? { safeFix } : {}) });
  if (!fs.existsSync(path.join(prefix, 'conda-meta'))) {
    add('not-an-env', 'problem', `${prefix} is not a conda env (no conda-meta/)`, 'check the path; `gocondad envs` lists the envs found');
    return out;
  }
  const envPlan = planForPrefix(prefix, world, layout.roots);
  const { plan } = envPlan;
  for (const p of envPlan.problems) {
    const platform = p.file.endsWith('conda-meta');
    add(
      platform ? 'platform-unknown' : 'pin',
      platform ? 'warning' : 'problem',
      `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`,
      platform ? null : `edit ${q(p.file)}`,
    );
  }
  if (!plan.ok) add('no-toolchain', 'problem', plan.why, null);

  const reg = readRegistry(loc);
  if (!hasShims(prefix)) {
    if (reg.excluded.includes(prefix))
      add('missing-shims', 'warning', 'no gocondad shims: you removed them (opted out)', `gocondad shims install ${q(prefix)}`);
    else add('missing-shims', 'problem', 'no gocondad shims: activating this env does not set Go up', `gocondad shims install ${q(prefix)}`, 'install-shims');
  } else if (newerStamp(prefix)) {
    const stamp = newerStamp(prefix)!;
    add('newer-shims', 'problem', describeNewer(prefix, stamp), `upgrade gocondad to ${stamp.version} or later, or: gocondad shims install ${q(prefix)}`);
  } else if (!shimIsCurrent(envPlan, loc)) {
    add(
      'stale-shims',
      'problem',
      'the shims were written for an older plan (the env, its pin or the toolchains changed since)',
      `gocondad shims refresh ${q(prefix)}`,
      'refresh-shims',
    );
  }

  // A go in the env's bin other than the chosen one: the shim puts the right one first, but `conda run`
  // and scripts that skip activation get this one.
  const binGo = path.join(prefix, 'bin', 'go');
  if (plan.ok && isExecutableFile(binGo) && realpath(binGo) !== realpath(path.join(plan.goroot!, 'bin', 'go'))) {
    const fromCondaGo = realpath(binGo).startsWith(`${realpath(path.join(prefix, 'go'))}/`);
    const stray = fromCondaGo ? null : strayGo(prefix);
    add(
      'shadowing-go',
      'warning',
      `${binGo} (${realpath(binGo)}) is not the chosen toolchain ${plan.goroot}; gocondad shells put the right one first, \`conda run\` does not`,
      fromCondaGo
        ? `conda remove -p ${q(prefix)} go  (or pin this env to it: echo 'goroot: ${path.join(prefix, 'go')}' > ${q(path.join(prefix, 'etc', 'gocondad.yml'))})`
        : `mv ${q(binGo)} ${q(asidePath(prefix, binGo))}`,
      stray ? 'move-aside' : undefined,
    );
    if (stray) out[out.length - 1]!.paths = [stray];
  }

  // conda-forge's go in the env, older than what the pin asks for.
  const { pin } = loadPinFile(prefix);
  const envGo = inspectToolchain(path.join(prefix, 'go'));
  if (pin?.go && envGo.ok && !goSatisfies(envGo.toolchain.version, pin.go)) {
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
    const cc = env.CC ? (path.isAbsolute(env.CC) ? (isExecutableFile(env.CC) ? env.CC : null) : commandOnPath(env.CC, env)) : null;
    if (!condaCc && !cc && !commandOnPath('gcc', env) && !commandOnPath('cc', env) && !commandOnPath('clang', env)) {
      add(
        'cgo-without-compiler',
        'problem',
        `cgo flags point into this env (${appends.join(', ')}) but no C compiler was found (CC, gcc, cc, clang, or a conda compiler in the env)`,
        `conda install -p ${q(prefix)} -c conda-forge c-compiler  |  sudo apt-get install gcc  |  or set cgo: off in ${q(path.join(prefix, 'etc', 'gocondad.yml'))}`,
      );
    }
  }

  const { goos, goarch } = plan.platform;
  if ((env.GOOS && goos && env.GOOS !== goos) || (env.GOARCH && goarch && env.GOARCH !== goarch)) {
    add(
      'platform-mismatch',
      'warning',
      `GOOS/GOARCH here are ${env.GOOS ?? '-'}/${env.GOARCH ?? '-'} but the env is ${plan.platform.subdir} (${goos}/${goarch})`,
      'unset GOOS GOARCH  (unless you are cross-compiling on purpose)',
    );
  }

  out.push(...gorootFindings(prefix, env), ...goActivationFindings(prefix, env));

  if (moduleDir !== null && plan.ok) {
    const mod = findModule(moduleDir);
    const needed = mod ? neededToolchain(mod.go, mod.toolchain) : null;
    if (mod && needed) {
      const chosen = plan.goVersion!;
      const table = world.launcherDir ? launcherTable(world.discovery.toolchains) : new Map();
      const satisfiedLocally = goSatisfies(chosen, `>=${needed.replace(/^go/, '')}`) || table.has(needed);
      if (!satisfiedLocally) {
        add(
          'module-needs-unavailable-go',
          'problem',
          `${mod.file} needs ${needed} (go ${mod.go ?? '-'}${mod.toolchain ? `, toolchain ${mod.toolchain}` : ''}); this env runs ${chosen} and no local toolchain provides ${needed}, so \`go\` fails offline`,
          installHint(needed, prefix),
        );
      }
    }
  }
  return out;
}

/** Applies the safe fixes among `findings`; returns what was done. */
export function applySafeFixes(ctx: Context, findings: Finding[], opts: { moveAside?: boolean } = {}): string[] {
  const done: string[] = [];
  if (findings.some((f) => f.safeFix === 'sync-launchers')) {
    const r = syncWorldLaunchers(ctx.world);
    done.push(`launchers: ${r.written.length} written, ${r.removed.length} removed`);
  }
  // Moving the user's files is done only when asked for by kind (`--fix --kind`; conda doctor's fixers
  // ask the user first): a plain `--fix` touches gocondad's own files alone.
  if (opts.moveAside) for (const f of findings) if (f.safeFix === 'move-aside' && f.paths && f.prefix) done.push(...moveAside(f.prefix, f.paths));
  for (const f of findings) {
    if ((f.safeFix === 'install-shims' || f.safeFix === 'refresh-shims') && f.prefix) {
      installShims(planForPrefix(f.prefix, ctx.world, ctx.layout.roots), ctx.loc, f.safeFix === 'install-shims');
      done.push(`${f.safeFix === 'install-shims' ? 'installed' : 'refreshed'} shims in ${f.prefix}`);
    }
  }
  return done;
}

export interface Explanation {
  prefix: string;
  envName: string;
  toolchains: { root: string; version: string }[];
  rejectedToolchains: { root: string; reason: string }[];
  trace: TraceStep[];
  result: { ok: boolean; goroot: string | null; goVersion: string | null; chosenBy: string | null; why: string };
  variables: { name: string; effect: string; source: string }[];
  path: { entry: string; source: string }[];
  leftToConda: string[];
  platform: EnvPlan['plan']['platform'];
  problems: Problem[];
}

export function explain(ctx: Context, prefix: string): Explanation {
  const { world, layout } = ctx;
  const { pin } = loadPinFile(prefix);
  const envGoRoot = path.join(prefix, 'go');
  const envGo = fs.existsSync(path.join(envGoRoot, 'bin', 'go')) ? inspectToolchain(envGoRoot) : null;
  const pinnedRoot = pin?.goroot ? inspectToolchain(pin.goroot) : null;
  const trace = traceChoice({ pin, pinnedRoot, envGo, defaultRange: world.config.default, found: world.discovery.toolchains });
  const { plan, problems } = planForPrefix(prefix, world, layout.roots);
  const variables: Explanation['variables'] = [];
  const { change } = plan;
  for (const [name, value] of Object.entries(change.set))
    variables.push({ name, effect: value === null ? 'unset' : `= ${value}`, source: plan.sources[name] ?? '' });
  for (const [name, value] of Object.entries(change.defaults))
    variables.push({ name, effect: `= ${value} (only if unset or empty)`, source: plan.sources[name] ?? '' });
  for (const [name, a] of Object.entries(change.append))
    variables.push({ name, effect: `+= ${a.value}${a.base ? ` (after Go's default "${a.base}" when unset)` : ''}`, source: plan.sources[name] ?? '' });
  if (plan.keepUserModcache)
    variables.push({ name: 'GOMODCACHE', effect: '= $GOPATH/pkg/mod of the GOPATH you had (only if unset)', source: plan.sources.GOMODCACHE ?? '' });
  for (const name of plan.leftToConda) variables.push({ name, effect: 'not touched', source: plan.sources[name] ?? 'declared by the env itself' });
  return {
    prefix,
    envName: plan.envName,
    toolchains: world.discovery.toolchains.map((t) => ({ root: t.root, version: t.version })),
    rejectedToolchains: world.discovery.rejected,
    trace,
    result: { ok: plan.ok, goroot: plan.goroot, goVersion: plan.goVersion, chosenBy: plan.source, why: plan.why },
    variables,
    path: change.path.prepend.map((entry) => ({ entry, source: plan.sources[`PATH ${entry}`] ?? '' })),
    leftToConda: plan.leftToConda,
    platform: plan.platform,
    problems,
  };
}

// The environment `go build` runs in for a bundle: the one activating the env gives. Not re-derived
// here: the env's plan (planForPrefix) is turned into shell code by the POSIX dialect, exactly the
// code an activate shim evaluates, and run in `sh`; what comes out is the build's environment.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Plan } from '../core/activation-plan';
import { planHeader } from '../shell/posix';
import { envVarsFiles } from '../core/envs';

export type Env = Record<string, string>;

/** Values an env declares through conda (conda-meta/state env_vars, every file in etc/conda/env_vars.d). */
export function condaDeclaredValues(prefix: string): Env {
  const out: Env = {};
  const take = (file: string, pick: (json: { env_vars?: unknown } | null) => unknown) => {
    try {
      const value = pick(JSON.parse(fs.readFileSync(file, 'utf8')));
      // A list is no mapping either: conda's dict.update fails on it, so its items name no variables here.
      if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
    } catch {
      /* absent, or not JSON: conda's activation fails on such a file; the build goes on without it */
    }
  };
  for (const f of envVarsFiles(prefix)) take(f, (j) => j);
  take(path.join(prefix, 'conda-meta', 'state'), (j) => j?.env_vars); // conda applies these last
  return out;
}

/**
 * What the shell would hold before gocondad's shim runs: as is when the env is the active one (conda
 * and its other activate.d scripts, e.g. a conda compiler's CC, already ran); otherwise conda's part
 * of activating it done here: CONDA_PREFIX, its bin/ first on PATH, the variables it declares.
 */
export function preActivation(base: Env, prefix: string): { env: Env; active: boolean } {
  const active = base.CONDA_PREFIX !== undefined && path.resolve(base.CONDA_PREFIX) === prefix;
  if (active) return { env: { ...base }, active };
  const env: Env = { ...base, ...condaDeclaredValues(prefix), CONDA_PREFIX: prefix };
  env.PATH = [path.join(prefix, 'bin'), ...(base.PATH ?? '').split(':').filter((p) => p !== '')].join(':');
  return { env, active };
}

/**
 * The shell code activation evaluates for this plan (the POSIX shim's plan header) and a call of it. The
 * plan's defaults ask the shim's `__gcd_own` whether a value came from an env below in conda's stack; the
 * build runs in no such stack, so here none did (without it sh reports `__gcd_own: not found`).
 */
export function activationScript(plan: Plan, planId: string): string {
  return `__gcd_own() { return 1; }\n${planHeader(plan, { planId })}\n__gcd_plan_set\n`;
}

/**
 * Variables that change how a node process starts or what it does besides its work: the node that reads
 * the environment back must not get the user's. NODE_OPTIONS='--require ./x.js' or
 * '--max-old-space-size=1' made that read fail, '--inspect-brk' would wait for a debugger,
 * NODE_V8_COVERAGE writes files (into /proc it hangs node), node takes NODE_CHANNEL_FD out of its env.
 * The plan sets none of them: they are kept aside and given back to the build as they were.
 */
export function startsNode(name: string): boolean {
  return name.startsWith('NODE_') || name.startsWith('UV_');
}

/**
 * A name a shell variable can have. dash (Debian's sh) drops every other name from the environment it
 * passes on (bash keeps them): an exported bash function (`BASH_FUNC_module%%`, as module systems
 * export), `a.b`, `x-y`. The plan sets none of them, so they too are kept aside and given back.
 */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Runs the plan's shell code in `sh` on top of `env` and reads back the resulting environment. When the
 * active env already went through gocondad's shim (its GOROOT is the plan's), nothing is applied twice.
 */
export function activatedEnv(plan: Plan, planId: string, base: Env): Env {
  const { env, active } = preActivation(base, plan.prefix);
  // No `plan.goroot !== null` test: a plan without a toolchain has a null goroot, which no string equals.
  if (active && env.GOROOT === plan.goroot) return env;
  const dump = `exec "$__gcd_node" -e 'process.stdout.write(JSON.stringify(process.env))'`;
  const aside: Env = {};
  const shellEnv: Env = {};
  for (const [k, v] of Object.entries(env)) (startsNode(k) || !SHELL_NAME.test(k) ? aside : shellEnv)[k] = v;
  const r = spawnSync('/bin/sh', ['-c', `${activationScript(plan, planId)}${dump}`], {
    env: { ...shellEnv, __gcd_node: process.execPath },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`applying the env's activation plan in sh failed: ${r.stderr.trim() || `exit ${r.status}`}`);
  const out = JSON.parse(r.stdout) as Env;
  delete out.__gcd_node;
  for (const k of Object.keys(out)) if (k.startsWith('__gcd_p_')) delete out[k];
  Object.assign(out, aside);
  // PATH is edited by the shim logic, not the plan header: the chosen toolchain first, then the launchers.
  const rest = (out.PATH ?? '').split(':').filter((p) => p !== '' && !plan.change.path.prepend.includes(p));
  out.PATH = [...plan.change.path.prepend, ...rest].join(':');
  return out;
}

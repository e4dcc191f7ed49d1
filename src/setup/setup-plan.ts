// What `gocondad setup` would do, as data: a pure function of the facts found on disk (envs and whether
// they are writable, conda roots and their plugin, which service manager this machine has) and the
// options. The executor (execute.ts) does it; `--dry-run` prints it.
import type { ServiceChoice } from '../service/choose-kind';
import type { ServiceKind } from '../service/types';

export interface EnvFact {
  prefix: string;
  name: string;
  writable: boolean;
  /** The user removed this env's shims (`gocondad shims uninstall`): setup respects that. */
  optedOut: boolean;
}

export interface CondaFact {
  root: string;
  python: string;
  /** Version of gocondad's plugin installed there, or null. */
  plugin: string | null;
  writable: boolean;
  /** An earlier setup installed the plugin here (so an upgrade needs no new consent). */
  ours: boolean;
}

export interface SetupFacts {
  envs: EnvFact[];
  condas: CondaFact[];
  service: ServiceChoice;
  installedServices: ServiceKind[];
  /** How an admin runs this gocondad: quoted node and CLI path. */
  command: string;
  pluginSource: string;
  /** Version of the plugin this gocondad ships. */
  pluginVersion: string;
}

export interface SetupOptions {
  plugin: 'yes' | 'no' | 'ask';
  /** stdin is a terminal, so asking is possible. */
  interactive: boolean;
  service: boolean;
}

export type PluginAction = 'install' | 'upgrade' | 'ask' | 'keep' | 'skip';
export interface PluginStep {
  root: string;
  python: string;
  action: PluginAction;
  why: string;
  /** The command that installs it (for the user or an admin to run by hand when skipped). */
  command: string;
}

export interface SetupPlan {
  shims: { install: string[]; optedOut: string[]; notWritable: { prefix: string; command: string }[] };
  service: { kind: ServiceKind; why: string; remove: ServiceKind[] } | null;
  plugins: PluginStep[];
  undo: string;
}

/** What an admin runs for an env the user cannot write (`command` is facts.ts adminCommand). */
export function adminShimsCommand(command: string, verb: 'install' | 'uninstall', prefix: string): string {
  return `sudo ${command} shims ${verb} ${shq(prefix)}`;
}

/** POSIX single quotes, for commands printed for the user to paste. */
export function shq(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function pipInstallCommand(python: string, source: string): string {
  return `${shq(python)} -m pip install --no-deps --no-build-isolation --no-index ${shq(source)}`;
}

function pluginStep(c: CondaFact, f: SetupFacts, o: SetupOptions): PluginStep {
  const base = { root: c.root, python: c.python, command: pipInstallCommand(c.python, f.pluginSource) };
  if (c.plugin === f.pluginVersion) return { ...base, action: 'keep', why: `plugin ${c.plugin} already installed` };
  if (o.plugin === 'no') return { ...base, action: 'skip', why: '--no-plugin' };
  if (!c.writable) return { ...base, action: 'skip', why: `${c.root} is not writable by you; an admin can run: sudo ${base.command}` };
  if (c.plugin !== null && c.ours) return { ...base, action: 'upgrade', why: `plugin ${c.plugin} (installed by an earlier setup) → ${f.pluginVersion}` };
  if (o.plugin === 'yes') return { ...base, action: 'install', why: c.plugin ? `replaces plugin ${c.plugin} (--yes)` : '--yes' };
  if (o.interactive) return { ...base, action: 'ask', why: 'asks first' };
  return { ...base, action: 'skip', why: `not asked (stdin is not a terminal): run \`gocondad setup --yes\` to install it, or run: ${base.command}` };
}

export function planSetup(f: SetupFacts, o: SetupOptions): SetupPlan {
  const usable = f.envs.filter((e) => !e.optedOut);
  return {
    shims: {
      install: usable.filter((e) => e.writable).map((e) => e.prefix),
      optedOut: f.envs.filter((e) => e.optedOut).map((e) => e.prefix),
      notWritable: usable.filter((e) => !e.writable).map((e) => ({ prefix: e.prefix, command: adminShimsCommand(f.command, 'install', e.prefix) })),
    },
    service: o.service ? { kind: f.service.kind, why: f.service.why, remove: f.installedServices.filter((k) => k !== f.service.kind) } : null,
    plugins: f.condas.map((c) => pluginStep(c, f, o)),
    undo: 'gocondad uninstall',
  };
}

export function renderPlan(p: SetupPlan): string[] {
  const out: string[] = [`shims: ${p.shims.install.length} env(s)`];
  for (const e of p.shims.install) out.push(`  install  ${e}`);
  for (const e of p.shims.optedOut) out.push(`  skip     ${e}  (opted out; \`gocondad shims install ${shq(e)}\` opts back in)`);
  if (p.shims.notWritable.length > 0) out.push(`not writable by you (${p.shims.notWritable.length}); an admin can run:`);
  for (const e of p.shims.notWritable) out.push(`  ${e.command}`);
  if (p.service) {
    out.push(`service: ${p.service.kind} — ${p.service.why}`);
    for (const k of p.service.remove) out.push(`  remove the ${k} service installed before`);
  } else out.push('service: not touched (--no-service)');
  out.push(
    p.plugins.length === 0
      ? 'conda plugin: no conda installation with a python found'
      : 'conda plugin (conda go ..., shims current right after conda changes an env):',
  );
  for (const s of p.plugins) out.push(`  ${s.action.padEnd(8)} ${s.root}  (${s.why})`);
  out.push(`undo everything: ${p.undo}`);
  return out;
}

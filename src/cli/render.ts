// What the CLI shows: the env report behind `gocondad envs`, and one line per stream event for
// `gocondad status --watch`. Rendering is pure; `envReport` reads the same files the daemon reads.
import type { ChoiceSource } from '../core/choose';
import type { Problem } from '../core/config';
import { discoverEnvs } from '../core/discovery';
import { loadWorld, planForPrefix } from '../core/envs';
import type { Env, Locations } from '../paths';
import { hasShims, readRegistry } from '../shims/install';

export const CHOSEN_BY: Record<ChoiceSource, string> = { pin: 'pin', 'in-env': 'in env', default: 'default', newest: 'newest found' };

export interface EnvRow {
  name: string;
  prefix: string;
  foundVia: string;
  shims: boolean;
  /** The user removed the shims here: auto-install leaves the env alone. */
  optedOut: boolean;
  ok: boolean;
  goVersion: string | null;
  goroot: string | null;
  chosenBy: string | null;
  why: string;
  problems: Problem[];
}

export function envReport(loc: Locations, env: Env): { envs: EnvRow[]; problems: Problem[]; autoInstall: boolean } {
  const world = loadWorld(loc);
  const layout = discoverEnvs(env, loc.home);
  const reg = readRegistry(loc);
  const known = new Map(layout.envs.map((e) => [e.prefix, e]));
  // Envs given to `shims install` by path count too, even where no conda file lists them.
  for (const prefix of reg.installed) if (!known.has(prefix)) known.set(prefix, { prefix, name: prefix, foundVia: 'shims installed by path' });
  const envs = [...known.values()].map((e): EnvRow => {
    const { plan, problems } = planForPrefix(e.prefix, world, layout.roots);
    return {
      name: e.name,
      prefix: e.prefix,
      foundVia: e.foundVia,
      shims: hasShims(e.prefix),
      optedOut: reg.excluded.includes(e.prefix),
      ok: plan.ok,
      goVersion: plan.goVersion,
      goroot: plan.goroot,
      chosenBy: plan.source ? CHOSEN_BY[plan.source] : null,
      why: plan.why,
      problems: plan.ok ? problems : [...problems, { file: e.prefix, message: plan.why }],
    };
  });
  return { envs, problems: [...world.configProblems, ...layout.problems], autoInstall: world.config.autoInstall };
}

export function formatProblem(p: Problem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}`).join('\n');
}

function clock(at: unknown): string {
  const d = typeof at === 'string' ? new Date(at) : new Date();
  return Number.isNaN(d.getTime()) ? String(at) : d.toISOString().slice(11, 19);
}

/** One line for a stream event; unknown event types are shown as their JSON rather than dropped. */
export function renderEvent(ev: any): string {
  const t = clock(ev.at);
  switch (ev.type) {
    case 'hello':
      return `connected to gocondad ${ev.version} (protocol ${ev.protocol}); waiting for events, Ctrl-C to stop`;
    case 'activate': {
      const s = ev.session ?? {};
      return `${t}  activate    shell ${s.shellPid} (${s.shell})  env ${s.envName}  ${s.goVersion ?? 'no Go'}${s.goroot ? `  GOROOT=${s.goroot}` : ''}`;
    }
    case 'deactivate':
      return `${t}  deactivate  shell ${ev.shellPid}  ${ev.prefix} (level ${ev.level})`;
    case 'conflict_fixed': {
      const c = ev.conflict ?? {};
      return `${t}  fixed       ${c.kind} in shell ${c.shellPid} (${c.prefix}): ${c.before ?? '-'} -> ${c.after ?? '-'}`;
    }
    case 'warning': {
      const c = ev.conflict ?? {};
      return `${t}  warning     ${c.kind} in shell ${c.shellPid} (${c.prefix}): ${c.before ?? '-'} vs env ${c.after ?? '-'}`;
    }
    case 'activation_skipped':
      return `${t}  skipped     shell ${ev.shellPid}  ${ev.prefix}: ${ev.why}`;
    case 'shims_installed':
    case 'shims_rewritten':
      return `${t}  ${ev.type === 'shims_installed' ? 'installed' : 'rewritten'}   shims of ${ev.envName ?? ev.prefix} (${ev.prefix}): ${ev.goVersion ?? 'no toolchain'} [${ev.reason}]`;
    case 'env_forgotten':
      return `${t}  forgotten   ${ev.prefix} (removed)`;
    case 'refresh':
      return `${t}  refresh     ${ev.reason}: ${ev.changed.length} env(s) changed`;
    default:
      return `${t}  ${JSON.stringify(ev)}`;
  }
}

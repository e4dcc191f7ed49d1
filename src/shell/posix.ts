// POSIX sh dialect: bash, zsh, dash (and ksh). Shim logic lives in shell/gocondad.sh; this module
// writes the per-env plan header in front of it, with gocondad's one plan renderer (planHeader).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT, VERSION } from '../pkg';
import type { Plan } from '../core/activation-plan';
import type { Dialect, ShimContext } from './dialect';
import { stampLine } from '../core/shim-stamp';
import { CONDA_FORGE_GO_BACKUPS, CONDA_FORGE_GO_MARKERS, CONDA_FORGE_GO_SCRIPT_GLOBS } from '../core/go-vars';
import { journalPrintf } from '../core/shim-record';

let template: string | null = null;
/**
 * The shim logic for one kind of shim. Shells parse every sourced byte on the hot path, so comments
 * (kept in shell/gocondad.sh for readers) are dropped, and so are the blocks marked for the other kind.
 */
export function shimLogic(kind: 'activate' | 'deactivate'): string {
  template ??= fs.readFileSync(path.join(PACKAGE_ROOT, 'shell', 'gocondad.sh'), 'utf8');
  const out: string[] = [];
  let skipping = false;
  for (const line of template.split('\n')) {
    const block = /^# >>> (\w+)-only/.exec(line);
    if (block) skipping = block[1] !== kind;
    else if (
      // Stryker disable next-line MethodExpression: every end marker in shell/gocondad.sh is the whole line `# <<<` and no other line holds it, so endsWith splits the template exactly as startsWith does.
      line.startsWith('# <<<')
    )
      skipping = false;
    else if (!skipping && !/^\s*(#.*)?$/.test(line)) out.push(line);
  }
  const defined = [...(kind === 'activate' ? ['__gcd_plan_set'] : []), ...out.flatMap((l) => /^(__gcd_\w+)\(\) \{/.exec(l)?.[1] ?? [])];
  const slots: Record<string, string> = {
    '@FUNCTIONS@': defined.join(' '),
    '@GO_MARKERS_SET@': CONDA_FORGE_GO_MARKERS.map((m) => `\${${m}+x}`).join(''),
    '@GO_SCRIPTS@': CONDA_FORGE_GO_SCRIPT_GLOBS.map((g) => `"$__gcd_e"/etc/conda/activate.d/${g}`).join(' '),
    '@GO_BACKUPS@': CONDA_FORGE_GO_BACKUPS.map(([v, m]) => `${v}:${m}`).join(' '),
    '@JOURNAL_PRINTF@': journalPrintf(),
  };
  return `${out.join('\n').replace(/@[A-Z_]+@/g, (slot) => slots[slot] ?? slot)}\n`;
}

function quote(value: string): string {
  // Inside single quotes nothing is special; a quote itself is closed, escaped and reopened.
  return `'${value.split("'").join(`'\\''`)}'`;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Variable names go into generated code unquoted; refuse anything that is not an identifier. */
function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error(`refusing to emit shell code for variable name ${JSON.stringify(name)}`);
  return name;
}

/** Sets and exports a value; unsets for null (a plan's unset, or a backup of an unset variable). */
function setOrUnset(name: string, value: string | null): string {
  return value === null ? `unset ${checkName(name)}` : `export ${checkName(name)}=${quote(value)}`;
}

// A value an env below declared (conda keeps it across a switch) is not the user's: __gcd_own (shell/
// gocondad.sh) puts the user's own back first, and the default fills in where they had none.
function setDefault(name: string, value: string): string {
  return `if __gcd_own ${checkName(name)}; then export ${name}="$__gcd_x"; fi; if [ -z "\${${name}-}" ]; then export ${name}=${quote(value)}; fi`;
}

/** Appends ` value` to a variable; `base` stands in for it when unset (Go's own default of it). */
function append(name: string, value: string, base: string): string {
  return `if [ -z "\${${checkName(name)}+x}" ]; then ${name}=${quote(base)}; fi; export ${name}="\${${name}:+$${name} }"${quote(value)}`;
}

/**
 * The plan rendered as shell code: the one plan renderer. fish and csh shims run the POSIX shim and apply
 * what it changed (shell/foreign.sh), so this is what every shell applies. Also what a stale shim
 * evaluates after `gocondad shims refresh --print posix`, and what bundle's build environment runs.
 */
export function planHeader(plan: Plan, ctx: Pick<ShimContext, 'planId'>): string {
  const { change } = plan;
  const entries = Object.entries(change.set);
  const setNames = [...entries.filter(([, v]) => v !== null).map(([n]) => n), ...Object.keys(change.defaults), ...Object.keys(change.append)].map(checkName);
  const unsetNames = entries.filter(([, v]) => v === null).map(([n]) => checkName(n));
  const appends = Object.entries(change.append).map(([n, a]) => append(n, a.value, a.base));
  // PATH is left to the shim logic (surgical edits): no line for it here.
  const lines = [
    ...entries.map(([n, v]) => setOrUnset(n, v)),
    ...Object.entries(change.defaults).map(([n, v]) => setDefault(n, v)),
    ...(change.appendUnlessCgoOff && appends.length > 0 ? [`if [ "\${CGO_ENABLED-}" != 0 ]; then`, ...appends.map((a) => `  ${a}`), 'fi'] : appends),
  ];
  const body = lines.map((l) => `  ${l}`).join('\n');
  return [
    assign('__gcd_p_id', ctx.planId),
    assign('__gcd_p_goroot', plan.goroot ?? ''),
    assign('__gcd_p_ok', plan.ok ? '1' : '0'),
    assign('__gcd_p_prefix', plan.prefix),
    // Several entries travel as one colon-joined unit: the shim's PATH surgery counts and removes it whole.
    assign('__gcd_p_entry', plan.change.path.prepend.join(':')),
    // Entries that are aliases of paths conda cannot quote (journaled: the daemon logs the fix).
    assign('__gcd_p_alias', plan.aliases.map((a) => a.alias).join(':')),
    assign('__gcd_p_vars', setNames.join(' ')),
    assign('__gcd_p_unset', unsetNames.join(' ')),
    assign('__gcd_p_modcache', plan.keepUserModcache ? '1' : '0'),
    assign('__gcd_p_goos', plan.platform.goos ?? ''),
    assign('__gcd_p_goarch', plan.platform.goarch ?? ''),
    `__gcd_plan_set() {\n${body || '  :'}\n  return 0\n}`,
  ].join('\n');
}

export const posix: Dialect = {
  name: 'posix',
  extension: '.sh',
  quote,
  shim(kind: 'activate' | 'deactivate', plan: Plan, ctx: ShimContext): string {
    const header = [
      `# gocondad ${kind} shim for ${plan.envName}, generated by gocondad ${VERSION} (\`gocondad shims install\`).`,
      '# Do not edit: gocondad rewrites this file when the env or its toolchain changes.',
      stampLine(),
      assign('__gcd_action', kind),
    ];
    // Deactivation restores from the shell's backups: the plan's values are only needed to apply it.
    if (kind === 'activate')
      header.push(assign('__gcd_p_self', ctx.shimFile), assign('__gcd_p_node', ctx.node), assign('__gcd_p_cli', ctx.cli), planHeader(plan, ctx));
    else header.push(assign('__gcd_p_id', ctx.planId), assign('__gcd_p_goroot', plan.goroot ?? ''));
    return `${header.join('\n')}\n${shimLogic(kind)}`;
  },
};

function assign(name: string, value: string): string {
  return `${name}=${quote(value)}`;
}

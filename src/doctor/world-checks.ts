// Doctor's checks of what every env shares: the user config, conda's own files, the configured
// toolchains, and the version-named toolchain launchers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../core/config';
import { launcherTable } from '../core/launchers';
import { launcherScript } from '../shims/launchers';
import { shellWord as q, type Context, type Finding } from './context';

export function worldFindings(ctx: Context): Finding[] {
  const out: Finding[] = [];
  const { world, loc } = ctx;
  const problem = (kind: Finding['kind'], p: Problem, fix: string | null): Finding => ({
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
      // Stryker disable next-line StringLiteral: a missing launcher must read as differing from its script, and no script is '' or any other constant
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

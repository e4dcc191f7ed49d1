// A launchd agent for the daemon (macOS). The plist text is pure (`plistText`); loading it is
// `launchctl bootstrap gui/<uid>` through the injected Runner, so it only runs on a Mac.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GocondadError } from '../errors';
import { writeFileAtomic } from '../fsutil';
import type { ServiceContext, ServiceManager, ServiceSpec } from './types';

export const LABEL = 'org.gocondad.daemon';

export function plistPath(ctx: Pick<ServiceContext, 'home'>): string {
  return path.join(ctx.home, 'Library', 'LaunchAgents', `${LABEL}.plist`);
}

export function stderrPath(ctx: Pick<ServiceContext, 'stateDir'>): string {
  return path.join(ctx.stateDir, 'launchd.stderr.log');
}

function xml(value: string): string {
  // XML 1.0 cannot carry these at all, escaped or not.
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 && c !== '\t' && c !== '\n' && c !== '\r'))
    throw new GocondadError(
      `cannot put ${JSON.stringify(value)} into a launchd plist (control character)`,
      'move gocondad or conda to a path without control characters',
    );
  // A raw CR is read back as LF (XML's line-end normalization): only a character reference keeps it.
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');
}

const str = (v: string) => `<string>${xml(v)}</string>`;

export function plistText(spec: ServiceSpec, ctx: Pick<ServiceContext, 'stateDir'>): string {
  const args = [spec.node, ...spec.nodeFlags, spec.cli, 'daemon'].map((a) => `\t\t${str(a)}`);
  const env = Object.keys(spec.env)
    .sort()
    .map((k) => `\t\t<key>${xml(k)}</key>\n\t\t${str(spec.env[k]!)}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    `<!-- gocondad ${xml(spec.version)}: written by gocondad setup; remove with: gocondad uninstall -->`,
    '<plist version="1.0">',
    '<dict>',
    '\t<key>Label</key>',
    `\t${str(LABEL)}`,
    '\t<key>ProgramArguments</key>',
    '\t<array>',
    ...args,
    '\t</array>',
    ...(env.length > 0 ? ['\t<key>EnvironmentVariables</key>', '\t<dict>', ...env, '\t</dict>'] : []),
    '\t<key>RunAtLoad</key>',
    '\t<true/>',
    // Restarted after a crash, not after `gocondad stop` (exit 0).
    '\t<key>KeepAlive</key>',
    '\t<dict>',
    '\t\t<key>SuccessfulExit</key>',
    '\t\t<false/>',
    '\t</dict>',
    '\t<key>ThrottleInterval</key>',
    '\t<integer>5</integer>',
    '\t<key>ProcessType</key>',
    `\t${str('Background')}`,
    '\t<key>StandardOutPath</key>',
    `\t${str(stderrPath(ctx))}`,
    '\t<key>StandardErrorPath</key>',
    `\t${str(stderrPath(ctx))}`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

export const launchd: ServiceManager = {
  kind: 'launchd',
  install(spec, ctx, run) {
    const file = plistPath(ctx);
    const changed = writeFileAtomic(file, plistText(spec, ctx), 0o644);
    const domain = `gui/${ctx.uid}`;
    const notes = [`${changed ? 'wrote' : 'kept'} the launchd agent ${file}`];
    // bootstrap refuses a label that is already loaded: unload the old definition first.
    run('launchctl', ['bootout', `${domain}/${LABEL}`], { env: ctx.env });
    const r = run('launchctl', ['bootstrap', domain, file], { env: ctx.env });
    notes.push(r.status === 0 ? `loaded ${LABEL} (runs at every login)` : `launchctl bootstrap ${domain} failed (exit ${r.status}): ${r.stderr.trim()}`);
    return { files: [file], notes, started: r.status === 0 };
  },
  uninstall(ctx, run) {
    const file = plistPath(ctx);
    if (!fs.existsSync(file)) return { files: [], notes: [], started: false };
    run('launchctl', ['bootout', `gui/${ctx.uid}/${LABEL}`], { env: ctx.env });
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: existsSync found the file above; force only matters for a missing one
    fs.rmSync(file, { force: true });
    return { files: [file], notes: [`unloaded ${LABEL}, removed ${file}`], started: false };
  },
  status(ctx, run) {
    const file = plistPath(ctx);
    if (!fs.existsSync(file)) return { kind: 'launchd', installed: false, files: [], active: null, detail: 'no agent' };
    const r = run('launchctl', ['print', `gui/${ctx.uid}/${LABEL}`], { timeoutMs: 5000, env: ctx.env });
    if (r.status === -1) return { kind: 'launchd', installed: true, files: [file], active: null, detail: 'agent installed; launchctl not available to ask' };
    // launchctl prints `state = running`, `state = waiting` or `state = not running` (two words).
    const state = /^\s*state = (.*\S)/m.exec(r.stdout)?.[1];
    return {
      kind: 'launchd',
      installed: true,
      files: [file],
      active: r.status === 0 && state === 'running',
      detail: r.status === 0 ? `agent loaded (${state ?? 'state unknown'})` : 'agent not loaded',
    };
  },
  logsCommand(ctx, follow, lines) {
    return ['tail', '-n', String(lines > 0 ? lines : 100), ...(follow ? ['-f'] : []), stderrPath(ctx)];
  },
};

// Where neither systemd nor launchd manages user services (containers, WSL without systemd): a guarded
// block in the login shell's own login file that starts the daemon (`gocondad start` is a no-op when
// one runs). The block's markers say whether setup added a newline before it or created the file, so
// removing it restores the file byte for byte without any other record. Text is handled as latin1
// strings: one char per byte, so files that are not UTF-8 survive untouched.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Env } from '../paths';
import { dialectByName } from '../shell';
import type { ServiceManager, ServiceSpec } from './types';

export type LoginDialect = 'posix' | 'fish' | 'csh';
export interface LoginFile {
  file: string;
  dialect: LoginDialect;
}

const START = '# >>> gocondad >>>';
const END = '# <<< gocondad <<<';
const NEWLINE_ADDED = ' [newline added before]';
const FILE_CREATED = ' [file created]';

function zdotdir(home: string, env: Env): string {
  return env.ZDOTDIR || home;
}

function fishConfD(home: string, env: Env): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'fish', 'conf.d', 'gocondad.fish');
}

/**
 * The file a login shell of `shell` reads. bash reads only the first of .bash_profile, .bash_login and
 * .profile that exists, so the block goes into that one (never a new .bash_profile that would hide .profile).
 */
export function loginFileFor(shell: string, home: string, env: Env, exists: (file: string) => boolean): LoginFile {
  // Stryker disable next-line StringLiteral: '' and 'sh' are both a name none of the branches below takes: ~/.profile either way
  const name = path.basename(shell || 'sh');
  const at = (f: string) => path.join(home, f);
  if (name === 'bash') return { file: [at('.bash_profile'), at('.bash_login')].find(exists) ?? at('.profile'), dialect: 'posix' };
  if (name === 'zsh') return { file: path.join(zdotdir(home, env), '.zprofile'), dialect: 'posix' };
  if (name === 'fish') return { file: fishConfD(home, env), dialect: 'fish' };
  if (name === 'tcsh' || name === 'csh') return { file: at('.login'), dialect: 'csh' };
  return { file: at('.profile'), dialect: 'posix' };
}

/** Every file a block may be in (status and uninstall look at all of them). */
export function loginFileCandidates(home: string, env: Env): LoginFile[] {
  const at = (f: string) => path.join(home, f);
  const posix = [at('.profile'), at('.bash_profile'), at('.bash_login'), path.join(zdotdir(home, env), '.zprofile'), at('.zprofile')];
  return [
    ...[...new Set(posix)].map((file) => ({ file, dialect: 'posix' as const })),
    { file: fishConfD(home, env), dialect: 'fish' },
    { file: at('.login'), dialect: 'csh' },
  ];
}

/** The command lines of the block (without markers), in the file's dialect. */
export function blockBody(dialect: LoginDialect, spec: Pick<ServiceSpec, 'node' | 'cli'>): string[] {
  const q = dialectByName('posix')!.quote;
  // In the background and detached: a login never waits for node, and the shell has no job to report.
  const sh = `if [ -x ${q(spec.node)} ] && [ -f ${q(spec.cli)} ]; then (${q(spec.node)} ${q(spec.cli)} start </dev/null >/dev/null 2>&1 &); fi`;
  if (dialect === 'posix') return [sh];
  const dq = dialectByName(dialect)!.quote;
  const viaSh = `/bin/sh -c ${dq(sh)}`;
  // fish reads conf.d in every shell, not only at login.
  if (dialect === 'fish') return ['if status is-login', `    ${viaSh}`, 'end'];
  return [viaSh];
}

const toLatin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

function findBlock(text: string): { start: number; end: number; header: string } | null {
  const at = text.startsWith(START) ? 0 : text.indexOf(`\n${START}`);
  if (at === -1) return null;
  const e = text.indexOf(`\n${END}`, at);
  if (e === -1) return null;
  // The start line nearest the end line: a start line whose end line was deleted by hand must not make
  // the block swallow the user's lines between them.
  const start = text.lastIndexOf(`\n${START}`, e) + 1;
  const headerEnd = text.indexOf('\n', start);
  const lineEnd = text.indexOf('\n', e + 1);
  return { start, end: lineEnd === -1 ? text.length : lineEnd + 1, header: text.slice(start, headerEnd) };
}

export function hasBlock(text: string): boolean {
  return findBlock(text) !== null;
}

/** `text` with the block added at the end, or replaced where it is (idempotent). `text` null: no file yet. */
export function addBlock(text: string | null, body: string[]): string {
  if (text !== null) {
    const b = findBlock(text);
    if (b) {
      const flags =
        b.header
          .slice(START.length)
          .match(/ \[[^\]]*\]/g)
          ?.filter((f) => f === NEWLINE_ADDED || f === FILE_CREATED) ?? [];
      return text.slice(0, b.start) + makeBlock(flags.join(''), body) + text.slice(b.end);
    }
  }
  const current = text ?? '';
  const needsNewline = current !== '' && !current.endsWith('\n');
  const flags = (needsNewline ? NEWLINE_ADDED : '') + (text === null ? FILE_CREATED : '');
  return current + (needsNewline ? '\n' : '') + makeBlock(flags, body);
}

function makeBlock(flags: string, body: string[]): string {
  return toLatin1([`${START}${flags} starts the gocondad daemon at login; remove with: gocondad uninstall`, ...body, END, ''].join('\n'));
}

/** The text as it was before addBlock; `delete`: the file did not exist before and nothing else is in it. */
export function removeBlock(text: string): { text: string; found: boolean; delete: boolean } {
  const b = findBlock(text);
  if (!b) return { text, found: false, delete: false };
  let start = b.start;
  if (b.header.includes(NEWLINE_ADDED) && start > 0 && text[start - 1] === '\n') start -= 1;
  const out = text.slice(0, start) + text.slice(b.end);
  return { text: out, found: true, delete: out === '' && b.header.includes(FILE_CREATED) };
}

function readLatin1(file: string): string | null {
  try {
    return fs.readFileSync(file).toString('latin1');
  } catch {
    return null;
  }
}

/** Through a symlink (dotfile managers link these files) to the real file; the file's mode kept. */
function writeLatin1(file: string, text: string): void {
  let target = file;
  let mode = 0o644;
  try {
    target = fs.realpathSync(file);
    mode = fs.statSync(target).mode & 0o7777;
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  const tmp = `${target}.gocondad-${process.pid}.tmp`;
  // Stryker disable next-line ObjectLiteral: the chmodSync below sets the same mode on the temp file before it is renamed
  fs.writeFileSync(tmp, Buffer.from(text, 'latin1'), { mode });
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, target);
}

function loginShell(env: Env): string {
  return env.SHELL || '/bin/sh';
}

export const loginLine: ServiceManager = {
  kind: 'login-line',
  install(spec, ctx) {
    const target = loginFileFor(loginShell(ctx.env), ctx.home, ctx.env, (f) => fs.existsSync(f));
    const before = readLatin1(target.file);
    const after = addBlock(before, blockBody(target.dialect, spec));
    if (after !== before) writeLatin1(target.file, after);
    return {
      files: [target.file],
      notes: [`${after !== before ? 'added' : 'kept'} the start line in ${target.file} (${path.basename(loginShell(ctx.env))} reads it at login)`],
      started: false,
    };
  },
  uninstall(ctx) {
    const files: string[] = [];
    for (const { file } of loginFileCandidates(ctx.home, ctx.env)) {
      const text = readLatin1(file);
      if (text === null) continue;
      const r = removeBlock(text);
      if (!r.found) continue;
      if (r.delete) fs.rmSync(file);
      else writeLatin1(file, r.text);
      files.push(file);
    }
    return { files, notes: files.map((f) => `removed the start line from ${f}`), started: false };
  },
  status(ctx) {
    // Stryker disable StringLiteral: the one literal here is `?? ''`: any text without our markers, '' or another, has no block
    const files = loginFileCandidates(ctx.home, ctx.env)
      .map((c) => c.file)
      .filter((f) => hasBlock(readLatin1(f) ?? ''));
    // Stryker restore StringLiteral
    return {
      kind: 'login-line',
      installed: files.length > 0,
      files,
      active: null,
      detail: files.length > 0 ? `start line in ${files.join(', ')}` : 'no start line',
    };
  },
  logsCommand() {
    return null;
  },
};

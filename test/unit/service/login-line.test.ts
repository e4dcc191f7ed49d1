// src/service/login-line.ts: which login file each shell reads, the block in each dialect (golden, and run by
// the real shell), the rc file edits byte for byte, and install/uninstall/status over a temp home.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addBlock, blockBody, hasBlock, loginFileCandidates, loginFileFor, loginLine, removeBlock } from '../../../src/service/login-line';
import type { ServiceContext, ServiceSpec } from '../../../src/service/types';

const H = '/home/u';
const none = () => false;
const posixBody = () => blockBody('posix', { node: '/usr/bin/node', cli: '/opt/g/dist/cli.js' });
const HEADER = ' starts the gocondad daemon at login; remove with: gocondad uninstall';
const POSIX_LINE = `if [ -x '/usr/bin/node' ] && [ -f '/opt/g/dist/cli.js' ]; then ('/usr/bin/node' '/opt/g/dist/cli.js' start </dev/null >/dev/null 2>&1 &); fi`;

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-login-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

describe('the login file each $SHELL reads (by its base name)', () => {
  const cases: [string, string, string, string][] = [
    ['bash', '/bin/bash', `${H}/.profile`, 'posix'],
    ['zsh', '/usr/bin/zsh', `${H}/.zprofile`, 'posix'],
    ['dash', '/bin/dash', `${H}/.profile`, 'posix'],
    ['sh', '/bin/sh', `${H}/.profile`, 'posix'],
    ['fish', '/usr/bin/fish', `${H}/.config/fish/conf.d/gocondad.fish`, 'fish'],
    ['tcsh', '/bin/tcsh', `${H}/.login`, 'csh'],
    ['csh', '/bin/csh', `${H}/.login`, 'csh'],
    ['an unknown shell', '/usr/local/bin/xonsh', `${H}/.profile`, 'posix'],
    ['a name alone', 'fish', `${H}/.config/fish/conf.d/gocondad.fish`, 'fish'],
    ['a path with dirs named like shells', '/opt/fish/bin/tcsh', `${H}/.login`, 'csh'],
    ['a name that only contains one', '/usr/bin/bash5', `${H}/.profile`, 'posix'],
    ['empty (unset)', '', `${H}/.profile`, 'posix'],
  ];
  test.each(cases)('%s (%j)', (_name, shell, file, dialect) => {
    expect(loginFileFor(shell, H, {}, none)).toEqual({ file, dialect });
  });

  test('bash: the first of .bash_profile, .bash_login, .profile that exists, never a new .bash_profile; ZDOTDIR and XDG_CONFIG_HOME', () => {
    expect(loginFileFor('/bin/bash', H, {}, (f) => f === `${H}/.bash_login`).file).toBe(`${H}/.bash_login`);
    expect(loginFileFor('/bin/bash', H, {}, (f) => f.endsWith('.bash_profile') || f.endsWith('.bash_login')).file).toBe(`${H}/.bash_profile`);
    expect(loginFileFor('/usr/bin/zsh', H, { ZDOTDIR: '/z' }, none).file).toBe('/z/.zprofile');
    expect(loginFileFor('/usr/bin/zsh', H, { ZDOTDIR: '' }, none).file).toBe(`${H}/.zprofile`);
    expect(loginFileFor('/usr/bin/fish', H, { XDG_CONFIG_HOME: '/c' }, none).file).toBe('/c/fish/conf.d/gocondad.fish');
    expect(loginFileFor('/usr/bin/fish', H, { XDG_CONFIG_HOME: '' }, none).file).toBe(`${H}/.config/fish/conf.d/gocondad.fish`);
  });

  test('every file a block may be in, each once', () => {
    const dialects = (env: Record<string, string>) => loginFileCandidates(H, env).map((c) => `${c.dialect} ${c.file}`);
    expect(dialects({ ZDOTDIR: '/z' })).toEqual([
      `posix ${H}/.profile`,
      `posix ${H}/.bash_profile`,
      `posix ${H}/.bash_login`,
      'posix /z/.zprofile',
      `posix ${H}/.zprofile`,
      `fish ${H}/.config/fish/conf.d/gocondad.fish`,
      `csh ${H}/.login`,
    ]);
    expect(dialects({})).toEqual([
      `posix ${H}/.profile`,
      `posix ${H}/.bash_profile`,
      `posix ${H}/.bash_login`,
      `posix ${H}/.zprofile`,
      `fish ${H}/.config/fish/conf.d/gocondad.fish`,
      `csh ${H}/.login`,
    ]);
  });
});

describe('the block in each dialect: golden, and started by the real shell', () => {
  // A hostile pair of paths: a space, a quote, `$HOME` (never expanded) and `!` (csh's history).
  const spec = { node: '/opt/my node/bin/node', cli: "/h/it's $HOME!/cli.js" };
  const sh = String.raw`if [ -x '/opt/my node/bin/node' ] && [ -f '/h/it'\''s $HOME!/cli.js' ]; then ('/opt/my node/bin/node' '/h/it'\''s $HOME!/cli.js' start </dev/null >/dev/null 2>&1 &); fi`;

  test('posix: one line', () => {
    expect(blockBody('posix', spec)).toEqual([sh]);
  });

  test('fish: through /bin/sh, only in a login shell (fish reads conf.d in every shell)', () => {
    expect(blockBody('fish', spec)).toEqual([
      'if status is-login',
      String.raw`    /bin/sh -c 'if [ -x \'/opt/my node/bin/node\' ] && [ -f \'/h/it\'\\\'\'s $HOME!/cli.js\' ]; then (\'/opt/my node/bin/node\' \'/h/it\'\\\'\'s $HOME!/cli.js\' start </dev/null >/dev/null 2>&1 &); fi'`,
      'end',
    ]);
  });

  test('csh: through /bin/sh, `!` outside the quotes', () => {
    expect(blockBody('csh', spec)).toEqual([
      String.raw`/bin/sh -c 'if [ -x '\''/opt/my node/bin/node'\'' ] && [ -f '\''/h/it'\''\'\'''\''s $HOME'\!'/cli.js'\'' ]; then ('\''/opt/my node/bin/node'\'' '\''/h/it'\''\'\'''\''s $HOME'\!'/cli.js'\'' start </dev/null >/dev/null 2>&1 &); fi'`,
    ]);
  });

  // The real shell sources the block; a stand-in node at a hostile path records its argv.
  const shells: [string, 'posix' | 'fish' | 'csh', (file: string) => string[]][] = [
    ['dash', 'posix', (f) => ['-c', `. '${f}'`]],
    ['bash', 'posix', (f) => ['-c', `. '${f}'`]],
    ['zsh', 'posix', (f) => ['-f', '-c', `. '${f}'`]],
    ['fish', 'fish', (f) => ['--login', '-c', `source '${f}'`]],
    ['tcsh', 'csh', (f) => ['-f', '-c', `source '${f}'`]],
  ];
  test.each(shells)('%s runs `node cli start` with the exact paths', (shell, dialect, args) => {
    const base = path.join(dir, `my node $HOME it's!`);
    fs.mkdirSync(base);
    const node = path.join(base, 'node');
    const mark = path.join(dir, 'argv');
    fs.writeFileSync(node, `#!/bin/sh\nprintf '%s\\n' "$@" > '${mark}.tmp' && mv '${mark}.tmp' '${mark}'\n`, { mode: 0o755 });
    const cli = path.join(base, 'cli.js');
    fs.writeFileSync(cli, '');
    const file = path.join(dir, 'block');
    fs.writeFileSync(file, `${blockBody(dialect, { node, cli }).join('\n')}\n`);
    const r = spawnSync(shell, args(file), { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: dir }, timeout: 20000 });
    if (r.error) throw new Error(`${shell} is missing: apt-get install ${shell} (scripts/ensure-test-deps installs it)`);
    expect([r.status, r.stderr, r.stdout]).toEqual([0, '', '']);
    // The node runs detached in the background: wait for what it wrote (bounded; not a timing claim).
    for (let i = 0; i < 200 && !fs.existsSync(mark); i++) spawnSync('sleep', ['0.05']);
    expect(fs.readFileSync(mark, 'utf8')).toBe(`${cli}\nstart\n`);
  });
});

describe('rc file edits, byte for byte', () => {
  const block = (flags: string) => `# >>> gocondad >>>${flags}${HEADER}\n${POSIX_LINE}\n# <<< gocondad <<<\n`;
  const cases: [string, string | null, string][] = [
    ['no file', null, block(' [file created]')],
    ['an empty file', '', block('')],
    ['a file ending in a newline', 'export PATH=$HOME/bin:$PATH\n', `export PATH=$HOME/bin:$PATH\n${block('')}`],
    ['a file without a final newline', 'umask 022\n. ~/.bashrc', `umask 022\n. ~/.bashrc\n${block(' [newline added before]')}`],
    ['a file of one newline', '\n', `\n${block('')}`],
    ['a file starting with a newline, none at the end', '\nx', `\nx\n${block(' [newline added before]')}`],
    ['CRLF lines', 'a=1\r\nb=2\r\n', `a=1\r\nb=2\r\n${block('')}`],
    ['CRLF, no final newline', 'a=1\r\nb=2\r', `a=1\r\nb=2\r\n${block(' [newline added before]')}`],
    [
      'a marker-like line that is not ours',
      '# >>> conda initialize >>>\nstuff\n# <<< conda initialize <<<\n',
      `# >>> conda initialize >>>\nstuff\n# <<< conda initialize <<<\n${block('')}`,
    ],
    ['our end marker alone (no block)', 'x\n# <<< gocondad <<<\n', `x\n# <<< gocondad <<<\n${block('')}`],
    ['our start marker without an end (no block)', '# >>> gocondad >>>\nx\n', `# >>> gocondad >>>\nx\n${block('')}`],
  ];
  test.each(cases)('%s: added exactly, idempotent, removed back to the same bytes', (_name, before, added) => {
    expect(addBlock(before, posixBody())).toBe(added);
    expect(hasBlock(added)).toBe(true);
    expect(addBlock(added, posixBody())).toBe(added);
    expect(removeBlock(added)).toEqual({ text: before ?? '', found: true, delete: before === null });
  });

  test('bytes that are not UTF-8 stay; a non-ASCII path is written as its UTF-8 bytes', () => {
    const before = Buffer.from([0x23, 0x20, 0xff, 0xfe, 0xe9, 0x0a, 0x78, 0x3d, 0x31]).toString('latin1');
    const added = addBlock(before, blockBody('posix', { node: '/é/node', cli: '/c' }));
    const bytes = Buffer.from(added, 'latin1');
    expect(bytes.subarray(0, 9).equals(Buffer.from([0x23, 0x20, 0xff, 0xfe, 0xe9, 0x0a, 0x78, 0x3d, 0x31]))).toBe(true);
    expect(bytes.subarray(9).toString('utf8')).toBe(
      `\n# >>> gocondad >>> [newline added before]${HEADER}\nif [ -x '/é/node' ] && [ -f '/c' ]; then ('/é/node' '/c' start </dev/null >/dev/null 2>&1 &); fi\n# <<< gocondad <<<\n`,
    );
    expect(Buffer.from(removeBlock(added).text, 'latin1').equals(Buffer.from(before, 'latin1'))).toBe(true);
  });

  test('a block from an older version is replaced in place; its known flags kept (both, in order), unknown ones dropped', () => {
    const old = `a\n# >>> gocondad >>> [file created] [v1] [newline added before] (older words)\nold line 1\nold line 2\n# <<< gocondad <<<\nafter [newline added before]\n`;
    const now = addBlock(old, posixBody());
    expect(now).toBe(`a\n# >>> gocondad >>> [file created] [newline added before]${HEADER}\n${POSIX_LINE}\n# <<< gocondad <<<\nafter [newline added before]\n`);
    // Its header says the newline before it was added: that newline goes with it.
    expect(removeBlock(now)).toEqual({ text: 'aafter [newline added before]\n', found: true, delete: false });
  });

  test("a start line whose end line was deleted by hand (before or after our block) is the user's: never removed", () => {
    const orphan = `# >>> gocondad >>>${HEADER}\nmine\n`;
    const before = `${orphan}${block('')}after\n`;
    expect(hasBlock(before)).toBe(true);
    expect(addBlock(before, posixBody())).toBe(before);
    expect(removeBlock(before)).toEqual({ text: `${orphan}after\n`, found: true, delete: false });
    const later = `${block('')}mine\n${orphan}`;
    expect(removeBlock(later)).toEqual({ text: `mine\n${orphan}`, found: true, delete: false });
    expect(addBlock(later, posixBody())).toBe(later);
  });

  test('flags are read from the header line only, not from the lines after it', () => {
    const text = `a\n# >>> gocondad >>>${HEADER}\nx [newline added before] [file created]\n# <<< gocondad <<<\n`;
    expect(addBlock(text, posixBody())).toBe(`a\n${block('')}`);
    expect(removeBlock(text)).toEqual({ text: 'a\n', found: true, delete: false });
    expect(removeBlock(`# >>> gocondad >>>${HEADER}\nx [file created]\n# <<< gocondad <<<\n`)).toEqual({ text: '', found: true, delete: false });
  });

  test('an end marker with no newline after it (the user trimmed it): the block ends there', () => {
    const text = `a\n# >>> gocondad >>>${HEADER}\nx\n# <<< gocondad <<<`;
    expect(removeBlock(text)).toEqual({ text: 'a\n', found: true, delete: false });
    expect(addBlock(text, posixBody())).toBe(`a\n${block('')}`);
  });

  test('lines the user added after the block stay, and the block is replaced in place when paths change', () => {
    const added = addBlock('a\n', posixBody()) + 'after\n';
    const moved = addBlock(added, blockBody('posix', { node: '/n2', cli: '/c2' }));
    expect(moved).toBe(
      `a\n# >>> gocondad >>>${HEADER}\nif [ -x '/n2' ] && [ -f '/c2' ]; then ('/n2' '/c2' start </dev/null >/dev/null 2>&1 &); fi\n# <<< gocondad <<<\nafter\n`,
    );
    expect(removeBlock(moved)).toEqual({ text: 'a\nafter\n', found: true, delete: false });
  });

  test('a file setup created but the user wrote into is kept; no block: nothing found, nothing changed', () => {
    expect(removeBlock(addBlock(null, posixBody()) + 'mine\n')).toEqual({ text: 'mine\n', found: true, delete: false });
    expect(removeBlock('x\n')).toEqual({ text: 'x\n', found: false, delete: false });
    expect(hasBlock('x\n')).toBe(false);
    expect(hasBlock('')).toBe(false);
  });
});

describe('install, status, uninstall over a temp home', () => {
  const spec: ServiceSpec = { node: '/usr/bin/node', nodeFlags: [], cli: '/opt/g/dist/cli.js', env: {}, log: '/l', version: '1.2.3' };
  const ctx = (env: Record<string, string>): ServiceContext => ({ home: path.join(dir, 'home'), env, uid: 1000, stateDir: path.join(dir, 'state') });
  const never = () => {
    throw new Error('the login line runs no command');
  };
  const at = (f: string) => path.join(dir, 'home', f);
  const fishFile = () => at('.config/fish/conf.d/gocondad.fish');

  test('no $SHELL: ~/.profile (sh reads it), created with the flag; kept (same inode) on a second install', () => {
    expect(loginLine.install(spec, ctx({}), never)).toEqual({
      files: [at('.profile')],
      notes: [`added the start line in ${at('.profile')} (sh reads it at login)`],
      started: false,
    });
    expect(fs.readFileSync(at('.profile'), 'utf8')).toBe(`# >>> gocondad >>> [file created]${HEADER}\n${POSIX_LINE}\n# <<< gocondad <<<\n`);
    expect(fs.statSync(at('.profile')).mode & 0o777).toBe(0o644);
    const ino = fs.statSync(at('.profile')).ino;
    expect(loginLine.install(spec, ctx({ SHELL: '' }), never)).toEqual({
      files: [at('.profile')],
      notes: [`kept the start line in ${at('.profile')} (sh reads it at login)`],
      started: false,
    });
    expect(fs.statSync(at('.profile')).ino).toBe(ino);
    expect(loginLine.logsCommand(ctx({}), false, 0)).toBeNull();
  });

  test('fish: conf.d made (folders too), the file through a symlink keeps its mode; uninstall deletes what setup created', () => {
    const c = ctx({ SHELL: '/usr/bin/fish' });
    expect(loginLine.install(spec, c, never).notes).toEqual([`added the start line in ${fishFile()} (fish reads it at login)`]);
    expect(fs.readFileSync(fishFile(), 'utf8')).toBe(
      `# >>> gocondad >>> [file created]${HEADER}\nif status is-login\n    /bin/sh -c ${`'${POSIX_LINE.replace(/'/g, "\\'")}'`}\nend\n# <<< gocondad <<<\n`,
    );
    expect(loginLine.status(c, never)).toEqual({
      kind: 'login-line',
      installed: true,
      files: [fishFile()],
      active: null,
      detail: `start line in ${fishFile()}`,
    });
    expect(loginLine.uninstall(c, never)).toEqual({ files: [fishFile()], notes: [`removed the start line from ${fishFile()}`], started: false });
    expect(fs.existsSync(fishFile())).toBe(false);
    expect(loginLine.status(c, never)).toEqual({ kind: 'login-line', installed: false, files: [], active: null, detail: 'no start line' });
    expect(loginLine.uninstall(c, never)).toEqual({ files: [], notes: [], started: false });
  });

  test('a dotfile manager’s symlink: the real file is edited (mode kept), the link stays a link', () => {
    fs.mkdirSync(at(''), { recursive: true });
    const real = path.join(dir, 'dotfiles', 'login');
    fs.mkdirSync(path.dirname(real));
    fs.writeFileSync(real, 'setenv A 1', { mode: 0o600 });
    fs.chmodSync(real, 0o600);
    fs.symlinkSync(real, at('.login'));
    loginLine.install(spec, ctx({ SHELL: '/bin/csh' }), never);
    expect(fs.lstatSync(at('.login')).isSymbolicLink()).toBe(true);
    expect(fs.statSync(real).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(real, 'utf8').startsWith(`setenv A 1\n# >>> gocondad >>> [newline added before]${HEADER}\n/bin/sh -c `)).toBe(true);
    expect(loginLine.uninstall(ctx({}), never).files).toEqual([at('.login')]);
    expect(fs.readFileSync(real, 'utf8')).toBe('setenv A 1');
    expect(fs.lstatSync(at('.login')).isSymbolicLink()).toBe(true);
  });

  test('uninstall looks at every candidate: blocks in two files both go, other files untouched, a file of the user kept', () => {
    fs.mkdirSync(at(''), { recursive: true });
    fs.writeFileSync(at('.bash_profile'), 'x=1\n');
    fs.writeFileSync(at('.zprofile'), 'z=1\n');
    loginLine.install(spec, ctx({ SHELL: '/bin/bash' }), never);
    loginLine.install(spec, ctx({ SHELL: '/bin/tcsh' }), never);
    expect(loginLine.status(ctx({}), never)).toMatchObject({
      installed: true,
      files: [at('.bash_profile'), at('.login')],
      detail: `start line in ${at('.bash_profile')}, ${at('.login')}`,
    });
    expect(loginLine.uninstall(ctx({}), never)).toEqual({
      files: [at('.bash_profile'), at('.login')],
      notes: [`removed the start line from ${at('.bash_profile')}`, `removed the start line from ${at('.login')}`],
      started: false,
    });
    expect(fs.readdirSync(at('')).sort()).toEqual(['.bash_profile', '.zprofile']);
    expect(fs.readFileSync(at('.bash_profile'), 'utf8')).toBe('x=1\n');
    expect(fs.readFileSync(at('.zprofile'), 'utf8')).toBe('z=1\n');
  });
});

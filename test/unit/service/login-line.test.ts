import { addBlock, blockBody, hasBlock, loginFileCandidates, loginFileFor, removeBlock } from '../../../src/service/login-line';

const H = '/home/u';
const none = () => false;
const body = blockBody('posix', { node: '/usr/bin/node', cli: '/opt/g/dist/cli.js' });

test('the login file each shell reads at login', () => {
  expect(loginFileFor('/bin/bash', H, {}, none)).toEqual({ file: `${H}/.profile`, dialect: 'posix' });
  // bash reads only the first of these that exists: the block goes there, never into a new .bash_profile.
  expect(loginFileFor('/bin/bash', H, {}, (f) => f === `${H}/.bash_login`).file).toBe(`${H}/.bash_login`);
  expect(loginFileFor('/bin/bash', H, {}, (f) => f.endsWith('.bash_profile') || f.endsWith('.bash_login')).file).toBe(`${H}/.bash_profile`);
  expect(loginFileFor('/usr/bin/zsh', H, {}, none).file).toBe(`${H}/.zprofile`);
  expect(loginFileFor('/usr/bin/zsh', H, { ZDOTDIR: '/z' }, none).file).toBe('/z/.zprofile');
  expect(loginFileFor('/usr/bin/fish', H, {}, none)).toEqual({ file: `${H}/.config/fish/conf.d/gocondad.fish`, dialect: 'fish' });
  expect(loginFileFor('/usr/bin/fish', H, { XDG_CONFIG_HOME: '/c' }, none).file).toBe('/c/fish/conf.d/gocondad.fish');
  expect(loginFileFor('/bin/tcsh', H, {}, none)).toEqual({ file: `${H}/.login`, dialect: 'csh' });
  for (const sh of ['/bin/dash', '/bin/sh', '/bin/ksh', '']) expect(loginFileFor(sh, H, {}, none).file).toBe(`${H}/.profile`);
  const all = loginFileCandidates(H, { ZDOTDIR: '/z' }).map((c) => c.file);
  expect(all).toEqual([
    `${H}/.profile`,
    `${H}/.bash_profile`,
    `${H}/.bash_login`,
    '/z/.zprofile',
    `${H}/.zprofile`,
    `${H}/.config/fish/conf.d/gocondad.fish`,
    `${H}/.login`,
  ]);
});

describe('add then remove gives the file back byte for byte', () => {
  const latin1 = (b: Buffer) => b.toString('latin1');
  const cases: [string, string | null][] = [
    ['no file', null],
    ['an empty file', ''],
    ['a file ending in a newline', 'export PATH=$HOME/bin:$PATH\n'],
    ['a file without a final newline', 'umask 022\n. ~/.bashrc'],
    ['CRLF lines', 'a=1\r\nb=2\r\n'],
    ['bytes that are not UTF-8', latin1(Buffer.from([0x23, 0x20, 0xff, 0xfe, 0xe9, 0x0a, 0x78, 0x3d, 0x31]))],
    ['a marker-like line that is not ours', '# >>> conda initialize >>>\nstuff\n# <<< conda initialize <<<\n'],
  ];
  test.each(cases)('%s', (_name, before) => {
    const added = addBlock(before, body);
    expect(hasBlock(added)).toBe(true);
    expect(added.startsWith(before ?? '')).toBe(true);
    expect(addBlock(added, body)).toBe(added); // idempotent
    const removed = removeBlock(added);
    expect(removed.found).toBe(true);
    expect(removed.delete).toBe(before === null);
    if (before !== null) expect(Buffer.from(removed.text, 'latin1').equals(Buffer.from(before, 'latin1'))).toBe(true);
    else expect(removed.text).toBe('');
  });

  test('lines the user added after the block stay, and the block is replaced in place when paths change', () => {
    const added = addBlock('a\n', body) + 'after\n';
    const moved = addBlock(added, blockBody('posix', { node: '/n2', cli: '/c2' }));
    expect(moved).toContain("'/n2'");
    expect(moved).not.toContain('/usr/bin/node');
    expect(moved.endsWith('after\n')).toBe(true);
    expect(removeBlock(moved)).toEqual({ text: 'a\nafter\n', found: true, delete: false });
  });

  test('a file setup created but the user wrote into is kept', () => {
    const created = addBlock(null, body) + 'mine\n';
    expect(removeBlock(created)).toEqual({ text: 'mine\n', found: true, delete: false });
  });

  test('no block: nothing found, nothing changed', () => {
    expect(removeBlock('x\n')).toEqual({ text: 'x\n', found: false, delete: false });
  });
});

test('non-ASCII paths are written as their UTF-8 bytes', () => {
  const added = addBlock('', blockBody('posix', { node: '/é/node', cli: '/c' }));
  expect(Buffer.from(added, 'latin1').toString('utf8')).toContain("'/é/node'");
});

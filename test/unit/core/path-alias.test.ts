// Which PATH entries conda cannot carry, and the alias each gets (pure).
import { aliasEntries, aliasName, unquotableChars, unquotableWhy } from '../../../src/core/path-alias';

describe('unquotableChars', () => {
  test.each([
    ["/opt/go 1.22 'beta'/bin", ["'"]],
    ['/opt/go"q"/bin', ['"']],
    ['/opt/$(touch x)/bin', ['$']],
    ['/opt/`id`/bin', ['`']],
    ['/opt/back\\slash/bin', ['\\']],
    ['/opt/bang!/bin', ['!']],
    ['/opt/a:b/bin', [':']],
    ['/opt/new\nline/bin', ['\n']],
    ['/opt/tab\there/bin', ['\t']],
    ['/opt/del\x7f/bin', ['\x7f']],
    ['/o/\'$`"', ["'", '$', '`', '"']],
  ])('%j cannot be carried: %j', (entry, chars) => {
    expect(unquotableChars(entry)).toEqual(chars);
  });
  test.each(['/usr/lib/go-1.22/bin', '/opt/go 1.22 (beta)/bin', '/opt/semi;colon/bin', '/opt/é ✓ 日本/bin', '/opt/*?[x]{a,b}~#%&|<>=+@,/bin'])(
    '%j is carried by every dialect',
    (entry) => {
      expect(unquotableChars(entry)).toEqual([]);
    },
  );
  test('the reason names the dialect', () => {
    expect(unquotableWhy(["'"])).toMatch(/POSIX `export PATH='…'`/);
    expect(unquotableWhy(['\t'])).toMatch(/control character/);
  });
});

describe('aliasEntries', () => {
  test('a safe entry passes unchanged; an unsafe one becomes <aliasDir>/<hash of the target>', () => {
    const bad = "/opt/go 'x'/bin";
    const r = aliasEntries(['/usr/lib/go-1.22/bin', bad], '/home/u/.local/share/gocondad/aliases');
    expect(r.entries).toEqual(['/usr/lib/go-1.22/bin', `/home/u/.local/share/gocondad/aliases/${aliasName(bad)}`]);
    expect(r.aliases).toEqual([{ alias: r.entries[1], target: bad, chars: ["'"] }]);
    expect(r.problems).toEqual([]);
  });
  test('the alias name is stable, distinct per target and itself plain', () => {
    expect(aliasName('/a')).toBe(aliasName('/a'));
    expect(aliasName('/a')).not.toBe(aliasName('/b'));
    expect(aliasName("/o/'")).toMatch(/^[0-9a-f]{16}$/);
  });
  test('no usable alias dir: the entry stays and the problem is named', () => {
    for (const dir of [null, "/home/o'brien/.local/share/gocondad/aliases", 'relative/aliases']) {
      const r = aliasEntries(['/opt/$x/bin'], dir);
      expect(r.entries).toEqual(['/opt/$x/bin']);
      expect(r.aliases).toEqual([]);
      expect(r.problems[0]).toMatch(/cannot be carried by conda.*XDG_DATA_HOME/);
    }
  });
});

describe('path aliases, said exactly', () => {
  test('control characters: below 0x20 and DEL; a space (0x20) and "~" (0x7e) are carried', () => {
    expect(unquotableChars('/a\x00b\x1fc\x7fd')).toEqual(['\x00', '\x1f', '\x7f']);
    expect(unquotableChars('/a b~c\x80')).toEqual([]);
    expect(unquotableChars("/a'b'c")).toEqual(["'"]);
    expect(unquotableChars('')).toEqual([]);
  });
  test('each reason whole, joined by "; "', () => {
    expect(unquotableWhy(["'", '"', '$', '`', '\\', '!', ':', '\n', '\x01'])).toBe(
      [
        `"'" ends conda's POSIX \`export PATH='…'\``,
        '"\\"" ends the double quotes of conda’s fish `set -gx PATH "…"` and csh `setenv PATH "…"`',
        '"$" expands inside conda’s fish and csh double quotes',
        '"`" runs a command inside conda’s csh double quotes',
        '"\\\\" escapes inside conda’s fish and csh double quotes',
        '"!" is history substitution inside csh double quotes',
        '":" splits a PATH entry in two in every shell',
        '"\\n" ends the command in conda’s csh and fish scripts',
        '"\\u0001" is a control character conda’s scripts cannot carry',
      ].join('; '),
    );
    expect(unquotableWhy([])).toBe('');
  });
  test('the alias name: the first 16 hex digits of the target’s sha256', () => {
    expect(aliasName('/a')).toBe('6a50dc8584134c7d');
  });
  test('the problem when no alias can be made, whole; a good dir with a safe entry has none', () => {
    expect(aliasEntries(['/opt/$x/bin', '/ok'], null)).toEqual({
      entries: ['/opt/$x/bin', '/ok'],
      aliases: [],
      problems: [
        `PATH entry "/opt/$x/bin" cannot be carried by conda ("$" expands inside conda’s fish and csh double quotes) and gocondad's alias dir "" cannot either; set XDG_DATA_HOME to a plain path, or move the toolchain`,
      ],
    });
    expect(aliasEntries(['/a:b'], '/d:x').problems).toEqual([
      `PATH entry "/a:b" cannot be carried by conda (":" splits a PATH entry in two in every shell) and gocondad's alias dir "/d:x" cannot either; set XDG_DATA_HOME to a plain path, or move the toolchain`,
    ]);
    expect(aliasEntries(['/ok'], 'rel')).toEqual({ entries: ['/ok'], aliases: [], problems: [] });
    expect(aliasEntries(['/a'], '/d')).toEqual({ entries: ['/a'], aliases: [], problems: [] });
    expect(aliasEntries(["/a'"], '/d')).toEqual({
      entries: [`/d/${aliasName("/a'")}`],
      aliases: [{ alias: `/d/${aliasName("/a'")}`, target: "/a'", chars: ["'"] }],
      problems: [],
    });
  });
});

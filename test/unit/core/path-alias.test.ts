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

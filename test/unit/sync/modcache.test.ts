// Whether every required module is in the module cache.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseGoMod } from '../../../src/sync/gomod';
import { escapeModPath, modcacheReport } from '../../../src/sync/modcache';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-sync-'));

describe('module cache report', () => {
  test('escaped paths, replaced modules, .mod and .zip both needed', () => {
    expect(escapeModPath('github.com/BurntSushi/toml')).toBe('github.com/!burnt!sushi/toml');
    const cache = tmp();
    try {
      const mod = parseGoMod(
        'module x\nrequire (\n\tgithub.com/BurntSushi/toml v1.3.2\n\ta.b/c v1.0.0\n\ta.b/local v1.0.0\n\ta.b/old v1.0.0\n)\nreplace a.b/local => ../local\nreplace a.b/old => a.b/new v2.0.0+incompatible\n',
        'go.mod',
      );
      const put = (p: string, v: string, exts: string[]) => {
        fs.mkdirSync(path.join(cache, 'cache', 'download', p, '@v'), { recursive: true });
        for (const e of exts) fs.writeFileSync(path.join(cache, 'cache', 'download', p, '@v', `${v}.${e}`), '');
      };
      put('github.com/!burnt!sushi/toml', 'v1.3.2', ['mod', 'zip']);
      put('a.b/c', 'v1.0.0', ['mod']);
      put('a.b/new', 'v2.0.0+incompatible', ['mod', 'zip']);
      expect(modcacheReport(mod, cache)).toEqual({ dir: cache, present: 2, missing: [{ path: 'a.b/c', version: 'v1.0.0' }] });
    } finally {
      fs.rmSync(cache, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

test('a versioned replace applies to its version only; upper case in versions is escaped too; a .zip alone is not enough', () => {
  const cache = tmp();
  try {
    const mod = parseGoMod(
      'module x\nrequire (\n\ta.b/c v1.1.0\n\ta.b/d v1.0.0\n\ta.b/Up v1.0.0-RC\n\ta.b/z v1.0.0\n)\nreplace a.b/c v1.0.0 => a.b/other v9.0.0\nreplace a.b/d v1.0.0 => ./d\n',
      'go.mod',
    );
    const put = (p: string, v: string, exts: string[]) => {
      fs.mkdirSync(path.join(cache, 'cache', 'download', p, '@v'), { recursive: true });
      for (const e of exts) fs.writeFileSync(path.join(cache, 'cache', 'download', p, '@v', `${v}.${e}`), '');
    };
    put('a.b/c', 'v1.1.0', ['mod', 'zip']);
    put('a.b/!up', 'v1.0.0-!r!c', ['mod', 'zip']);
    put('a.b/z', 'v1.0.0', ['zip']);
    expect(modcacheReport(mod, cache)).toEqual({ dir: cache, present: 2, missing: [{ path: 'a.b/z', version: 'v1.0.0' }] });
    expect(escapeModPath('v1.0.0-RC.1')).toBe('v1.0.0-!r!c.1');
  } finally {
    fs.rmSync(cache, { recursive: true, force: true, maxRetries: 5 });
  }
});

// The required modules' go lines, from the module cache and from directory replacements.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { depGoLines, goLineOf } from '../../../src/sync/depgo';
import { parseGoMod } from '../../../src/sync/gomod';

let tmp: string;
beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-depgo-'))));
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cached(mod: string, version: string, text: string): void {
  const d = path.join(
    tmp,
    'modcache',
    'cache',
    'download',
    mod.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`),
    '@v',
  );
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, `${version}.mod`), text);
}

test('the highest go line wins; a module missing from the cache is named, not guessed', () => {
  cached('github.com/BurntSushi/toml', 'v1.4.0', 'module github.com/BurntSushi/toml\n\ngo 1.18\n');
  cached('golang.org/x/sys', 'v0.30.0', 'module golang.org/x/sys\n\ngo 1.23.0 // needs 1.23\n');
  fs.mkdirSync(path.join(tmp, 'proj', 'local'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'proj', 'local', 'go.mod'), 'module example.com/local\n\ngo 1.21\n');
  const mod = parseGoMod(
    'module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/BurntSushi/toml v1.4.0\n\tgolang.org/x/sys v0.30.0\n\texample.com/local v0.0.0\n\texample.com/gone v1.0.0\n)\n\nreplace example.com/local => ./local\n',
    '/p/go.mod',
  );
  const r = depGoLines(mod, path.join(tmp, 'proj'), path.join(tmp, 'modcache'));
  expect(r.max).toEqual({ module: 'golang.org/x/sys@v0.30.0', go: '1.23.0' });
  expect(r.missing).toEqual([{ path: 'example.com/gone', version: 'v1.0.0' }]);
  expect(goLineOf('module m\n')).toBeNull();
});

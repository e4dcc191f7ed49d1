// A bug's report file: where it goes, what it holds, that it stays private and few, and the one line.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crashDir, crashLine, crashReport, writeCrashReport } from '../../../src/cli/crash';
import { VERSION } from '../../../src/pkg';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-crash-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

function bug(): Error {
  return new TypeError('cannot read properties of undefined (reading "prefix")', { cause: new Error('the cause') });
}

test('the report holds the versions, the command line, the stack and its causes', () => {
  const text = crashReport(bug(), new Date('2026-01-02T03:04:05Z'), ['sync', '--json']);
  expect(text).toContain(`gocondad ${VERSION} crashed at 2026-01-02T03:04:05.000Z`);
  expect(text).toContain('command: gocondad sync --json');
  expect(text).toContain(`node ${process.version} on ${process.platform}-${process.arch}`);
  expect(text).toMatch(/TypeError: cannot read properties of undefined \(reading "prefix"\)\n\s+at bug /);
  expect(text).toMatch(/caused by: Error: the cause/);
});

test('written to $XDG_CACHE_HOME/gocondad, private; the newest 10 are kept', () => {
  const env = { XDG_CACHE_HOME: dir, HOME: '/nonexistent' };
  expect(crashDir(env)).toBe(path.join(dir, 'gocondad'));
  expect(crashDir({ HOME: '/home/u' })).toBe('/home/u/.cache/gocondad');
  const old = Array.from({ length: 12 }, (_, i) => path.join(dir, 'gocondad', `crash-2000-01-${String(i + 10)}.txt`));
  fs.mkdirSync(path.join(dir, 'gocondad'));
  for (const f of old) fs.writeFileSync(f, '');
  const file = writeCrashReport(bug(), env)!;
  expect(path.dirname(file)).toBe(path.join(dir, 'gocondad'));
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(fs.readFileSync(file, 'utf8')).toContain('TypeError: cannot read properties');
  const left = fs.readdirSync(path.join(dir, 'gocondad')).filter((f) => f.startsWith('crash-'));
  expect(left).toHaveLength(10);
  expect(left).toContain(path.basename(file));
  expect(left).not.toContain(path.basename(old[0]!));
});

test('where the cache cannot be written, the temp dir takes it', () => {
  fs.writeFileSync(path.join(dir, 'a-file'), '');
  const file = writeCrashReport(bug(), { XDG_CACHE_HOME: path.join(dir, 'a-file') })!;
  expect(file.startsWith(path.join(os.tmpdir(), 'gocondad-crash-'))).toBe(true);
  fs.rmSync(file);
});

test('the user sees one line pointing at the report', () => {
  expect(crashLine(new TypeError('x is not a function\nmore'), '/r/crash-1.txt')).toBe(
    'gocondad: unexpected error (a bug in gocondad): TypeError: x is not a function; the report is in /r/crash-1.txt, please attach it to an issue\n',
  );
  expect(crashLine('thrown text', null)).toMatch(/^gocondad: unexpected error \(a bug in gocondad\): thrown text; no report could be written[^\n]*\n$/);
});

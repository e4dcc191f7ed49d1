// The POSIX dialect's quoting, checked the only way that counts: values come back out of real shells
// byte-identical, and nothing in them runs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { posix } from '../../../src/shell/posix';
import { POSIX_SHELLS, requireReal } from '../../helpers/world';
import { HOSTILE_VALUES } from '../../helpers/hostile';

beforeAll(() => requireReal());

test.each(POSIX_SHELLS)('%s: set/unset/restore round-trip hostile values and inject nothing', (shell) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-quote-'));
  const lines = HOSTILE_VALUES.map((v, i) => `${posix.set(`V${i}`, v)}\nprintf '%s\\0' "$V${i}"`);
  lines.push(posix.restore('GONE', null), 'printf "%s\\0" "${GONE-unset}"', posix.restore('EMPTY', ''), 'printf "%s\\0" "${EMPTY-unset}"');
  const r = spawnSync(shell, ['-c', lines.join('\n')], { cwd: dir, env: { PATH: '/usr/bin:/bin', GONE: 'x' }, stdio: ['ignore', 'pipe', 'pipe'] });
  expect(r.stderr.toString()).toBe('');
  expect(r.stdout.toString().split('\0').slice(0, -1)).toEqual([...HOSTILE_VALUES, 'unset', '']);
  expect(fs.readdirSync(dir)).toEqual([]);
  fs.rmSync(dir, { recursive: true });
});

test('variable names that are not identifiers are refused', () => {
  expect(() => posix.set('A;rm -rf /', 'x')).toThrow(/refusing/);
  expect(() => posix.unset('$(x)')).toThrow(/refusing/);
});

test('source quotes the path', () => expect(posix.source("/a b/c'd.sh")).toBe(`. '/a b/c'\\''d.sh'`));

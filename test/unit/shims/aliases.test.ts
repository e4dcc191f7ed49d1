// The alias symlinks: made in a private dir, left alone when right, corrected when wrong.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { aliasEntries } from '../../../src/core/path-alias';
import { ensureAliases } from '../../../src/shims/aliases';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-alias-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

test('made once, private, pointing at the true dir; a wrong link is corrected', () => {
  const target = path.join(dir, "go 'x'", 'bin');
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, 'go'), '#!/bin/sh\n', { mode: 0o755 });
  const { aliases } = aliasEntries([target], path.join(dir, 'data', 'aliases'));
  expect(ensureAliases(aliases)).toEqual([aliases[0]!.alias]);
  expect(fs.statSync(path.dirname(aliases[0]!.alias)).mode & 0o777).toBe(0o700);
  expect(fs.readlinkSync(aliases[0]!.alias)).toBe(target);
  expect(fs.existsSync(path.join(aliases[0]!.alias, 'go'))).toBe(true);
  expect(ensureAliases(aliases)).toEqual([]);
  fs.rmSync(aliases[0]!.alias);
  fs.symlinkSync('/elsewhere', aliases[0]!.alias);
  expect(ensureAliases(aliases)).toEqual([aliases[0]!.alias]);
  expect(fs.readlinkSync(aliases[0]!.alias)).toBe(target);
  expect(fs.readdirSync(path.dirname(aliases[0]!.alias))).toEqual([path.basename(aliases[0]!.alias)]);
});

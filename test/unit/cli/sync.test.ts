// The sync command file keeps its heavy modules out of every other command.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

test('commands other than sync never load the sync code', () => {
  const dist = path.resolve(__dirname, '..', '..', '..', 'dist');
  if (!fs.existsSync(path.join(dist, 'cli', 'commands', 'sync.js'))) throw new Error('dist/ is missing: run `npm run build`');
  const probe = `
    const { Command } = require('commander');
    const p = new Command();
    for (const c of ['daemon', 'status', 'envs', 'doctor', 'shims', 'sync']) require('${dist}/cli/commands/' + c + '.js').register(p);
    const loaded = Object.keys(require.cache).filter((k) => /rattler|smol-toml|[\\\\/]sync[\\\\/]/.test(k));
    process.stdout.write(JSON.stringify(loaded));`;
  const r = spawnSync(process.execPath, ['-e', probe], { cwd: path.dirname(dist), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([]);
});

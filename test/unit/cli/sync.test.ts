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

test('sync --json -p with no env there answers the bad input as data, like a bad file, and exits 2', () => {
  const dist = path.resolve(__dirname, '..', '..', '..', 'dist');
  if (!fs.existsSync(path.join(dist, 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build`');
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'gocondad-sync-p-'));
  try {
    const gone = path.join(tmp, 'no env');
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(dist, 'cli', 'main.js'), 'sync', tmp, '-p', gone, ...args], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const message = `${gone} is not a conda env (no conda-meta/ in it)`;
    const hint = `give an env's name or prefix (\`gocondad envs\` lists them), or make it one first: conda create -p '${gone}'`;
    const json = run('--json');
    expect([json.status, JSON.parse(json.stdout), json.stderr]).toEqual([
      2,
      { error: { file: gone, line: null, message, hint } },
      `gocondad: ${message}; ${hint}\n`,
    ]);
    // Without --json the error is only the one line on stderr.
    const text = run();
    expect([text.status, text.stdout, text.stderr]).toEqual([2, '', `gocondad: ${message}; ${hint}\n`]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5 });
  }
});

// A live env's conda-meta.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPrefix } from '../../../../src/sync/conda/prefix';
import { thrown, versions } from '../../../helpers/sync-check';

describe('a live prefix (conda-meta)', () => {
  test('installed records and GOFLAGS from conda-meta/state', () => {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-prefix-'));
    try {
      fs.mkdirSync(path.join(prefix, 'conda-meta'));
      fs.writeFileSync(
        path.join(prefix, 'conda-meta', 'libgit2-1.5.2-h1_0.json'),
        JSON.stringify({ name: 'libgit2', version: '1.5.2', build: 'h1_0', depends: [] }),
      );
      fs.writeFileSync(path.join(prefix, 'conda-meta', 'history'), '');
      fs.writeFileSync(path.join(prefix, 'conda-meta', 'state'), JSON.stringify({ env_vars: { GOFLAGS: '-tags=dynamic' } }));
      const side = readPrefix(prefix);
      expect(versions(side)).toEqual({ libgit2: '1.5.2' });
      expect(side.goflags).toBe('-tags=dynamic');
      fs.writeFileSync(path.join(prefix, 'conda-meta', 'bad-1-0.json'), '{');
      expect(thrown(() => readPrefix(prefix)).message).toMatch(/bad-1-0\.json: unreadable package record/);
    } finally {
      fs.rmSync(prefix, { recursive: true, force: true, maxRetries: 5 });
    }
    const gone = thrown(() => readPrefix('/nonexistent/env'));
    // The same words and hint as every other env argument (core/env-arg.ts notACondaEnv).
    expect(gone.message).toBe('/nonexistent/env: not a conda env (no conda-meta/ in it)');
    expect(gone.hint).toBe("give an env's name or prefix (`gocondad envs` lists them), or make it one first: conda create -p /nonexistent/env");
  });
});

describe('a live prefix: the whole result', () => {
  const world = (files: Record<string, string>): string => {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-prefix-'));
    fs.mkdirSync(path.join(prefix, 'conda-meta'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(prefix, 'conda-meta', name), text);
    return prefix;
  };
  test('records as conda writes them; other files, records without name or version, a JSON `.json` that is no record skipped', () => {
    const prefix = world({
      'go-1.22.5-h00e7f8e_0.json': JSON.stringify({
        name: 'go',
        version: '1.22.5',
        build: 'h00e7f8e_0',
        build_number: 0,
        channel: 'https://conda.anaconda.org/conda-forge/linux-64',
      }),
      'nobuild-1-0.json': JSON.stringify({ name: 'nobuild', version: '1', build: 7 }),
      'noversion-1-0.json': JSON.stringify({ name: 'noversion', version: 1 }),
      'noname-1-0.json': JSON.stringify({ version: '1' }),
      history: '==> 2024-01-01 00:00:00 <==\n',
      'notes.txt': '{',
      state: JSON.stringify({ env_vars: { GOFLAGS: 7 } }),
    });
    try {
      const side = readPrefix(prefix);
      const meta = path.join(prefix, 'conda-meta');
      expect({ ...side, packages: Object.fromEntries(side.packages) }).toEqual({
        kind: 'prefix',
        file: prefix,
        goflags: null,
        regenerate: null,
        packages: {
          go: { name: 'go', spec: null, version: '1.22.5', build: 'h00e7f8e_0', file: path.join(meta, 'go-1.22.5-h00e7f8e_0.json'), line: null },
          nobuild: { name: 'nobuild', spec: null, version: '1', build: null, file: path.join(meta, 'nobuild-1-0.json'), line: null },
        },
      });
    } finally {
      fs.rmSync(prefix, { recursive: true, force: true, maxRetries: 5 });
    }
  });
  test.each([
    ['{}', null],
    ['{"env_vars": {}}', null],
    ['{"env_vars": {"GOFLAGS": ""}}', ''],
    ['{"env_vars": {"GOFLAGS": "-tags=x"}}', '-tags=x'],
    ['not json', null],
    ['null', null],
  ])('conda-meta/state %s: GOFLAGS %j', (state, goflags) => {
    const prefix = world({ state });
    try {
      expect(readPrefix(prefix).goflags).toBe(goflags);
    } finally {
      fs.rmSync(prefix, { recursive: true, force: true, maxRetries: 5 });
    }
  });
  test('an unreadable record: its file, what is wrong, how to repair', () => {
    const prefix = world({ 'bad-1-0.json': '{' });
    try {
      const err = thrown(() => readPrefix(prefix));
      expect([err.file, err.line, err.detail.replace(/: .*$/, ''), err.hint]).toEqual([
        path.join(prefix, 'conda-meta', 'bad-1-0.json'),
        undefined,
        'unreadable package record',
        'repair the env: `conda install --force-reinstall <package>`',
      ]);
      expect(err.detail).toBe(`unreadable package record: ${jsonError('{')}`);
    } finally {
      fs.rmSync(prefix, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

/** The engine's own words for a JSON text it cannot parse. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('parsed');
}

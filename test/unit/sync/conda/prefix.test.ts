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
      fs.rmSync(prefix, { recursive: true, force: true });
    }
    const gone = thrown(() => readPrefix('/nonexistent/env'));
    // The same words and hint as every other env argument (core/env-arg.ts notACondaEnv).
    expect(gone.message).toBe('/nonexistent/env: not a conda env (no conda-meta/ in it)');
    expect(gone.hint).toBe("give an env's name or prefix (`gocondad envs` lists them), or make it one first: conda create -p /nonexistent/env");
  });
});

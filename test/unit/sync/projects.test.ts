// The registry of projects sync ran in (the daemon's list).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProjects, registerProject, withProject } from '../../../src/sync/projects';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-sync-'));

describe('project registry', () => {
  test('one entry per dir, refreshed; unreadable registry reads as empty', () => {
    const a = { dir: '/p/a', prefix: '/env', lastRun: '1' };
    expect(withProject(withProject([], a), { ...a, lastRun: '2' })).toEqual([{ ...a, lastRun: '2' }]);
    const state = tmp();
    try {
      registerProject(state, a);
      registerProject(state, { dir: '/p/b', prefix: null, lastRun: '1' });
      expect(readProjects(state).map((p) => p.dir)).toEqual(['/p/a', '/p/b']);
      fs.writeFileSync(path.join(state, 'sync-projects.json'), '[');
      expect(readProjects(state)).toEqual([]);
    } finally {
      fs.rmSync(state, { recursive: true, force: true });
    }
  });
});

// The registry of projects sync ran in (the daemon's list).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProjects, registerProject, withProject } from '../../../src/sync/synced-projects';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-sync-'));

describe('project registry', () => {
  test('one entry per dir, refreshed; gone projects dropped; an unreadable registry reads as empty', () => {
    const a = { dir: '/p/a', prefix: '/env', lastRun: '1' };
    expect(withProject(withProject([], a), { ...a, lastRun: '2' })).toEqual([{ ...a, lastRun: '2' }]);
    const state = tmp();
    const mod = (name: string) => {
      fs.mkdirSync(path.join(state, name));
      fs.writeFileSync(path.join(state, name, 'go.mod'), 'module x\n');
      return path.join(state, name);
    };
    try {
      const [pa, pb, pc] = [mod('a'), mod('b'), mod('c')];
      registerProject(state, { ...a, dir: pa });
      registerProject(state, { dir: pb, prefix: null, lastRun: '1' });
      expect(readProjects(state).map((p) => p.dir)).toEqual([pa, pb]);
      // a project whose go.mod is gone is dropped at the next registration
      fs.rmSync(path.join(pa, 'go.mod'));
      registerProject(state, { dir: pc, prefix: null, lastRun: '1' });
      expect(readProjects(state).map((p) => p.dir)).toEqual([pb, pc]);
      fs.writeFileSync(path.join(state, 'sync-projects.json'), '[');
      expect(readProjects(state)).toEqual([]);
    } finally {
      fs.rmSync(state, { recursive: true, force: true });
    }
  });
});

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
      fs.rmSync(state, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

// Issue 21 §1: the registry's exact bytes and every damaged shape.
describe('registry edges', () => {
  test('entries without a dir are dropped; a registry that is no object or has no list reads as empty', () => {
    const state = tmp();
    try {
      const file = path.join(state, 'sync-projects.json');
      fs.writeFileSync(file, JSON.stringify({ projects: [null, { dir: 1 }, { prefix: '/env' }, { dir: '/p/a', prefix: '/env', lastRun: '1' }] }));
      expect(readProjects(state)).toStrictEqual([{ dir: '/p/a', prefix: '/env', lastRun: '1' }]);
      for (const text of ['{"projects": "x"}', '{}', 'null', '[]'])
        expect([text, readProjects((fs.writeFileSync(file, text), state))]).toStrictEqual([text, []]);
    } finally {
      fs.rmSync(state, { recursive: true, force: true, maxRetries: 5 });
    }
  });
  test('registerProject: a private state dir, the file in order of dir, exact bytes', () => {
    const root = tmp();
    try {
      const state = path.join(root, 'state');
      for (const name of ['b', 'a']) {
        fs.mkdirSync(path.join(root, name));
        fs.writeFileSync(path.join(root, name, 'go.mod'), 'module x\n');
      }
      registerProject(state, { dir: path.join(root, 'b'), prefix: null, lastRun: '2' });
      registerProject(state, { dir: path.join(root, 'a'), prefix: '/env', tags: ['dynamic'], lastRun: '1' });
      expect(fs.statSync(state).mode & 0o777).toBe(0o700);
      expect(fs.readFileSync(path.join(state, 'sync-projects.json'), 'utf8')).toBe(
        `{\n  "projects": [\n    {\n      "dir": "${root}/a",\n      "prefix": "/env",\n      "tags": [\n        "dynamic"\n      ],\n      "lastRun": "1"\n    },\n    {\n      "dir": "${root}/b",\n      "prefix": null,\n      "lastRun": "2"\n    }\n  ]\n}\n`,
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

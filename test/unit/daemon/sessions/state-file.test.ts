// state.json: sessions, fixes and the journal position survive a restart; damage means a fresh start.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DaemonState } from '../../../../src/daemon/sessions/state';
import { loadStateFile, saveStateFile } from '../../../../src/daemon/sessions/state-file';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-state-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('round trip: sessions, conflicts, journal position; the file is private', () => {
  const state = DaemonState.fromJSON({
    sessions: [{ shellPid: 5, shell: 'zsh', prefix: '/e', envName: 'e', shlvl: 1, goroot: null, goVersion: null, since: 't' }],
    conflicts: [{ kind: 'shadowed-go', prefix: '/e', shellPid: 5, before: '/e/bin/go', after: '/g/bin/go', at: 't' }],
  });
  const file = path.join(dir, 'state.json');
  saveStateFile(file, state, { ino: 42, offset: 1000 }, { 'journal.77': { ino: 43, offset: 12 } });
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  const back = loadStateFile(file);
  expect(back.journal).toEqual({ ino: 42, offset: 1000 });
  expect(back.shellJournals).toEqual({ 'journal.77': { ino: 43, offset: 12 } });
  expect(back.state.toJSON()).toEqual(state.toJSON());
});

test.each([
  ['missing', null],
  ['not JSON', '{"sessions": ['],
  ['wrong types', '{"sessions": "x", "conflicts": 3, "journal": {"ino": "1", "offset": 2}, "shellJournals": {"journal.1": {"ino": "x"}}}'],
])('%s: a fresh start, no throw', (_name, text) => {
  const file = path.join(dir, 'state.json');
  if (text !== null) fs.writeFileSync(file, text);
  const loaded = loadStateFile(file);
  expect(loaded.journal).toBeNull();
  expect(loaded.shellJournals).toEqual({});
  expect(loaded.state.toJSON()).toEqual({ sessions: [], conflicts: [] });
});

test('upgrade: a state file of gocondad 0.1.0 names the shell level `level`; it is read as shlvl', () => {
  const file = path.join(dir, 'state.json');
  const old = { shellPid: 5, shell: 'zsh', prefix: '/e', envName: 'e', level: 2, goroot: null, goVersion: null, since: 't' };
  fs.writeFileSync(file, JSON.stringify({ sessions: [old], conflicts: [] }));
  const [session] = loadStateFile(file).state.toJSON().sessions;
  expect(session).toEqual({ shellPid: 5, shell: 'zsh', prefix: '/e', envName: 'e', shlvl: 2, goroot: null, goVersion: null, since: 't' });
});

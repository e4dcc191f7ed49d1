// staging.ts with a DIR that is a mount point (a Docker volume, `-v vol:/out -o /out`; a tmpfs; a bind
// mount): staged beside DIR, every rename into it failed with EXDEV. An empty one failed, and a previous
// bundle lost the files its manifest lists before the first rename failed. Real mounts (root, as in CI).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeStagingDir, moveIntoPlace, outDirState, removeStagingDir } from '../../../src/bundle/staging';
import { isMountPoint } from '../../../src/core/mounts';
import { mounted } from '../../helpers/mount';
import { tree, write } from '../../helpers/tree';

let dir: string;
let out: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-stage-mount-'));
  out = path.join(dir, 'out');
  fs.mkdirSync(out);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

const NEW = { 'bin/app': 'new', 'lib/libx.so.1': 'X', 'gocondad-bundle.json': '{"files":["bin/app","lib/libx.so.1"]}' };
const NEW_TREE = ['bin/', 'bin/app=new', 'gocondad-bundle.json={"files":["bin/app","lib/libx.so.1"]}', 'lib/', 'lib/libx.so.1=X'];
const tmpfs = <T>(body: () => T) => mounted(['-t', 'tmpfs', 'tmpfs', out], body);

test('an empty mount point: staged inside it, hidden, and filled; DIR stays the mount, nothing beside it', () => {
  tmpfs(() => {
    expect(outDirState(out)).toEqual({ kind: 'empty' });
    const stage = makeStagingDir(out);
    expect(stage).toBe(path.join(out, `.gocondad-partial-${process.pid}`));
    expect(outDirState(out)).toEqual({ kind: 'empty' }); // its own staging dir is not a file of DIR's
    write(stage, NEW);
    moveIntoPlace(stage, out);
    removeStagingDir(stage);
    expect(tree(out)).toEqual(NEW_TREE);
    expect(isMountPoint(out)).toBe(true);
  });
  expect(fs.readdirSync(dir)).toEqual(['out']);
});

test('a previous bundle on a mount point: its listed files replaced, a user’s file kept, the old one’s extra file gone', () => {
  tmpfs(() => {
    write(out, {
      'bin/app': 'old',
      'lib/libold.so': 'O',
      'notes.txt': 'mine',
      'gocondad-bundle.json': '{"files":["bin/app","lib/libold.so"]}',
    });
    const stage = makeStagingDir(out);
    write(stage, NEW);
    moveIntoPlace(stage, out);
    removeStagingDir(stage);
    expect(tree(out)).toEqual([...NEW_TREE, 'notes.txt=mine']);
  });
});

test('a bind mount of a dir on the same file system (same device number): staged inside it too', () => {
  const src = path.join(dir, 'volume-data');
  fs.mkdirSync(src);
  mounted(['--bind', src, out], () => {
    const stage = makeStagingDir(out);
    expect(path.dirname(stage)).toBe(out);
    write(stage, NEW);
    moveIntoPlace(stage, out);
    expect(tree(out)).toEqual(NEW_TREE);
  });
  expect(tree(src)).toEqual(NEW_TREE);
});

test('a symlink to a mount point: staged inside the mount, filled through the link', () => {
  const link = path.join(dir, 'link');
  fs.symlinkSync(out, link);
  tmpfs(() => {
    const stage = makeStagingDir(link);
    expect(stage).toBe(path.join(out, `.gocondad-partial-${process.pid}`));
    write(stage, NEW);
    moveIntoPlace(stage, link);
    expect(tree(out)).toEqual(NEW_TREE);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });
});

test('a killed run’s staging dir left inside: DIR still counts as empty, and the next run removes it', () => {
  tmpfs(() => {
    const dead = path.join(out, '.gocondad-partial-4199999'); // above pid_max: no such process
    write(dead, { 'bin/half': 'h' });
    fs.mkdirSync(path.join(out, 'bin'));
    expect(outDirState(out)).toEqual({ kind: 'empty' });
    const stage = makeStagingDir(out);
    expect(fs.existsSync(dead)).toBe(false);
    write(stage, NEW);
    moveIntoPlace(stage, out);
    expect(tree(out)).toEqual(NEW_TREE);
  });
});

test('one step past the name: a hidden dir that only looks like a staging dir is a file of the user’s', () => {
  tmpfs(() => {
    for (const name of ['.gocondad-partial-', '.gocondad-partial-12x', 'x.gocondad-partial-12', '.gocondad-partial-12.old']) {
      fs.mkdirSync(path.join(out, name));
      let said = '';
      try {
        outDirState(out);
      } catch (err) {
        said = (err as Error).message;
      }
      expect({ name, said }).toEqual({ name, said: `${out} is not empty and holds no previous bundle (gocondad-bundle.json)` });
      fs.rmdirSync(path.join(out, name));
    }
  });
});

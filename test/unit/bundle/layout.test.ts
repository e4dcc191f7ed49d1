// treeSize: the env's size the bundle report compares against, counted as the bundle reads the env.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { treeSize } from '../../../src/bundle/layout';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-tree-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('symlinks are followed (a symlinked Go counts), every file and dir once (hard links, loops, two links to one file)', () => {
  const env = path.join(dir, 'env');
  const goroot = path.join(dir, 'toolchain');
  fs.mkdirSync(path.join(env, 'lib'), { recursive: true });
  fs.mkdirSync(path.join(goroot, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(env, 'lib', 'libx.so.1.0'), Buffer.alloc(1000));
  fs.symlinkSync('libx.so.1.0', path.join(env, 'lib', 'libx.so.1'));
  fs.linkSync(path.join(env, 'lib', 'libx.so.1.0'), path.join(env, 'lib', 'hard'));
  fs.writeFileSync(path.join(goroot, 'bin', 'go'), Buffer.alloc(5000));
  fs.symlinkSync(goroot, path.join(env, 'go')); // the env's Go, a symlink (the trial's case)
  fs.symlinkSync(env, path.join(env, 'lib', 'loop'));
  fs.symlinkSync(path.join(dir, 'gone'), path.join(env, 'dangling'));
  expect(treeSize(env)).toBe(6000);
});
test('a missing dir is 0', () => expect(treeSize(path.join(dir, 'none'))).toBe(0));

// Which env file --dockerfile uses: the one named (any trouble with it is bad input, in words), else the
// best of the known names in the project dir; always inside the build context, '/'-separated.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findEnvFile } from '../../../src/bundle/envfile';
import { caughtWithExit } from '../../helpers/caught';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-envfile-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

const EMPTY_HINT = 'the image’s env is created from it: list the env’s packages (conda env export --from-history > environment.yml, or conda-lock)';

function write(files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

describe('found by name', () => {
  it.each<[string[], string]>([
    [['environment.yaml', 'environment.yml', 'explicit.txt', 'conda-linux-64.lock', 'conda-lock.yml'], 'conda-lock.yml'],
    [['environment.yaml', 'environment.yml', 'explicit.txt', 'conda-linux-64.lock'], 'conda-linux-64.lock'],
    [['environment.yaml', 'environment.yml', 'explicit.txt'], 'explicit.txt'],
    [['environment.yaml', 'environment.yml'], 'environment.yml'],
    [['environment.yaml'], 'environment.yaml'],
  ])('of %j, %s', (names, chosen) => {
    write(Object.fromEntries(names.map((n) => [n, `# ${n}\ndependencies: [go]\n`])));
    expect(findEnvFile(dir, undefined)).toEqual({ rel: chosen, text: `# ${chosen}\ndependencies: [go]\n` });
  });

  it('none of them: said, with every name looked for', () => {
    write({ 'env.yml': 'dependencies: [go]\n', 'Environment.yml': 'x: 1\n' });
    expect(caughtWithExit(() => findEnvFile(dir, undefined))).toEqual({
      name: 'BundleError',
      message: `no lock or environment file in ${dir} (looked for conda-lock.yml, conda-linux-64.lock, explicit.txt, environment.yml, environment.yaml)`,
      hint: 'write one (conda env export --from-history > environment.yml, or conda-lock) or name it with --conda-file',
      exitCode: 1,
    });
  });

  it('the best one there but empty (comments only) is said, not passed over for the next', () => {
    write({ 'conda-lock.yml': '# nothing yet\n\n', 'environment.yml': 'dependencies: [go]\n' });
    expect(caughtWithExit(() => findEnvFile(dir, undefined))).toEqual({
      name: 'GocondadError',
      message: `${path.join(dir, 'conda-lock.yml')}: it is empty`,
      hint: EMPTY_HINT,
      exitCode: 2,
    });
  });

  it('the best one a directory: said', () => {
    fs.mkdirSync(path.join(dir, 'conda-lock.yml'));
    write({ 'environment.yml': 'dependencies: [go]\n' });
    expect(caughtWithExit(() => findEnvFile(dir, undefined))).toEqual({
      name: 'GocondadError',
      message: `${path.join(dir, 'conda-lock.yml')}: it is a directory, not a file`,
      hint: 'name a file',
      exitCode: 2,
    });
  });
});

describe('named with --conda-file', () => {
  it.each<[string, string]>([
    ['envs/prod.yml', 'envs/prod.yml'],
    ['./envs/../envs/prod.yml', 'envs/prod.yml'],
    ['..prod.yml', '..prod.yml'],
  ])('%s, relative to the project dir: %s', (given, rel) => {
    write({ [rel]: 'dependencies: [go]\n', 'environment.yml': 'not this\n' });
    expect(findEnvFile(dir, given)).toEqual({ rel, text: 'dependencies: [go]\n' });
  });

  it('an absolute path inside the project dir', () => {
    write({ 'locks/x.lock': '@EXPLICIT\n' });
    expect(findEnvFile(dir, path.join(dir, 'locks', 'x.lock'))).toEqual({ rel: 'locks/x.lock', text: '@EXPLICIT\n' });
  });

  it.each<[string, (d: string) => string]>([
    ['beside the project dir', (d) => path.join(path.dirname(d), `${path.basename(d)}-env.yml`)],
    ['above it, named relatively', () => '../outside.yml'],
    ['the project dir itself', (d) => d],
  ])('a file %s is outside the build context', (_what, given) => {
    const g = given(dir);
    const file = path.resolve(dir, g);
    if (file !== dir) fs.writeFileSync(file, 'dependencies: [go]\n');
    try {
      const err = caughtWithExit(() => findEnvFile(dir, g));
      expect(err).toEqual(
        file === dir
          ? { name: 'GocondadError', message: `${dir}: it is a directory, not a file`, hint: 'name a file', exitCode: 2 }
          : {
              name: 'BundleError',
              message: `${file} is outside the build context ${dir}`,
              hint: 'run from the project dir, with the env file inside it',
              exitCode: 1,
            },
      );
    } finally {
      if (file !== dir) fs.rmSync(file, { force: true });
    }
  });

  it.each<[string, string, string]>([
    ['missing', 'nope.yml', 'no such file or directory'],
    ['empty', 'empty.yml', 'it is empty'],
    ['blank', 'blank.yml', 'it is empty'],
  ])('%s: bad input (exit 2), in words', (what, name, words) => {
    write({ 'empty.yml': '', 'blank.yml': '\n  \n# only a comment\n' });
    expect(caughtWithExit(() => findEnvFile(dir, name))).toEqual({
      name: 'GocondadError',
      message: `${path.join(dir, name)}: ${words}`,
      hint: what === 'missing' ? 'check the path' : EMPTY_HINT,
      exitCode: 2,
    });
  });
});

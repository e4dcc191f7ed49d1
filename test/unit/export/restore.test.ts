// Reading an exported Go state back (readStateFile): the two forms conda and gocondad write, and every
// file that is not one, with what to do instead. restoreGoState itself runs in
// test/integration/conda-plugin-real-export.test.ts (a real conda, real toolchains).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readStateFile } from '../../../src/export/restore';
import { STATE_VERSION } from '../../../src/export/gostate';
import { EXIT, exitCodeOf, formatError } from '../../../src/errors';

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gocondad-restore-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

test('the gocondad: section of an environment file, and the bare state, read alike', () => {
  const state = `version: ${STATE_VERSION}\ntoolchain: {goVersion: "1.22.5", chosenBy: pin}\nmodcache: shared\n`;
  const env = file('env.yml', `name: x\ndependencies: [go]\ngocondad:\n${state.replace(/^/gm, '  ')}`);
  const bare = file('bare.gocondad.yml', state);
  expect(readStateFile(env)).toEqual({ version: STATE_VERSION, toolchain: { goVersion: '1.22.5', chosenBy: 'pin' }, modcache: 'shared' });
  expect(readStateFile(bare)).toEqual(readStateFile(env));
});

test('not a state: bad input (exit 2) in words — a missing file, empty, YAML that does not parse, no section, another version, no toolchain', () => {
  const missing = path.join(dir, 'nope.yml');
  const thrown = (f: string) => {
    try {
      readStateFile(f);
    } catch (err) {
      return { line: formatError(err), code: exitCodeOf(err) };
    }
    throw new Error(`${f} was read as a state`);
  };
  expect(thrown(missing)).toEqual({ line: `gocondad: ${missing}: no such file or directory; check the path\n`, code: EXIT.USAGE });
  const FROM = 'give a file written by `conda export --format gocondad` or `gocondad export`';
  for (const [name, text] of [
    ['empty.yml', ''],
    ['comments.yml', '# exported later\n\n'],
  ] as const)
    expect(thrown(file(name, text))).toEqual({ line: `gocondad: ${path.join(dir, name)}: it is empty; ${FROM}\n`, code: EXIT.USAGE });
  expect(thrown(file('bad.yml', 'a: [\n'))).toEqual({
    line: expect.stringMatching(/^gocondad: .*bad\.yml:1: YAML error: the \[ that starts on this line is not closed[^\n]*; give a file written by/),
    code: EXIT.USAGE,
  });
  const none = `has no gocondad state of version ${STATE_VERSION}; export it again with \`conda export --format gocondad\``;
  for (const [name, text] of [
    ['scalar.yml', 'just text\n'],
    ['plain-env.yml', 'name: x\ndependencies: [go]\n'],
    ['old.yml', `gocondad:\n  version: ${STATE_VERSION + 1}\n  toolchain: {}\n`],
    ['notool.yml', `gocondad:\n  version: ${STATE_VERSION}\n  toolchain: none\n`],
  ] as const)
    expect(thrown(file(name, text))).toEqual({ line: `gocondad: ${path.join(dir, name)} ${none}\n`, code: EXIT.USAGE });
});

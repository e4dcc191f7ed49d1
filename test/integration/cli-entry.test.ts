// The executable's two ways in (src/cli.ts): the hot command lines run from their own bundles without
// commander, everything else through commander. Both must behave the same: same output, same error line,
// same exit code; and a hot command must load only its own bundle.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, REPO, requireReal, World } from '../helpers/world';

const COMMANDER = { GOCONDAD_NO_FAST_PATH: '1' };

/** Prints, at exit, every file the process loaded through require (one per line, after a marker). */
const LOADED_HOOK = `process.on('exit', () => process.stderr.write('\\nLOADED\\n' + Object.keys(require.cache).join('\\n') + '\\n'))`;

describe('the gocondad executable: fast path and commander agree', () => {
  let w: World;
  let prefix: string;
  let hook: string;

  beforeAll(() => {
    requireReal();
    w = new World();
    prefix = w.makeEnv('e');
    w.installShims(prefix);
    hook = path.join(w.dir, 'loaded-hook.js');
    fs.writeFileSync(hook, LOADED_HOOK);
  });
  afterAll(() => w.cleanup());

  /** The files a command loaded, relative to the repo; its stderr without the hook's list. */
  function loaded(args: string[], extraEnv: Record<string, string> = {}): { files: string[]; stdout: string; stderr: string; status: number } {
    const r = spawnSync(process.execPath, ['--require', hook, CLI, ...args], { env: { ...w.env, ...extraEnv }, encoding: 'utf8', timeout: 30000 });
    const [stderr, list = ''] = r.stderr.split('\nLOADED\n');
    const files = list
      .split('\n')
      .filter((f) => f !== '' && f !== hook)
      .map((f) => path.relative(REPO, f));
    return { files, stdout: r.stdout, stderr: stderr!, status: r.status ?? -1 };
  }

  test('--version and -V print the package version either way', () => {
    const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
    for (const flag of ['--version', '-V']) {
      expect(w.cli([flag])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
      expect(w.cli([flag], COMMANDER)).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  test('shims refresh --print posix gives the same shell code either way', () => {
    const fast = w.cli(['shims', 'refresh', prefix, '--print', 'posix']);
    expect(fast.status).toBe(0);
    expect(fast.stdout).toContain(prefix);
    expect(w.cli(['shims', 'refresh', prefix, '--print', 'posix'], COMMANDER)).toEqual(fast);
  });

  test('errors are the same line and exit code either way', () => {
    const notEnv = path.join(w.dir, 'not-an-env');
    fs.mkdirSync(notEnv);
    const cases = [
      ['status'], // no daemon yet: exit 3 with what to do
      ['status', '--json'],
      ['shims', 'refresh', notEnv, '--print', 'posix'],
      ['shims', 'refresh', prefix, '--print', 'powershell'],
      // Gone: fish and csh shims run the POSIX shim and never asked for their own plan code.
      ['shims', 'refresh', prefix, '--print', 'fish'],
      ['shims', 'refresh', prefix, '--print', 'csh'],
    ];
    for (const args of cases) {
      const fast = w.cli(args);
      expect(fast.status).not.toBe(0);
      expect(fast.stderr).toMatch(/^gocondad: .+\n$/);
      expect(w.cli(args, COMMANDER)).toEqual(fast);
    }
    expect(w.cli(['status']).status).toBe(3);
  });

  test('status reports the same daemon either way', () => {
    w.startDaemon();
    const fast = w.cli(['status']);
    expect(fast.status).toBe(0);
    expect(fast.stdout).toContain('envs with shims (1)');
    expect(w.cli(['status'], COMMANDER)).toEqual(fast);
    // The live figures (memory, request counts) move between two calls; the rest must not.
    const steady = (text: string) => {
      const s = JSON.parse(text);
      delete s.daemon.rssBytes;
      delete s.daemon.heapUsedBytes;
      delete s.metrics;
      delete s.watch;
      return s;
    };
    const fastJson = w.cli(['status', '--json']);
    const slowJson = w.cli(['status', '--json'], COMMANDER);
    expect(fastJson.status).toBe(0);
    expect(slowJson.status).toBe(0);
    expect(steady(fastJson.stdout)).toEqual(steady(slowJson.stdout));
  });

  test('a hot command loads its own bundle and nothing else of gocondad, and never commander', () => {
    const cases: [string[], string[]][] = [
      [['--version'], ['dist/cli.js']],
      [['status'], ['dist/cli.js', 'dist/cli/fast/status.js']],
      [
        ['shims', 'refresh', prefix, '--print', 'posix'],
        ['dist/cli.js', 'dist/cli/fast/refresh.js'],
      ],
    ];
    for (const [args, bundles] of cases) {
      const r = loaded(args);
      expect(r.status).toBe(0);
      expect(r.files.filter((f) => !f.startsWith('node_modules/'))).toEqual(bundles);
      expect(r.files.filter((f) => f.startsWith('node_modules/commander/'))).toEqual([]);
    }
  });

  test('every other command line goes through commander, from its own bundle', () => {
    for (const args of [['--help'], ['status', '--json', '--bogus'], ['envs']]) {
      const r = loaded(args);
      expect(r.files.filter((f) => !f.startsWith('node_modules/'))).toEqual(['dist/cli.js', 'dist/cli/main.js']);
      expect(r.files).toContain('node_modules/commander/index.js');
    }
    // A wrong line is commander's to word, with the usage exit code.
    const bad = w.cli(['status', '--bogus']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown option '--bogus'");
  });
});

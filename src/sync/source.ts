// Which conda side to judge, and reading it: an explicit -p PREFIX or --file, else what the project dir
// holds (pixi.lock, conda-lock.yml, conda-<platform>.lock, environment.yml), else the active env
// ($CONDA_PREFIX). --file is a path from the current directory, like every other CLI's path argument
// (not from DIR); the kind of a file is told by its content where its name does not say.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCondaLock } from './conda/condalock';
import { parseEnvironmentYml } from './conda/envyml';
import { isExplicit, parseExplicit } from './conda/explicit';
import { parsePixiLock, parsePixiToml } from './conda/pixi';
import { readPrefix } from './conda/prefix';
import type { CondaSide } from './conda/types';
import { systemError } from '../errors';
import { isBlankText } from '../fsutil';
import { SyncInputError } from './errors';

export interface SourceOptions {
  dir: string;
  file?: string;
  prefix?: string;
  platform?: string;
  pixiEnv?: string;
}

/** This machine's conda subdir (linux-64, osx-arm64, ...): the platform read from multi-platform locks. */
export function hostSubdir(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === 'darwin' ? 'osx' : platform === 'win32' ? 'win' : platform;
  const a = arch === 'x64' ? '64' : arch === 'arm64' ? (os === 'linux' ? 'aarch64' : 'arm64') : arch === 'ppc64' ? 'ppc64le' : arch;
  return `${os}-${a}`;
}

/** What an empty file of this name should hold: the command that writes it. */
function emptyHint(file: string): string {
  const base = path.basename(file);
  if (base.startsWith('pixi')) return 'write it with `pixi init` and `pixi lock`';
  if (/lock/.test(base)) return 'write it again with conda-lock (conda-lock -f environment.yml) or `conda list --explicit`';
  return "list the env's packages under `dependencies:` (conda env export --from-history > environment.yml)";
}

function read(file: string, emptyOk = false): string {
  let text: string;
  // only the read is in the try: the "empty" refusal below never passes through the system-error words
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    // In words (errors.ts systemError): "you cannot read FILE (permission denied)", "no such file …".
    const words = systemError(err, { action: 'read', path: null });
    if (!words) throw err;
    throw new SyncInputError(file, undefined, words.message, words.hint ?? 'check the path');
  }
  // Not "expected a mapping at line 1": 0 bytes or only comments is said as what it is.
  if (!emptyOk && isBlankText(text)) throw new SyncInputError(file, undefined, 'it is empty', emptyHint(file));
  return text;
}

function kindOfFile(file: string, text: () => string): 'pixi' | 'conda-lock' | 'explicit' | 'environment.yml' {
  const base = path.basename(file);
  if (base === 'pixi.lock' || base === 'pixi.toml' || base === 'pyproject.toml') return 'pixi';
  if (/lock/.test(base) && /\.ya?ml$/.test(base)) return 'conda-lock';
  // conda list --explicit, conda-lock --kind explicit (*.lock), explicit.txt: the @EXPLICIT line says so
  if (isExplicit(text())) return 'explicit';
  return 'environment.yml';
}

/** The one `<name>.conda-lock.yml` of a directory (conda-lock's --lockfile NAME); several: say which to use. */
function namedCondaLock(dir: string): string | null {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /.\.conda-lock\.ya?ml$/.test(n));
  } catch {
    return null;
  }
  if (names.length > 1)
    throw new SyncInputError(dir, undefined, `several conda-lock files here (${names.sort().join(', ')})`, 'pass --file with the one to judge');
  return names[0] ?? null;
}

export function readCondaSide(opts: SourceOptions, env: NodeJS.ProcessEnv): CondaSide {
  const platform = opts.platform ?? hostSubdir();
  if (opts.prefix) return readPrefix(path.resolve(opts.prefix));
  let file = opts.file ? path.resolve(opts.file) : null;
  if (!file) {
    // in order; a `<name>.conda-lock.yml` is looked for only when nothing before it is there
    const candidates: (string | (() => string | null))[] = [
      'pixi.lock',
      'conda-lock.yml',
      () => namedCondaLock(opts.dir),
      `conda-${platform}.lock`,
      'environment.yml',
      'environment.yaml',
    ];
    for (const c of candidates) {
      const name = typeof c === 'string' ? c : c();
      if (name && fs.existsSync(path.join(opts.dir, name))) {
        file = path.join(opts.dir, name);
        break;
      }
    }
  }
  if (!file) {
    if (env.CONDA_PREFIX) return readPrefix(env.CONDA_PREFIX);
    throw new SyncInputError(
      opts.dir,
      undefined,
      'no conda side found (no pixi.lock, conda-lock.yml or environment.yml here, and no active env)',
      'pass --file FILE or -p PREFIX, or activate the env',
    );
  }
  const f = file;
  let text: string | null = null;
  const content = (): string => (text ??= read(f));
  switch (kindOfFile(file, content)) {
    case 'pixi': {
      const dir = path.dirname(file);
      const pixiEnv = opts.pixiEnv ?? 'default';
      // the manifest: pixi.toml, else pyproject.toml with [tool.pixi] tables
      const toml = path.join(dir, 'pixi.toml');
      const pyproject = path.join(dir, 'pyproject.toml');
      let specs: ReturnType<typeof parsePixiToml> | undefined;
      if (fs.existsSync(toml)) specs = parsePixiToml(read(toml), toml, platform, pixiEnv);
      else if (fs.existsSync(pyproject) && /^\[tool\.pixi[.\]]/m.test(read(pyproject, true)))
        specs = parsePixiToml(read(pyproject), pyproject, platform, pixiEnv, ['tool', 'pixi']);
      const lock = path.join(dir, 'pixi.lock');
      if (!fs.existsSync(lock)) throw new SyncInputError(lock, undefined, 'pixi.toml has no pixi.lock beside it', 'run `pixi lock`');
      return parsePixiLock(read(lock), lock, platform, pixiEnv, specs);
    }
    case 'conda-lock':
      return parseCondaLock(content(), file, platform);
    case 'explicit':
      return parseExplicit(content(), file, opts.platform);
    default:
      return parseEnvironmentYml(content(), file);
  }
}

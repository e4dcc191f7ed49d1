// Conda's match spec grammar, ported step by step from conda's _parse_spec_str (conda/models/match_spec.py):
// `name`, `name 1.5.*`, `name >= 1.22` (spaces inside the version are dropped), `name=1.5` (= 1.5.*),
// `name=1.5=h1_0`, `name 1.5 h1_0`, `name==1.5`, `!=`, `~=`, `|`, `,`, `channel[/subdir]::name`,
// `name[version='>=1,<2', build=h1*]`, a package URL/file (matchspec-url.ts). The version goes through
// conda's VersionSpec (condaversion.ts), and a `^…$` regex through Python's re verdict (pyregex.ts), so
// every spec conda refuses is refused here too. test/unit/sync/matchspec.test.ts
// compares the result with the real conda's MatchSpec over a table of real and generated specs.
import { InvalidVersionSpec, VersionOrder } from './condaversion';
import { CONDA_SUBDIRS } from '../core/platform';
import { checkChannelGlob, checkGlobRegex, fromPackageUrl, isPackageSpec } from './matchspec-url';
import { InvalidMatchSpec, normalVersion, rsplit, type MatchSpec } from './matchspec-parts';
import { pythonRegexError } from './pyregex';

export { InvalidMatchSpec, rsplit, type MatchSpec } from './matchspec-parts';

// conda's KNOWN_SUBDIRS (conda/base/constants.py): a trailing path part that is one of these is the subdir.
export const KNOWN_SUBDIRS: readonly string[] = ['noarch', ...CONDA_SUBDIRS];

// The keys MatchSpec can match on (MatchSpec.FIELD_NAMES).
const FIELDS = new Set(
  ['channel', 'subdir', 'name', 'version', 'build', 'build_number', 'track_features', 'features', 'url', 'md5', 'sha256'].concat([
    'license',
    'license_family',
    'fn',
    'when',
    'extras',
    'flags',
  ]),
);

const KV = /([a-zA-Z0-9_-]+?)=(["']?)([^'"]*?)(\2)(?:[, ]|$)/g;
const VERSION_BUILD = /((?:.+?)[^><!,|]?)(?:(?<![=!|,<>~])(?:[ =])([^-=,|<>~]+?))?$/;
const CEP26 = /^(([a-z0-9])|([a-z0-9_](?!_)))[._-]?([a-z0-9]+(\.|-|_|$))*$/;
const CEP26_VIRTUAL = /^__[a-z0-9][._-]?([a-z0-9]+(\.|-|_|$))*$/;
const PKG_EXT = /\.(conda|tar\.bz2)$/;

/** "=1.2.3" -> "1.2.3*", "==1.2.3" -> "1.2.3" (no build), as conda's _sanitize_version_str. */
function sanitizeVersion(version: string, build: string | null): string {
  if (version === '==' || version === '=' || !version.startsWith('=')) return version;
  const bare = version.replace(/^=+/, '');
  if (version.startsWith('==') && build === null) return bare;
  if (![...'=,|'].some((c) => bare.includes(c))) return build === null && !bare.endsWith('*') ? `${bare}*` : bare;
  return version;
}

/** "conda-forge/linux-64" -> channel "conda-forge", subdir "linux-64"; a URL keeps its path minus the subdir. */
export function splitChannel(value: string | null): { channel: string | null; subdir: string | null } {
  if (!value) return { channel: null, subdir: null };
  const trimmed = value.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  const last = trimmed.slice(slash + 1);
  if (slash > 0 && KNOWN_SUBDIRS.includes(last)) return { channel: trimmed.slice(0, slash), subdir: last };
  return { channel: trimmed, subdir: null };
}

/** "libgit2-1.5.1-h1234_0.conda" (a file or URL) -> name, version, build, as conda's _parse_legacy_dist. */
export function splitDistName(fileOrUrl: string): { name: string; version: string; build: string } | null {
  // Stryker disable next-line StringLiteral: split() always gives at least one element, so neither fallback is ever taken
  const base = (fileOrUrl.split(/[?#]/)[0] ?? '').split(/[/\\]/).pop() ?? '';
  const stem = base.replace(PKG_EXT, '');
  const parts = rsplit(stem, '-', 2);
  if (parts.length !== 3 || parts.some((p) => p === '')) return null;
  return { name: parts[0]!, version: parts[1]!, build: parts[2]! };
}

/** conda's BuildNumberMatch: an int, `*`, `op N`, a `^…$` regex, or any other string (matched exactly). */
function checkBuildNumber(value: string, raw: string): void {
  const v = value.trim();
  if (/^[=<>!]/.test(v)) {
    const m = /^(=|==|!=|<=|>=|<|>|~=)(?![=<>!~])(\S+)$/.exec(v);
    if (!m) throw new InvalidMatchSpec(raw, `Invalid version '${v}': invalid operator`);
    try {
      new VersionOrder(m[2]!);
    } catch (err) {
      if (err instanceof InvalidVersionSpec) throw new InvalidMatchSpec(raw, `Invalid version '${err.spec}': ${err.reason}`);
      throw err;
    }
  } else if (v === '') {
    throw new InvalidMatchSpec(raw, 'string index out of range'); // conda reads its first character
  } else if (v.startsWith('^') || v.endsWith('$')) {
    if (!(v.startsWith('^') && v.endsWith('$'))) throw new InvalidMatchSpec(raw, `Invalid version '${v}': regex specs must start with '^' and end with '$'`);
    // conda compiles it while parsing, and Python's re.error goes out as it is (no InvalidMatchSpec)
    const err = pythonRegexError(v);
    if (err !== null) throw new InvalidMatchSpec(raw, err);
  }
}

function validateName(name: string, raw: string): void {
  if (name.includes('*')) return;
  const n = name.toLowerCase();
  const bad = n.match(/[^a-z0-9._-]/g);
  if (bad) throw new InvalidMatchSpec(raw, `package name contains invalid characters (${[...new Set(bad)].join('')})`);
  if (!CEP26.test(n) && !CEP26_VIRTUAL.test(n)) throw new InvalidMatchSpec(raw, 'invalid package name');
}

/** Parses a match spec as conda does; throws InvalidMatchSpec for what conda refuses. */
export function parseMatchSpec(raw: string): MatchSpec {
  let s = raw;
  if (s.endsWith('@')) return { name: '*', version: null, build: null, channel: null, subdir: null }; // a track_feature
  if (s.includes('#')) s = s.slice(0, s.indexOf('#'));
  s = s.split(' if ')[0]!;
  // conda tests the string as it stands: a space after `….conda` makes it a name, which conda then refuses
  if (isPackageSpec(s)) return fromPackageUrl(s.trim(), raw);

  const brackets: Record<string, string> = {};
  const b = /^.*(\[.*\])/.exec(s);
  if (b) {
    s = s.split(b[1]!).join('');
    for (const m of b[1]!.slice(1, -1).matchAll(KV)) {
      const [, key, , value] = m;
      if (!key || !value) throw new InvalidMatchSpec(raw, 'key-value mismatch in brackets');
      brackets[key] = key === 'version' ? sanitizeVersion(value, null) : value;
    }
  }
  const p = /^.*(\(.*\))/.exec(s);
  if (p) s = s.split(p[1]!).join(''); // conda's legacy (optional) section: parsed, then ignored

  const m5 = rsplit(s, ':', 2);
  s = m5[m5.length - 1]!;
  let { channel, subdir } = splitChannel(m5.length === 3 ? m5[0]! : null);
  // A [channel=…] wins over the prefix. Without one, splitChannel(null) gives nulls and both stay (no
  // `'channel' in brackets` guard: it only skipped a call that changes nothing).
  const bc = splitChannel(brackets.channel ?? null);
  channel = bc.channel ?? channel;
  subdir = bc.subdir ?? subdir;
  delete brackets.channel;
  if ('subdir' in brackets) {
    subdir = brackets.subdir!;
    delete brackets.subdir;
  }

  const nv = /^([^ =<>!~]+)?([><!=~ ].+)?/.exec(s)!;
  // conda names the rest after the name: `.` stops at a line break, and with nothing left Python writes None
  if (nv[1] === undefined) throw new InvalidMatchSpec(raw, `no package name found in '${nv[2] ?? 'None'}'`);
  const name = nv[1];
  validateName(name, raw);
  const rest = nv[2]?.trim();
  let version: string | null = null;
  let build: string | null = null;
  if (rest) {
    if (rest.includes('[')) throw new InvalidMatchSpec(raw, 'multiple brackets sections not allowed');
    const vb = VERSION_BUILD.exec(rest);
    build = vb?.[2]?.trim() ?? null;
    version = sanitizeVersion((vb ? vb[1]! : rest).replace(/ /g, ''), build);
  }
  delete brackets.name; // conda keeps the name outside the brackets
  const unknown = Object.keys(brackets).filter((k) => !FIELDS.has(k) && k !== 'optional' && k !== 'target');
  if (unknown.length > 0) throw new InvalidMatchSpec(raw, `Cannot match on field(s): ${unknown.join(', ')}`);
  if ('version' in brackets) version = brackets.version!;
  if ('build' in brackets) build = brackets.build!;
  // conda builds the name's, channel's, version's and build's matchers in that order (a `^…$` name, channel or
  // build is a regex, and so is a channel with a `*`)
  checkGlobRegex(name.toLowerCase(), raw);
  if (channel !== null) checkChannelGlob(channel, raw);
  if (version !== null) version = normalVersion(version, raw);
  if (build !== null) checkGlobRegex(build, raw);
  if ('build_number' in brackets) checkBuildNumber(brackets.build_number!, raw);
  return { name: name.toLowerCase(), version, build, channel, subdir };
}

/** parseMatchSpec, or null for what conda refuses (callers that only look a line up). */
export function tryParseMatchSpec(raw: string): MatchSpec | null {
  try {
    return parseMatchSpec(raw);
  } catch (err) {
    if (err instanceof InvalidMatchSpec) return null;
    throw err;
  }
}

/** How an environment.yml line would spell a package with a version spec ("libgit2 1.5.*", "zstd >=1.5"). */
export function formatMatchSpec(name: string, version: string | null): string {
  return version ? `${name} ${version}` : name;
}

// A match spec that is a package file or URL (`https://x/linux-64/go-1.22-h1_0.conda`), read as conda
// reads it: step 2 of _parse_spec_str (conda/models/match_spec.py), through Channel (conda/models/channel.py,
// parse_conda_channel_url) and conda/common/url.py's split_anaconda_token, split_platform and
// percent_decode. conda does not cut the URL into its parts: it removes a `/t/<token>` part, then the first
// known subdir anywhere in it (any case), then takes what follows the last `/` as the file, so a query
// before that `/` lands in the channel and one after it in the build. Only a file under a subdir is read as
// name-version-build; any other is matched by its file name (name `*`). test/unit/sync/matchspec-url.test.ts
// puts every row to the real conda.
import * as net from 'node:net';
import * as os from 'node:os';
import { CONDA_SUBDIRS } from '../core/platform';
import { InvalidMatchSpec, normalVersion, rsplit, type MatchSpec } from './matchspec-parts';
import { pythonRegexRaises } from './pyregex';

const NO_PACKAGE: MatchSpec = { name: '*', version: null, build: null, channel: null, subdir: null };
// conda's has_package_extension: the extractors' extensions, compared in lower case
const PKG_EXT = /\.(conda|tar\.bz2)$/i;
// conda's split_platform: the first `/<subdir>` followed by `/` or the end, in any case (context.known_subdirs)
const SUBDIR_IN_URL = new RegExp(`/(${['noarch', ...CONDA_SUBDIRS].join('|')})(?:/|$)`, 'i');
// conda's is_url (has_scheme): only a lower-case scheme makes a URL; anything else is a path
const HAS_SCHEME = /^[a-z][a-z0-9]{0,11}:\/\//;

/** Whether conda reads the spec as a package file (it tests the string as it stands). */
export function isPackageSpec(s: string): boolean {
  return PKG_EXT.test(s);
}

/** Parses a package file or URL spec; `raw` is the whole spec, for the refusal. */
export function fromPackageUrl(spec: string, raw: string): MatchSpec {
  const specUrl = isUrl(spec, raw) ? spec : pathToUrl(spec);
  // Channel.from_value's win_path_backout: a file: URL's backslashes (but one before a space) are slashes
  const url = specUrl.startsWith('file:') ? specUrl.replace(/\\(?! )/g, '/').replaceAll(':////', '://') : specUrl;
  const first = channelOf(url, raw);
  if (first.subdir === null) {
    // matched by file name: conda reads the file: URL (as it was, no backout) back as a path (url_to_path),
    // percent-decoding it
    const path = specUrl.startsWith('file://') ? specUrl.slice(7).replace(/^[^/?#]*/, '') : '';
    percentDecode(path.replace(/[?#][^]*$/, ''), raw);
    return NO_PACKAGE;
  }
  // _parse_legacy_dist: Python's unpacking of str.rsplit fails with a ValueError, no InvalidMatchSpec
  const parts = rsplit(first.file!.replace(PKG_EXT, ''), '-', 2);
  if (parts.length < 3) throw new InvalidMatchSpec(raw, `not enough values to unpack (expected 3, got ${parts.length})`);
  const [name, version, build] = parts as [string, string, string];
  // Then conda makes the components in order: channel, subdir, name, version, build. The channel is
  // Channel(<the URL's channel>.canonical_name): read a second time, which removes a second token, subdir or
  // package file from it; with a `*` left in it, it is a pattern (its `*` made `.*`, nothing escaped).
  let channel: string | null = null;
  if (first.channel.includes('*')) checkChannelGlob(first.channel, raw);
  else channel = channelOf(first.channel, raw).channel;
  checkGlobRegex(name.toLowerCase(), raw);
  // VersionSpec('') indexes the empty string
  if (version === '') throw new InvalidMatchSpec(raw, 'string index out of range');
  const normal = normalVersion(version, raw);
  checkGlobRegex(build, raw);
  // conda's MatchSpec.name is an exact name only: none, a `*` glob or a `^…$` regex is `*`
  const lower = name.toLowerCase();
  const pattern = lower === '' || lower.includes('*') || (lower.startsWith('^') && lower.endsWith('$'));
  return { name: pattern ? '*' : lower, version: normal, build, channel, subdir: first.subdir };
}

/** GlobStrMatch: a value that starts with `^` and ends with `$` is compiled as a Python regex. */
export function checkGlobRegex(value: string, raw: string): void {
  if (value.startsWith('^') && value.endsWith('$')) globRegexRaises(value, value, raw);
}

/** ChannelMatch: a `^…$` channel is a Python regex, one with a `*` a pattern (its `*` made `.*`, nothing escaped). */
export function checkChannelGlob(value: string, raw: string): void {
  if (value.startsWith('^') && value.endsWith('$')) globRegexRaises(value, value, raw);
  else if (value.includes('*')) globRegexRaises(`^(?:${value.replaceAll('*', '.*')})$`, value, raw);
}

/** GlobStrMatch and ChannelMatch word re.error only; Python's OverflowError and RuntimeError go out as they are. */
function globRegexRaises(pattern: string, value: string, raw: string): void {
  const raised = pythonRegexRaises(pattern);
  if (raised === null) return;
  if (raised.type !== 're.error') throw new InvalidMatchSpec(raw, raised.text);
  throw new InvalidMatchSpec(raw, `Invalid spec '${value}': Contains an invalid regular expression. '${raised.text}'`);
}

/**
 * One reading of a URL as a channel (parse_conda_channel_url, then canonical_name without conda's
 * configured aliases: `https://conda.anaconda.org/conda-forge` stays as written, which conda names
 * `conda-forge`). subdir null: no known subdir in it. file: the package file's name, percent-decoded.
 */
function channelOf(url: string, raw: string): { channel: string; subdir: string | null; file: string | null } {
  const token = /\/t\/([a-zA-Z0-9-]*)/.exec(url);
  let rest = (token ? url.replace(`/t/${token[1]}`, '') : url).replace(/\/+$/, '');
  const subdir = SUBDIR_IN_URL.exec(rest)?.[1] ?? null;
  // str.replace: the first `/<subdir>` in the string, which may start earlier than the match (`/linux-64x`)
  if (subdir !== null) rest = rest.replace(`/${subdir}`, '').replace(/\/+$/, '');
  let file: string | null = null;
  // conda also asks for a `/` in it, which there always is: every URL read here keeps the `:/` of its scheme
  const slash = rest.lastIndexOf('/');
  if (PKG_EXT.test(rest)) [rest, file] = [rest.slice(0, slash), rest.slice(slash + 1)];
  const u = urlParts(rest, raw);
  const path = u.path.replace(/\/+$/, '');
  let location: string;
  let name: string;
  if (u.host === '') {
    // no host: a file URL, its last path part the channel's name (no path either: both empty)
    const cut = path.lastIndexOf('/');
    [location, name] = [path.slice(0, cut), path.slice(cut + 1)];
  } else {
    // a first path part `conda` stays with the host (Anaconda Enterprise's layout)
    const bump = /^\/*conda(?:\/|$)/.test(path);
    [location, name] = [bump ? `${u.host}/conda` : u.host, bump ? path.replace(/^\/*conda/, '') : path];
  }
  // only the name is percent-decoded; canonical_name joins the two as join_url does (slashes trimmed)
  const scheme = u.host === '' && path !== '' ? 'file' : u.scheme || 'https';
  const channel = `${scheme}://${u.host === '' ? '/' : ''}${[location, percentDecode(name.replace(/^\/+|\/+$/g, ''), raw)]
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/')}`;
  // parse_conda_channel_url decodes the file name too, whether or not the file sits in a subdir
  return { channel, subdir, file: file === null ? null : percentDecode(file, raw) };
}

/** urllib's urlparse as conda calls it (`//` put before a string without a scheme), failing where it fails. */
function urlParts(url: string, raw: string): { scheme: string; host: string; path: string } {
  // urlsplit drops every tab and line break (and leading spaces, but the string starts with a scheme or `//`)
  const s = (HAS_SCHEME.test(url) ? url : `//${url}`).replace(/[\t\n\r]/g, '');
  const m = /^(?:([a-z0-9]+):)?\/\/([^/?#]*)([^?#]*)/.exec(s)!;
  const netloc = m[2]!;
  if (netloc.includes('[') !== netloc.includes(']')) throw new InvalidMatchSpec(raw, 'Invalid IPv6 URL');
  // _hostinfo: the host after the last `@`; a bracketed one loses its brackets, its port follows the `]`
  const hostinfo = netloc.slice(netloc.lastIndexOf('@') + 1);
  const [before, inBrackets] = splitOnce(hostinfo, '[');
  const [hostname, after] = hostinfo.includes('[') ? splitOnce(inBrackets, ']') : splitOnce(hostinfo, ':');
  // _check_bracketed_netloc (a netloc with brackets anywhere): nothing before the `[`, only a port after the `]`
  if (netloc.includes('[')) {
    if (hostinfo.includes('[') && (before !== '' || !(after === '' || after.startsWith(':')))) throw new InvalidMatchSpec(raw, 'Invalid IPv6 URL');
    checkBracketedHost(hostname, raw);
  }
  const port = hostinfo.includes('[') ? splitOnce(after, ':')[1] : after;
  if (port !== '' && !/^[0-9]+$/.test(port)) throw new InvalidMatchSpec(raw, `Port could not be cast to integer value as ${pyRepr(port)}`);
  if (Number(port) > 65535) throw new InvalidMatchSpec(raw, 'Port out of range 0-65535');
  // conda's Url lower-cases the hostname (an IPv6 zone too) and writes it without brackets
  const host = hostname.toLowerCase();
  return { scheme: m[1] ?? '', host: port === '' ? host : `${host}:${Number(port)}`, path: m[3]! };
}

/** Python's str.partition without the separator: what precedes its first occurrence and what follows. */
function splitOnce(s: string, sep: string): [string, string] {
  const at = s.indexOf(sep);
  return at < 0 ? [s, ''] : [s.slice(0, at), s.slice(at + sep.length)];
}

/** urlsplit's _check_bracketed_host: an IPv6 address or an IPvFuture one (`v1.x`), refused as Python refuses. */
function checkBracketedHost(h: string, raw: string): void {
  if (h.startsWith('v')) {
    if (!/^v[a-fA-F0-9]+\.[^]+$/.test(h)) throw new InvalidMatchSpec(raw, 'IPvFuture address is invalid');
  } else if (net.isIPv4(h)) throw new InvalidMatchSpec(raw, 'An IPv4 address cannot be in brackets');
  else if (!net.isIPv6(h)) throw new InvalidMatchSpec(raw, `${pyRepr(h)} does not appear to be an IPv4 or IPv6 address`);
}

/**
 * Python's repr of a str, as an error quotes a port. Control characters and backslashes need no escapes: urlsplit
 * dropped the first, and a port with a backslash is never refused (a URL's bad port makes it a path, and a path's
 * backslashes are slashes).
 */
function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  return `${q}${s.replaceAll(q, `\\${q}`)}${q}`;
}

/** conda's is_url: a lower-case scheme and a URL urlparse can read (a bad port makes it a path). */
function isUrl(spec: string, raw: string): boolean {
  if (!HAS_SCHEME.test(spec)) return false;
  try {
    urlParts(spec, raw);
    return true;
  } catch {
    return false;
  }
}

/** conda's path_to_url(expand(path)), then unquote: the absolute file: URL of a path. */
function pathToUrl(p: string): string {
  // os.path.expandvars: $NAME and ${NAME} that are set; others stay as written
  let s = p.replace(/\$(\w+|\{[^}]*\})/g, (whole, v: string) => process.env[v.startsWith('{') ? v.slice(1, -1) : v] ?? whole);
  // os.path.expanduser: `~` alone or before `/` (`~user` needs the password database: left as written, a
  // relative path then, as conda reads it when the user does not exist). `~` alone cannot be: the spec ends in
  // its package extension, which no $VAR reaches into.
  if (s.startsWith('~/')) s = (process.env.HOME ?? os.homedir()).replace(/\/+$/, '') + s.slice(1);
  // A relative path is relative to conda's working directory, which gocondad does not know: it uses its
  // own (the same when `gocondad sync` runs where `conda env create` would).
  // path_to_url makes every backslash a slash after normpath (so `\..\` is not resolved, and a backslash
  // before a space is gone before Channel's backout would keep it)
  const abs = normpath(s.startsWith('/') ? s : `${process.cwd()}/${s}`).replace(/\\/g, '/');
  // it percent-encodes a path holding a non-ASCII character (its UTF-8 bytes), which unquote then undoes exactly
  // eslint-disable-next-line no-control-regex
  return `file://${/[^\x00-\x7f]/.test(abs) ? abs : unquote(abs)}`;
}

/** posixpath.normpath of an absolute path: `.`, `..` and repeated slashes resolved; exactly two leading slashes stay two. */
function normpath(p: string): string {
  const out: string[] = [];
  for (const c of p.split('/')) {
    // `..` at the root stays at the root
    if (c === '..') out.pop();
    else if (c !== '' && c !== '.') out.push(c);
  }
  return (p.startsWith('//') && !p.startsWith('///') ? '//' : '/') + out.join('/');
}

/** urllib's unquote: each run of %XX is read as UTF-8, a bad byte becoming U+FFFD. */
function unquote(s: string): string {
  return s.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** conda's percent_decode, failing where it fails: a non-ASCII character beside a %XX, bytes that are not UTF-8. */
export function percentDecode(s: string, raw: string): string {
  if (!/%[0-9a-f]{2}/i.test(s)) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    if (c > 0x7f) throw new InvalidMatchSpec(raw, `'ascii' codec can't encode character '${pyEscape(c)}' in position 0: ordinal not in range(128)`);
    if (c === 0x25 && /^[0-9a-f]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c);
  }
  const read = utf8Read(bytes);
  if ('bad' in read) throw new InvalidMatchSpec(raw, `'utf-8' codec can't decode ${read.bad}`);
  return Buffer.from(bytes.slice(0, read.end)).toString('utf8');
}

/** How Python's repr writes a non-ASCII character in an error: \xe9, \u4e2d, \U0001f600. */
function pyEscape(c: number): string {
  const [tag, width] = c < 0x100 ? ['x', 2] : c < 0x10000 ? ['u', 4] : ['U', 8];
  return `\\${tag}${c.toString(16).padStart(width, '0')}`;
}

/**
 * Python's UTF-8 decoder as percent_decode calls it (codecs.utf_8_decode, not final): its complaint about the
 * first bad sequence ("byte 0xff in position 5: invalid start byte"), or how many bytes it decodes: a sequence
 * cut short by the end is left out, not refused (`c%C3` decodes to `c`).
 */
function utf8Read(b: number[]): { bad: string } | { end: number } {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    // (a bad start byte is 80-C1 or F5-FF: two hex digits)
    if (need < 0) return { bad: `byte 0x${c.toString(16)} in position ${i}: invalid start byte` };
    // CPython's decode_utf8 also leaves out a surrogate's first two bytes (ED A0-BF) when they end the input
    if (c === 0xed && i + 2 === b.length && b[i + 1]! >= 0xa0 && b[i + 1]! <= 0xbf) return { end: i };
    // the second byte's range is narrower after E0, ED, F0 and F4 (no overlong forms, surrogates or > U+10FFFF)
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      const n = b[i + k];
      if (n === undefined) return { end: i };
      if (!(k === 1 ? n >= lo && n <= hi : n >= 0x80 && n <= 0xbf))
        return {
          bad:
            k === 1 ? `byte 0x${c.toString(16)} in position ${i}: invalid continuation byte` : `bytes in position ${i}-${i + k - 1}: invalid continuation byte`,
        };
    }
    i += need + 1;
  }
  return { end: b.length };
}

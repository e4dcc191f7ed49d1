// A match spec that is a package URL or file (src/sync/matchspec-url.ts), read as conda reads it: one row
// per rule of conda's URL reading and one step past it, the whole result written out. The last describe
// puts every row to the real conda: each expectation is conda's own answer. conda names a channel under
// its configured aliases by the alias (`conda-forge` for https://conda.anaconda.org/conda-forge); gocondad
// keeps the URL, so for those rows conda's name of our channel is what is compared.
import { tryParseMatchSpec, type MatchSpec } from '../../../src/sync/matchspec';
import { askConda, type OracleSpec } from '../../helpers/conda-oracle';
import { describeWithConda } from '../../helpers/realconda';
import { outcome } from '../../helpers/spec-outcome';

type Want = MatchSpec | { refused: string };
const NO_PACKAGE: MatchSpec = { name: '*', version: null, build: null, channel: null, subdir: null };
const GO_IN_LINUX_64: MatchSpec = { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' };
// conda makes a path absolute against its working directory and expands ~ and $VARS; the oracle runs
// where jest runs, with this HOME
const CWD = process.cwd();
const HOME = process.env.HOME ?? '';

const ROWS: [string, Want][] = [
  // the subdir: the first known one anywhere in the path, in any case; only a file under one is read
  ['https://x/c/linux-64/go-1.22-h1_0.conda', { name: 'go', version: '1.22', build: 'h1_0', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/linux-64/c/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/linux-64/c/d/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c/d', subdir: 'linux-64' }],
  ['https://x/LINUX-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'LINUX-64' }],
  ['https://x/Linux-64/c/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'Linux-64' }],
  ['https://x/noarch/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'noarch' }],
  ['https://x/c/go-1-h.conda', NO_PACKAGE],
  ['https://x/linux-64x/go-1-h.conda', NO_PACKAGE],
  ['https://x/linux-64x/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://xx', subdir: 'linux-64' }],
  ['https://linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://https', subdir: 'linux-64' }],
  // a /t/<token> part: the first is dropped (its characters are letters, digits and '-'), a second one
  // when conda reads the channel again
  ['https://x/t/tk-123/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/t//linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/t/a/t/b/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/t/tk_1/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x_1', subdir: 'linux-64' }],
  ['https://x/t/tk/linux-64/go-1-h.conda?u=/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/t/tk/c/go-1-h.conda?u=/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  // a query: the file is what follows the last '/', so a query before it goes to the channel and one
  // inside it to the build; a URL that does not end in a package extension is a name, refused
  ['https://x/linux-64/go-1-h?x=1.conda', { name: 'go', version: '1', build: 'h?x=1', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h.conda?x=1', { refused: 'package name contains invalid characters (/?)' }],
  ['https://x/linux-64/go-1-h.conda?a=/b-2-c.conda', { name: 'b', version: '2', build: 'c', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/c/go-1-h.conda?a=/linux-64/b-2-c.conda', { name: 'b', version: '2', build: 'c', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h.conda?a=/b-2-c.tar.bz2', { name: 'b', version: '2', build: 'c', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h.conda?a=b/c/b-2-c.conda', { name: 'b', version: '2', build: 'c', channel: 'https://x', subdir: 'linux-64' }],
  // name-version-build: an empty part, too few parts, a bad version; conda's ValueError and IndexError
  ['https://x/linux-64/go-1-.conda', { name: 'go', version: '1', build: '', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/-1-h.conda', { name: '*', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go--h.conda', { refused: 'string index out of range' }],
  ['https://x/linux-64/go-1.conda', { refused: 'not enough values to unpack (expected 3, got 2)' }],
  ['https://x/linux-64/go.conda', { refused: 'not enough values to unpack (expected 3, got 1)' }],
  ['https://x/linux-64/a-b-1-h.conda', { name: 'a-b', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1..2-h.conda', { refused: "Invalid version '1..2': empty version component" }],
  ['https://x/linux-64/go-1.*-h.conda', { name: 'go', version: '1.*', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/Go-1-H.conda', { name: 'go', version: '1', build: 'H', channel: 'https://x', subdir: 'linux-64' }],
  // the extension in any case; another extension after it is no package
  ['https://x/linux-64/go-1-h.CONDA', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h.Tar.Bz2', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h.conda.zip', { refused: 'package name contains invalid characters (/)' }],
  // percent-decoding of the file and of the channel's name: conda's own decoder, which fails on bytes
  // that are not UTF-8 and on a non-ASCII character beside a %XX
  ['https://x/linux-64/go-1-h%5F0.conda', { name: 'go', version: '1', build: 'h_0', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go%2D1-2-h.conda', { name: 'go-1', version: '2', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h%ff.conda', { refused: "'utf-8' codec can't decode byte 0xff in position 6: invalid start byte" }],
  ['https://x/linux-64/go-1-h%C3%28.conda', { refused: "'utf-8' codec can't decode byte 0xc3 in position 6: invalid continuation byte" }],
  ['https://x/linux-64/go-1-h%E2%82%28.conda', { refused: "'utf-8' codec can't decode bytes in position 6-7: invalid continuation byte" }],
  ['https://x/linux-64/go-1-h%C3%A9.conda', { name: 'go', version: '1', build: 'hé', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-é%41.conda', { refused: "'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)" }],
  ['https://x/linux-64/go-1-é.conda', { name: 'go', version: '1', build: 'é', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h%.conda', { name: 'go', version: '1', build: 'h%', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h%4.conda', { name: 'go', version: '1', build: 'h%4', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/c%41/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/cA', subdir: 'linux-64' }],
  ['https://x/c%ff/linux-64/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xff in position 1: invalid start byte" }],
  // conda decodes with codecs.utf_8_decode, not final: a sequence the end cuts short is left out, not refused,
  // as are a surrogate's first two bytes (ED A0-BF) at the end; a bad byte before the end is still refused
  ['https://x/c%C3/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c%C3%A9%C3/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/cé', subdir: 'linux-64' }],
  ['https://x/c%E0%A0/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c%F0%90%80/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c%ED%A0/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c%ED%BF/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c%ED%9F/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c%ED%C0/linux-64/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xed in position 1: invalid continuation byte" }],
  ['https://x/c%ED%A0%80/linux-64/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xed in position 1: invalid continuation byte" }],
  ['https://x/c%E0%80/linux-64/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xe0 in position 1: invalid continuation byte" }],
  ['file:///c/%C3?/go-1-h.conda', NO_PACKAGE],
  // a '^…$' build or name is a regex Python must compile
  [
    'https://x/linux-64/go-1-^h($.conda',
    { refused: "Invalid spec '^h($': Contains an invalid regular expression. 'missing ), unterminated subpattern at position 2'" },
  ],
  ['https://x/linux-64/go-1-^h(.)$.conda', { name: 'go', version: '1', build: '^h(.)$', channel: 'https://x', subdir: 'linux-64' }],
  [
    'https://x/linux-64/^go($-1-h.conda',
    { refused: "Invalid spec '^go($': Contains an invalid regular expression. 'missing ), unterminated subpattern at position 3'" },
  ],
  // only a value that both starts with '^' and ends with '$' is a regex
  ['https://x/linux-64/go-1-^h(.conda', { name: 'go', version: '1', build: '^h(', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h($.conda', { name: 'go', version: '1', build: 'h($', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/^go(-1-h.conda', { name: '^go(', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go($-1-h.conda', { name: 'go($', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  // conda's name is the exact name only: a '*' glob or a '^…$' regex is '*' (after the regex, lower-cased, compiled)
  ['https://x/linux-64/g*-1-h.conda', { name: '*', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/G*-1-h.conda', { name: '*', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/^go$-1-h.conda', { name: '*', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/^$-1-h.conda', { name: '*', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/^GO\\N$-1-h.conda', { name: '*', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/^go-1-h.conda', { name: '^go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go$-1-h.conda', { name: 'go$', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/^GO\\Z$-1-h.conda', { refused: "Invalid spec '^go\\z$': Contains an invalid regular expression. 'bad escape \\z at position 3'" }],
  // a path: made absolute (~, $VAR, ., ..), then a file: URL; a URL urlparse cannot read (an upper-case
  // scheme, a bad port, half an IPv6 bracket) is a relative path to conda
  ['/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file:///c', subdir: 'linux-64' }],
  ['/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://file', subdir: 'linux-64' }],
  ['c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/c`, subdir: 'linux-64' }],
  ['~/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${HOME}/c`, subdir: 'linux-64' }],
  // path_to_url makes a path's backslashes slashes after normpath, one before a space too
  ['/c\\ d/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file:///c/ d', subdir: 'linux-64' }],
  ['/é\\ x/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file:///é/ x', subdir: 'linux-64' }],
  ['/c\\..\\d/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file:///c/../d', subdir: 'linux-64' }],
  ['//h:a\\ b/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as 'a'" }],
  ['$HOME/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${HOME}/c`, subdir: 'linux-64' }],
  ['${HOME}/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${HOME}/c`, subdir: 'linux-64' }],
  ['$GOCONDAD_UNSET_VAR/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/$GOCONDAD_UNSET_VAR`, subdir: 'linux-64' }],
  ['/a/../c/./linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file:///c', subdir: 'linux-64' }],
  ['//h/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file://h', subdir: 'linux-64' }],
  ['///h/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file:///h', subdir: 'linux-64' }],
  ['/c/linux-64/go%41-1-h.conda', { name: 'goa', version: '1', build: 'h', channel: 'file:///c', subdir: 'linux-64' }],
  ['/c/é/linux-64/go%41-1-h.conda', { name: 'goa', version: '1', build: 'h', channel: 'file:///c/é', subdir: 'linux-64' }],
  ['/c/é%41/go-1-h.conda', { refused: "'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)" }],
  ['file:///c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file:///c', subdir: 'linux-64' }],
  ['file:///c\\linux-64\\go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file:///c', subdir: 'linux-64' }],
  ['HTTPS://x/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/HTTPS:/x`, subdir: 'linux-64' }],
  ['https://x:abc/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/https:/x:abc`, subdir: 'linux-64' }],
  ['https://x:70000/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/https:/x:70000`, subdir: 'linux-64' }],
  ['https://[x/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/https:/[x`, subdir: 'linux-64' }],
  // the channel: no user, port as a number, aliases kept as URLs, a '*' makes it a pattern (no channel),
  // `/conda/` stays with the host, the channel read again loses a second subdir and file
  ['https://u:p@X:0081/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x:81/c', subdir: 'linux-64' }],
  [
    'https://conda.anaconda.org/conda-forge/linux-64/go-1-h.conda',
    { name: 'go', version: '1', build: 'h', channel: 'https://conda.anaconda.org/conda-forge', subdir: 'linux-64' },
  ],
  [
    'https://conda.anaconda.org/conda-forge/label/dev/noarch/go-1-h.tar.bz2',
    { name: 'go', version: '1', build: 'h', channel: 'https://conda.anaconda.org/conda-forge/label/dev', subdir: 'noarch' },
  ],
  [
    'https://repo.anaconda.com/pkgs/main/linux-64/go-1-h.conda',
    { name: 'go', version: '1', build: 'h', channel: 'https://repo.anaconda.com/pkgs/main', subdir: 'linux-64' },
  ],
  ['https://x/c*/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: null, subdir: 'linux-64' }],
  ['https://x/conda/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/conda/c', subdir: 'linux-64' }],
  ['https://x/conda/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/conda', subdir: 'linux-64' }],
  ['s3://b/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 's3://b/c', subdir: 'linux-64' }],
  ['https://x/c/linux-64/go-1-h.conda/linux-64/go-2-i.conda', { name: 'go', version: '2', build: 'i', channel: 'https://x/c', subdir: 'linux-64' }],
  // a '*' in the channel: a pattern, its '*' made '.*' and nothing else escaped, compiled by Python; the
  // file name is read before the channel
  [
    'https://x/c(*/linux-64/go-1-h.conda',
    { refused: "Invalid spec 'https://x/c(*': Contains an invalid regular expression. 'missing ), unterminated subpattern at position 1'" },
  ],
  ['https://x/c*/linux-64/go-1.conda', { refused: 'not enough values to unpack (expected 3, got 2)' }],
  [
    'https://x/c*{1}/linux-64/go-1-h.conda',
    { refused: "Invalid spec 'https://x/c*{1}': Contains an invalid regular expression. 'multiple repeat at position 17'" },
  ],
  ['https://x/*c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: null, subdir: 'linux-64' }],
  // a /t/ right after the scheme's slashes is a token too
  ['https://t/abc.conda', NO_PACKAGE],
  ['https://t/linux-64/go-1-h.conda', NO_PACKAGE],
  ['https://x/t/linux-64/go-1-h.conda', NO_PACKAGE],
  // the second reading decodes the channel's name again; there is none for a file outside a subdir
  ['https://x/%2541/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/A', subdir: 'linux-64' }],
  ['https://x/%C3%A9%2541/linux-64/go-1-h.conda', { refused: "'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)" }],
  ['https://x/%C3%A9%2541/go-1-h.conda', NO_PACKAGE],
  // conda's Channel turns `:////` into `://` (so the file's host is `c`), but reads the file: URL of a file
  // outside a subdir back as a path as it was written, percent-decoding all of its path
  ['file:////c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file://c', subdir: 'linux-64' }],
  ['file:////é%41/go-1-h.conda', { refused: "'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)" }],
  // a line break in the query: the query that counts is the one after the last line break
  ['https://x/linux-64/go-1-h.conda?u\n?v/go-1-h.conda', GO_IN_LINUX_64],
  ['https://x/linux-64/go-1-h.conda?u\r\n?v/go-1-h.conda', GO_IN_LINUX_64],
  ['https://x/linux-64/go-1-h.conda?u\r?v/go-1-h.conda', GO_IN_LINUX_64],
  ['https://x/linux-64/go-1-h.conda?\n?/z/go-1-h.conda', GO_IN_LINUX_64],
  // the scheme: a lower-case letter, then at most 11 letters or digits; elsewhere in the string it is a path
  ['abcdefghijkl://x/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'abcdefghijkl://x', subdir: 'linux-64' }],
  ['abcdefghijklm://x/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/abcdefghijklm:/x`, subdir: 'linux-64' }],
  ['x://h/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'x://h', subdir: 'linux-64' }],
  ['3s://x/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/3s:/x`, subdir: 'linux-64' }],
  ['sS://x/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/sS:/x`, subdir: 'linux-64' }],
  ['c/x://h/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/c/x:/h`, subdir: 'linux-64' }],
  // the host: a port of digits up to 65535 (empty: none), quoted as Python's repr quotes it; user info dropped up to the last '@'
  ['https://x:/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://:81/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://:81', subdir: 'linux-64' }],
  ['https://x:65535/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x:65535', subdir: 'linux-64' }],
  ['https://x:65536/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/https:/x:65536`, subdir: 'linux-64' }],
  ['//h:abc/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as 'abc'" }],
  ["//h:a'b/linux-64/go-1-h.conda", { refused: 'Port could not be cast to integer value as "a\'b"' }],
  ['//h:a\'"b/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as 'a\\'\"b'" }],
  ['//h:a"b/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as 'a\"b'" }],
  ['//h:a\\b/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as 'a'" }],
  ['//h:70000/linux-64/go-1-h.conda', { refused: 'Port out of range 0-65535' }],
  ['//h:081/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file://h:81', subdir: 'linux-64' }],
  ['//u@h/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file://h', subdir: 'linux-64' }],
  ['https://u@x@y/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://y', subdir: 'linux-64' }],
  ['//[h/linux-64/go-1-h.conda', { refused: 'Invalid IPv6 URL' }],
  ['//x]/linux-64/go-1-h.conda', { refused: 'Invalid IPv6 URL' }],
  ['https://x]/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/https:/x]`, subdir: 'linux-64' }],
  // a bracketed host: urlsplit checks it is IPv6 or IPvFuture, with nothing before it and only a port after it (or,
  // brackets in the user info, it checks the host after the '@'); conda writes it without brackets, so an IPv6
  // address's colons are a bad port when it reads the channel again
  ['https://[::1]/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as ':1'" }],
  ['https://[::1]:81/c/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as ':1:81'" }],
  ['https://[x]/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/https:/[x]`, subdir: 'linux-64' }],
  ['https://[1.2.3.4]/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/https:/[1.2.3.4]`, subdir: 'linux-64' }],
  ['https://[v1.X]/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://v1.x/c', subdir: 'linux-64' }],
  ['https://[v1]/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/https:/[v1]`, subdir: 'linux-64' }],
  ['//[x]/linux-64/go-1-h.conda', { refused: "'x' does not appear to be an IPv4 or IPv6 address" }],
  ["//[x'y]/linux-64/go-1-h.conda", { refused: '"x\'y" does not appear to be an IPv4 or IPv6 address' }],
  ['//[1.2.3.4]/linux-64/go-1-h.conda', { refused: 'An IPv4 address cannot be in brackets' }],
  ['//[v1]/linux-64/go-1-h.conda', { refused: 'IPvFuture address is invalid' }],
  // IPvFuture: the `v` first, then one or more hex digits, a dot and one or more characters
  ['//[vv1.x]/linux-64/go-1-h.conda', { refused: 'IPvFuture address is invalid' }],
  ['//[v1F.x]/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file://v1f.x', subdir: 'linux-64' }],
  ['//[v1.xy]/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file://v1.xy', subdir: 'linux-64' }],
  ['//[V1.X]/linux-64/go-1-h.conda', { refused: "'V1.X' does not appear to be an IPv4 or IPv6 address" }],
  ['//[v1.X]:81/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file://v1.x:81', subdir: 'linux-64' }],
  ['//[v1.x]:/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file://v1.x', subdir: 'linux-64' }],
  ['//[v1.X]:a/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as 'a'" }],
  ['//[v1.x]:1:2/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as '1:2'" }],
  ['//u@[v1.X]/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file://v1.x', subdir: 'linux-64' }],
  ['//[fe80::1%25ETH0]/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as ':1%eth0'" }],
  ['//[::FFFF:1.2.3.4]/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as ':ffff:1.2.3.4'" }],
  ['//a[v1.x]/linux-64/go-1-h.conda', { refused: 'Invalid IPv6 URL' }],
  ['//[v1.x]b/linux-64/go-1-h.conda', { refused: 'Invalid IPv6 URL' }],
  ['//[v1.X]x:81/linux-64/go-1-h.conda', { refused: 'Invalid IPv6 URL' }],
  ['//[v1.x]]/linux-64/go-1-h.conda', { refused: 'Invalid IPv6 URL' }],
  ['//[[v1.x]/linux-64/go-1-h.conda', { refused: "'[v1.x' does not appear to be an IPv4 or IPv6 address" }],
  ['//[v1.x]@h/linux-64/go-1-h.conda', { refused: "'h' does not appear to be an IPv4 or IPv6 address" }],
  ['//[v1.x]@1.2.3.4/linux-64/go-1-h.conda', { refused: 'An IPv4 address cannot be in brackets' }],
  ['//[v1.x]@/linux-64/go-1-h.conda', { refused: "'' does not appear to be an IPv4 or IPv6 address" }],
  // a path's '..' above the root stays at the root; its %XX are decoded (urllib's unquote: a bad byte becomes U+FFFD)
  ['/../c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file:///c', subdir: 'linux-64' }],
  ['/c/linux-64/go-1-h%ff.conda', { name: 'go', version: '1', build: 'h�', channel: 'file:///c', subdir: 'linux-64' }],
  ['/c/linux-64/go-1-h%4a.conda', { name: 'go', version: '1', build: 'hJ', channel: 'file:///c', subdir: 'linux-64' }],
  ['/c/linux-64/go-1-h%C3%A9.conda', { name: 'go', version: '1', build: 'hé', channel: 'file:///c', subdir: 'linux-64' }],
  // conda's percent_decode: each character beside a %XX must be ASCII (repr's escapes by width), the bytes UTF-8
  ['https://x/linux-64/go-1-\u007f%41.conda', { name: 'go', version: '1', build: 'A', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-\u0080%41.conda', { refused: "'ascii' codec can't encode character '\\x80' in position 0: ordinal not in range(128)" }],
  ['https://x/linux-64/go-1-ÿ%41.conda', { refused: "'ascii' codec can't encode character '\\xff' in position 0: ordinal not in range(128)" }],
  ['https://x/linux-64/go-1-Ā%41.conda', { refused: "'ascii' codec can't encode character '\\u0100' in position 0: ordinal not in range(128)" }],
  ['https://x/linux-64/go-1-\uffff%41.conda', { refused: "'ascii' codec can't encode character '\\uffff' in position 0: ordinal not in range(128)" }],
  ['https://x/linux-64/go-1-𐀀%41.conda', { refused: "'ascii' codec can't encode character '\\U00010000' in position 0: ordinal not in range(128)" }],
  ['https://x/linux-64/go-1-h%7F.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h%80.conda', { refused: "'utf-8' codec can't decode byte 0x80 in position 6: invalid start byte" }],
  ['https://x/linux-64/go-1-h%C1%80.conda', { refused: "'utf-8' codec can't decode byte 0xc1 in position 6: invalid start byte" }],
  ['https://x/linux-64/go-1-h%C2%80.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h%DF%BF.conda', { name: 'go', version: '1', build: 'h߿', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h%E0%80%80.conda', { refused: "'utf-8' codec can't decode byte 0xe0 in position 6: invalid continuation byte" }],
  ['https://x/linux-64/go-1-h%E0%A0%80.conda', { name: 'go', version: '1', build: 'hࠀ', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h%ED%9F%BF.conda', { name: 'go', version: '1', build: 'h퟿', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h%ED%A0%80.conda', { refused: "'utf-8' codec can't decode byte 0xed in position 6: invalid continuation byte" }],
  // at the end of the decoded string (the channel's name): a whole sequence is kept, ED then a byte out of 80-BF refused
  ['https://x/c%C3%A9/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/cé', subdir: 'linux-64' }],
  ['https://x/c%ED%41/linux-64/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xed in position 1: invalid continuation byte" }],
  // a path with exactly two leading slashes keeps both in its file: URL, so a file outside a subdir, read back as
  // a path, is decoded with its first part (whose %25 was unquoted once already)
  ['//c%25ff/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xff in position 3: invalid start byte" }],
  ['https://x/linux-64/go-1-h%EF%BF%BD.conda', { name: 'go', version: '1', build: 'h�', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h%F0%8F%80%80.conda', { refused: "'utf-8' codec can't decode byte 0xf0 in position 6: invalid continuation byte" }],
  ['https://x/linux-64/go-1-h%F0%90%80%80.conda', { name: 'go', version: '1', build: 'h𐀀', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h%F0%90%80%28.conda', { refused: "'utf-8' codec can't decode bytes in position 6-8: invalid continuation byte" }],
  ['https://x/linux-64/go-1-h%F4%8F%BF%BF.conda', { name: 'go', version: '1', build: 'h􏿿', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/linux-64/go-1-h%F4%90%80%80.conda', { refused: "'utf-8' codec can't decode byte 0xf4 in position 6: invalid continuation byte" }],
  ['https://x/linux-64/go-1-h%F5%80.conda', { refused: "'utf-8' codec can't decode byte 0xf5 in position 6: invalid start byte" }],
  // tabs and line breaks dropped; a backslash is a slash in a file: URL only (not before a space); the file:
  // URL of a file outside a subdir is read back without its host and query before decoding; slashes doubled,
  // a token's characters, '/T/' not a token, a package extension before the subdir
  ['https://x/c\td/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/cd', subdir: 'linux-64' }],
  ['https://x/c\\linux-64/go-1-h.conda', NO_PACKAGE],
  ['file:///c\\ d/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file:///c\\ d', subdir: 'linux-64' }],
  ['file://h%ff/go-1-h.conda', NO_PACKAGE],
  ['file:///c/x?%ff/go-1-h.conda', NO_PACKAGE],
  ['https://x/t/AZaz09-/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  ['https://x/T/tk/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/T/tk', subdir: 'linux-64' }],
  ['https://x/c/linux-64//go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c//linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/linux-64/.conda', { refused: 'not enough values to unpack (expected 3, got 1)' }],
  ['https://x/a.conda/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'linux-64' }],
  // the host is never decoded; outside a subdir only a file: URL's path is decoded again (without its host and
  // what follows a '?' or '#'); a decoded '#', '?', '/', '@', ':', '[' or '*' in the channel's name counts when
  // conda reads the channel again; `conda` only as the whole first part, in lower case, stays with the host
  ['https://%ff/go-1-h.conda', NO_PACKAGE],
  ['https://x%ff/go-1-h.conda', NO_PACKAGE],
  ['https://%ff/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://%ff', subdir: 'linux-64' }],
  ['file://%ff/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file://%ff', subdir: 'linux-64' }],
  ['https://x/c%ff/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xff in position 1: invalid start byte" }],
  ['/c/%23%25ff/go-1-h.conda', NO_PACKAGE],
  ['/c/%3F%25ff/go-1-h.conda', NO_PACKAGE],
  ['https://x/c%23d/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c%3Fd/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c%2Fd/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c/d', subdir: 'linux-64' }],
  ['https://x/c%2F/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/%2Fc/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c%40d/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c@d', subdir: 'linux-64' }],
  ['https://x/c%3A81/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c:81', subdir: 'linux-64' }],
  ['https://x/%5Bc/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/[c', subdir: 'linux-64' }],
  ['https:///linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://https', subdir: 'linux-64' }],
  ['https:///c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file:///c', subdir: 'linux-64' }],
  ['https://x/c%2Ft%2Fabc/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c%2Flinux-64/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c%2Fa.conda/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/conda%2Fc/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/conda/c', subdir: 'linux-64' }],
  ['https://x/c%2A/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: null, subdir: 'linux-64' }],
  ['https://x/%09c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/c%0A/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['https://x/%20c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/ c', subdir: 'linux-64' }],
  ['https://x/CONDA/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/CONDA/c', subdir: 'linux-64' }],
  ['https://x//conda/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/conda/c', subdir: 'linux-64' }],
  ['https://x/condax/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/condax', subdir: 'linux-64' }],
  ['https://x/c/conda/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c/conda', subdir: 'linux-64' }],
  ['file:///conda/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file:///conda', subdir: 'linux-64' }],
  ['file:///linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://file', subdir: 'linux-64' }],
  ['file://h/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'file://h/c', subdir: 'linux-64' }],
  ['file:/c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/file:/c`, subdir: 'linux-64' }],
  ['file:c/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: `file://${CWD}/file:c`, subdir: 'linux-64' }],
  // a '#' the path decodes to ends the path; a file outside a subdir decodes all of its path; the channel read
  // again loses its trailing slashes (so a package extension before them counts); a host with an empty path
  // (a query after '/') is https's; a `conda` part moved to the host is not decoded (the error's position)
  ['//h%23x/%25ff/go-1-h.conda', NO_PACKAGE],
  ['file:///c%ff/d/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xff in position 2: invalid start byte" }],
  ['https://x/noarch/a.conda//linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'noarch' }],
  ['https:///?q/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://https', subdir: 'linux-64' }],
  ['https:////?q/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://https', subdir: 'linux-64' }],
  ['https://x/conda/c%ff/linux-64/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xff in position 1: invalid start byte" }],
  ['https://x//conda/c%ff/linux-64/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xff in position 1: invalid start byte" }],
  ['https://x/conda%ff/linux-64/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xff in position 5: invalid start byte" }],
  ['https://x/c/conda%ff/linux-64/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xff in position 7: invalid start byte" }],
  // more slashes: all trailing ones go at the second reading and before a query, all leading ones of the name
  // before decoding and after; a port is digits from end to end; no %XX at all: nothing is decoded
  ['https://x/noarch/a.conda///linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x', subdir: 'noarch' }],
  ['file:///c/%ff/?q/linux-64/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte" }],
  ['https://x//c%ff/linux-64/go-1-h.conda', { refused: "'utf-8' codec can't decode byte 0xff in position 1: invalid start byte" }],
  ['https://x/%2F%2Fc/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/c', subdir: 'linux-64' }],
  ['//h:a1/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as 'a1'" }],
  ['//h:1a/linux-64/go-1-h.conda', { refused: "Port could not be cast to integer value as '1a'" }],
  ['https://x/linux-64/go-1-é%4.conda', { name: 'go', version: '1', build: 'é%4', channel: 'https://x', subdir: 'linux-64' }],
  // the channel pattern is the channel as written after its name's slashes are all trimmed
  [
    'https://x/%2F%2Fc*(/linux-64/go-1-h.conda',
    { refused: "Invalid spec 'https://x/c*(': Contains an invalid regular expression. 'missing ), unterminated subpattern at position 1'" },
  ],
  // a channel without a subdir: nothing is cut from it (not a `/null`)
  ['https://x/null/linux-64/go-1-h.conda', { name: 'go', version: '1', build: 'h', channel: 'https://x/null', subdir: 'linux-64' }],
  // a third byte out of 80-BF; a channel pattern's name loses all its decoded trailing slashes
  ['https://x/linux-64/go-1-h%E2%82%C0.conda', { refused: "'utf-8' codec can't decode bytes in position 6-7: invalid continuation byte" }],
  [
    'https://x/c*(%2F%2F/linux-64/go-1-h.conda',
    { refused: "Invalid spec 'https://x/c*(': Contains an invalid regular expression. 'missing ), unterminated subpattern at position 1'" },
  ],
];

// expanduser strips all of HOME's trailing slashes, so a HOME of slashes alone leaves no `//` (a UNC-like host)
const HOME_SPEC = '~/c/linux-64/go-1-h.conda';
const HOME_ROWS: [string, Want][] = [
  ['//', { name: 'go', version: '1', build: 'h', channel: 'file:///c', subdir: 'linux-64' }],
  ['/h//', { name: 'go', version: '1', build: 'h', channel: 'file:///h/c', subdir: 'linux-64' }],
];

describe('parseMatchSpec: a package URL or file', () => {
  test.each(ROWS)('%j', (spec, want) => {
    expect(outcome(spec)).toEqual(want);
    expect(tryParseMatchSpec(spec)).toEqual('refused' in want ? null : want);
  });

  test.each(HOME_ROWS)('~ with HOME %j', (home, want) => {
    expect(withHome(home, () => outcome(HOME_SPEC))).toEqual(want);
  });
});

function withHome<T>(home: string, fn: () => T): T {
  const saved = process.env.HOME;
  process.env.HOME = home;
  try {
    return fn();
  } finally {
    process.env.HOME = saved;
  }
}

describeWithConda('the rows are the real conda’s answers', (conda) => {
  let answers: OracleSpec[];
  beforeAll(() => {
    // our channel goes along, for conda's name of it
    answers = askConda(conda, { specs: ROWS.map(([spec, want]) => ({ spec, channel: 'channel' in want ? want.channel : null })) }).specs;
  });

  /** conda's answer in a row's shape; its message repeats "Invalid spec '…': " before the reason. */
  function asRow(spec: string, want: Want, a: OracleSpec): Want {
    if (!a.ok) {
      const prefix = `Invalid spec '${spec}': `;
      let reason = a.message!;
      while (reason.startsWith(prefix)) reason = reason.slice(prefix.length);
      return { refused: reason };
    }
    // conda's channel is ours, or conda's name of ours (an alias)
    const ours = 'channel' in want ? want.channel : undefined;
    const channel = a.channel === ours || (a.channel !== null && a.channel === a.oursCanonical) ? ours! : a.channel!;
    return { name: a.name!, version: a.version!, build: a.build!, channel, subdir: a.subdir! };
  }

  test('~ under other HOMEs', () => {
    // the oracle runs with the HOME of the moment
    const got = HOME_ROWS.map(([home, want]) => {
      const a = withHome(home, () => askConda(conda, { specs: [{ spec: HOME_SPEC, channel: 'channel' in want ? want.channel : null }] }).specs[0]!);
      return [home, asRow(HOME_SPEC, want, a)];
    });
    expect(got).toEqual(HOME_ROWS);
  });

  test('every row', () => {
    expect(ROWS.map(([spec, want], i) => [spec, asRow(spec, want, answers[i]!)])).toEqual(ROWS);
    // the alias rows are compared through conda's name: it is not the URL
    expect(answers.filter((a) => a.ok && typeof a.channel === 'string' && !a.channel.includes('://')).map((a) => a.channel)).toEqual([
      'conda-forge',
      'conda-forge/label/dev',
      'defaults',
    ]);
  });
});

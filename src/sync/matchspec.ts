// The part of conda's MatchSpec string syntax that environment.yml and pixi.toml dependencies use:
// [channel[/subdir]::]name[ version[ build]] | name=version[=build] | name<op>version[,...] | name[version='...'].
// The version part is then handed to rattler (condaver.ts) as a version spec; rattler's JS binding has
// no MatchSpec, so only the name/version/build split is done here.

export interface MatchSpec {
  name: string;
  /** Version spec as conda reads it ("1.5.*", ">=4.8,<4.9"); null: any version. */
  version: string | null;
  build: string | null;
  channel: string | null;
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*/;

/** null when the string has no package name (the caller reports it with file and line). */
export function parseMatchSpec(raw: string): MatchSpec | null {
  let s = raw.trim();
  let channel: string | null = null;
  const colons = s.indexOf('::');
  if (colons >= 0) {
    channel = s.slice(0, colons);
    s = s.slice(colons + 2);
  }
  const bracket = /\[(.*)\]\s*$/.exec(s);
  const keyed: Record<string, string> = {};
  if (bracket) {
    for (const m of bracket[1]!.matchAll(/(\w+)\s*=\s*(?:'([^']*)'|"([^"]*)"|([^,\s]+))/g)) keyed[m[1]!] = m[2] ?? m[3] ?? m[4] ?? '';
    s = s.slice(0, bracket.index).trim();
  }
  const name = NAME.exec(s);
  if (!name) return null;
  let rest = s.slice(name[0].length).trim();
  let version: string | null = null;
  let build: string | null = null;
  if (/^=[^=]/.test(rest)) {
    // name=1.5 is conda's fuzzy "1.5.*"; name=1.5.2=h123 pins version and build.
    const [v, b] = rest.slice(1).split('=');
    version = b !== undefined ? `==${v}` : `=${v}`;
    build = b ?? null;
  } else if (rest !== '') {
    const parts = rest.split(/\s+/);
    const last = parts[parts.length - 1]!;
    if (parts.length >= 2 && !/^[<>=!~,]/.test(last) && !/[,|]$/.test(parts[parts.length - 2]!)) {
      build = last;
      rest = parts.slice(0, -1).join('');
    } else rest = parts.join('');
    version = rest;
  }
  if (keyed.version) version = keyed.version;
  if (keyed.build) build = keyed.build;
  return { name: name[0].toLowerCase(), version: version === '*' ? null : version, build, channel };
}

/** How an environment.yml line would spell a package with a version spec ("libgit2 1.5.*", "zstd >=1.5"). */
export function formatMatchSpec(name: string, version: string | null): string {
  return version ? `${name} ${version}` : name;
}

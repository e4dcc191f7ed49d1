// Go's own version order (golang.org/x/mod's gover): "1.21" (the language version) < "1.21rc1" <
// "1.21.0" < "1.21.1". Used to weigh a go line against the go lines of the modules it requires.
const GO = /^(\d+)\.(\d+)(?:\.(\d+)|(rc|beta)(\d+))?$/;

export function parseGoVersion(v: string): number[] | null {
  const m = GO.exec(v.replace(/^go/, ''));
  if (!m) return null;
  // kind: 0 the bare language version, 1 beta, 2 rc, 3 a release (1.21.0 and up)
  const kind = m[3] !== undefined ? 3 : m[4] === 'beta' ? 1 : m[4] === 'rc' ? 2 : Number(m[1]) === 1 && Number(m[2]) < 21 ? 3 : 0;
  return [Number(m[1]), Number(m[2]), kind, Number(m[3] ?? m[5] ?? 0)];
}

/** <0, 0, >0 like a comparator; an unparsable version sorts first. */
export function compareGo(a: string, b: string): number {
  const x = parseGoVersion(a);
  const y = parseGoVersion(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  for (const [i, n] of x.entries()) if (n !== y[i]) return n - y[i]!;
  return 0;
}

// Which packages the project's own .go files import: a rule can couple a module only when one of its
// packages is used (gopacket/pcap, not the rest of gopacket). Vendor, testdata, hidden dirs and nested
// modules are skipped.
import * as fs from 'node:fs';
import * as path from 'node:path';

const MAX_FILES = 5000;

export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^\s*import\s*(?:\(([^)]*)\)|(?:[\w.]+\s+)?"([^"]+)")/gm)) {
    if (m[2]) out.push(m[2]);
    else for (const q of m[1]!.matchAll(/"([^"]+)"/g)) out.push(q[1]!);
  }
  return out;
}

/** null when the tree is too big to scan or holds no .go file (the caller then treats package conditions as met). */
export function projectImports(dir: string): Set<string> | null {
  const found = new Set<string>();
  let files = 0;
  const walk = (d: string): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return true;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (e.name === 'vendor' || e.name === 'testdata' || e.name.startsWith('.') || e.name.startsWith('_')) continue;
        // A directory with its own go.mod is another module, built with its own requirements.
        if (fs.existsSync(path.join(d, e.name, 'go.mod'))) continue;
        if (!walk(path.join(d, e.name))) return false;
      } else if (e.isFile() && e.name.endsWith('.go')) {
        if (++files > MAX_FILES) return false;
        try {
          for (const i of importsOf(fs.readFileSync(path.join(d, e.name), 'utf8'))) found.add(i);
        } catch {
          /* unreadable file: skip */
        }
      }
    }
    return true;
  };
  // No .go file at all (a go.mod checked out alone): nothing is known, so no coupling is ruled out.
  return walk(dir) && files > 0 ? found : null;
}

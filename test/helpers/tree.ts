// A directory tree as the bundle tests compare it, and files written into one.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** How a file (or symlink) is listed: by default its path and text. */
export type Leaf = (rel: string, st: fs.Stats, full: string) => string;
const withText: Leaf = (rel, _st, full) => `${rel}=${fs.readFileSync(full, 'utf8')}`;

/** Every path under `root`, sorted, dirs with a trailing slash, each other entry as `leaf` lists it. */
export function tree(root: string, leaf: Leaf = withText): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
      const r = path.join(rel, name);
      const st = fs.lstatSync(path.join(root, r));
      if (st.isDirectory()) {
        out.push(`${r}/`);
        walk(r);
      } else out.push(leaf(r, st, path.join(root, r)));
    }
  };
  walk('');
  return out;
}

/** Writes each file (relative to `root`) with its text, making its dirs. */
export function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

// A directory tree as the bundle tests compare it, and files written into one.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every path under `root` with its kind and, for files, its text: the whole tree, sorted. */
export function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
      const r = path.join(rel, name);
      const st = fs.lstatSync(path.join(root, r));
      if (st.isDirectory()) {
        out.push(`${r}/`);
        walk(r);
      } else out.push(`${r}=${fs.readFileSync(path.join(root, r), 'utf8')}`);
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

// Every file and directory under some roots, as comparable lines: path, type, mode, content hash (or a
// symlink's target). Two listings are equal only if nothing was added, removed, changed or chmodded.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function listing(roots: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isSymbolicLink()) out.push(`${p} link ${fs.readlinkSync(p)}`);
    else if (st.isDirectory()) {
      out.push(`${p} dir ${mode}`);
      for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    } else if (st.isFile()) out.push(`${p} file ${mode} ${crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`);
    else out.push(`${p} other ${mode}`);
  };
  for (const r of roots) if (fs.existsSync(r)) walk(r);
  return out;
}

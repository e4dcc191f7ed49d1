// The position a journal reader should report for `file` read up to `offset`: its inode number and, where
// the file system records one, its birth time in ns (0 means it records none).
import * as fs from 'node:fs';

export function positionOf(file: string, offset: number): { ino: number; offset: number; born?: string } {
  const st = fs.statSync(file, { bigint: true });
  return st.birthtimeNs === 0n ? { ino: Number(st.ino), offset } : { ino: Number(st.ino), offset, born: String(st.birthtimeNs) };
}

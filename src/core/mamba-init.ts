// micromamba's root prefix as `micromamba shell init` records it in a user's shell rc files. Pure parsing;
// discovery.ts reads the files. micromamba 2.x writes, between `# >>> mamba initialize >>>` and
// `# <<< mamba initialize <<<` (verified with micromamba 2.2.0's `shell init -s bash|zsh|fish`):
//   bash/zsh:  export MAMBA_ROOT_PREFIX='/root/prefix';
//   fish:      set -gx MAMBA_ROOT_PREFIX "/root/prefix"
// micromamba 1.x wrote `export MAMBA_ROOT_PREFIX="/root/prefix";` and xonsh's block `$MAMBA_ROOT_PREFIX = "…"`.
import * as path from 'node:path';

/** The rc files `micromamba shell init` writes, relative to HOME. */
export const MAMBA_INIT_FILES = ['.bashrc', '.bash_profile', '.zshrc', '.profile', path.join('.config', 'fish', 'config.fish'), '.xonshrc'];

const BEGIN = '# >>> mamba initialize >>>';
const END = '# <<< mamba initialize <<<';
const ROOT_LINE =
  /^\s*(?:export\s+MAMBA_ROOT_PREFIX=|set\s+-gx\s+MAMBA_ROOT_PREFIX\s+|\$MAMBA_ROOT_PREFIX\s*=\s*)(?:'([^']*)'|"([^"$`\\]*)"|([^\s'";$`\\]+))\s*;?\s*$/;

/** The root prefixes named inside mamba's init blocks of one rc file (absolute paths only). */
export function mambaInitRoots(text: string): string[] {
  const out: string[] = [];
  let inside = false;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === BEGIN) inside = true;
    else if (t === END) inside = false;
    else if (inside) {
      const m = ROOT_LINE.exec(line);
      const value = m ? (m[1] ?? m[2] ?? m[3])! : null;
      if (value && path.isAbsolute(value)) out.push(path.resolve(value));
    }
  }
  return out;
}

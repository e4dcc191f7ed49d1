// Text and JSON renderings of a sync run (pure).
import type { Finding } from './checker';
import type { ChangedSide } from './state';
import type { ModcacheReport } from './modcache';
import { TOOLCHAIN_MODULE } from './rules';
import type { Severity } from '../core/vocabulary';

/** How the CLI paints a report for a terminal (cli/style.ts); the words alone by default (pipes, tests). */
export interface Paint {
  head(severity: Severity): string;
  ok(words: string): string;
  bad(words: string): string;
}
export const PLAIN_PAINT: Paint = { head: (s) => (s === 'problem' ? 'PROBLEM' : 'warning'), ok: (w) => w, bad: (w) => w };

export interface AnnotatedFinding extends Finding {
  changed: ChangedSide;
  /** which side to change to restore agreement: the one that did not move */
  propose: 'conda' | 'go' | null;
  was?: { go: string; conda: string | null };
}

export interface SyncReport {
  dir: string;
  gomod: string;
  conda: { kind: string; file: string };
  tags: string[];
  pairs: { key: string; module: string; goVersion: string; condaPkg: string; condaFact: string | null; want: string | null }[];
  findings: AnnotatedFinding[];
  ok: boolean;
  modcache: ModcacheReport | null;
  regenerate: string | null;
  written: string[];
  todo: string[];
  stateSaved: boolean;
}

/** A finding's pair in words, for lines that stand alone ("to do: …"): its key reads "go -> go". */
export function pairLabel(f: Pick<Finding, 'module' | 'condaPkg'>): string {
  return f.module === TOOLCHAIN_MODULE ? `go.mod's go line and conda's ${f.condaPkg}` : `${f.module} and conda's ${f.condaPkg}`;
}

/**
 * What \`--write\` (auto) would change, said as the file it edits: "sync the conda side" under "the conda
 * side changed" read as a contradiction when only that side can mend the finding (missing, loose).
 */
function mendNote(f: AnnotatedFinding): string {
  if (f.propose === 'go') return '; `--write` mends go.mod to match';
  if (f.propose !== 'conda') return '';
  if (f.changed === 'conda') return `; a ${f.kind} finding is mended on the conda side only, which \`--write\` does`;
  return '; `--write` mends the conda side to match';
}

export function renderText(r: SyncReport, paint: Paint = PLAIN_PAINT): string {
  const out: string[] = [];
  out.push(`go.mod: ${r.gomod}`);
  out.push(`conda:  ${r.conda.file} (${r.conda.kind})${r.tags.length ? `   build tags: ${r.tags.join(' ')}` : ''}`);
  if (r.pairs.length === 0) out.push('no module of this go.mod is coupled to a conda package');
  for (const f of r.findings) {
    out.push('');
    out.push(`${paint.head(f.severity)} ${f.kind}: ${f.message}`);
    out.push(`    go.mod${f.goLine ? `:${f.goLine}` : ''}: ${f.module} ${f.goVersion}`);
    out.push(
      `    ${f.condaFile}${f.condaLine ? `:${f.condaLine}` : ''}: ${f.condaPkg} ${f.condaVersion ?? f.condaSpec ?? (f.kind === 'missing' ? '(absent)' : '(any version)')}`,
    );
    if (f.changed !== 'unknown' && f.was) {
      const moved =
        f.changed === 'both'
          ? 'both sides changed'
          : `${f.changed === 'go' ? 'go.mod' : 'the conda side'} changed (was ${f.changed === 'go' ? f.was.go : (f.was.conda ?? 'absent')})`;
      out.push(`    since the last sync: ${moved}${mendNote(f)}`);
    }
    if (f.fix.conda) out.push(`    fix conda side: ${f.fix.conda}`);
    if (f.fix.go) out.push(`    fix Go side:    ${f.fix.go}`);
    if (f.note) out.push(`    why: ${f.note}`);
  }
  if (r.modcache) {
    out.push('');
    out.push(
      r.modcache.missing.length === 0
        ? r.modcache.present === 0
          ? 'module cache: the module requires no other modules (offline builds work)'
          : `module cache: all ${r.modcache.present} required module${r.modcache.present === 1 ? ' is' : 's are'} in ${r.modcache.dir} (offline builds work)`
        : `module cache: ${r.modcache.missing.length} of ${r.modcache.missing.length + r.modcache.present} required modules missing from ${r.modcache.dir} (run \`go mod download\` while online): ${r.modcache.missing
            .slice(0, 5)
            .map((m) => `${m.path}@${m.version}`)
            .join(', ')}${r.modcache.missing.length > 5 ? ', …' : ''}`,
    );
  }
  for (const w of r.written) out.push(`wrote ${w}`);
  for (const t of r.todo) out.push(`to do: ${t}`);
  out.push('');
  const problems = r.findings.filter((f) => f.severity === 'problem').length;
  const warnings = r.findings.length - problems;
  out.push(
    r.ok
      ? paint.ok(
          `in sync (${r.pairs.length} coupled pair${r.pairs.length === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''})`,
        )
      : paint.bad(`out of sync: ${problems} problem${problems === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`),
  );
  return `${out.join('\n')}\n`;
}

// The journal record written once: the shim's printf is generated from SHIM_RECORD_FIELDS and read back
// by parseShimRecord, in real shells, with hostile values; shell/gocondad.sh holds no field of its own.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJournal } from '../../../src/core/journal';
import { JOURNAL_RECORD_VERSION, journalPrintf, NewerRecordError, parseShimRecord, RecordError, SHIM_RECORD_FIELDS } from '../../../src/core/shim-record';
import { shimLogic } from '../../../src/shell/posix';
import { HOSTILE_VALUES } from '../../helpers/hostile';
import { POSIX_SHELLS, requireReal } from '../../helpers/world';

const REPO = path.join(__dirname, '..', '..', '..');
const good = { v: JOURNAL_RECORD_VERSION, ev: 'activate', pid: '42', lvl: '2', prefix: '/e' };

describe('parseShimRecord', () => {
  test('types the fields every record has and keeps the others as written, absent when not written', () => {
    expect(parseShimRecord({ ...good, goroot: '/g', reexp: '', t: '1.5' })).toEqual({
      ev: 'activate',
      pid: 42,
      lvl: 2,
      prefix: '/e',
      goroot: '/g',
      reexp: '',
      t: '1.5',
    });
    expect(parseShimRecord({ ...good, future: 'x' })).not.toHaveProperty('future');
  });
  test('a version other than this one is refused, a newer one saying so', () => {
    expect(() => parseShimRecord({ ...good, v: String(Number(JOURNAL_RECORD_VERSION) + 1) })).toThrow(NewerRecordError);
    expect(() => parseShimRecord({ ...good, v: String(Number(JOURNAL_RECORD_VERSION) + 1) })).toThrow(/journal version \d+ from a newer gocondad/);
    for (const v of ['0', '', 'x', undefined]) {
      const bad = { ...good, v } as Record<string, string>;
      if (v === undefined) delete bad.v;
      expect(() => parseShimRecord(bad)).toThrow(RecordError);
      expect(() => parseShimRecord(bad)).not.toThrow(NewerRecordError);
      expect(() => parseShimRecord(bad)).toThrow(new RegExp(`journal version .*reads ${JOURNAL_RECORD_VERSION}`));
    }
  });
  test('events, numbers and prefixes that are none are refused', () => {
    expect(() => parseShimRecord({ ...good, ev: 'explode' })).toThrow(/unknown event "explode"/);
    expect(() => parseShimRecord({ ...good, pid: '-1' })).toThrow(/field pid="-1" is not a whole number/);
    expect(() => parseShimRecord({ ...good, lvl: '' })).toThrow(/field lvl/);
    expect(() => parseShimRecord({ ...good, prefix: 'rel' })).toThrow(/not an absolute path/);
  });
});

describe('the shim writes the fields the reader reads', () => {
  beforeAll(() => requireReal());

  test('shell/gocondad.sh spells no record of its own: its one printf of a record is the generated one', () => {
    const template = fs.readFileSync(path.join(REPO, 'shell', 'gocondad.sh'), 'utf8');
    expect(template).not.toMatch(/gcd1|\\001end|v=%s|v=1/);
    for (const kind of ['activate', 'deactivate'] as const) {
      const logic = shimLogic(kind);
      expect(logic.split(journalPrintf()).length - 1).toBe(1);
      expect(logic).not.toContain('@JOURNAL_PRINTF@');
    }
  });

  // Each field's shell variable holds a hostile value of its own (pid, lvl and prefix: what the reader
  // requires); what the shell printed must parse back to exactly those values, under every field name.
  test.each(POSIX_SHELLS)('%s: every field comes back under its name, byte for byte', (shell) => {
    const values: Record<string, string> = {};
    const env: Record<string, string> = { PATH: '/usr/bin:/bin' };
    const args: string[] = [];
    SHIM_RECORD_FIELDS.forEach((f, i) => {
      const v =
        f.name === 'ev'
          ? 'skip'
          : f.name === 'pid'
            ? '4242'
            : f.name === 'lvl'
              ? '3'
              : f.name === 'prefix'
                ? `/p ${HOSTILE_VALUES[i]}`
                : HOSTILE_VALUES[i % HOSTILE_VALUES.length]!;
      values[f.name] = v;
      const positional = /^\$(\d)$/.exec(f.shell);
      if (positional) args[Number(positional[1]) - 1] = v;
      else env[/^\$\{?(\w+)/.exec(f.shell)![1]!] = v;
    });
    const script = `emit() {\n${journalPrintf()}\n}\nemit "$@"`;
    const r = spawnSync(shell, ['-c', script, 'sh', ...args], { env, maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.stderr.toString()).toBe('');
    const parsed = parseJournal(r.stdout, true);
    expect(parsed.garbage).toEqual([]);
    expect(parsed.records).toHaveLength(1);
    const raw = parsed.records[0]!;
    expect(Object.keys(raw)).toEqual(['v', ...SHIM_RECORD_FIELDS.map((f) => f.name)]);
    // bash's EPOCHREALTIME is the shell's clock, whatever the environment says.
    const expected = { v: JOURNAL_RECORD_VERSION, ...values, ...(shell === 'bash' ? { t: raw.t } : {}) };
    expect(raw).toEqual(expected);
    if (shell === 'bash') expect(raw.t).toMatch(/^\d+[.,]\d+$/);
    const rec = parseShimRecord(raw);
    expect(rec).toMatchObject({ ev: 'skip', pid: 4242, lvl: 3, prefix: values.prefix });
  });
});

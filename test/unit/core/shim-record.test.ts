// The journal record written once: the shim's printf is generated from SHIM_RECORD_FIELDS and read back
// by parseShimRecord, in real shells, with hostile values; shell/gocondad.sh holds no field of its own.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJournal } from '../../../src/core/journal';
import {
  JOURNAL_RECORD_VERSION,
  journalPrintf,
  NewerRecordError,
  parseShimRecord,
  printfLiteral,
  RecordError,
  SHIM_RECORD_FIELDS,
} from '../../../src/core/shim-record';
import { shimLogic } from '../../../src/shell/posix';
import { HOSTILE_VALUES } from '../../helpers/hostile';
import { POSIX_SHELLS, requireReal } from '../../helpers/world';
import { VERSION } from '../../../src/pkg';

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

describe('the record, said exactly', () => {
  test('the generated printf, whole (golden: the format string, then the arguments six to a line)', () => {
    expect(journalPrintf()).toBe(
      [
        "printf '\\001gcd1\\000v=1\\000ev=%s\\000pid=%s\\000sh=%s\\000lvl=%s\\000prefix=%s\\000env=%s\\000plan=%s\\000goroot=%s\\000why=%s\\000had_goroot=%s\\000goroot0=%s\\000path0=%s\\000stale=%s\\000goos0=%s\\000goarch0=%s\\000goos=%s\\000goarch=%s\\000leaked=%s\\000reexp=%s\\000alias=%s\\000t=%s\\000\\001end\\000\\n' \\",
        '      "$1" "${__gcd_pid:-$$}" "${__gcd_shname:-${ZSH_VERSION:+zsh}${BASH_VERSION:+bash}}" "$__gcd_lvl" "$__gcd_prefix" "${CONDA_DEFAULT_ENV-}" \\',
        '      "$__gcd_p_id" "$__gcd_p_goroot" "$2" "$__gcd_had_goroot" "$__gcd_goroot0" "$__gcd_path0" \\',
        '      "$__gcd_stale" "${__gcd_goos0-}" "${__gcd_goarch0-}" "${__gcd_p_goos-}" "${__gcd_p_goarch-}" "${__gcd_leaked-}" \\',
        '      "${__gcd_reexp-}" "${__gcd_p_alias-}" "${EPOCHREALTIME-}"',
      ].join('\n'),
    );
  });

  const error = (raw: Record<string, string | undefined>) => {
    try {
      parseShimRecord(raw as Record<string, string>);
    } catch (err) {
      return [(err as Error).constructor.name, (err as Error).message];
    }
    return null;
  };
  const older = (v: string) => `record of journal version ${v}; this daemon reads 1 — run \`gocondad shims install --all\` after upgrading`;

  test.each([
    [
      { ...good, v: '2' },
      [
        'NewerRecordError',
        `record of journal version 2 from a newer gocondad's shims; this daemon (gocondad ${VERSION}) reads 1: upgrade gocondad, or rewrite that env's shims with this version (gocondad shims install PREFIX)`,
      ],
    ],
    [{ ...good, v: '10' }, ['NewerRecordError', expect.stringMatching(/^record of journal version 10 from a newer/)]],
    [{ ...good, v: '0' }, ['RecordError', older('"0"')]],
    [{ ...good, v: ' 2' }, ['RecordError', older('" 2"')]],
    [{ ...good, v: '2 ' }, ['RecordError', older('"2 "')]],
    [{ ...good, v: undefined }, ['RecordError', older('undefined')]],
    [{ ...good, ev: undefined }, ['RecordError', 'unknown event undefined']],
    [{ ...good, ev: 'Activate' }, ['RecordError', 'unknown event "Activate"']],
    [{ ...good, pid: undefined }, ['RecordError', 'field pid=undefined is not a whole number']],
    [{ ...good, pid: ' 12' }, ['RecordError', 'field pid=" 12" is not a whole number']],
    [{ ...good, pid: '12 ' }, ['RecordError', 'field pid="12 " is not a whole number']],
    [{ ...good, lvl: '1.5' }, ['RecordError', 'field lvl="1.5" is not a whole number']],
    [{ ...good, prefix: undefined }, ['RecordError', 'prefix "" is not an absolute path']],
    [{ ...good, prefix: 'rel/p' }, ['RecordError', 'prefix "rel/p" is not an absolute path']],
  ])('%j', (raw, said) => expect(error(raw)).toEqual(said));

  test('every event, pid and lvl 0, and only the fields written', () => {
    for (const ev of ['activate', 'deactivate', 'skip'])
      expect(parseShimRecord({ ...good, ev, pid: '0', lvl: '0' })).toEqual({ ev, pid: 0, lvl: 0, prefix: '/e' });
    expect(NewerRecordError.prototype).toBeInstanceOf(RecordError);
  });
});

describe('the edges of the record reader and of the printf format', () => {
  test('a version spelled with a leading zero is not newer: it is refused as another version', () => {
    const v = `0${JOURNAL_RECORD_VERSION}`;
    expect(() => parseShimRecord({ ...good, v })).toThrow(RecordError);
    expect(() => parseShimRecord({ ...good, v })).not.toThrow(NewerRecordError);
  });
  test('a field not written is absent, not present as undefined', () => {
    expect(Object.keys(parseShimRecord({ ...good, goroot: '/g' }))).toEqual(['ev', 'pid', 'lvl', 'prefix', 'goroot']);
  });
  // The field names are fixed today, but printfLiteral is the one place a format is quoted: each byte that
  // printf or the shell treats specially must come out of a real printf exactly as given.
  test.each([
    ['percent', 'a%sb%', 'a%%sb%%'],
    ['backslash', 'a\\nb\\', 'a\\\\nb\\\\'],
    ['single quote', "it's", "it'\\''s"],
    ['newline', 'a\nb', 'a\\nb'],
    ['control bytes', '\x01\x1f\t', '\\001\\037\\011'],
    ['space and printable ASCII are kept', ' ~!', ' ~!'],
    ['non-ASCII is kept', 'é€', 'é€'],
  ])('printfLiteral: %s', (_name, text, literal) => {
    expect(printfLiteral(text)).toBe(literal);
    for (const sh of ['dash', 'bash']) {
      const r = spawnSync(sh, ['-c', `printf '${literal}'`], { encoding: 'utf8' });
      expect([sh, r.stdout]).toEqual([sh, text]);
    }
  });
});

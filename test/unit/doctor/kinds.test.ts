// `doctor --kind` takes FINDING_KINDS (the type of Finding.kind, so every check's kind is in it), and each
// kind has its conda doctor check in one table (kindTable, printed by `doctor --json` for the conda plugin;
// the plugin's reading of it: test/integration/plugin-kinds.test.ts).
import { CONDA_CHECKS, FINDING_KINDS, kindTable } from '../../../src/doctor/kinds';

test('no kind is listed twice', () => {
  expect(new Set(FINDING_KINDS).size).toBe(FINDING_KINDS.length);
});

test('the table has every kind once, ordered by conda check as CONDA_CHECKS is, kinds of no check last', () => {
  const table = kindTable();
  expect(Object.keys(table).sort()).toEqual([...FINDING_KINDS].sort());
  const order = Object.values(table).map((row) => (row.check === null ? Infinity : Object.keys(CONDA_CHECKS).indexOf(row.check)));
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(order[0]).toBe(0);
});

test("each row carries its check's own summary and fix; a kind of no check has neither", () => {
  for (const row of Object.values(kindTable())) {
    if (row.check === null) expect(row).toEqual({ check: null, summary: null, fix: null });
    else expect(row).toEqual({ check: row.check, ...CONDA_CHECKS[row.check] });
  }
});

test('every conda check has a kind (none is registered that can never report)', () => {
  const used = new Set(Object.values(kindTable()).map((row) => row.check));
  expect(Object.keys(CONDA_CHECKS).filter((c) => !used.has(c as keyof typeof CONDA_CHECKS))).toEqual([]);
});

// `doctor --kind` takes FINDING_KINDS (the type of Finding.kind, so every check's kind is in it). The
// conda plugin asks for kinds by name: each one it names must be one doctor can report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FINDING_KINDS } from '../../../src/doctor/kinds';

test('every kind the conda plugin’s health checks name is a kind doctor reports', () => {
  const py = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'python-shim', 'gocondad_conda', 'doctor.py'), 'utf8');
  const checks = /^CHECKS = \{\n([\s\S]*?)\n\}/m.exec(py)![1]!;
  const named = [...checks.matchAll(/\(("[a-z-]+"(?:,\s*"[a-z-]+")*,?)\)/g)].flatMap((m) => [...m[1]!.matchAll(/"([a-z-]+)"/g)].map((k) => k[1]!));
  expect(named.length).toBeGreaterThan(10);
  expect(named.filter((k) => !(FINDING_KINDS as readonly string[]).includes(k))).toEqual([]);
});

test('no kind is listed twice', () => {
  expect(new Set(FINDING_KINDS).size).toBe(FINDING_KINDS.length);
});

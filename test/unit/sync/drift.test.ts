// The daemon's drift judgement (pure parts; the hook runs in test/integration/sync.test.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CheckResult, Finding } from '../../../src/sync/checker';
import { driftOf } from '../../../src/sync/drift';
import { hasProjects, projectsOfEnv, registerProject } from '../../../src/sync/projects';

describe('drift', () => {
  test('drift is the errors of a judgement, warnings alone are none', () => {
    const f = (severity: 'error' | 'warning', message: string): Finding =>
      ({ severity, message, fix: { conda: `conda install ${message}`, go: null } }) as Finding;
    const result = (findings: Finding[]): CheckResult => ({ pairs: [], findings, ok: findings.every((x) => x.severity !== 'error') });
    expect(driftOf('/p', '/env', result([f('warning', 'loose')]), 't')).toBeNull();
    expect(driftOf('/p', '/env', result([f('warning', 'loose'), f('error', 'x')]), 't')).toEqual({
      kind: 'sync-drift',
      project: '/p',
      prefix: '/env',
      at: 't',
      findings: [{ message: 'x', fix: 'conda install x' }],
    });
  });
});
test('projects of an env, and the cheap check the CLI makes before loading rattler', () => {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'gcd-sync-'));
  try {
    expect(hasProjects(state, '/env')).toBe(false);
    fs.writeFileSync(path.join(state, 'go.mod'), 'module x\n');
    registerProject(state, { dir: state, prefix: '/env', lastRun: '1' });
    expect(hasProjects(state, '/env')).toBe(true);
    expect(hasProjects(state, '/other')).toBe(false);
    expect(
      projectsOfEnv(
        [
          { dir: '/p/a', prefix: '/env', lastRun: '1' },
          { dir: '/p/b', prefix: null, lastRun: '1' },
        ],
        '/env',
      ).map((p) => p.dir),
    ).toEqual(['/p/a']);
  } finally {
    fs.rmSync(state, { recursive: true, force: true });
  }
});

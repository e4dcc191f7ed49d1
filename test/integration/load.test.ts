// Load, for correctness only (the figures come from `npm run bench:load`, never from a test): many shells
// at once through the shims and through the real conda, every GOROOT right, every restore exact, every
// record applied. Small here for CI; the knobs give the full size of docs/reliability.md:
//   GOCONDAD_LOAD_SHELLS=200 GOCONDAD_LOAD_CYCLES=100 GOCONDAD_LOAD_CONDA_SHELLS=20 GOCONDAD_LOAD_CONDA_CYCLES=10
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO, requireReal } from '../helpers/world';

const knob = (name: string, dflt: number) => String(Number(process.env[name] ?? dflt));

test(
  'concurrent shells through the shims and the real conda: all correct, nothing lost',
  () => {
    requireReal();
    const args = [
      '--shells',
      knob('GOCONDAD_LOAD_SHELLS', 20),
      '--cycles',
      knob('GOCONDAD_LOAD_CYCLES', 5),
      '--conda-shells',
      knob('GOCONDAD_LOAD_CONDA_SHELLS', 2),
      '--conda-cycles',
      knob('GOCONDAD_LOAD_CONDA_CYCLES', 2),
    ];
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'bench-load.js'), ...args], { encoding: 'utf8', timeout: 60 * 60000 });
    const out = `${r.stdout}${r.stderr}`;
    expect(out).toMatch(/^shims: .* 0 shells with a wrong GOROOT or an inexact restore; records lost or torn in 0 shells/m);
    expect(out).toMatch(/^real conda: .* 0 shells with a wrong GOROOT or an inexact restore; records lost or torn in 0 shells/m);
    expect(out).toMatch(/^all correct/m);
    expect(r.status).toBe(0);
  },
  60 * 60000,
);

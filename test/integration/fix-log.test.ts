// The fix log tells the truth: switching between envs is no fix. conda exports back a PATH computed before
// the deactivate scripts ran, so the next shim takes gocondad's previous entry out again; that is conda's
// own order, logged at debug level. A genuinely stale entry (left by an env whose shims were removed
// while it was active) is still a `stale-path-entry` fix, in the log and in `status`.
import * as path from 'node:path';
import { CondaWorld } from '../helpers/condaworld';
import { describeWithConda } from '../helpers/realconda';
import { logLines } from '../helpers/storm';
import { GO119 } from '../helpers/world';

describeWithConda('the fix log under the real conda and the emulation', (shared) => {
  let cw: CondaWorld;
  beforeAll(() => {
    cw = new CondaWorld(shared, [{ name: 'a' }, { name: 'b', pin: 'go: "1.22"\n' }]);
    cw.world.startDaemon();
  });
  afterAll(() => cw?.cleanup());

  const fixes = () => {
    cw.world.status(); // the daemon reads every journal before answering
    return logLines(cw.world).filter((l) => l.event === 'conflict_fixed');
  };
  const activations = () => logLines(cw.world).filter((l) => l.event === 'activate').length;
  const SWITCHES = [
    'conda activate a',
    'conda activate b',
    'conda activate a',
    'conda activate b',
    'conda deactivate',
    'conda deactivate',
    'conda deactivate',
    'conda deactivate',
    'conda activate a',
    'conda activate a',
    'conda deactivate',
    'conda deactivate',
  ].join('\n');

  test.each([
    ['real conda', 'bash'],
    ['real conda', 'fish'],
    ['emulation', 'bash'],
    ['emulation', 'tcsh'],
  ])('%s, %s: switching a→b→a→b, back down, reactivating: no conflict_fixed line', async (kind, shell) => {
    const before = activations();
    const r = kind === 'real conda' ? cw.real(shell, SWITCHES) : cw.emu(shell, SWITCHES);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    await cw.world.waitFor(() => (cw.world.status(), activations() >= before + 9), 'the activations in the log', 20000);
    expect(fixes()).toEqual([]);
  });

  test('an entry left by an env whose shims were removed while active is still a stale-path-entry fix', async () => {
    const uninstall = `"${process.execPath}" "${path.join(__dirname, '..', '..', 'dist', 'cli.js')}" shims uninstall "${cw.prefix('a')}" > /dev/null`;
    const r = cw.real('bash', ['conda activate a', uninstall, 'conda activate b', 'conda deactivate', 'conda deactivate'].join('\n'));
    expect(r.stderr).toBe('');
    await cw.world.waitFor(() => fixes().length > 0, 'the stale entry fix', 20000);
    // The GOROOT a's shims left behind is a true fix too (goroot-override); the entry is the point here.
    expect(fixes().filter((f) => f.kind === 'stale-path-entry')).toEqual([
      expect.objectContaining({ before: path.join(GO119, 'bin'), prefix: cw.prefix('b') }),
    ]);
    expect(cw.world.status().conflicts).toContainEqual(expect.objectContaining({ kind: 'stale-path-entry', before: path.join(GO119, 'bin') }));
  });
});

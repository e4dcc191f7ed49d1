// Which command lines hold Ctrl-C until their changes are whole (src/cli/writing.ts).
import { commandWrites } from '../../../src/cli/writing';

test('commands that change things write; their dry runs and the read-only commands do not', () => {
  const writes: [string[], Record<string, unknown>][] = [
    [['setup'], {}],
    [['uninstall'], { purge: true }],
    [['service', 'install'], {}],
    [['service', 'uninstall'], {}],
    [['restore'], { from: 'x.yml' }],
    [['shims', 'install'], { all: true }],
    [['shims', 'uninstall'], {}],
    [['sync'], { write: 'auto' }],
    [['sync'], { write: true }],
    [['doctor'], { fix: true }],
    [['bundle'], { out: 'DIR' }],
    [['bundle'], { dockerfile: 'Dockerfile' }],
  ];
  for (const [path, opts] of writes) expect([path, commandWrites(path, opts)]).toEqual([path, true]);
  const reads: [string[], Record<string, unknown>][] = [
    [['setup'], { dryRun: true }],
    [['uninstall'], { dryRun: true }],
    [['sync'], {}],
    [['sync'], { check: true }],
    [['doctor'], {}],
    [['bundle'], { dockerfile: true }],
    [['status'], { watch: true }],
    [['logs'], { follow: true }],
    [['service', 'status'], {}],
    [['service', 'logs'], {}],
    [['envs'], {}],
    [['explain'], {}],
    [['export'], {}],
    [['sync-env'], {}],
    // the daemon has handlers of its own (SIGTERM stops it, SIGHUP rereads)
    [['daemon'], {}],
  ];
  for (const [path, opts] of reads) expect([path, commandWrites(path, opts)]).toEqual([path, false]);
});

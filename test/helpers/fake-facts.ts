// The disk facts behind conflict detection, faked: toolchains are /usr/lib/go-1.N (go1.N.1), and a `go`
// sits in /env/bin and in each toolchain's bin. For the unit tests of core/conflicts and daemon/sessions/state.
import type { StateFacts } from '../../src/daemon/sessions/state';

export const facts: StateFacts = {
  inspect: (root) =>
    root.startsWith('/usr/lib/go-')
      ? { ok: true, toolchain: { root, version: `go${root.slice(12)}.1`, semver: `${root.slice(12)}.1` } }
      : { ok: false, root, reason: 'no src/runtime' },
  goIn: (dir) => (['/env/bin', '/usr/lib/go-1.19/bin', '/usr/lib/go-1.22/bin'].includes(dir) ? `${dir}/go` : null),
  realpath: (p) => p,
  shellOf: () => 'zsh',
};

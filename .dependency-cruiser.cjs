// The import rules of src/ (docs/architecture.md, "Parts and what they may import"). `npm run lint` checks them.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'an import loop hides which part depends on which', from: {}, to: { circular: true } },
    {
      name: 'core-and-shell-are-leaves',
      severity: 'error',
      comment: 'decisions (core/) and dialects (shell/) must not know the daemon, the CLI, the shim installer or the reports',
      from: { path: '^src/(core|shell)/' },
      to: { path: '^src/(daemon|cli|shims|doctor|bundle|setup|service)/' },
    },
    {
      name: 'top-level-helpers-are-leaves',
      severity: 'error',
      comment: 'protocol, errors, fsutil, paths and pkg are imported by every part and import none of them',
      from: { path: '^src/(protocol|errors|fsutil|paths|pkg)\\.ts$' },
      to: { path: '^src/(daemon|cli|shims|doctor|bundle|setup|service)/' },
    },
    {
      name: 'only-the-cli-knows-the-cli',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(cli/|cli\\.ts$)' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'the-daemon-is-not-a-library',
      severity: 'error',
      comment: 'only the CLI starts the daemon; other parts talk to it over the socket',
      from: { path: '^src/', pathNot: '^src/(daemon|cli)/' },
      to: { path: '^src/daemon/' },
    },
    {
      name: 'bundle-builds-on-core-and-shell',
      severity: 'error',
      comment: 'gocondad bundle reuses the planner and the POSIX dialect; it needs no shims, doctor or daemon',
      from: { path: '^src/bundle/' },
      to: { path: '^src/(daemon|cli|shims|doctor)/' },
    },
    {
      name: 'service-managers-know-no-setup',
      severity: 'error',
      comment: 'service/ (how the daemon starts at login) is used by setup/, doctor/ and cli/, and uses none of them nor the shims',
      from: { path: '^src/service/' },
      to: { path: '^src/(setup|shims|doctor)/' },
    },
    { name: 'no-orphans', severity: 'error', from: { orphan: true, pathNot: ['\\.d\\.ts$', '^src/cli\\.ts$'] }, to: {} },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};

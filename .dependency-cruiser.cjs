// The import rules of src/ (docs/architecture.md, "Parts and what they may import"). `npm run lint` checks them.
// Each folder (part) has an allow-list of the parts it may import; a folder that is not listed here may
// import no part at all until it is given one, so a new part is covered from its first import.
// The top-level files (protocol, errors, fsutil, lockfile, paths, pkg) are leaves every part may import.

/** part -> the parts it may import (besides itself and the top-level leaves). */
const ALLOWED = {
  core: [],
  shell: ['core'],
  shims: ['core', 'shell'],
  service: ['shell'],
  sync: ['core'],
  bundle: ['core', 'shell'],
  doctor: ['core', 'shell', 'shims', 'service'],
  export: ['core', 'shims', 'doctor'],
  setup: ['core', 'shims', 'service'],
  daemon: ['core', 'shims', 'sync'],
  cli: ['core', 'shell', 'shims', 'service', 'sync', 'bundle', 'doctor', 'export', 'setup', 'daemon'],
};
const LEAVES = '(protocol|errors|fsutil|lockfile|paths|pkg)\\.ts$';
const parts = Object.keys(ALLOWED);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'an import loop hides which part depends on which', from: {}, to: { circular: true } },
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: 'parts depend one way: two folders that import each other are one part in two places',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...parts.map((part) => ({
      name: `${part}-imports-only-its-allow-list`,
      severity: 'error',
      comment: `src/${part}/ may import only ${ALLOWED[part].length ? ALLOWED[part].join(', ') : 'no other part'} (and the top-level leaves): .dependency-cruiser.cjs ALLOWED`,
      from: { path: `^src/${part}/` },
      to: { path: '^src/', pathNot: [`^src/(${[part, ...ALLOWED[part]].join('|')})/`, `^src/${LEAVES}`] },
    })),
    {
      name: 'a-new-part-needs-an-allow-list',
      severity: 'error',
      comment: 'add the folder to ALLOWED in .dependency-cruiser.cjs with the parts it may import',
      from: { path: '^src/[^/]+/', pathNot: `^src/(${parts.join('|')})/` },
      to: { path: '^src/[^/]+/' },
    },
    {
      name: 'top-level-leaves-import-only-core',
      severity: 'error',
      comment: 'protocol, errors, fsutil, lockfile, paths and pkg are imported by every part; they may use core/ types only',
      from: { path: `^src/${LEAVES}` },
      to: { path: '^src/[^/]+/', pathNot: '^src/core/' },
    },
    { name: 'no-orphans', severity: 'error', from: { orphan: true, pathNot: ['\\.d\\.ts$', '^src/cli\\.ts$'] }, to: {} },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};

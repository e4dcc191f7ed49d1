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
/**
 * Inside a part with subfolders: subfolder -> the sibling subfolders it may import. Only the part's entry
 * (daemon/daemon.ts, at the part's top) wires them all; a subfolder never imports the entry.
 */
const INSIDE = {
  daemon: {
    log: [], // logger, rate-limited warnings, latency figures
    journal: [], // the shims' journals, followed
    runtime: [], // the lock and the runtime dir's guard
    http: ['log'], // the socket: server, routes, request bodies, the status reply
    sessions: ['journal', 'log'], // live shells and fixes, and the state file
    world: ['http', 'log'], // the disk followed: watches, reconciler, sync drift
  },
};
const LEAVES = '(protocol|errors|fsutil|lockfile|paths|pkg)\\.ts$';
const parts = Object.keys(ALLOWED);
const insideRules = Object.entries(INSIDE).flatMap(([part, subs]) => [
  ...Object.entries(subs).map(([sub, allowed]) => ({
    name: `${part}-${sub}-imports-only-its-allow-list`,
    severity: 'error',
    comment: `src/${part}/${sub}/ may import only ${allowed.length ? allowed.map((a) => `${part}/${a}`).join(', ') : `no other part of ${part}/`}: .dependency-cruiser.cjs INSIDE`,
    from: { path: `^src/${part}/${sub}/` },
    to: { path: `^src/${part}/`, pathNot: `^src/${part}/(${[sub, ...allowed].join('|')})/` },
  })),
  {
    name: `a-new-${part}-subfolder-needs-an-allow-list`,
    severity: 'error',
    comment: `add the subfolder to INSIDE.${part} in .dependency-cruiser.cjs with the subfolders it may import`,
    from: { path: `^src/${part}/[^/]+/`, pathNot: `^src/${part}/(${Object.keys(subs).join('|')})/` },
    to: { path: `^src/${part}/` },
  },
  {
    name: `${part}-files-live-in-subfolders`,
    severity: 'error',
    comment: `src/${part}/ holds only its entry at the top; put the module in the subfolder of its role (INSIDE.${part})`,
    from: { path: `^src/${part}/[^/]+\\.ts$`, pathNot: `^src/${part}/${part}\\.ts$` },
    to: {},
  },
]);

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
    ...insideRules,
    { name: 'no-orphans', severity: 'error', from: { orphan: true, pathNot: ['\\.d\\.ts$', '^src/cli\\.ts$'] }, to: {} },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};

#!/usr/bin/env node
// Bundles the CLI into one file per way it starts, over tsc's output in dist/ (tsc type-checks and emits
// every module; esbuild links these four from src/), so that a command reads two files instead of
// resolving and compiling dozens (issue 11: start-up within reach of a bare `node -e 0`).
//   dist/cli.js              the executable: argv → `--version`, or which bundle below to load
//   dist/cli/main.js         commander and every command (everything not on a hot path)
//   dist/cli/fast/status.js  `status [--json]`
//   dist/cli/fast/refresh.js `shims refresh PREFIX --print DIALECT` (a stale shim, inside an activation)
// An import of one entry by another stays a require of that entry's bundle. No bundle inlines another,
// and only dist/cli.js loads them; what it inlines itself (cli/fast/parse.ts, pkg.ts) holds no class, so no
// class whose `instanceof` matters (GocondadError) is ever loaded twice in one process.
// npm packages load from node_modules as before, except semver: a few small files that both hot paths
// need (the shim stamp, the planner), cheaper inlined than resolved one by one.
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const INLINED = ['semver'];
const EXTERNAL = Object.keys(require(path.join(root, 'package.json')).dependencies).filter((d) => !INLINED.includes(d));
const ENTRIES = ['cli', 'cli/main', 'cli/fast/status', 'cli/fast/refresh'].map((f) => path.join(root, 'src', `${f}.ts`));

/** Keeps an import of another entry a runtime require of its (bundled) file. */
const entriesStayApart = (self) => ({
  name: 'entries-stay-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = path.resolve(args.resolveDir, args.path);
      const file = `${target}.ts`;
      if (file !== self && ENTRIES.includes(file)) return { path: args.path, external: true };
      return undefined;
    });
  },
});

async function main() {
  for (const entry of ENTRIES) {
    await esbuild.build({
      entryPoints: [entry],
      outfile: path.join(root, 'dist', path.relative(path.join(root, 'src'), entry).replace(/\.ts$/, '.js')),
      allowOverwrite: true,
      sourcemap: true,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: EXTERNAL.flatMap((d) => [d, `${d}/*`]),
      // A lazy `await import()` of another bundle or a package is a require(), as tsc compiles it for CommonJS.
      supported: { 'dynamic-import': false },
      plugins: [entriesStayApart(entry)],
      logLevel: 'warning',
    });
  }
}

main().catch((err) => {
  console.error(`bundle: ${err.message}; run \`npm ci\` (esbuild is a dev dependency) and \`npm run build\` again`);
  process.exit(1);
});

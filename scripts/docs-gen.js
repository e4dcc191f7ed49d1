#!/usr/bin/env node
// Writes the generated reference: docs/commands.md from the CLI's commander definitions and docs/config.md
// from the config key table (src/cli/reference-*.ts render them; this only writes). Run through
// `npm run docs:gen`, which builds first: it reads tsc's modules in dist/. `--check` writes nothing and
// exits 1 naming each stale file (the unit tests check the same from src/).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
let program, commandsReference, configReference;
try {
  ({ buildProgram: program } = require(path.join(dist, 'cli', 'program.js')));
  ({ commandsReference } = require(path.join(dist, 'cli', 'reference-commands.js')));
  ({ configReference } = require(path.join(dist, 'cli', 'reference-config.js')));
} catch (err) {
  console.error(`docs-gen: cannot load the built CLI (${err.message.split('\n')[0]}); run \`npm run build\` first, or \`npm run docs:gen\``);
  process.exit(1);
}

// The reference documents gocondad as users run it, not as the conda plugin names it.
delete process.env.GOCONDAD_AS;
delete process.env.GOCONDAD_TEST_CRASH;
const files = { 'docs/commands.md': commandsReference(program()), 'docs/config.md': configReference() };
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, text] of Object.entries(files)) {
  const target = path.join(root, file);
  const old = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
  if (old === text) continue;
  if (check) {
    stale++;
    console.error(`docs-gen: ${file} is stale; run \`npm run docs:gen\``);
  } else {
    fs.writeFileSync(target, text);
    console.log(`wrote ${file}`);
  }
}
process.exit(stale > 0 ? 1 : 0);

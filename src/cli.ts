#!/usr/bin/env node
// The `gocondad` executable. It stays at dist/cli.js: installed shims and the conda plugin name this path.
// The hottest command lines run without commander (cli/fast/parse.ts); every other one goes to cli/main.ts.
// scripts/bundle.js makes each of these imports a bundle of its own, loaded only when taken.
import { NO_FAST_PATH_ENV, parseFast } from './cli/fast/parse';
import { guardOutput } from './cli/pipes';
import { VERSION } from './pkg';

// First: a reader that goes away (`| head`) is no error for any command (cli/pipes.ts).
guardOutput();

const fast = process.env[NO_FAST_PATH_ENV] ? null : parseFast(process.argv.slice(2));
if (fast === null) void import('./cli/main');
else if (fast.kind === 'version') process.stdout.write(`${VERSION}\n`);
else if (fast.kind === 'status') void import('./cli/fast/status').then((m) => m.run(fast.json));
else void import('./cli/fast/refresh').then((m) => m.run(fast.prefix, fast.print));

#!/usr/bin/env node
// The `gocondad` executable. It stays at dist/cli.js: installed shims and the conda plugin name this path.
import './cli/main';

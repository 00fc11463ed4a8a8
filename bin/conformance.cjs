#!/usr/bin/env node
// The `conformance` command (package bin). From a clone of the project it runs the TypeScript sources through
// tsx's require hook; from the installed package (which ships dist/ and no sources) the compiled JavaScript.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const source = path.join(root, 'cli', 'main.ts');
const compiled = path.join(root, 'dist', 'cli', 'main.js');

if (fs.existsSync(source)) {
  require('tsx/cjs/api').register();
  require(source);
} else if (fs.existsSync(compiled)) {
  require(compiled);
} else {
  console.error(`error [BAD_INSTALL]: neither ${source} nor ${compiled} exists. Reinstall the package, or run "npm run build" in a clone.`);
  process.exitCode = 2;
}

#!/usr/bin/env node
// The `conformance` command (package bin): runs the TypeScript CLI through tsx's require hook.
'use strict';
require('tsx/cjs/api').register();
require('../cli/main.ts');

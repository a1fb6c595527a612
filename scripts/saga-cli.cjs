#!/usr/bin/env node
// `npx saga` from a clone: the package's own `bin`. Runs the TypeScript CLI through tsx (a
// dependency), in this process, so stdout, stderr and the exit code are the CLI's own.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher: npm bins run as plain node */
const path = require('node:path');
require('tsx/cjs/api').register();
require(path.join(__dirname, 'cli', 'saga.ts'));

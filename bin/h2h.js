#!/usr/bin/env node
// The installed entry point: runs the CLI as one bundle (built by `npm run build`, which `npm install`
// runs). Node loads one file in a fraction of the time it takes to resolve hundreds of modules.
// `h2h --version` is answered here, before the bundle is even read: a script asking for the version
// should pay Node's own start-up and nothing more (test/cli/startup.test.ts checks the bundle's
// own --version, from src/cli/program.ts, says the same). For the same reason this file is CommonJS
// (bin/package.json): starting Node's ESM loader alone costs a tenth of `node -e 0`.
'use strict';
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  import('../dist/bundle/main.js').then(async ({ main }) => {
    process.exitCode = await main(args);
  });
}

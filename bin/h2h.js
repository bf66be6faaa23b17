#!/usr/bin/env node
// The installed entry point: runs the CLI as one bundle (built by `npm run build`, which `npm install`
// runs). Node loads one file in a fraction of the time it takes to resolve hundreds of modules.
// `h2h --version` is answered here, before the bundle is even read: a script asking for the version
// should pay Node's own start-up and nothing more (test/cli/startup.test.ts checks the bundle's
// own --version, from src/cli/program.ts, says the same).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = process.getBuiltinModule('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // A dynamic import: a static one would load the bundle before the check above runs.
  const { main } = await import('../dist/bundle/main.js');
  process.exitCode = await main(args);
}

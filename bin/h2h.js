#!/usr/bin/env node
// The installed entry point: runs the CLI as one bundle (built by `npm run build`, which `npm install`
// runs). Node loads one file in a fraction of the time it takes to resolve hundreds of modules.
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv.slice(2));

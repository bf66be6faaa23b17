/**
 * Bench probes that time the TUI run as h2h itself runs: one esbuild bundle started with plain node,
 * built with the same options as `npm run build`'s dist/bundle (package.json). Run under tsx instead,
 * a probe pays for tsx's loader (a hooks thread that transpiles every module, and module requests
 * that go through it), which on a 2-core machine competes with the TUI and its sync thread for CPU
 * and would be counted against h2h's key-to-frame figures.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Bundles bench/<name>.ts into bench/.work/probes/<name>/ and returns its entry file. Needs `npm run
 * build` (dist) first. Split into chunks as dist/bundle is: Ink's dev-tools module (which imports
 * react-devtools-core, not installed) stays a chunk that production never loads.
 */
export function bundleProbe(root: string, name: string): string {
  const outdir = join(root, 'bench', '.work', 'probes', basename(name));
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  buildSync({
    entryPoints: [join(root, 'bench', `${name}.ts`)],
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    external: ['react-devtools-core', 'bindings'],
    alias: {
      pino: join(root, 'dist', 'adapters', 'imap', 'bundle-stubs', 'pino.js'),
      socks: join(root, 'dist', 'adapters', 'imap', 'bundle-stubs', 'socks.js'),
      'widest-line': join(root, 'dist', 'tui', 'widest-line.js'),
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: "import { createRequire as __h2hRequire } from 'node:module'; const require = __h2hRequire(import.meta.url);" },
  });
  return join(outdir, `${basename(name)}.js`);
}

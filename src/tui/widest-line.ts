/**
 * Stands in for the `widest-line` package in h2h's bundle (package.json's build: esbuild's
 * `--alias:widest-line`). Ink calls it for every text node of every frame (render-node-to-output.js),
 * and the package measures every line again with string-width: at 100x30 that was the largest
 * part of a key's frame time in the live benchmark. The same function, with the widths kept
 * (test/tui/widest-line.test.ts holds it to the package). Only Ink imports widest-line.
 */
import { displayWidth } from '../cli/output/terminal-width.js';

export default function widestLine(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, displayWidth(line));
  return widest;
}

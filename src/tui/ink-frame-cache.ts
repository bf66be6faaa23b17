/**
 * Ink composes every frame from scratch (ink/build/output.js, Ink 6, `Output.get`): it tokenizes and
 * measures every line, fills a cell object for every column of every row, and turns each row back
 * into a string with its colour codes. At 100x30 that is most of a key's frame time, and on the
 * first keys after the TUI opens, before the JIT has compiled it, 30 to 40 ms a frame
 * (bench/tui-live-bench.ts). Two frames share most of their rows (j moves the selection: two rows
 * change), so two things are kept across frames here, bounded:
 *  - Ink's text caches (styled characters, string widths), a pure function of a line's text;
 *  - each finished row, keyed by what was written on it (column and text of every write, in order).
 *    A row Ink has not drawn before is drawn by Ink's own `get` on a one-row Output, so every
 *    frame is exactly Ink's.
 * Frames with clipping (a Box with `overflow`, which h2h does not use) are left to Ink.
 *
 * Ink's package exports do not include this file, hence the path: it is the file Ink itself
 * imports, so the bundle and the sources both patch the Output Ink uses. If Output no longer looks
 * as described (another Ink), nothing is changed.
 */
import Output from '../../node_modules/ink/build/output.js';

type Caches = { styledChars: Map<string, unknown>; widths: Map<string, number>; blockWidths: Map<string, number> };
type Transformer = (line: string, index: number) => string;
type Operation = { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] } | { type: 'clip' | 'unclip' };
type OutputInstance = { width: number; height: number; operations: Operation[]; caches: Caches; write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void };
type Get = (this: OutputInstance) => { output: string; height: number };
type OutputLike = { prototype: { get: Get }; new (options: { width: number; height: number }): OutputInstance };

/** Lines, widths and rows kept: a screen holds at most a few thousand distinct ones; beyond this, start afresh. */
const maxLines = 4000;
const maxWidths = 20_000;
const maxRows = 4000;

let original: Get | null = null;

/**
 * Shares Ink's per-frame caches across frames and keeps finished rows (on), or draws each frame
 * as Ink does (off; for tests that hold the two to the same frames). True when sharing is on.
 */
export function shareInkFrameCaches(on = true): boolean {
  const output = Output as unknown as OutputLike;
  if (!on) {
    if (original) output.prototype.get = original;
    original = null;
    return false;
  }
  if (original) return true;
  const probe = new output({ width: 1, height: 1 });
  const shared = probe.caches;
  const looksRight =
    shared && shared.styledChars instanceof Map && shared.widths instanceof Map && shared.blockWidths instanceof Map && Array.isArray(probe.operations) && typeof probe.write === 'function' && typeof output.prototype.get === 'function';
  if (!looksRight) return false;
  const get = output.prototype.get;
  original = get;
  const rows = new Map<string, string>();
  output.prototype.get = function (this: OutputInstance) {
    if (shared.styledChars.size > maxLines || shared.widths.size > maxWidths) {
      shared.styledChars.clear();
      shared.widths.clear();
      shared.blockWidths.clear();
    }
    if (rows.size > maxRows) rows.clear();
    this.caches = shared;
    if (this.operations.some((op) => op.type === 'clip')) return get.call(this);
    const written = placeWrites(this);
    const lines = written.map((writes) => {
      // Column, length and text of each write: unambiguous whatever the text holds.
      const key = `${this.width}|${writes.map((w) => `${w.x}:${w.line.length}:${w.line}`).join('|')}`;
      let line = rows.get(key);
      if (line === undefined) {
        const one = new output({ width: this.width, height: 1 });
        one.caches = shared;
        for (const w of writes) one.write(w.x, 0, w.line, { transformers: [] });
        line = get.call(one).output;
        rows.set(key, line);
      }
      return line;
    });
    return { output: lines.join('\n'), height: this.height };
  };
  return true;
}

/**
 * The lines each row receives, in order, placed exactly as Ink's `get` places them without clips:
 * a block's lines go to consecutive rows from its own; a line whose row does not exist is skipped
 * without advancing (so a block that starts above or below the screen is not drawn at all);
 * transformers run only on lines that are placed, with the line's index in its block.
 */
function placeWrites(frame: OutputInstance): { x: number; line: string }[][] {
  const rows: { x: number; line: string }[][] = Array.from({ length: frame.height }, () => []);
  for (const op of frame.operations) {
    if (op.type !== 'write') continue;
    let offsetY = 0;
    op.text.split('\n').forEach((text, index) => {
      const row = rows[op.y + offsetY];
      if (!row) return;
      let line = text;
      for (const transform of op.transformers) line = transform(line, index);
      row.push({ x: op.x, line });
      offsetY++;
    });
  }
  return rows;
}

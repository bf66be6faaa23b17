/**
 * Ink tokenizes and measures every line of every frame from scratch: its text caches (styled
 * characters, string widths) belong to one frame's Output (ink/build/output.js, Ink 6). At 100x30
 * that is about half of a key's frame time at 100,000 messages (bench/tui-probe.ts: key p95 about
 * 20 ms without this, 12 ms with it). Two frames share most of their lines, so the caches are kept
 * across frames here, bounded. What they hold is a pure function of a line's text (tokenize,
 * string-width), so every frame is drawn exactly as Ink draws it.
 *
 * Ink's package exports do not include this file, hence the path: it is the file Ink itself
 * imports, so the bundle and the sources both patch the Output Ink uses. If Output no longer looks
 * as described (another Ink), nothing is changed.
 */
import Output from '../../node_modules/ink/build/output.js';

type Caches = { styledChars: Map<string, unknown>; widths: Map<string, number>; blockWidths: Map<string, number> };
type OutputLike = { prototype: { get: (this: { caches: Caches }) => unknown }; new (options: { width: number; height: number }): { caches?: Caches } };

/** Lines and widths kept: a screen holds at most a few thousand distinct ones; beyond this, start afresh. */
const maxLines = 4000;
const maxWidths = 20_000;

let original: ((this: { caches: Caches }) => unknown) | null = null;

/**
 * Shares Ink's per-frame text caches across frames (on), or gives each frame its own again (off,
 * as Ink does; for tests that hold the two to the same frames). True when sharing is on.
 */
export function shareInkFrameCaches(on = true): boolean {
  const output = Output as unknown as OutputLike;
  if (!on) {
    if (original) output.prototype.get = original;
    original = null;
    return false;
  }
  if (original) return true;
  const shared = new output({ width: 1, height: 1 }).caches;
  const looksRight = shared && shared.styledChars instanceof Map && shared.widths instanceof Map && shared.blockWidths instanceof Map && typeof output.prototype.get === 'function';
  if (!looksRight) return false;
  const get = output.prototype.get;
  original = get;
  output.prototype.get = function (this: { caches: Caches }) {
    if (shared.styledChars.size > maxLines || shared.widths.size > maxWidths) {
      shared.styledChars.clear();
      shared.widths.clear();
      shared.blockWidths.clear();
    }
    this.caches = shared;
    return get.call(this);
  };
  return true;
}

/**
 * Screen geometry. Frames are one line shorter than the terminal: Ink redraws a frame as tall as
 * the terminal by clearing the whole screen, which flickers.
 */
export const minColumns = 40;
export const minRows = 10;

/** Rows of the list or of a conversation's text: the frame minus the title, message and status lines. */
export function bodyHeight(size: { rows: number }): number {
  return Math.max(1, Math.max(size.rows, minRows) - 4);
}

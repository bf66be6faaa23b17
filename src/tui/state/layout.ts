/**
 * Screen geometry. Frames are one line shorter than the terminal: Ink redraws a frame as tall as
 * the terminal by clearing the whole screen, which flickers.
 */
export const minColumns = 40;
export const minRows = 10;

/** From this width the inbox shows the conversation under the cursor in a pane beside the list. */
export const previewFromColumns = 160;

/** The preview pane's width (its border included), or 0 when the terminal is too narrow for one. */
export function previewWidth(size: { columns: number }): number {
  return size.columns >= previewFromColumns ? Math.floor((size.columns - 1) * 0.45) : 0;
}

/** Rows of the list or of a conversation's text: the frame minus the title, message and status lines. */
export function bodyHeight(size: { rows: number }): number {
  return Math.max(1, Math.max(size.rows, minRows) - 4);
}

import chalk from 'chalk';
import { Text } from 'ink';
import { memo } from 'react';
import type { Line, Span } from '../state/conversation-lines.js';

export type StyledLineProps = { line: Line };

function styled(span: Span): string {
  let style = chalk;
  if (span.color) style = style[span.color as 'red'] ?? style;
  if (span.bold) style = style.bold;
  if (span.dim) style = style.dim;
  if (span.inverse) style = style.inverse;
  const text = style === chalk ? span.text : style(span.text);
  // OSC 8 (ended by BEL, which every terminal that knows OSC 8 takes): the address was checked
  // to be a URL of safe characters (link-lines.ts), so it cannot carry a sequence of its own.
  return span.link ? `\x1b]8;;${span.link}\x07${text}\x1b]8;;\x07` : text;
}

/** A line of styled spans as one string with its styling: one Ink node per line keeps a frame fast to lay out. */
export function toAnsi(line: Line): string {
  // An empty Text takes no row in Ink: a blank line is a space.
  return line.map(styled).join('') || ' ';
}

/**
 * One line, cut at the frame's width (its text was made terminal-safe before styling). Memoised:
 * lines come from caches, so a frame re-renders only the lines that changed.
 */
export const StyledLine = memo(function StyledLine({ line }: StyledLineProps) {
  return <Text wrap="truncate-end">{toAnsi(line)}</Text>;
});

import { Text } from 'ink';
import type { Line } from '../state/conversation-lines.js';

export type StyledLineProps = { line: Line };

/** One line of styled spans, cut at the frame's width (the text was made terminal-safe before). */
export function StyledLine({ line }: StyledLineProps) {
  return (
    <Text wrap="truncate-end">
      {line.length === 0
        ? ' '
        : line.map((span, i) =>
            span.text ? (
              <Text key={i} color={span.color} bold={span.bold} dimColor={span.dim} inverse={span.inverse}>
                {span.text}
              </Text>
            ) : null,
          )}
    </Text>
  );
}

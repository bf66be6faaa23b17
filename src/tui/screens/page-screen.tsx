import { Box, Text } from 'ink';
import { hintLine } from '../keys/keymap.js';
import type { AppState, Page } from '../state/app-state.js';
import { bodyHeight } from '../state/layout.js';
import { wrapText, type Line } from '../state/conversation-lines.js';
import { StyledLine } from '../components/styled-line.js';

export type PageScreenProps = { state: AppState; page: Page; scroll: number };

/** A text over the screen (an attached message opened with v), wrapped to the width, read with the help's keys. */
export function PageScreen({ state, page, scroll }: PageScreenProps) {
  const height = bodyHeight(state.size);
  const width = Math.max(20, state.size.columns - 1);
  const lines: Line[] = page.lines.flatMap(({ text, ...style }) => wrapText(text, width).map((part) => [{ ...style, text: part }]));
  const top = Math.max(0, Math.min(scroll, lines.length - height));
  return (
    <Box flexDirection="column">
      <Text inverse bold wrap="truncate-end">{` ${page.title} — ${hintLine(state.keymap, 'help', [['help.down', 'scrolls'], ['help.close', 'closes']])} `}</Text>
      <Box flexDirection="column" height={height}>
        {lines.slice(top, top + height).map((line, i) => (
          <StyledLine key={i} line={line} />
        ))}
      </Box>
    </Box>
  );
}

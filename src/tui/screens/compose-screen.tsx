import { Box, Text } from 'ink';
import type { AppState, ComposeLoading, ComposeScreen as ComposeState } from '../state/app-state.js';
import { hintLine } from '../keys/keymap.js';
import { composeLines } from '../state/compose-lines.js';
import { bodyHeight } from '../state/layout.js';
import { StyledLine } from '../components/styled-line.js';

export type ComposeScreenProps = { state: AppState; screen: ComposeState | ComposeLoading };

export function ComposeScreen({ state, screen }: ComposeScreenProps) {
  const height = bodyHeight(state.size);
  if (screen.stage === 'loading') {
    return (
      <Box flexDirection="column">
        <Text inverse bold wrap="truncate-end">{` ${titleOf(screen)} — opening… `}</Text>
        <Box height={height} />
      </Box>
    );
  }
  const width = Math.max(20, state.size.columns - 1);
  const { lines, cursorLine } = composeLines(screen, width);
  const top = screen.stage === 'edit' ? Math.max(0, cursorLine - height + 3) : Math.max(0, Math.min(screen.scroll ?? 0, lines.length - height));
  // In the review, what is off screen is said first in the title: the reply that goes is all of it.
  const below = lines.length - (top + height);
  const more = screen.stage === 'review' && (top > 0 || below > 0) ? `${top > 0 ? ` · ↑ ${top}` : ''}${below > 0 ? ` · ↓ ${below} more` : ''}` : '';
  const title =
    screen.stage === 'edit'
      ? ` ${titleOf(screen)} — writing (${hintLine(state.keymap, 'editor', [['compose.review', 'when done']])}) `
      : ` ${titleOf(screen)} — review${more}: ${hintLine(state.keymap, 'review', [['compose.send', 'send'], ['compose.edit', 'edit'], screen.kind === 'new' ? ['compose.subject', 'subject'] : screen.kind === 'forward' ? ['compose.attach', 'attach'] : ['compose.quote', 'quote'], ['compose.save', 'save draft'], ['compose.discard', 'discard']], width - 19 - more.length)} `;
  return (
    <Box flexDirection="column">
      <Text inverse bold wrap="truncate-end">
        {title}
      </Text>
      <Box flexDirection="column" height={height}>
        {lines.slice(top, top + height).map((line, i) => (
          <StyledLine key={i} line={line} />
        ))}
      </Box>
    </Box>
  );
}

const titleOf = (screen: { kind?: 'new' | 'forward' }) => (screen.kind === 'new' ? 'New mail' : screen.kind === 'forward' ? 'Forward' : 'Reply');

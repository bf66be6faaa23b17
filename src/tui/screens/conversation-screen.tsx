import { Box, Text } from 'ink';
import { safeLine } from '../../cli/output/terminal-text.js';
import { displayWidth, fitWidth } from '../../cli/output/terminal-width.js';
import type { AppState } from '../state/app-state.js';
import { statusColor } from '../state/conversation-lines.js';
import { bodyHeight } from '../state/layout.js';
import { currentConversationLines } from '../state/selectors.js';
import { StyledLine } from '../components/styled-line.js';
import { markFound } from '../state/thread-search.js';

export type ConversationScreenProps = { state: AppState };

/** One conversation: a title bar, then its lines (customer, history, notes, messages) from the scroll position. */
export function ConversationScreen({ state }: ConversationScreenProps) {
  const screen = state.screen;
  if (screen.name !== 'conversation') return null;
  const height = bodyHeight(state.size);
  const detail = state.detail;
  const lines = currentConversationLines(state);
  const scroll = Math.max(0, Math.min(screen.scroll, lines.length - height));
  const below = lines.length - scroll - height;
  const status = detail ? ` ${detail.conversation.status}` : '';
  const where = below > 0 ? `  ↓ ${below} more lines` : '  end';
  // The subject gives way, never where the reader is: a long subject must not hide "end".
  const budget = Math.max(8, state.size.columns - 1 - 2 - displayWidth(status) - displayWidth(where));
  const title = fitWidth(detail ? safeLine(detail.conversation.subject || '(no subject)') : 'loading…', budget);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text inverse bold>{` ${title} `}</Text>
        {detail ? <Text color={statusColor(detail.conversation.status)}>{status}</Text> : null}
        <Text dimColor>{where}</Text>
      </Text>
      <Box flexDirection="column" height={height}>
        {lines.slice(scroll, scroll + height).map((line, i) => (
          <StyledLine key={i} line={markFound(line, screen.find)} />
        ))}
      </Box>
    </Box>
  );
}

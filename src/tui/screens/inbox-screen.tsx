import { Box, Text } from 'ink';
import type { AppState } from '../state/app-state.js';
import { inboxHeader, visibleRowLines } from '../state/inbox-lines.js';
import { bodyHeight } from '../state/layout.js';
import { StyledLine } from '../components/styled-line.js';

export type InboxScreenProps = { state: AppState };

/** The view bar and the visible conversations; rows below the list stay blank so the frame keeps its height. */
export function InboxScreen({ state }: InboxScreenProps) {
  const lines = visibleRowLines(state);
  const height = bodyHeight(state.size);
  const empty = state.loaded && state.rows.length === 0;
  return (
    <Box flexDirection="column">
      <StyledLine line={inboxHeader(state)} />
      <Box flexDirection="column" height={height}>
        {empty ? (
          <Text dimColor>{state.filter ? '  nothing matches: Esc clears the filter' : '  nothing here: Tab or 1-5 for the other views'}</Text>
        ) : (
          lines.map((line, i) => <StyledLine key={i} line={line} />)
        )}
      </Box>
    </Box>
  );
}

import { Box, Text } from 'ink';
import { memo } from 'react';
import type { AppState, Row } from '../state/app-state.js';
import { inboxHeader, rowLine, rowWidth, senderWidth, timeInWords, visibleRows } from '../state/inbox-lines.js';
import { bodyHeight, previewWidth } from '../state/layout.js';
import { previewLines } from '../state/preview-lines.js';
import { StyledLine, toAnsi } from '../components/styled-line.js';

export type InboxScreenProps = { state: AppState };

type InboxRowProps = { row: Row; isCursor: boolean; isMarked: boolean; width: number; senderWidth: number; now: number; timeInWords: boolean };

/** Memoised on its props: moving the cursor re-renders the two rows it leaves and enters, not all of them. */
const InboxRow = memo(function InboxRow({ row, isCursor, isMarked, width, senderWidth, now, timeInWords }: InboxRowProps) {
  return <Text wrap="truncate-end">{toAnsi(rowLine(row, { width, now, isCursor, isMarked, senderWidth, timeInWords }))}</Text>;
});

/** The view bar and the visible conversations (of possibly tens of thousands); the list keeps its height. */
export function InboxScreen({ state }: InboxScreenProps) {
  const height = bodyHeight(state.size);
  const width = rowWidth(state);
  const empty = state.inbox.loaded && state.inbox.rows.length === 0;
  const shown = visibleRows(state);
  const sender = senderWidth(shown.map((r) => r.row), width);
  const pane = previewWidth(state.size);
  const words = timeInWords(state);
  const list = (
    <Box flexDirection="column" height={height} width={pane ? width : undefined}>
      {empty ? (
        <Text dimColor>{state.inbox.filter ? '  nothing matches: Esc clears the filter' : '  nothing here: Tab or 1-5 for the other views'}</Text>
      ) : (
        shown.map(({ row, isCursor, isMarked }) => <InboxRow key={row.id} row={row} isCursor={isCursor} isMarked={isMarked} width={width} senderWidth={sender} now={state.now} timeInWords={words} />)
      )}
    </Box>
  );
  return (
    <Box flexDirection="column">
      <StyledLine line={inboxHeader(state)} />
      {pane ? (
        <Box flexDirection="row" height={height}>
          {list}
          <Box flexDirection="column" width={pane}>
            {previewLines(state, pane, height).map((line, i) => (
              <StyledLine key={i} line={line} />
            ))}
          </Box>
        </Box>
      ) : (
        list
      )}
    </Box>
  );
}

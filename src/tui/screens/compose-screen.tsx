import { Box, Text } from 'ink';
import { safeLine, safeText } from '../../cli/output/terminal-text.js';
import { nameWarningLine, otherDomainMark, showAddress, showAddresses } from '../../cli/output/address-line.js';
import type { AppState, ComposeLoading, ComposeScreen as ComposeState } from '../state/app-state.js';
import { hintLine } from '../keys/keymap.js';
import { firstGrapheme } from '../state/line-editor.js';
import { wrapText, type Line } from '../state/conversation-lines.js';
import { bodyHeight } from '../state/layout.js';
import { StyledLine } from '../components/styled-line.js';

export type ComposeScreenProps = { state: AppState; screen: ComposeState | ComposeLoading };

/** Stands for the cursor while the text is wrapped: a private-use character, one column wide. */
const cursorMark = '\uE000';

/** The reply's header fields, its text (with the cursor while editing) and, when added, the quote; wrapped to the width. */
export function composeLines(screen: ComposeState, width: number): { lines: Line[]; cursorLine: number } {
  const lines: Line[] = [[{ text: 'From:    ', dim: true }, { text: showAddress(screen.from, width - 9) }]];
  // Every recipient whole (wrapped, never cut), and where the answered message's Reply-To sent them.
  for (const part of wrapText(showAddresses(screen.to, width - 9), width - 9)) lines.push([{ text: lines.length === 1 ? 'To:      ' : '         ', dim: true }, { text: part, bold: true }]);
  const replyTo = screen.replyTo;
  if (replyTo?.differs) {
    const said = "↳ the message's Reply-To; the sender is ";
    const sender = replyTo.sender ? showAddress(replyTo.sender, width - 9 - said.length) : 'unknown';
    for (const part of wrapText(`${said}${sender}`, width - 9)) lines.push([{ text: '         ' }, { text: part, color: 'yellow' }]);
    if (replyTo.otherDomain.length) lines.push([{ text: '         ' }, { text: otherDomainMark, color: 'red', bold: true }]);
  }
  const flagged = nameWarningLine(screen.to);
  if (flagged) for (const part of wrapText(flagged, width - 9)) lines.push([{ text: '         ' }, { text: part, color: 'red', bold: true }]);
  lines.push([{ text: 'Subject: ', dim: true }, { text: safeLine(screen.subject), bold: true }], [{ text: '─'.repeat(Math.max(0, Math.min(width, 72))), dim: true }]);
  const editing = screen.stage === 'edit';
  const text = editing ? `${safeText(screen.text.slice(0, screen.cursor))}${cursorMark}${safeText(screen.text.slice(screen.cursor))}` : safeText(screen.text);
  let cursorLine = 0;
  for (const raw of text.split('\n')) {
    for (const part of wrapText(raw, width)) {
      const at = part.indexOf(cursorMark);
      if (at < 0) {
        lines.push([{ text: part }]);
        continue;
      }
      cursorLine = lines.length;
      const after = part.slice(at + 1);
      const onCursor = firstGrapheme(after);
      lines.push([{ text: part.slice(0, at) }, { text: onCursor || ' ', inverse: true }, { text: after.slice(onCursor.length) }]);
    }
  }
  if (screen.showQuote) {
    lines.push([]);
    for (const raw of safeText(screen.quote).split('\n')) for (const part of wrapText(raw, width)) lines.push([{ text: part, dim: true }]);
  } else lines.push([{ text: '[the quoted original is not included: Q adds it]', dim: true }]);
  return { lines, cursorLine };
}

export function ComposeScreen({ state, screen }: ComposeScreenProps) {
  const height = bodyHeight(state.size);
  if (screen.stage === 'loading') {
    return (
      <Box flexDirection="column">
        <Text inverse bold wrap="truncate-end">{' Reply — opening… '}</Text>
        <Box height={height} />
      </Box>
    );
  }
  const width = Math.max(20, state.size.columns - 1);
  const { lines, cursorLine } = composeLines(screen, width);
  const top = screen.stage === 'edit' ? Math.max(0, cursorLine - height + 3) : 0;
  const title =
    screen.stage === 'edit'
      ? ` Reply — writing (${hintLine(state.keymap, 'editor', [['compose.review', 'when done']])}) `
      : ` Reply — review: ${hintLine(state.keymap, 'review', [['compose.send', 'send'], ['compose.edit', 'edit'], ['compose.quote', 'quote'], ['compose.save', 'save draft'], ['compose.discard', 'discard']])} `;
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

import { Box, Text } from 'ink';
import { fitWidth, padWidth } from '../../cli/output/terminal-width.js';
import { chainOf, hintLine, helpSections, keyContexts, type KeyContext, type Keymap } from '../keys/keymap.js';
import { screenMode } from '../state/selectors.js';
import type { AppState } from '../state/app-state.js';
import { bodyHeight } from '../state/layout.js';
import { wrapText, type Line } from '../state/conversation-lines.js';
import { StyledLine } from '../components/styled-line.js';

export type HelpScreenProps = { state: AppState; scroll: number };

const keysWidth = 16;

/**
 * Every key, from the keymap, in as many columns as fit (two at 80 columns): first the screen's own
 * contexts (on the first page at 80x24), then a blank line and every other context, each block in
 * its own columns so the screen's keys are never spread over later pages. A description longer than
 * its column goes on under itself, never cut: what a key does is read whole.
 */
export function helpLines(keymap: Keymap, columns: number, blocks: KeyContext[][] = [keyContexts]): Line[] {
  const width = Math.max(20, columns - 1);
  const cols = Math.max(1, Math.min(3, Math.floor(width / 39)));
  const colWidth = Math.floor(width / cols);
  // The keys, a space, the text, and a space before the next column.
  const textWidth = Math.max(8, colWidth - keysWidth - 2);
  const rows: Line[] = [];
  for (const contexts of blocks) {
    if (contexts.length === 0) continue;
    if (rows.length) rows.push([]);
    rows.push(...inColumns(sectionLines(keymap, contexts, textWidth), cols, colWidth));
  }
  return rows;
}

/** A help line; `more`: it goes on the entry above (a wrapped text), so a column never starts with it. */
type HelpLine = { line: Line; more: boolean };

function sectionLines(keymap: Keymap, contexts: KeyContext[], textWidth: number): HelpLine[] {
  const out: HelpLine[] = [];
  for (const section of helpSections(keymap, contexts)) {
    if (section.lines.length === 0) continue;
    out.push({ line: [{ text: section.title, bold: true, color: 'cyan' }], more: false });
    for (const l of section.lines) {
      // Keys and text each wrapped in their own column ("Space PgDn b PgUp" on two lines).
      const keyRows = wrapText(l.keys, keysWidth);
      const textRows = wrapText(l.help, textWidth);
      for (let i = 0; i < Math.max(keyRows.length, textRows.length); i++) {
        out.push({ line: [{ text: padWidth(keyRows[i] ?? '', keysWidth), bold: true }, { text: ` ${textRows[i] ?? ''}` }], more: i > 0 });
      }
    }
  }
  return out;
}

/** The lines in `cols` columns of about equal height, each column starting at an entry (never mid-entry). */
function inColumns(out: HelpLine[], cols: number, colWidth: number): Line[] {
  const target = Math.ceil(out.length / cols);
  const columns: Line[][] = [[]];
  for (const { line, more } of out) {
    if (columns.at(-1)!.length >= target && !more && columns.length < cols) columns.push([]);
    columns.at(-1)!.push(line);
  }
  const rows: Line[] = [];
  for (let r = 0; r < Math.max(...columns.map((c) => c.length)); r++) {
    const row: Line = [];
    columns.forEach((column, c) => {
      // A shorter column is padded with blank cells, so the next column keeps its place.
      const cell = column[r] ?? [{ text: '' }];
      // Pad the cell to its column: the last span takes the slack.
      const last = cell.at(-1)!;
      const head = cell.slice(0, -1);
      const headWidth = head.reduce((n, s) => n + s.text.length, 0);
      row.push(...head, { ...last, text: c === columns.length - 1 ? fitWidth(last.text, colWidth - headWidth) : padWidth(last.text, colWidth - headWidth) });
    });
    rows.push(row);
  }
  return rows;
}

export function HelpScreen({ state, scroll }: HelpScreenProps) {
  const height = bodyHeight(state.size);
  const own: KeyContext[] = [...chainOf(screenMode(state)).filter((c) => c !== 'global'), 'global'];
  const lines = helpLines(state.keymap, state.size.columns, [own, keyContexts.filter((c) => !own.includes(c))]);
  const top = Math.max(0, Math.min(scroll, lines.length - height));
  return (
    <Box flexDirection="column">
      <Text inverse bold wrap="truncate-end">{` Keys here, then elsewhere — ${hintLine(state.keymap, 'help', [['help.down', 'scrolls'], ['help.close', 'closes']])} `}</Text>
      <Box flexDirection="column" height={height}>
        {lines.slice(top, top + height).map((line, i) => (
          <StyledLine key={i} line={line} />
        ))}
      </Box>
    </Box>
  );
}

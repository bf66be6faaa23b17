/**
 * The preview pane of a wide terminal (layout.ts): the conversation under the inbox's cursor as
 * its own screen would start it (the customer, their history and notes), then its messages, the
 * older ones one line each and the newest whole, cut to the pane. Read-only: Enter opens it.
 */
import type { AppState } from './app-state.js';
import { conversationLayout, type Line } from './conversation-lines.js';

/** The pane's lines, each starting with its border (a space either side: the list's times end at its edge); `width` includes the border. */
export function previewLines(state: AppState, width: number, height: number): Line[] {
  const inner = Math.max(10, width - 3);
  const row = state.inbox.rows[state.inbox.cursor];
  const detail = state.preview;
  let body: Line[];
  if (!row) body = [];
  else if (!detail || detail.conversation.id !== row.id) body = [[{ text: 'loading…', dim: true }]];
  else {
    const newest = Math.max(0, detail.messages.length - 1);
    const { lines, starts } = conversationLayout(detail, { width: inner, showQuotes: false, showHistory: false, now: state.now, collapseBefore: newest, links: state.hyperlinks });
    // The customer first (what comes before the first message), then from the messages on, as
    // much as fits: the newest message is the last and is shown whole as far as the pane goes.
    const head = lines.slice(0, starts[0] ?? lines.length);
    const messages = lines.slice(starts[0] ?? lines.length);
    body = [...head, ...messages];
  }
  const out: Line[] = [];
  for (let i = 0; i < height; i++) out.push([{ text: ' │ ', dim: true }, ...(body[i] ?? [])]);
  return out;
}

import { Box, Text } from 'ink';
import { formatAge, localTime } from '../../cli/output/format-age.js';
import { safeLine } from '../../cli/output/terminal-text.js';
import { fitWidth } from '../../cli/output/terminal-width.js';
import { hintLine, keyLabel, keysFor, type KeyAction, type KeyMode } from '../keys/keymap.js';
import type { AppState, SyncStatus } from '../state/app-state.js';
import { screenMode } from '../state/selectors.js';
import { firstGrapheme } from '../state/line-editor.js';

export type BottomLinesProps = { state: AppState };

const connectionLabels: Record<SyncStatus['connection'], { text: string; color: string }> = {
  local: { text: '○ local store (no mail account)', color: 'gray' },
  connecting: { text: '◌ connecting…', color: 'yellow' },
  syncing: { text: '↻ syncing', color: 'yellow' },
  watching: { text: '● live', color: 'green' },
  reconnecting: { text: '↻ reconnecting', color: 'yellow' },
  offline: { text: '✕ offline', color: 'red' },
};

/** When the sync tries again by itself: "again in 2m", "again soon" within the minute. */
function again(now: number, at: number): string {
  const wait = formatAge(now, at);
  return wait === 'now' ? 'again soon' : `again in ${wait}`;
}

const bracket = (text: string) => (text ? ` (${text})` : '');

/** "14:02" today, "2026-12-04 14:02" another day (local time). */
function clockTime(at: number, now: number): string {
  const full = localTime(new Date(at).toISOString());
  return full.slice(0, 10) === localTime(new Date(now).toISOString()).slice(0, 10) ? full.slice(11) : full;
}

/** The hint line of each screen: actions, named by the keys the keymap gives them. */
const hints: Record<ReturnType<typeof screenMode>, [KeyAction, string][]> = {
  inbox: [['list.next', 'move'], ['list.open', 'open'], ['reply.open', 'reply'], ['triage.tags', 'tag'], ['triage.close', 'close'], ['triage.snooze', 'snooze'], ['list.filter', 'filter'], ['app.help', 'help']],
  conversation: [['conversation.down', 'scroll'], ['conversation.next', 'next'], ['reply.open', 'reply'], ['triage.tags', 'tag'], ['triage.close', 'close'], ['triage.note', 'note'], ['conversation.back', 'back'], ['app.help', 'help']],
  editor: [['compose.review', 'when done (saved as you type)'], ['compose.snippet', 'snippet']],
  review: [['compose.send', 'send'], ['compose.edit', 'edit'], ['compose.quote', 'quote'], ['compose.save', 'save draft'], ['compose.discard', 'discard'], ['app.help', 'help']],
};

/** "(y/n)": the first keys of an answer, from the keymap. */
export function answerKeys(state: AppState, mode: KeyMode = 'confirm'): string {
  const first = (action: KeyAction) => keysFor(state.keymap, mode, action)[0];
  const yes = first('confirm.yes');
  const no = first('confirm.no');
  return yes && no ? ` (${keyLabel(yes)}/${keyLabel(no)})` : '';
}

/** The message or prompt line, then the status line: connection, last sync, outbox, marks, help. */
export function BottomLines({ state }: BottomLinesProps) {
  const width = Math.max(20, state.size.columns - 1);
  const overlay = state.overlay;
  let first;
  if (overlay?.kind === 'prompt') {
    const { label, text, cursor } = overlay.prompt;
    const after = safeLine(text.slice(cursor));
    const at = firstGrapheme(after);
    const under = at || ' ';
    first = (
      <Text wrap="truncate-start">
        <Text bold color="cyan">{safeLine(label)}</Text>
        {safeLine(text.slice(0, cursor))}
        <Text inverse>{under}</Text>
        {after.slice(at.length)}
      </Text>
    );
  } else if (overlay?.kind === 'confirm') {
    first = <Text color="yellow" bold>{fitWidth(safeLine(overlay.question) + answerKeys(state), width)}</Text>;
  } else if (state.message) {
    first = <Text color={state.message.isError ? 'red' : 'green'}>{fitWidth(safeLine(state.message.text), width)}</Text>;
  } else {
    const mode = screenMode(state);
    const lead = mode === 'editor' ? 'type your reply · ' : '';
    // Whole hints that fit, the help's kept: at 60 columns "? help" is still there.
    first = <Text dimColor>{fitWidth(lead + hintLine(state.keymap, mode, hints[mode], width - lead.length), width)}</Text>;
  }
  const sync = state.sync;
  const label = connectionLabels[sync.connection];
  // Why, first: "↻ reconnecting (connection refused) · last sync 14:02 · again in 2m ($ now)".
  const why = sync.error ? ` (${fitWidth(safeLine(sync.error), 48)})` : '';
  const parts = [
    sync.lastSyncAt ? ` · last sync ${clockTime(sync.lastSyncAt, state.now)}` : '',
    sync.connection === 'offline' && sync.retryAt ? ` · ${again(state.now, sync.retryAt)}${bracket(hintLine(state.keymap, screenMode(state), [['app.sync', 'now']]))}` : '',
    sync.detail ? ` · ${safeLine(sync.detail)}` : '',
    // Without an account the outbox is shown only when a reply waits in it (kept until one is set up).
    sync.connection !== 'local' || sync.outbox > 0 ? ` · outbox ${sync.outbox}` : '',
    state.inbox.marked.size ? ` · ${state.inbox.marked.size} marked` : '',
  ].join('');
  const status = overlay?.kind === 'prompt' ? (
    <Text dimColor>{fitWidth(safeLine(overlay.prompt.hint), width)}</Text>
  ) : (
    <Text wrap="truncate-end">
      <Text color={label.color}>{label.text}</Text>
      {why ? <Text color="red">{why}</Text> : null}
      <Text dimColor>{parts}</Text>
    </Text>
  );
  return (
    <Box flexDirection="column">
      {first}
      {status}
    </Box>
  );
}

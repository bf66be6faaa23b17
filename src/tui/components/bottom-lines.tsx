import { Box, Text } from 'ink';
import { formatAge } from '../../cli/output/format-age.js';
import { safeLine } from '../../cli/output/terminal-text.js';
import { fitWidth } from '../../cli/output/terminal-width.js';
import type { AppState, SyncStatus } from '../state/app-state.js';

export type BottomLinesProps = { state: AppState };

const connectionLabels: Record<SyncStatus['connection'], { text: string; color: string }> = {
  local: { text: '○ local store (no mail account)', color: 'gray' },
  connecting: { text: '◌ connecting…', color: 'yellow' },
  syncing: { text: '↻ syncing', color: 'yellow' },
  watching: { text: '● live', color: 'green' },
  reconnecting: { text: '↻ reconnecting', color: 'yellow' },
  offline: { text: '✕ offline', color: 'red' },
};

/** The message or prompt line, then the status line: connection, last sync, outbox, marks, help. */
export function BottomLines({ state }: BottomLinesProps) {
  const width = Math.max(20, state.size.columns - 1);
  const overlay = state.overlay;
  let first;
  if (overlay?.kind === 'prompt') {
    const { label, text } = overlay.prompt;
    first = (
      <Text wrap="truncate-start">
        <Text bold color="cyan">{safeLine(label)}</Text>
        {safeLine(text)}
        <Text inverse> </Text>
      </Text>
    );
  } else if (overlay?.kind === 'confirm') {
    first = <Text color="yellow" bold>{fitWidth(safeLine(overlay.question), width)}</Text>;
  } else if (state.message) {
    first = <Text color={state.message.isError ? 'red' : 'green'}>{fitWidth(safeLine(state.message.text), width)}</Text>;
  } else {
    const hints =
      state.screen.name === 'inbox'
        ? 'j/k move · Enter open · r reply · t tag · c close · s snooze · / filter · ? help'
        : state.screen.name === 'compose'
          ? state.screen.stage === 'edit'
            ? 'type your reply · arrows move · Esc when done (saved as you type)'
            : 'y send · e edit · Q quote · s save draft · d discard · ? help'
          : 'j/k scroll · J/K next/prev · r reply · t tag · c close · n note · q back · ? help';
    first = <Text dimColor>{fitWidth(hints, width)}</Text>;
  }
  const sync = state.sync;
  const label = connectionLabels[sync.connection];
  const synced = sync.lastSyncAt ? formatAge(sync.lastSyncAt, state.now) : null;
  const parts = [
    sync.detail ? ` ${safeLine(sync.detail)}` : '',
    synced ? ` · synced ${synced === 'now' ? 'just now' : `${synced} ago`}` : '',
    // Without an account the outbox is shown only when a reply waits in it (kept until one is set up).
    sync.connection !== 'local' || sync.outbox > 0 ? ` · outbox ${sync.outbox}` : '',
    state.marked.size ? ` · ${state.marked.size} marked` : '',
  ].join('');
  const status = overlay?.kind === 'prompt' ? (
    <Text dimColor>{fitWidth(safeLine(overlay.prompt.hint), width)}</Text>
  ) : (
    <Text wrap="truncate-end">
      <Text color={label.color}>{label.text}</Text>
      <Text dimColor>{parts}</Text>
      {sync.error ? <Text color="red">{` · ${safeLine(sync.error)}`}</Text> : null}
    </Text>
  );
  return (
    <Box flexDirection="column">
      {first}
      {status}
    </Box>
  );
}

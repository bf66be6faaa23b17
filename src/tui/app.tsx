/**
 * The TUI's root: one reducer (a router over the screens' reducers) for the whole app (so every key of a pasted chunk lands in order,
 * whichever screen it leads to), one input handler, the effect runner, the live sync. Screens only render.
 */
import type { SpamService } from '../core/services/spam-service.js';
import type { StatsService } from '../core/services/stats-service.js';
import type { CustomerMergeService } from '../core/services/customer-merge-service.js';
import type { AttachmentServices } from './hooks/attachment-effects.js';
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useReducer } from 'react';
import type { ConversationService } from '../core/services/conversation-service.js';
import type { LiveSync } from '../core/services/sync-types.js';
import type { ReplyService } from '../core/services/reply-service.js';
import type { NewMailService } from '../core/services/new-mail-service.js';
import type { ForwardService } from '../core/services/forward-service.js';
import type { OutboxWorker } from '../core/services/outbox-worker.js';
import { ComposeScreen } from './screens/compose-screen.js';
import { keysOf } from './keys/key-events.js';
import type { Keymap } from './keys/keymap.js';
import { appReducer } from './state/app-reducer.js';
import { initialState } from './state/app-state.js';
import { minColumns, minRows } from './state/layout.js';
import { useEffectRunner } from './hooks/use-effect-runner.js';
import { useLiveSync } from './hooks/use-live-sync.js';
import { usePreview } from './hooks/use-preview.js';
import { InboxScreen } from './screens/inbox-screen.js';
import { ConversationScreen } from './screens/conversation-screen.js';
import { HelpScreen } from './screens/help-screen.js';
import { PageScreen } from './screens/page-screen.js';
import { BottomLines } from './components/bottom-lines.js';
import { shareInkFrameCaches } from './ink-frame-cache.js';

// A key redraws a frame whose lines are mostly those of the last one (ink-frame-cache.ts).
shareInkFrameCaches();

export type TuiServices = AttachmentServices & {
  conversations: ConversationService;
  /** Null without the agent configured. */
  replies?: ReplyService | null;
  /** New mail (m); present with `replies`. */
  newMail?: NewMailService | null;
  /** Forwards (f); present with `replies`. */
  forwards?: ForwardService | null;
  /** Spam and blocked senders (!). */
  spam?: SpamService | null;
  /** The owner's figures (%); absent in tests that do not ask for them. */
  stats?: StatsService | null;
  /** One person with several addresses (M on a suggestion). */
  customerMerges?: CustomerMergeService | null;
  /** $VISUAL/$EDITOR for replies, when the owner has one (run-tui.tsx); the built-in editor otherwise. */
  editor?: ((text: string) => Promise<string | null>) | null;
  /** The live sync (null without an account): SyncService, or the same on a thread of its own (run-tui.tsx). */
  sync: LiveSync | null;
  clock: { now(): number };
  /** Names of the config's saved searches, shown as views. */
  savedSearches?: string[];
  /** The keys in effect (the config's `keys` applied to the defaults); the defaults when absent. */
  keymap?: Keymap;
  /** Sends replies when due, beside the keys (app/create-services.ts); present with `replies`. */
  outbox?: OutboxWorker | null;
  /** After the live sync stopped on an error, the first wait before it starts again by itself (30 s; tests shorten it). */
  syncRestartMs?: number;
  /** Links in mail as OSC 8 hyperlinks (config `tui.hyperlinks`). */
  hyperlinks?: boolean;
  /** Calls back when another process changes the store. */
  watchStore?: (onChange: () => void, signal: AbortSignal) => void;
};

/** `notice`: a first message for the owner (the demo says it is the demo). */
export type AppProps = { services: TuiServices; size?: { columns: number; rows: number }; tickMs?: number; notice?: string };

export function App({ services, size, tickMs, notice }: AppProps) {
  const { stdout } = useStdout();
  const { exit } = useApp();
  const [state, dispatch] = useReducer(appReducer, undefined, () => ({
    ...initialState({ columns: size?.columns ?? stdout.columns ?? 80, rows: size?.rows ?? stdout.rows ?? 24, now: services.clock.now(), hasAccount: !!services.sync, savedSearches: services.savedSearches, keymap: services.keymap, hyperlinks: services.hyperlinks }),
    message: notice ? { text: notice, isError: false } : null,
  }));

  useEffect(() => {
    if (size) return;
    const onResize = () => dispatch({ type: 'resize', columns: stdout.columns, rows: stdout.rows });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, size]);

  const poke = useLiveSync(dispatch, { sync: services.sync, watchStore: services.watchStore, now: () => services.clock.now(), tickMs, restartMs: services.syncRestartMs, ready: state.inbox.loaded || !!state.message?.isError });
  useEffectRunner(state, dispatch, services, { onLocalChange: poke, onSyncNow: poke, onQuit: () => exit() });
  usePreview(state, dispatch, services.conversations);

  useInput((input, key) => {
    for (const k of keysOf(input, key)) dispatch({ type: 'key', key: k });
  });

  if (state.size.columns < minColumns || state.size.rows < minRows) {
    return <Text color="yellow">{`h2h needs at least ${minColumns}x${minRows} (now ${state.size.columns}x${state.size.rows}); q quits`}</Text>;
  }
  const overlay = state.overlay;
  return (
    <Box flexDirection="column" width={state.size.columns - 1}>
      {overlay?.kind === 'help' ? (
        overlay.page ? <PageScreen state={state} page={overlay.page} scroll={overlay.scroll} /> : <HelpScreen state={state} scroll={overlay.scroll} />
      ) : state.screen.name === 'inbox' ? (
        <InboxScreen state={state} />
      ) : state.screen.name === 'compose' ? (
        <ComposeScreen state={state} screen={state.screen} />
      ) : (
        <ConversationScreen state={state} />
      )}
      <BottomLines state={state} />
    </Box>
  );
}

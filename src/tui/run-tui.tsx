/**
 * Opens the TUI full-screen (the terminal's alternate screen, like mutt and less, so the shell's
 * scrollback is left as it was) and resolves when the owner quits. Loaded only by commands that
 * open it: Ink and React stay out of every other command's start-up.
 */
import { keymapOfConfig } from '../app/keymap-of-config.js';
import { render } from 'ink';
import { watchDataDir } from '../adapters/store/watch-data-dir.js';
import { enterAlternateScreen, externalEditor, leaveAlternateScreen } from './external-editor.js';
import type { Services } from '../app/create-services.js';
import { threadedSync } from '../app/threaded-sync.js';
import { App, type TuiServices } from './app.js';
import { AttachmentViewer } from '../adapters/process/attachment-viewer.js';
import type { Keymap } from './keys/keymap-types.js';
import type { LiveSync } from '../core/services/sync-types.js';

/**
 * Ink's options for the real terminal. Ink draws the first change after a quiet spell at once and
 * holds later ones to its frame interval, a key's frame included: a key pressed just after a
 * redraw the owner did not ask for (the sync's status, the list brought up to date) waits out the
 * interval. At 60 fps that wait (up to 16 ms) made most of the slow keys while the live sync took
 * in mail; at 120 it is at most 8 ms (bench/tui-live-bench.ts: p95 18 -> 12 ms), and a held-down
 * j, at the keyboard's repeat rate, is far below either cap.
 */
export const inkOptions = { exitOnCtrlC: false, patchConsole: false, maxFps: 120 } as const;

/**
 * What the TUI is given of h2h's services, as `h2h` runs it (bench/tui-live-probe.ts times the same).
 * `sync`: the live sync, on a thread of its own (app/threaded-sync.ts) so taking in mail never holds
 * up a key; null without an account.
 */
export function tuiServices(services: Services, keymap: Keymap, editor: TuiServices['editor'], sync: LiveSync | null, viewer: AttachmentViewer | null = null): TuiServices {
  return {
    conversations: services.conversations,
    attachments: services.attachments,
    viewer,
    replies: services.replies,
    newMail: services.newMail,
    forwards: services.forwards,
    spam: services.spam,
    stats: services.stats,
    customerMerges: services.customerMerges,
    outbox: services.outbox,
    savedSearches: services.conversations.searchNames(),
    keymap,
    hyperlinks: services.config.tui.hyperlinks,
    editor,
    sync,
    clock: services.clock,
    // Mail synced by another process, decisions made in another terminal: both are commits to
    // index.sqlite. The TUI's own commits wake the watcher too: those it has already shown.
    watchStore: (onChange, signal) => watchDataDir(services.paths.dataDir, () => services.store.changedElsewhere() && onChange(), signal),
  };
}

export async function runTui(services: Services, streams: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }, notice?: string): Promise<void> {
  const { stdout } = streams;
  // Before the screen changes: a bad binding is one line on the terminal, like any config error.
  const keymap = await keymapOfConfig(services.config, services.paths.configFile);
  // Attachments opened go to a private folder of their own, removed when the TUI closes.
  const viewer = new AttachmentViewer(process.env);
  stdout.write(enterAlternateScreen);
  const restore = () => {
    viewer.closeNow();
    stdout.write(leaveAlternateScreen);
  };
  process.once('exit', restore);
  try {
    const sync = services.sync ? threadedSync(services.paths, services.config, { rereadConfig: true }) : null;
    const instance = render(
      <App notice={notice} services={tuiServices(services, keymap, externalEditor(process.env, streams.stdin, stdout), sync, viewer)} />,
      { stdin: streams.stdin, stdout, stderr: streams.stderr, ...inkOptions },
    );
    await instance.waitUntilExit();
  } finally {
    process.off('exit', restore);
    restore();
  }
}
